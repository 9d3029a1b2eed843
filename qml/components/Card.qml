import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Hearth

// A warm rounded surface that holds one thing. With `clickable` it behaves like a button: it takes
// keyboard focus, Enter or Space activates it and it shows hover and focus.
Control {
    id: card

    default property alias content: column.data
    property bool clickable: false
    property color tint: Theme.surface
    property color outline: Theme.border

    signal clicked()

    padding: Theme.spacingL
    spacing: Theme.spacingS
    activeFocusOnTab: clickable
    focusPolicy: clickable ? Qt.StrongFocus : Qt.NoFocus
    hoverEnabled: clickable
    Accessible.role: clickable ? Accessible.Button : Accessible.Grouping
    Accessible.onPressAction: if (clickable) card.clicked()

    Keys.onReturnPressed: if (clickable) card.clicked()
    Keys.onEnterPressed: if (clickable) card.clicked()
    Keys.onSpacePressed: if (clickable) card.clicked()

    background: Rectangle {
        radius: Theme.radiusL
        color: card.clickable && (card.hovered || mouse.pressed) ? Theme.surfaceAlt : card.tint
        border.width: card.visualFocus || card.activeFocus && card.clickable ? Theme.focusLine : Theme.hairline
        border.color: card.activeFocus && card.clickable ? Theme.focus : card.outline

        MouseArea {
            id: mouse

            anchors.fill: parent
            enabled: card.clickable
            cursorShape: card.clickable ? Qt.PointingHandCursor : Qt.ArrowCursor
            onClicked: card.clicked()
        }
    }

    contentItem: ColumnLayout {
        id: column

        spacing: card.spacing
    }
}
