pragma ComponentBehavior: Bound

import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Hearth
import Hearth.Services

// Adding to my map (a need, what activates me, what helps me settle): pick a suggestion or
// write it in my own words, add a note, and choose whether my partner sees it (private unless
// I say so). With `itemId` it edits an item's words and note.
ScrollPage {
    id: page

    property string itemId
    property string kind: "need"
    property string detail
    property string text
    property string suggestionId
    property string note
    property bool shared: false
    property var errors: ({})
    readonly property bool editing: itemId.length > 0
    readonly property string partner: Session.partnerName.length > 0 ? Session.partnerName : qsTr("your partner")
    readonly property var suggestions: needsModel.suggestions(kind, kind === "trigger" ? detail : "")
    readonly property var picked: suggestions.find(s => s.id === suggestionId) ?? null
    readonly property int textLength: Array.from(text.trim()).length
    readonly property int noteLength: Array.from(note.trim()).length

    function clearError(field: string): void {
        if (errors[field] === undefined)
            return
        const e = Object.assign({}, errors)
        delete e[field]
        errors = e
    }

    function errorFor(field: string): string {
        const message = errors[field]
        return message === undefined ? "" : String(message)
    }

    function pick(id: string): void {
        if (suggestionId === id) {
            suggestionId = ""
            text = ""
        } else {
            const s = suggestions.find(x => x.id === id)
            suggestionId = id
            text = s ? s.label : ""
        }
        clearError("text")
        clearError("suggestionId")
    }

    function save(): void {
        const result = editing ? needsModel.edit(itemId, text, note)
                               : needsModel.add(kind, kind === "trigger" ? detail : "", text, suggestionId, note, shared)
        const window = ApplicationWindow.window
        if (result.itemId !== undefined) {
            errors = {}
            if (window)
                window.notify(editing ? qsTr("Saved.")
                                      : (shared ? qsTr("Added and shared with %1.").arg(partner)
                                                : qsTr("Added. Only you can see it.")))
            if (page.stack)
                page.stack.pop()
            return
        }
        errors = result
        if (window)
            window.notify(result.form !== undefined ? String(result.form) : qsTr("A few things need a look."))
    }

    title: {
        if (editing)
            return qsTr("Edit")
        switch (kind) {
        case "trigger": return qsTr("What activates you")
        case "helps": return qsTr("What helps you settle")
        }
        return qsTr("Add a need")
    }
    objectName: "needEditorPage"

    headerActions: [
        // On a phone the title needs the room; the button at the end of the form is there.
        ActionButton {
            visible: !Session.readOnly && page.width >= Theme.wideBreakpoint
            text: page.editing ? qsTr("Save") : qsTr("Add")
            highlighted: true
            onClicked: page.save()
        }
    ]

    Component.onCompleted: {
        if (editing) {
            const item = needsModel.item(itemId)
            kind = item.kind ?? "need"
            detail = item.detail ?? ""
            text = item.text ?? ""
            note = item.note ?? ""
            suggestionId = item.suggestionId ?? ""
            shared = item.shared === true
        } else if (kind === "trigger" && detail.length === 0) {
            detail = "situation"
        }
    }

    NeedsModel {
        id: needsModel
    }

    Label {
        Layout.fillWidth: true
        text: {
            if (page.editing)
                return qsTr("Change the words or the note. Whether %1 sees it stays as it is.").arg(page.partner)
            switch (page.kind) {
            case "trigger": return qsTr("Something that tends to set off the alarm inside: a situation, something you feel in your body, or an early sign that you are getting stirred up.")
            case "helps": return qsTr("Something that helps you come back to calm, on your own or with %1.").arg(page.partner)
            }
            return qsTr("Something you need to feel close and safe. Pick one, or say it your way.")
        }
        color: Theme.textMuted
        wrapMode: Text.WordWrap
    }

    Card {
        Layout.fillWidth: true
        visible: !page.editing && page.kind === "trigger"
        spacing: Theme.spacingM

        FormField {
            label: qsTr("Where do you notice it?")
            error: page.errorFor("detail")

            Flow {
                Layout.fillWidth: true
                spacing: Theme.spacingXs

                Repeater {
                    model: needsModel.details

                    delegate: ChoiceChip {
                        id: detailChip

                        required property var modelData

                        text: {
                            switch (modelData.id) {
                            case "situation": return qsTr("A situation")
                            case "body": return qsTr("In my body")
                            }
                            return qsTr("An early sign")
                        }
                        checked: page.detail === modelData.id
                        onClicked: {
                            if (page.detail !== modelData.id) {
                                page.detail = modelData.id
                                page.suggestionId = ""
                                page.clearError("detail")
                            }
                            checked = Qt.binding(() => page.detail === detailChip.modelData.id)
                        }
                    }
                }
            }
        }
    }

    Card {
        Layout.fillWidth: true
        spacing: Theme.spacingM

        FormField {
            visible: !page.editing && page.suggestions.length > 0
            label: qsTr("Pick one")
            error: page.errorFor("suggestionId")

            SuggestionChips {
                Layout.fillWidth: true
                suggestions: page.suggestions
                selected: page.suggestionId.length > 0 ? [page.suggestionId] : []
                // On a phone the first few, to keep it quick; the rest one tap away.
                collapsedCount: page.columnWidth < Theme.fieldMinWidth * 5 ? 8 : 0
                allowOwn: false
                onPicked: id => page.pick(id)
            }
            Label {
                Layout.fillWidth: true
                visible: page.picked !== null && (page.picked.description ?? "").length > 0
                text: page.picked ? (page.picked.description ?? "") : ""
                color: Theme.textMuted
                font.pixelSize: Theme.fontSmall
                font.italic: true
                wrapMode: Text.WordWrap
            }
        }

        FormField {
            label: page.editing || page.suggestions.length === 0 ? qsTr("In your words") : qsTr("Or in your own words")
            error: page.errorFor("text")

            TextField {
                Layout.fillWidth: true
                objectName: "needTextField"
                text: page.text
                placeholderText: {
                    switch (page.kind) {
                    case "trigger": return qsTr("For example: when plans change at the last minute")
                    case "helps": return qsTr("For example: a slow walk on my own")
                    }
                    return qsTr("For example: to hear that we're okay")
                }
                Accessible.name: qsTr("In your words")
                onTextEdited: {
                    page.text = text
                    // Own words once they are no longer the suggestion's.
                    if (page.picked && text.trim() !== page.picked.label)
                        page.suggestionId = ""
                    page.clearError("text")
                }
            }
            Label {
                Layout.alignment: Qt.AlignRight
                visible: page.textLength > needsModel.maxText * 0.8
                text: qsTr("%1 / %2").arg(page.textLength).arg(needsModel.maxText)
                color: page.textLength > needsModel.maxText ? Theme.danger : Theme.textFaint
                font.pixelSize: Theme.fontCaption
            }
        }

        FormField {
            label: qsTr("A note (optional)")
            hint: qsTr("When it matters most, or what it looks like for you.")
            error: page.errorFor("note")

            TextArea {
                Layout.fillWidth: true
                Layout.minimumHeight: Theme.touchTarget * 2
                text: page.note
                wrapMode: TextEdit.Wrap
                placeholderText: qsTr("Anything you'd like to add")
                Accessible.name: qsTr("A note")
                Keys.onTabPressed: nextItemInFocusChain().forceActiveFocus()
                onTextChanged: if (activeFocus) {
                    page.note = text
                    page.clearError("note")
                }
            }
            Label {
                Layout.alignment: Qt.AlignRight
                visible: page.noteLength > needsModel.maxNote * 0.8
                text: qsTr("%1 / %2").arg(page.noteLength).arg(needsModel.maxNote)
                color: page.noteLength > needsModel.maxNote ? Theme.danger : Theme.textFaint
                font.pixelSize: Theme.fontCaption
            }
        }
    }

    Card {
        Layout.fillWidth: true
        visible: !page.editing

        SharedSwitch {
            Layout.fillWidth: true
            shared: page.shared
            label: qsTr("Share with %1").arg(page.partner)
            sharedHint: qsTr("%1 will see it on their devices. You can make it private again at any time.").arg(page.partner)
            onToggled: shared => page.shared = shared
        }
    }

    FieldError {
        Layout.fillWidth: true
        text: page.errorFor("form") || page.errorFor("kind")
    }

    ActionButton {
        Layout.alignment: Qt.AlignRight
        visible: !Session.readOnly
        text: page.editing ? qsTr("Save") : qsTr("Add to my map")
        highlighted: true
        onClicked: page.save()
    }
}
