import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Hearth

// A Material button with Hearth's colours and an optional icon before its text. `highlighted`
// makes it the terracotta main action, `flat` a quiet text button, `tone: "accent"` a teal one,
// `tone: "danger"` a red one (for removing something).
Button {
    id: button

    property string iconName
    property string tone: "primary"
    readonly property color foregroundColour: {
        if (!enabled)
            return Theme.textFaint
        if (highlighted)
            return tone === "accent" || tone === "danger" ? Theme.surface : Theme.textOnPrimary
        if (flat)
            return tone === "accent" ? Theme.accent : (tone === "danger" ? Theme.danger : Theme.primary)
        return Theme.text
    }

    readonly property color backgroundColour: {
        if (highlighted)
            return enabled ? (tone === "accent" ? Theme.accent : (tone === "danger" ? Theme.danger : Theme.primary))
                           : Theme.surfaceAlt
        return flat ? Theme.transparent : Theme.surfaceAlt
    }

    Accessible.name: text
    // Enter activates as well as Space.
    Keys.onReturnPressed: clicked()
    Keys.onEnterPressed: clicked()
    font.pixelSize: Theme.fontBody
    font.weight: Font.DemiBold
    font.capitalization: Font.MixedCase
    leftPadding: Theme.spacingL + Theme.spacingXs / 2
    rightPadding: Theme.spacingL + Theme.spacingXs / 2
    topPadding: Theme.spacingS
    bottomPadding: Theme.spacingS

    background: Rectangle {
        implicitWidth: Theme.touchTarget * 2
        implicitHeight: Theme.touchTarget
        radius: height / 2
        color: {
            if (button.down)
                return button.flat ? Theme.primarySoft : Qt.darker(button.backgroundColour, 1.12)
            if (button.hovered)
                return button.flat ? Theme.surfaceAlt : Qt.darker(button.backgroundColour, 1.05)
            return button.backgroundColour
        }
        border.width: button.visualFocus ? Theme.focusLine : (button.flat || button.highlighted ? 0 : Theme.hairline)
        border.color: button.visualFocus ? Theme.focus : Theme.border
    }

    contentItem: RowLayout {
        spacing: Theme.spacingS

        Icon {
            visible: button.iconName.length > 0
            Layout.alignment: Qt.AlignVCenter
            implicitWidth: Theme.iconSizeSmall + Theme.spacingXs / 2
            implicitHeight: implicitWidth
            name: button.iconName
            color: button.foregroundColour
            strokeWidth: Theme.iconStrokeBold
        }
        Label {
            Layout.fillWidth: true
            text: button.text
            font: button.font
            color: button.foregroundColour
            horizontalAlignment: button.iconName.length > 0 ? Text.AlignLeft : Text.AlignHCenter
            verticalAlignment: Text.AlignVCenter
            elide: Text.ElideRight
        }
    }
}
