pragma ComponentBehavior: Bound

import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Hearth

// A reflection a partner shared with the therapist: who, on which exercise and due date, and
// each prompt with their answer. A row of PracticeReflectionsModel.
Card {
    id: card

    required property string partnerName
    required property string colour
    required property string title
    required property string dueText
    required property string writtenText
    required property var answers

    spacing: Theme.spacingS
    Accessible.name: qsTr("%1's reflection on %2").arg(partnerName).arg(title)

    RowLayout {
        Layout.fillWidth: true
        spacing: Theme.spacingS

        Rectangle {
            implicitWidth: Theme.dotSize
            implicitHeight: Theme.dotSize
            radius: width / 2
            color: card.colour.length > 0 ? card.colour : Theme.clay
        }
        Label {
            Layout.fillWidth: true
            text: qsTr("%1 on “%2”").arg(card.partnerName).arg(card.title)
            font.weight: Font.DemiBold
            color: Theme.text
            wrapMode: Text.WordWrap
        }
    }
    Label {
        Layout.fillWidth: true
        text: card.dueText.length > 0 ? qsTr("%1 · %2").arg(card.dueText).arg(card.writtenText) : card.writtenText
        font.pixelSize: Theme.fontCaption
        color: Theme.textFaint
        wrapMode: Text.WordWrap
    }
    Repeater {
        model: card.answers

        delegate: ColumnLayout {
            id: answer

            required property var modelData

            Layout.fillWidth: true
            Layout.topMargin: Theme.spacingXs
            spacing: 2
            visible: (modelData.text ?? "").length > 0

            Label {
                Layout.fillWidth: true
                text: answer.modelData.prompt ?? ""
                font.pixelSize: Theme.fontSmall
                color: Theme.textMuted
                wrapMode: Text.WordWrap
            }
            Label {
                Layout.fillWidth: true
                text: answer.modelData.text ?? ""
                color: Theme.text
                wrapMode: Text.WordWrap
                lineHeight: 1.1
            }
        }
    }
}
