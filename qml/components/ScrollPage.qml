import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import QtQuick.Templates as T
import Hearth

// A page whose content is one centred column that scrolls: as wide as the window on a phone, at
// most Theme.maxContentWidth on a desktop. Keyboard focus moving into a child scrolls it into
// view. Put children straight inside; put header buttons in `headerActions`.
Page {
    id: page

    default property alias content: column.data
    property alias headerActions: pageHeader.actions
    property alias flickable: flick
    property alias pageHeader: pageHeader
    property bool showHeader: true
    // For pages that open with their title in large type: the bar shows it only once that has
    // scrolled away.
    property bool titleInContent: false
    readonly property real columnWidth: Theme.columnWidth(width)
    readonly property int margin: Theme.pageMargin(width)
    readonly property T.StackView stack: StackView.view

    function ensureVisible(item: Item): void {
        if (!item || !flick.contentItem)
            return
        let p = item
        while (p && p !== flick.contentItem)
            p = p.parent
        if (!p)
            return
        const pos = item.mapToItem(flick.contentItem, 0, 0)
        const pad = Theme.spacingXl
        if (pos.y - pad < flick.contentY)
            flick.contentY = Math.max(0, pos.y - pad)
        else if (pos.y + item.height + pad > flick.contentY + flick.height)
            flick.contentY = Math.min(flick.contentHeight - flick.height, pos.y + item.height + pad - flick.height)
    }

    // Pages are sized by their StackView; a fixed implicit size keeps the header's inset (which
    // follows the width) from feeding back into the width.
    implicitWidth: Theme.maxContentWidth
    implicitHeight: Theme.maxContentWidth

    background: Rectangle {
        color: Theme.background
    }

    header: PageHeader {
        id: pageHeader

        visible: page.showHeader
        title: !page.titleInContent || flick.contentY > Theme.touchTarget * 2 ? page.title : ""
        inset: (page.width - page.columnWidth) / 2
        canGoBack: page.stack !== null && page.stack.depth > 1
        divider: flick.contentY > Theme.spacingS
        onBack: page.stack.pop()
    }

    Connections {
        target: page.Window.window
        enabled: page.visible && (page.stack === null || page.StackView.status === StackView.Active)

        function onActiveFocusItemChanged(): void {
            page.ensureVisible(page.Window.activeFocusItem)
        }
    }

    Flickable {
        id: flick

        anchors.fill: parent
        contentWidth: width
        contentHeight: column.implicitHeight + 2 * page.margin
        boundsBehavior: Flickable.StopAtBounds
        ScrollBar.vertical: ScrollBar {}

        ColumnLayout {
            id: column

            x: (flick.width - width) / 2
            y: page.margin / 2
            width: page.columnWidth
            spacing: Theme.spacingL
        }
    }
}
