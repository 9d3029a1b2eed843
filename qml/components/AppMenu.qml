import QtQuick
import QtQuick.Controls
import Hearth

// A Material menu on a warm surface with a hairline border. Material's own background draws its
// shadow with a shader effect, which the software renderer (offscreen, screenshots) cannot draw,
// leaving the menu without a background.
Menu {
    id: menu

    background: Rectangle {
        implicitWidth: Theme.fieldMinWidth * 1.8
        implicitHeight: Theme.touchTarget
        radius: Theme.radiusM
        color: Theme.surface
        border.width: Theme.hairline
        border.color: Theme.border
    }
}
