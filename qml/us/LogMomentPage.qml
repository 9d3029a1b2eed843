pragma ComponentBehavior: Bound

import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts
import Hearth
import Hearth.Services

// Noting a moment when my attachment system was activated, quickly: what happened, when, what
// my body did, the feeling and how strong, what I did and what I needed, and a note. Private
// unless I share it. After saving, a short self-compassion prompt, then back. With
// `activationId` it edits that moment (its privacy stays as it is).
ScrollPage {
    id: page

    property string activationId
    property string situation
    property string date
    property string time
    property var body: []
    property string emotion
    property int intensity: 5
    property string reaction
    property var needed: []
    property string note
    property bool shared: false
    property var errors: ({})
    readonly property bool editing: activationId.length > 0
    // On a phone each list of suggestions starts with its first few, to keep the form quick.
    readonly property int fewer: columnWidth < Theme.fieldMinWidth * 5 ? 6 : 0
    readonly property string partner: Session.partnerName.length > 0 ? Session.partnerName : qsTr("your partner")
    readonly property var situationPick: moments.situations.filter(s => s.label === situation.trim()).map(s => s.id)
    readonly property var reactionPick: moments.reactions.filter(s => s.label === reaction.trim()).map(s => s.id)

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

    function toggled(list: var, id: string): var {
        const out = list.slice()
        const at = out.indexOf(id)
        if (at >= 0)
            out.splice(at, 1)
        else
            out.push(id)
        return out
    }

    function labelOf(list: var, id: string): string {
        const found = list.find(s => s.id === id)
        return found ? found.label : id
    }

    function strengthWords(value: int): string {
        if (value <= 3)
            return qsTr("A small stir")
        if (value <= 6)
            return qsTr("Clearly stirred up")
        if (value <= 8)
            return qsTr("Strong")
        return qsTr("Overwhelming")
    }

    function save(): void {
        const draft = {
            happenedAt: moments.localToUtcMs(date, time),
            situation: situation,
            body: body,
            emotion: emotion,
            intensity: intensity,
            reaction: reaction,
            needed: needed,
            note: note,
            shared: shared
        }
        const result = editing ? moments.edit(activationId, draft) : moments.log(draft)
        const window = ApplicationWindow.window
        if (result.activationId !== undefined) {
            errors = {}
            if (editing) {
                if (window)
                    window.notify(qsTr("Saved."))
                if (page.stack)
                    page.stack.pop()
                return
            }
            const prompt = result.prompt ?? ""
            if (prompt.length > 0) {
                compassion.prompt = prompt
                compassion.shared = shared
                compassion.open()
            } else if (page.stack) {
                page.stack.pop()
            }
            return
        }
        errors = result
        if (window)
            window.notify(result.form !== undefined ? String(result.form) : qsTr("A few things need a look before you save."))
    }

    title: editing ? qsTr("Edit the moment") : qsTr("Note a moment")
    objectName: "logMomentPage"

    // On a phone the title needs the room; the button at the end of the form is there.
    headerActions: [
        ActionButton {
            visible: !Session.readOnly && page.width >= Theme.wideBreakpoint
            text: qsTr("Save")
            highlighted: true
            onClicked: page.save()
        }
    ]

    Component.onCompleted: {
        if (editing) {
            const a = moments.activation(activationId)
            situation = a.situation ?? ""
            date = a.dateText ?? moments.todayText
            time = a.timeText ?? moments.nowTimeText
            body = a.body ?? []
            emotion = a.emotion ?? ""
            intensity = a.intensity ?? 5
            reaction = a.reaction ?? ""
            needed = a.needed ?? []
            note = a.note ?? ""
            shared = a.shared === true
        } else {
            date = moments.todayText
            time = moments.nowTimeText
        }
    }

    ActivationsModel {
        id: moments

        includePartner: false
    }

    Label {
        Layout.fillWidth: true
        visible: !page.editing
        text: qsTr("A few words are enough. Noticing is already a kind thing to do for yourself.")
        color: Theme.textMuted
        wrapMode: Text.WordWrap
    }

    Card {
        Layout.fillWidth: true
        spacing: Theme.spacingM

        FormField {
            label: qsTr("What happened?")
            error: page.errorFor("situation")

            SuggestionChips {
                Layout.fillWidth: true
                suggestions: moments.situations
                selected: page.situationPick
                collapsedCount: page.fewer
                allowOwn: false
                onPicked: id => {
                    const label = page.labelOf(moments.situations, id)
                    page.situation = page.situation.trim() === label ? "" : label
                    page.clearError("situation")
                }
            }
            TextField {
                Layout.fillWidth: true
                objectName: "situationField"
                text: page.situation
                placeholderText: qsTr("Or in your own words")
                maximumLength: moments.maxText
                Accessible.name: qsTr("What happened")
                onTextEdited: {
                    page.situation = text
                    page.clearError("situation")
                }
            }
        }

        FormField {
            label: qsTr("When?")
            hint: qsTr("Your time (%1).").arg(Session.myTimeZone)
            error: page.errorFor("happenedAt")

            GridLayout {
                Layout.fillWidth: true
                columns: page.columnWidth >= Theme.fieldMinWidth * 4 ? 2 : 1
                columnSpacing: Theme.spacingM
                rowSpacing: Theme.spacingS

                DateField {
                    Layout.fillWidth: true
                    value: page.date
                    label: qsTr("Date of the moment")
                    onDateEdited: d => {
                        page.date = d
                        page.clearError("happenedAt")
                    }
                }
                TimeField {
                    Layout.fillWidth: true
                    value: page.time
                    label: qsTr("Time of the moment")
                    onTimeEdited: t => {
                        page.time = t
                        page.clearError("happenedAt")
                    }
                }
            }
        }
    }

    Card {
        Layout.fillWidth: true
        spacing: Theme.spacingM

        FormField {
            label: qsTr("What did you feel in your body?")
            error: page.errorFor("body")

            SuggestionChips {
                Layout.fillWidth: true
                suggestions: moments.bodySensations
                selected: page.body
                collapsedCount: page.fewer
                ownLabel: qsTr("Something else you felt in your body")
                ownPlaceholder: qsTr("Something else")
                maxLength: moments.maxText
                onPicked: id => {
                    page.body = page.toggled(page.body, id)
                    page.clearError("body")
                }
            }
        }

        FormField {
            label: qsTr("What was the feeling?")
            error: page.errorFor("emotion")

            SuggestionChips {
                Layout.fillWidth: true
                suggestions: moments.emotions
                selected: page.emotion.length > 0 ? [page.emotion] : []
                collapsedCount: page.fewer
                ownLabel: qsTr("The feeling in your own word")
                ownPlaceholder: qsTr("Another word")
                maxLength: moments.maxText
                onPicked: id => {
                    page.emotion = page.emotion === id ? "" : id
                    page.clearError("emotion")
                }
            }
        }

        FormField {
            label: qsTr("How strong was it?")
            error: page.errorFor("intensity")

            RowLayout {
                Layout.fillWidth: true
                spacing: Theme.spacingM

                Slider {
                    id: strength

                    Layout.fillWidth: true
                    from: 1
                    to: 10
                    stepSize: 1
                    snapMode: Slider.SnapAlways
                    value: page.intensity
                    Material.accent: Theme.primary
                    Accessible.name: qsTr("How strong, from 1 to 10")
                    onMoved: {
                        page.intensity = Math.round(value)
                        page.clearError("intensity")
                    }
                }
                Label {
                    Layout.minimumWidth: Theme.touchTarget
                    horizontalAlignment: Text.AlignRight
                    text: qsTr("%1/10").arg(page.intensity)
                    font.pixelSize: Theme.fontBodyLarge
                    font.weight: Font.DemiBold
                    color: Theme.text
                }
            }
            Label {
                Layout.fillWidth: true
                text: page.strengthWords(page.intensity)
                color: Theme.textMuted
                font.pixelSize: Theme.fontSmall
            }
        }
    }

    Card {
        Layout.fillWidth: true
        spacing: Theme.spacingM

        FormField {
            label: qsTr("What did you do?")
            error: page.errorFor("reaction")

            SuggestionChips {
                Layout.fillWidth: true
                suggestions: moments.reactions
                selected: page.reactionPick
                collapsedCount: page.fewer
                allowOwn: false
                onPicked: id => {
                    const label = page.labelOf(moments.reactions, id)
                    page.reaction = page.reaction.trim() === label ? "" : label
                    page.clearError("reaction")
                }
            }
            TextField {
                Layout.fillWidth: true
                text: page.reaction
                placeholderText: qsTr("Or in your own words (optional)")
                maximumLength: moments.maxText
                Accessible.name: qsTr("What you did")
                onTextEdited: {
                    page.reaction = text
                    page.clearError("reaction")
                }
            }
        }

        FormField {
            label: qsTr("What did you need?")
            error: page.errorFor("needed")

            SuggestionChips {
                Layout.fillWidth: true
                suggestions: moments.needs
                selected: page.needed
                collapsedCount: page.fewer
                ownLabel: qsTr("Another need, in your own words")
                ownPlaceholder: qsTr("Something else")
                maxLength: moments.maxText
                onPicked: id => {
                    page.needed = page.toggled(page.needed, id)
                    page.clearError("needed")
                }
            }
        }

        FormField {
            label: qsTr("Anything else? (optional)")
            error: page.errorFor("note")

            TextArea {
                Layout.fillWidth: true
                Layout.minimumHeight: Theme.touchTarget * 2
                text: page.note
                wrapMode: TextEdit.Wrap
                placeholderText: qsTr("What you'd like to remember about it")
                Accessible.name: qsTr("A note")
                Keys.onTabPressed: nextItemInFocusChain().forceActiveFocus()
                onTextChanged: if (activeFocus) {
                    page.note = text
                    page.clearError("note")
                }
            }
        }
    }

    Card {
        Layout.fillWidth: true
        visible: !page.editing

        SharedSwitch {
            Layout.fillWidth: true
            shared: page.shared
            label: qsTr("Share this moment with %1").arg(page.partner)
            sharedHint: qsTr("%1 will see it. You can make it private again later.").arg(page.partner)
            privateHint: qsTr("Private: only you see it, on your own devices.")
            onToggled: shared => page.shared = shared
        }
    }

    FieldError {
        Layout.fillWidth: true
        text: page.errorFor("form")
    }

    ActionButton {
        Layout.alignment: Qt.AlignRight
        visible: !Session.readOnly
        text: page.editing ? qsTr("Save") : qsTr("Save the moment")
        highlighted: true
        onClicked: page.save()
    }

    CompassionDialog {
        id: compassion

        onClosed: if (page.stack) page.stack.pop()
    }
}
