pragma ComponentBehavior: Bound

import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Hearth

// The answer to one repair step, by its kind: calm (ready or a break first), feelings (words in
// groups), needs, text, an apology, accepting the partner's apology (and a note), a plan.
// `value` starts from my draft (or what I shared) and follows what the person does; `edited`
// reports each change. Choosing "I need a break first" says `breakChosen`. Call load(step) to
// (re)start it.
ColumnLayout {
    id: field

    property var step: ({})
    property var value
    readonly property string kind: step.kind ?? ""
    readonly property var chosen: Array.isArray(value) ? value : []
    readonly property int length: typeof value === "string" ? Array.from(value).length : 0
    readonly property int noteLength: value && typeof value === "object" && !Array.isArray(value) && value.note
                                      ? Array.from(value.note).length : 0

    signal edited()
    signal breakChosen()

    function initialValue(): var {
        const s = step
        if (s.hasDraft)
            return s.myDraft
        if (s.mineSubmitted && s.mineValue !== undefined && s.mineValue !== null)
            return s.mineValue
        switch (s.kind) {
        case "feelings":
        case "needs":
            return []
        case "acceptance":
            return { choice: "" }
        }
        return ""
    }

    function toggle(id: string): void {
        const list = chosen.slice()
        const at = list.indexOf(id)
        if (at >= 0)
            list.splice(at, 1)
        else if (list.length < (step.maxChoices ?? 0))
            list.push(id)
        value = list
        edited()
    }

    function setText(text: string): void {
        if (text === value)
            return
        value = text
        edited()
    }

    function setAcceptance(choice: string, note: string): void {
        // A note goes with the answer only when there is one.
        value = note.trim().length > 0 ? { choice: choice, note: note } : { choice: choice }
        edited()
    }

    // Takes the step (a snapshot: the choices stay put while drafts are saved) and starts from
    // my draft or what I shared.
    function load(s: var): void {
        step = s
        value = initialValue()
        textArea.text = typeof value === "string" ? value : ""
        noteArea.text = value && value.note ? value.note : ""
    }

    spacing: Theme.spacingM

    // Calm: two answers, as large choices.
    Repeater {
        model: field.kind === "calm" ? field.step.choices : []

        delegate: RadioButton {
            id: calmChoice

            required property var modelData

            Layout.fillWidth: true
            text: modelData.label
            checked: field.value === modelData.id
            Accessible.name: text
            onClicked: {
                field.value = modelData.id
                field.edited()
                if (modelData.id === "break")
                    field.breakChosen()
            }
        }
    }

    // Feelings: words in their groups.
    Repeater {
        model: field.kind === "feelings" ? field.step.groups : []

        delegate: ColumnLayout {
            id: group

            required property var modelData

            Layout.fillWidth: true
            spacing: Theme.spacingXs

            Label {
                Layout.fillWidth: true
                text: group.modelData.label
                color: Theme.textMuted
                font.pixelSize: Theme.fontSmall
                font.weight: Font.DemiBold
            }
            Flow {
                Layout.fillWidth: true
                spacing: Theme.spacingXs

                Repeater {
                    model: group.modelData.feelings

                    delegate: ChoiceChip {
                        id: feeling

                        required property var modelData

                        compact: true
                        text: modelData.label
                        checked: field.chosen.indexOf(modelData.id) >= 0
                        enabled: checked || field.chosen.length < field.step.maxChoices
                        onClicked: {
                            field.toggle(modelData.id)
                            checked = Qt.binding(() => field.chosen.indexOf(feeling.modelData.id) >= 0)
                        }
                    }
                }
            }
        }
    }

    // Needs.
    Flow {
        Layout.fillWidth: true
        visible: field.kind === "needs"
        spacing: Theme.spacingXs

        Repeater {
            model: field.kind === "needs" ? field.step.needs : []

            delegate: ChoiceChip {
                id: need

                required property var modelData

                text: modelData.label
                checked: field.chosen.indexOf(modelData.id) >= 0
                enabled: checked || field.chosen.length < field.step.maxChoices
                onClicked: {
                    field.toggle(modelData.id)
                    checked = Qt.binding(() => field.chosen.indexOf(need.modelData.id) >= 0)
                }
            }
        }
    }
    Label {
        Layout.fillWidth: true
        visible: field.kind === "feelings" || field.kind === "needs"
        text: qsTr("%1 of up to %2 chosen").arg(field.chosen.length).arg(field.step.maxChoices ?? 0)
        color: Theme.textFaint
        font.pixelSize: Theme.fontCaption
    }

    // Text, an apology, a plan.
    TextArea {
        id: textArea

        Layout.fillWidth: true
        Layout.minimumHeight: Theme.touchTarget * 2
        visible: field.kind === "text" || field.kind === "apology" || field.kind === "plan"
        placeholderText: (field.step.placeholder ?? "").length > 0 ? field.step.placeholder : qsTr("In your own words…")
        wrapMode: TextEdit.Wrap
        Accessible.name: field.step.prompt ?? field.step.title ?? ""
        Keys.onTabPressed: nextItemInFocusChain().forceActiveFocus()
        onTextChanged: if (visible && activeFocus) field.setText(text)
    }
    Label {
        Layout.alignment: Qt.AlignRight
        visible: textArea.visible
        text: qsTr("%1 / %2").arg(field.length).arg(field.step.maxLength ?? 0)
        color: field.length > (field.step.maxLength ?? 0) ? Theme.danger : Theme.textFaint
        font.pixelSize: Theme.fontCaption
    }

    // Accepting the partner's apology, with an optional note.
    Repeater {
        model: field.kind === "acceptance" ? field.step.choices : []

        delegate: RadioButton {
            required property var modelData

            Layout.fillWidth: true
            text: modelData.label
            checked: field.value && field.value.choice === modelData.id
            Accessible.name: text
            onClicked: field.setAcceptance(modelData.id, field.value && field.value.note ? field.value.note : "")
        }
    }
    TextArea {
        id: noteArea

        Layout.fillWidth: true
        visible: field.kind === "acceptance" && (field.step.maxLength ?? 0) > 0
        placeholderText: qsTr("Anything you'd like to add (optional)")
        wrapMode: TextEdit.Wrap
        Accessible.name: qsTr("A note with your answer")
        Keys.onTabPressed: nextItemInFocusChain().forceActiveFocus()
        onTextChanged: if (visible && activeFocus)
                           field.setAcceptance(field.value && field.value.choice ? field.value.choice : "", text)
    }
    Label {
        Layout.alignment: Qt.AlignRight
        visible: noteArea.visible && field.noteLength > 0
        text: qsTr("%1 / %2").arg(field.noteLength).arg(field.step.maxLength ?? 0)
        color: field.noteLength > (field.step.maxLength ?? 0) ? Theme.danger : Theme.textFaint
        font.pixelSize: Theme.fontCaption
    }
}
