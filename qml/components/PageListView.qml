import QtQuick
import QtQuick.Controls
import Hearth

// The scrolling list of a list page. Items are laid out in a centred column (`columnWidth`): give
// the header, section and delegate items `x: (list.width - width) / 2` and `width: columnWidth`.
ListView {
    id: list

    property real columnWidth: width
    property int margin: Theme.pageMarginNarrow
    property bool scrolledByUser: false

    // ListView keeps its first item in place when the header grows (its text wraps once the page
    // has its width), which would hide the top of the header; keep the top in view until the
    // person scrolls.
    function keepTop(): void {
        if (!scrolledByUser)
            positionViewAtBeginning()
    }

    // Keyboard focus moving to an item of the list (Tab) scrolls it into view.
    function ensureVisible(item: Item): void {
        let p = item
        while (p && p !== contentItem)
            p = p.parent
        if (!p)
            return
        const pos = item.mapToItem(contentItem, 0, 0)
        const pad = Theme.spacingXl
        if (pos.y - pad < contentY)
            contentY = Math.max(originY, pos.y - pad)
        else if (pos.y + item.height + pad > contentY + height)
            contentY = Math.min(originY + contentHeight - height + bottomMargin, pos.y + item.height + pad - height)
    }

    bottomMargin: margin
    boundsBehavior: Flickable.StopAtBounds
    keyNavigationEnabled: false
    ScrollBar.vertical: ScrollBar {}
    onMovementStarted: scrolledByUser = true

    Connections {
        target: list.Window.window
        enabled: list.visible

        function onActiveFocusItemChanged(): void {
            list.ensureVisible(list.Window.activeFocusItem)
        }
    }

    Connections {
        target: list.headerItem

        function onHeightChanged(): void {
            list.keepTop()
        }
    }
}
