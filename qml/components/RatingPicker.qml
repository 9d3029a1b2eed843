pragma ComponentBehavior: Bound

import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Hearth

// "How connected did it feel?", 1 to 5, as five round buttons with a word for the chosen one.
// Arrow keys change the value; 0 means not rated.
ColumnLayout {
    id: rating

    property int value: 0
    property string question: qsTr("How connected did it feel?")

    spacing: Theme.spacingS

    Label {
        Layout.fillWidth: true
        text: rating.question
        color: Theme.text
        font.pixelSize: Theme.fontBody
        font.weight: Font.DemiBold
        wrapMode: Text.WordWrap
    }

    RowLayout {
        spacing: Theme.spacingS

        Repeater {
            model: 5

            delegate: RoundButton {
                id: choice

                required property int index
                readonly property int score: index + 1

                implicitWidth: Theme.ratingButtonSize
                implicitHeight: Theme.ratingButtonSize
                checkable: true
                topInset: 0
                bottomInset: 0
                leftInset: 0
                rightInset: 0
                padding: 0
                checked: rating.value === score
                text: String(score)
                font.pixelSize: Theme.fontBody
                font.weight: Font.DemiBold
                Accessible.name: qsTr("%1 of 5: %2").arg(score).arg(Labels.ratingLabel(score))
                ToolTip.visible: hovered
                ToolTip.text: Labels.ratingLabel(score)
                ToolTip.delay: 500
                onClicked: rating.value = rating.value === score ? 0 : score
                Keys.onReturnPressed: clicked()
                Keys.onEnterPressed: clicked()
                Keys.onLeftPressed: if (rating.value > 1) rating.value -= 1
                Keys.onRightPressed: if (rating.value < 5) rating.value += 1

                background: Rectangle {
                    radius: height / 2
                    color: choice.checked ? Theme.primary : (choice.hovered ? Theme.surfaceAlt : Theme.surface)
                    border.width: choice.visualFocus ? Theme.focusLine : Theme.hairline
                    border.color: choice.visualFocus ? Theme.focus : (choice.checked ? Theme.primary : Theme.borderStrong)
                }
                contentItem: Label {
                    text: choice.text
                    font: choice.font
                    horizontalAlignment: Text.AlignHCenter
                    verticalAlignment: Text.AlignVCenter
                    color: choice.checked ? Theme.textOnPrimary : Theme.text
                }
            }
        }
    }

    Label {
        Layout.fillWidth: true
        text: rating.value > 0 ? Labels.ratingLabel(rating.value) : qsTr("Choose from 1 (far apart) to 5 (really close), or leave it.")
        color: Theme.textMuted
        font.pixelSize: Theme.fontSmall
        wrapMode: Text.WordWrap
    }
}
