import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Hearth
import Hearth.Services

// The Needs tab of Us: my needs, what activates me (situations, the body, early signs) and what
// helps me settle, each item private or shared with my partner and switchable either way; then
// what my partner shares with me, to read. Adding opens the editor with suggestions.
// (No `pragma ComponentBehavior: Bound`: UsPage loads this pane with a Loader.)
Item {
    id: pane

    property var stack
    readonly property real columnWidth: Theme.columnWidth(width)
    readonly property int margin: Theme.pageMargin(width)
    readonly property string partner: Session.partnerName.length > 0 ? Session.partnerName : qsTr("your partner")

    function push(file: string, properties: var, immediate: bool): bool {
        if (!stack)
            return false
        if (immediate)
            stack.push(Qt.resolvedUrl(file), properties, StackView.Immediate)
        else
            stack.push(Qt.resolvedUrl(file), properties)
        return true
    }

    function notify(message: string): void {
        const window = ApplicationWindow.window
        if (window && message.length > 0)
            window.notify(message)
    }

    function share(itemId: string, shared: bool, text: string): void {
        if (!shared) {
            privateDialog.itemId = itemId
            privateDialog.itemText = text
            privateDialog.open()
            return
        }
        const error = needs.setShared(itemId, true)
        notify(error.length > 0 ? error : qsTr("Shared with %1. It reaches them when your devices sync.").arg(pane.partner))
    }

    function askToRemove(itemId: string, text: string): void {
        removeDialog.itemId = itemId
        removeDialog.itemText = text
        removeDialog.shared = needs.item(itemId).shared === true
        removeDialog.open()
    }

    function scrollToPartner(): void {
        const target = partnerSection.mapToItem(flick.contentItem, 0, 0).y - Theme.spacingM
        flick.contentY = Math.max(0, Math.min(target, flick.contentHeight - flick.height))
    }

    function closeDialogs(): void {
        privateDialog.close()
        removeDialog.close()
    }

    // Called by the window's showPage: "needs", "need-new" ({kind}: need, trigger or helps) and
    // "partner-needs" (scrolled to what the partner shares).
    function show(name: string, options: var): bool {
        const opts = options ?? {}
        switch (name) {
        case "needs":
            flick.contentY = 0
            return true
        case "need-new":
            return push("NeedEditorPage.qml", { kind: opts.kind ?? "need", detail: opts.detail ?? "" }, true)
        case "partner-needs":
            // Laid out before it measures where the section is.
            Qt.callLater(scrollToPartner)
            return true
        }
        return false
    }

    NeedsModel {
        id: needs

        kind: "need"
    }
    NeedsModel {
        id: triggers

        kind: "trigger"
    }
    NeedsModel {
        id: helps

        kind: "helps"
    }
    NeedsModel {
        id: partnerItems

        partner: true
    }

    Flickable {
        id: flick

        anchors.fill: parent
        // Scrolled content stays under the tab bar.
        clip: true
        contentWidth: width
        contentHeight: column.implicitHeight + 2 * pane.margin
        boundsBehavior: Flickable.StopAtBounds
        ScrollBar.vertical: ScrollBar {}

        ColumnLayout {
            id: column

            x: (flick.width - width) / 2
            y: pane.margin / 2
            width: pane.columnWidth
            spacing: Theme.spacingL

            Item {
                implicitHeight: Theme.spacingXs
            }
            Label {
                Layout.fillWidth: true
                text: qsTr("Name what you need, what stirs you up and what helps you settle. It all stays private, only on your devices, until you choose to share an item with %1.").arg(pane.partner)
                color: Theme.textMuted
                wrapMode: Text.WordWrap
            }
            ReadOnlyBanner {
                Layout.fillWidth: true
            }

            NeedsSection {
                objectName: "myNeedsSection"
                title: qsTr("My needs")
                subtitle: qsTr("What helps you feel close and safe with %1.").arg(pane.partner)
                emptyText: qsTr("Nothing here yet. Reassurance, time together, room to be yourself: what matters most to you?")
                model: needs
                onAddRequested: pane.push("NeedEditorPage.qml", { kind: "need" }, false)
                onEditRequested: id => pane.push("NeedEditorPage.qml", { itemId: id }, false)
                onShareRequested: (id, shared, text) => pane.share(id, shared, text)
                onRemoveRequested: (id, text) => pane.askToRemove(id, text)
            }
            NeedsSection {
                objectName: "triggersSection"
                title: qsTr("What activates me")
                subtitle: qsTr("The moments that stir you up, what you feel in your body, and the early signs.")
                emptyText: qsTr("Nothing here yet. Noticing what sets you off is the first step to asking for what you need instead.")
                model: triggers
                showGroups: true
                onAddRequested: pane.push("NeedEditorPage.qml", { kind: "trigger" }, false)
                onEditRequested: id => pane.push("NeedEditorPage.qml", { itemId: id }, false)
                onShareRequested: (id, shared, text) => pane.share(id, shared, text)
                onRemoveRequested: (id, text) => pane.askToRemove(id, text)
            }
            NeedsSection {
                objectName: "helpsSection"
                title: qsTr("What helps me settle")
                subtitle: qsTr("What brings you back to calm, alone or together.")
                emptyText: qsTr("Nothing here yet. A walk, a hug, a few slow breaths: what helps you come back to yourself?")
                model: helps
                onAddRequested: pane.push("NeedEditorPage.qml", { kind: "helps" }, false)
                onEditRequested: id => pane.push("NeedEditorPage.qml", { itemId: id }, false)
                onShareRequested: (id, shared, text) => pane.share(id, shared, text)
                onRemoveRequested: (id, text) => pane.askToRemove(id, text)
            }

            NeedsSection {
                id: partnerSection

                objectName: "partnerNeedsSection"
                title: qsTr("What %1 shares with you").arg(pane.partner)
                subtitle: partnerItems.count > 0 ? qsTr("To read and keep in mind. Only %1 can change it.").arg(pane.partner) : ""
                emptyText: qsTr("Nothing yet. When %1 shares a need, or what helps them settle, it shows here.").arg(pane.partner)
                model: partnerItems
                readOnly: true
                showGroups: true
                tint: Theme.surfaceAlt
            }
            Item {
                implicitHeight: Theme.spacingS
            }
        }
    }

    AppDialog {
        id: privateDialog

        property string itemId
        property string itemText

        title: qsTr("Make it private again?")
        primaryText: qsTr("Make private")
        onPrimaryClicked: {
            const error = needs.setShared(itemId, false)
            if (error.length > 0) {
                privateDialog.error = error
                return
            }
            close()
            pane.notify(qsTr("Private again. Only you can see it."))
        }

        Label {
            Layout.fillWidth: true
            text: qsTr("“%1” stays here, just for you. %2's devices forget it at their next sync; what they already saw can't be unsent.").arg(privateDialog.itemText).arg(pane.partner)
            color: Theme.text
            wrapMode: Text.WordWrap
        }
    }

    AppDialog {
        id: removeDialog

        property string itemId
        property string itemText
        property bool shared: false

        title: qsTr("Delete this?")
        primaryText: qsTr("Delete")
        primaryTone: "danger"
        onPrimaryClicked: {
            const error = needs.remove(itemId)
            if (error.length > 0) {
                removeDialog.error = error
                return
            }
            close()
            pane.notify(qsTr("Deleted."))
        }

        Label {
            Layout.fillWidth: true
            text: removeDialog.shared
                  ? qsTr("“%1” goes from your devices and from %2's.").arg(removeDialog.itemText).arg(pane.partner)
                  : qsTr("“%1” goes from your devices.").arg(removeDialog.itemText)
            color: Theme.text
            wrapMode: Text.WordWrap
        }
    }
}
