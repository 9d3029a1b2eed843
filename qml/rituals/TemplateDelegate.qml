pragma ComponentBehavior: Bound

import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Hearth

// One ritual of the library: what it is for, which need it serves, its steps (folded until
// asked for), a suggested schedule, and where the idea comes from.
Card {
    id: card

    required property string templateId
    required property string title
    required property string kind
    required property string purpose
    required property string need
    required property var steps
    required property string scheduleText
    required property int durationMinutes
    required property string credit
    property bool expanded: false

    signal use(string templateId)

    spacing: Theme.spacingS
    Accessible.name: title

    Flow {
        Layout.fillWidth: true
        spacing: Theme.spacingXs

        Chip {
            text: Labels.kindLabel(card.kind)
            tone: "primary"
        }
        Chip {
            text: qsTr("Need: %1").arg(Labels.needLabel(card.need))
            tone: "accent"
        }
    }
    Label {
        Layout.fillWidth: true
        text: card.title
        font.family: Theme.headingFamily
        font.pixelSize: Theme.fontTitle
        font.weight: Font.DemiBold
        color: Theme.text
        wrapMode: Text.WordWrap
        Accessible.role: Accessible.Heading
        Accessible.name: text
    }
    Label {
        Layout.fillWidth: true
        text: card.purpose
        color: Theme.text
        wrapMode: Text.WordWrap
        lineHeight: 1.1
    }
    Label {
        Layout.fillWidth: true
        text: qsTr("%1 · %2").arg(card.scheduleText).arg(Labels.durationLabel(card.durationMinutes))
        font.pixelSize: Theme.fontSmall
        color: Theme.textMuted
        wrapMode: Text.WordWrap
    }

    ColumnLayout {
        Layout.fillWidth: true
        Layout.topMargin: Theme.spacingXs
        visible: card.expanded
        spacing: Theme.spacingS

        Repeater {
            model: card.steps

            delegate: RowLayout {
                id: stepRow

                required property string modelData
                required property int index

                Layout.fillWidth: true
                spacing: Theme.spacingS

                Label {
                    Layout.alignment: Qt.AlignTop
                    Layout.preferredWidth: Theme.spacingXl
                    text: qsTr("%1.").arg(stepRow.index + 1)
                    color: Theme.primary
                    font.weight: Font.Bold
                }
                Label {
                    Layout.fillWidth: true
                    text: stepRow.modelData
                    color: Theme.text
                    wrapMode: Text.WordWrap
                }
            }
        }
        Label {
            Layout.fillWidth: true
            visible: card.credit.length > 0
            text: card.credit
            font.pixelSize: Theme.fontSmall
            font.italic: true
            color: Theme.textFaint
            wrapMode: Text.WordWrap
        }
    }

    Flow {
        Layout.fillWidth: true
        Layout.topMargin: Theme.spacingXs
        spacing: Theme.spacingS

        ActionButton {
            objectName: "useTemplateButton"
            text: qsTr("Use this ritual")
            iconName: "add"
            highlighted: true
            Accessible.name: qsTr("Use this ritual: %1").arg(card.title)
            onClicked: card.use(card.templateId)
        }
        ActionButton {
            text: card.expanded ? qsTr("Hide steps") : qsTr("Show steps")
            iconName: card.expanded ? "up" : "down"
            flat: true
            leftPadding: Theme.spacingM
            rightPadding: Theme.spacingM
            Accessible.name: text + ": " + card.title
            onClicked: card.expanded = !card.expanded
        }
    }
}
