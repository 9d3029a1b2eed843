import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Hearth

// A couple in the therapist's list: their names, where the link stands, the counts that need a
// look, and when it last synced. A row of PracticeCouplesModel.
Card {
    id: card

    required property string spaceId
    required property string name
    required property string linkState
    required property string stateText
    required property int overdue
    required property int due
    required property int newReflections
    required property string lastSyncText
    required property string syncError

    clickable: true
    spacing: Theme.spacingS
    Accessible.name: qsTr("%1, %2").arg(name).arg(stateText)

    RowLayout {
        Layout.fillWidth: true
        spacing: Theme.spacingM

        Rectangle {
            implicitWidth: Theme.touchTarget
            implicitHeight: Theme.touchTarget
            radius: width / 2
            color: card.linkState === "active" ? Theme.primarySoft : Theme.surfaceAlt

            Icon {
                anchors.centerIn: parent
                name: "people"
                color: card.linkState === "active" ? Theme.primary : Theme.textMuted
            }
        }
        ColumnLayout {
            Layout.fillWidth: true
            spacing: 2

            Label {
                Layout.fillWidth: true
                text: card.name
                font.family: Theme.headingFamily
                font.pixelSize: Theme.fontTitle
                font.weight: Font.DemiBold
                color: Theme.text
                elide: Text.ElideRight
            }
            Label {
                Layout.fillWidth: true
                text: card.stateText
                font.pixelSize: Theme.fontSmall
                color: card.linkState === "ended" ? Theme.textFaint : Theme.textMuted
                wrapMode: Text.WordWrap
            }
        }
        Icon {
            name: "forward"
            color: Theme.textFaint
        }
    }
    Flow {
        Layout.fillWidth: true
        spacing: Theme.spacingS
        visible: card.overdue + card.due + card.newReflections > 0 || card.linkState !== "active"

        Chip {
            visible: card.linkState === "accepting"
            text: qsTr("Waiting for acceptance")
            tone: "primary"
        }
        Chip {
            visible: card.linkState === "ended"
            text: qsTr("Link ended")
        }
        Chip {
            visible: card.overdue > 0
            text: qsTr("%1 overdue").arg(card.overdue)
            tone: "warning"
        }
        Chip {
            visible: card.due > 0
            text: qsTr("%1 due this week").arg(card.due)
            tone: "primary"
        }
        Chip {
            visible: card.newReflections > 0
            text: (card.newReflections === 1 ? qsTr("%1 new reflection") : qsTr("%1 new reflections")).arg(card.newReflections)
            tone: "accent"
        }
    }
    Label {
        Layout.fillWidth: true
        text: card.syncError.length > 0 ? card.syncError : card.lastSyncText
        font.pixelSize: Theme.fontCaption
        color: card.syncError.length > 0 ? Theme.warning : Theme.textFaint
        elide: Text.ElideRight
    }
}
