import QtQuick
import QtQuick.Controls
import Hearth

// A toolbar button that shows only an icon; `tip` is its tooltip and its accessible name.
ToolButton {
    id: button

    property string iconName
    property color iconColor: Theme.text
    property string tip

    implicitWidth: Theme.touchTarget
    implicitHeight: Theme.touchTarget
    Accessible.name: tip
    Keys.onReturnPressed: clicked()
    Keys.onEnterPressed: clicked()
    ToolTip.text: tip
    ToolTip.visible: (hovered || visualFocus) && tip.length > 0
    ToolTip.delay: 600

    contentItem: Item {
        implicitWidth: Theme.iconSize
        implicitHeight: Theme.iconSize

        Icon {
            anchors.centerIn: parent
            width: Theme.iconSize
            height: Theme.iconSize
            name: button.iconName
            color: button.enabled ? button.iconColor : Theme.textFaint
        }
    }
}
