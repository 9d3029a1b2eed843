import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Hearth
import Hearth.Services

// For Today: what our therapist gave me to do, due or overdue (mine and the couple's), each
// opening its guided view. Takes no room without an active link or with nothing open.
Card {
    id: card

    readonly property alias count: due.count

    signal openAssignment(string assignmentId, int occurrence)
    signal openAll()

    objectName: "therapistDueCard"
    visible: due.linked && due.count > 0
    spacing: Theme.spacingS
    Accessible.name: qsTr("From your therapist: %1 to do").arg(due.count)

    CoupleDueModel {
        id: due
    }

    // A date comes due at midnight: read again when Today shows (after this change, which the
    // count decides).
    onVisibleChanged: Qt.callLater(due.refresh)

    RowLayout {
        Layout.fillWidth: true
        spacing: Theme.spacingM

        Icon {
            Layout.alignment: Qt.AlignTop
            name: "steps"
            color: Theme.accent
        }
        ColumnLayout {
            Layout.fillWidth: true
            spacing: Theme.spacingXs / 2

            Label {
                Layout.fillWidth: true
                text: qsTr("From your therapist")
                font.weight: Font.DemiBold
                color: Theme.text
                wrapMode: Text.WordWrap
                Accessible.role: Accessible.Heading
                Accessible.name: text
            }
            Label {
                Layout.fillWidth: true
                text: due.overdueCount > 0
                      ? qsTr("%1 gave you these between sessions. Some are late, and that's all right: start where you can.").arg(due.therapistName)
                      : qsTr("%1 gave you these between sessions.").arg(due.therapistName)
                color: Theme.textMuted
                font.pixelSize: Theme.fontSmall
                wrapMode: Text.WordWrap
            }
        }
    }

    Repeater {
        model: due

        delegate: ItemDelegate {
            id: row

            required property string assignmentId
            required property int occurrence
            required property string title
            required property string dueLabel
            required property bool overdue
            required property bool dueToday
            required property string whoText
            required property int minutes

            Layout.fillWidth: true
            leftPadding: 0
            rightPadding: 0
            topPadding: Theme.spacingS
            bottomPadding: Theme.spacingS
            Accessible.name: qsTr("%1, %2, %3").arg(title).arg(dueLabel).arg(whoText)
            onClicked: card.openAssignment(assignmentId, occurrence)

            contentItem: RowLayout {
                spacing: Theme.spacingM

                ColumnLayout {
                    Layout.fillWidth: true
                    spacing: Theme.spacingXs / 2

                    Label {
                        Layout.fillWidth: true
                        text: row.title
                        font.pixelSize: Theme.fontBodyLarge
                        color: Theme.text
                        wrapMode: Text.WordWrap
                    }
                    Label {
                        Layout.fillWidth: true
                        text: row.minutes > 0 ? qsTr("%1 · about %2 min").arg(row.whoText).arg(row.minutes) : row.whoText
                        font.pixelSize: Theme.fontSmall
                        color: Theme.textMuted
                        wrapMode: Text.WordWrap
                    }
                }
                Chip {
                    text: row.dueLabel
                    tone: row.overdue ? "warning" : (row.dueToday ? "primary" : "neutral")
                }
                Icon {
                    name: "forward"
                    color: Theme.textMuted
                    implicitWidth: Theme.iconSizeSmall
                    implicitHeight: Theme.iconSizeSmall
                }
            }
        }
    }

    QuietAction {
        text: qsTr("All assignments")
        tone: "accent"
        onClicked: card.openAll()
    }
}
