import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Hearth
import Hearth.Services

// One check-in in the Check-ins tab: its questions' title, when it started and where it stands.
// While open it also shows, for each partner, whether they have answered — never what.
Card {
    id: row

    required property string checkinId
    required property string title
    required property string dateText
    required property string status
    required property string statusText
    required property bool hasDraft
    required property bool mineSubmitted
    required property bool partnerSubmitted
    required property bool revealed
    required property bool finished
    required property bool fromRitual

    readonly property string statusIcon: {
        switch (status) {
        case "yourTurn": return "edit"
        case "partnerAnswered": return "lock"
        case "waiting": return "hidden"
        case "opening": return "lock"
        case "ready": return "eye"
        }
        return "check"
    }
    readonly property color statusColour: {
        switch (status) {
        case "yourTurn":
        case "partnerAnswered":
        case "ready":
            return Theme.primary
        case "finished":
            return Theme.accent
        }
        return Theme.textMuted
    }

    Layout.fillWidth: true
    clickable: true
    Accessible.name: qsTr("%1, %2: %3").arg(title).arg(dateText).arg(statusText)

    RowLayout {
        Layout.fillWidth: true
        spacing: Theme.spacingS

        Label {
            Layout.fillWidth: true
            text: row.title
            font.pixelSize: Theme.fontBodyLarge
            font.weight: Font.DemiBold
            color: Theme.text
            elide: Text.ElideRight
        }
        Chip {
            visible: row.fromRitual
            text: qsTr("Ritual")
        }
        Icon {
            implicitWidth: Theme.iconSizeSmall
            implicitHeight: Theme.iconSizeSmall
            name: "forward"
            color: Theme.textFaint
        }
    }
    RowLayout {
        Layout.fillWidth: true
        spacing: Theme.spacingS

        Icon {
            Layout.alignment: Qt.AlignTop
            Layout.topMargin: Theme.spacingXs / 2
            implicitWidth: Theme.iconSizeSmall
            implicitHeight: Theme.iconSizeSmall
            name: row.statusIcon
            color: row.statusColour
            strokeWidth: Theme.iconStrokeBold
        }
        Label {
            Layout.fillWidth: true
            text: row.statusText
            font.weight: Font.DemiBold
            color: row.statusColour
            wrapMode: Text.WordWrap
        }
        Label {
            Layout.alignment: Qt.AlignTop
            text: row.dateText
            font.pixelSize: Theme.fontSmall
            color: Theme.textMuted
        }
    }

    // Who has answered, each in their colour.
    Flow {
        Layout.fillWidth: true
        visible: !row.finished
        spacing: Theme.spacingM

        Repeater {
            model: [
                {
                    colour: Session.myColour,
                    icon: row.mineSubmitted ? "check" : (row.hasDraft ? "edit" : "clock"),
                    text: row.mineSubmitted ? qsTr("You've answered") : (row.hasDraft ? qsTr("Your draft is saved") : qsTr("You haven't answered"))
                },
                {
                    colour: Session.partnerColour,
                    icon: row.revealed ? "eye" : (row.partnerSubmitted ? "lock" : "clock"),
                    text: row.revealed ? qsTr("%1's answers are open").arg(Session.partnerName)
                                       : (row.partnerSubmitted ? qsTr("%1 has answered").arg(Session.partnerName)
                                                               : qsTr("%1 hasn't answered").arg(Session.partnerName))
                }
            ]

            delegate: RowLayout {
                id: mark

                required property var modelData

                spacing: Theme.spacingXs

                Rectangle {
                    implicitWidth: Theme.iconSizeSmall + Theme.spacingXs
                    implicitHeight: implicitWidth
                    radius: width / 2
                    color: mark.modelData.colour

                    Icon {
                        anchors.centerIn: parent
                        width: Theme.iconSizeSmall - Theme.spacingXs / 2
                        height: width
                        name: mark.modelData.icon
                        color: Theme.surface
                        strokeWidth: Theme.iconStrokeBold
                    }
                }
                Label {
                    text: mark.modelData.text
                    font.pixelSize: Theme.fontSmall
                    color: Theme.textMuted
                }
            }
        }
    }
}
