import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Hearth

// A rounded choice that can be picked or unpicked (a feeling, a need, a topic, a filter): a
// check mark and the warm tint when it is picked. Space or Enter toggles it.
AbstractButton {
    id: chip

    property bool compact: false

    checkable: true
    hoverEnabled: true
    focusPolicy: Qt.StrongFocus
    leftPadding: compact ? Theme.spacingM : Theme.spacingM + Theme.spacingXs
    rightPadding: leftPadding
    topPadding: compact ? Theme.spacingXs + Theme.spacingXs / 2 : Theme.spacingS
    bottomPadding: topPadding
    implicitHeight: Math.max(compact ? Theme.touchTarget - Theme.spacingS : Theme.touchTarget - Theme.spacingXs,
                             implicitContentHeight + topPadding + bottomPadding)
    font.pixelSize: compact ? Theme.fontSmall : Theme.fontBody
    Accessible.role: Accessible.CheckBox
    Accessible.name: text
    Accessible.checkable: true
    Accessible.checked: checked
    Keys.onReturnPressed: toggle()
    Keys.onEnterPressed: toggle()

    background: Rectangle {
        radius: height / 2
        color: chip.checked ? Theme.primarySoft : (chip.hovered ? Theme.surfaceAlt : Theme.surface)
        border.width: chip.visualFocus ? Theme.focusLine : Theme.hairline
        border.color: chip.visualFocus ? Theme.focus : (chip.checked ? Theme.primary : Theme.borderStrong)
        opacity: chip.enabled ? 1 : 0.5
    }

    contentItem: RowLayout {
        spacing: Theme.spacingXs

        Icon {
            visible: chip.checked
            Layout.alignment: Qt.AlignVCenter
            implicitWidth: Theme.iconSizeSmall
            implicitHeight: Theme.iconSizeSmall
            name: "check"
            color: Theme.textOnPrimarySoft
            strokeWidth: Theme.iconStrokeBold
        }
        Label {
            Layout.fillWidth: true
            text: chip.text
            font: chip.font
            color: chip.checked ? Theme.textOnPrimarySoft : (chip.enabled ? Theme.text : Theme.textFaint)
            elide: Text.ElideRight
            verticalAlignment: Text.AlignVCenter
        }
    }
}
