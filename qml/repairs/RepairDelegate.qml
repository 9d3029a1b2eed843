pragma ComponentBehavior: Bound

import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Hearth

// One repair in the log: its title and status, when it happened and how intense it felt, its
// topics, and how long it took to repair. Opens the repair.
Card {
    id: card

    required property string repairId
    required property string title
    required property string dateText
    required property int intensity
    required property string intensityLabel
    required property var topics
    required property string status
    required property string statusText
    required property string timeToRepairText

    signal openRepair(string repairId)

    function statusTone(status: string): string {
        switch (status) {
        case "open": return "warning"
        case "talking": return "primary"
        case "repaired": return "accent"
        }
        return "neutral"
    }

    clickable: true
    spacing: Theme.spacingS
    Accessible.name: qsTr("%1, %2. %3. %4").arg(title).arg(statusText).arg(dateText).arg(intensityLabel)
    onClicked: openRepair(repairId)

    RowLayout {
        Layout.fillWidth: true
        spacing: Theme.spacingS

        Label {
            Layout.fillWidth: true
            text: card.title
            font.pixelSize: Theme.fontBodyLarge
            font.weight: Font.DemiBold
            color: Theme.text
            wrapMode: Text.WordWrap
        }
        Chip {
            Layout.alignment: Qt.AlignTop
            text: card.statusText
            tone: card.statusTone(card.status)
        }
    }
    Flow {
        Layout.fillWidth: true
        spacing: Theme.spacingS

        Label {
            text: card.dateText
            color: Theme.textMuted
            font.pixelSize: Theme.fontSmall
        }
        Row {
            spacing: Theme.spacingXs
            height: intensityText.height

            IntensityDots {
                anchors.verticalCenter: parent.verticalCenter
                value: card.intensity
                label: card.intensityLabel
            }
            Label {
                id: intensityText

                text: card.intensityLabel
                color: Theme.textMuted
                font.pixelSize: Theme.fontSmall
            }
        }
    }
    Flow {
        Layout.fillWidth: true
        visible: card.topics.length > 0
        spacing: Theme.spacingXs

        Repeater {
            model: card.topics

            delegate: Chip {
                required property string modelData

                text: modelData
            }
        }
    }
    RowLayout {
        Layout.fillWidth: true
        visible: card.timeToRepairText.length > 0
        spacing: Theme.spacingXs

        Icon {
            implicitWidth: Theme.iconSizeSmall
            implicitHeight: Theme.iconSizeSmall
            name: "check"
            color: Theme.accent
            strokeWidth: Theme.iconStrokeBold
        }
        Label {
            Layout.fillWidth: true
            text: card.timeToRepairText
            color: Theme.textOnAccentSoft
            font.pixelSize: Theme.fontSmall
            font.weight: Font.DemiBold
        }
    }
}
