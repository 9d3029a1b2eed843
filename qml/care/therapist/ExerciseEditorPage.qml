pragma ComponentBehavior: Bound

import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Hearth
import Hearth.Services

// Writes (or edits) one of the practice's own exercises: title, purpose, format, together or
// each, minutes, a timer, steps, questions for the reflection, and the source. Saved ones sync
// to every couple.
ScrollPage {
    id: page

    property string exerciseId
    property var errors: ({})
    readonly property var existing: PracticeSession.exercise(exerciseId)
    property var steps: ["", ""]
    property var prompts: [""]
    property string who: "together"
    property string format: ""

    function errorFor(field: string): string {
        return errors[field] !== undefined ? String(errors[field]) : ""
    }

    function setAt(list: var, index: int, text: string): var {
        const copy = list.slice()
        copy[index] = text
        return copy
    }

    function removeAt(list: var, index: int): var {
        const copy = list.slice()
        copy.splice(index, 1)
        return copy
    }

    function save(): void {
        const result = PracticeSession.saveExercise({
            exerciseId: exerciseId, title: title_.text, purpose: purpose.text, format: format, who: who,
            minutes: minutes.value, timerMinutes: timer.value, steps: steps, prompts: prompts, source: source.text
        })
        if (result.exerciseId === undefined) {
            errors = result
            return
        }
        const window = ApplicationWindow.window
        if (window)
            window.notify(qsTr("Saved “%1”. It goes to your couples with the next sync.").arg(title_.text.trim()))
        page.stack.pop()
    }

    function remove(): void {
        const error = PracticeSession.removeExercise(exerciseId)
        if (error.length > 0) {
            errors = { form: error }
            return
        }
        page.stack.pop(null)
    }

    title: exerciseId.length > 0 ? qsTr("Edit your exercise") : qsTr("Your own exercise")
    objectName: "exerciseEditorPage"
    pageHeader.showSync: false

    Component.onCompleted: {
        if (existing.exerciseId === undefined)
            return
        title_.text = existing.title
        purpose.text = existing.purpose
        source.text = existing.source
        minutes.value = existing.minutes
        timer.value = existing.timerMinutes
        who = existing.who.length > 0 ? existing.who : "together"
        format = existing.format
        steps = existing.steps.length > 0 ? existing.steps : ["", ""]
        prompts = existing.prompts.length > 0 ? existing.prompts : [""]
    }

    Card {
        Layout.fillWidth: true
        spacing: Theme.spacingM

        FormField {
            label: qsTr("Title")
            error: page.errorFor("title")

            TextField {
                id: title_

                Layout.fillWidth: true
                objectName: "exerciseTitle"
                placeholderText: qsTr("For example: A walk and three questions")
                maximumLength: 120
                Accessible.name: qsTr("Title")
            }
        }
        FormField {
            label: qsTr("What it is for")
            error: page.errorFor("purpose")

            TextArea {
                id: purpose

                Layout.fillWidth: true
                placeholderText: qsTr("One or two sentences the couple reads first.")
                wrapMode: TextEdit.Wrap
                Accessible.name: qsTr("What it is for")
            }
        }
        FormField {
            label: qsTr("Follows")
            error: page.errorFor("format")

            AppComboBox {
                Layout.fillWidth: true
                model: [{ id: "", label: qsTr("No particular method") }].concat(PracticeSession.formats)
                textRole: "label"
                valueRole: "id"
                Component.onCompleted: currentIndex = Math.max(0, indexOfValue(page.format))
                onActivated: page.format = currentValue
            }
        }
        FormField {
            label: qsTr("Who does it")

            Flow {
                Layout.fillWidth: true
                spacing: Theme.spacingS

                RadioButton {
                    text: qsTr("Together")
                    checked: page.who === "together"
                    onClicked: page.who = "together"
                }
                RadioButton {
                    text: qsTr("Each on their own")
                    checked: page.who === "each"
                    onClicked: page.who = "each"
                }
            }
        }
        GridLayout {
            Layout.fillWidth: true
            columns: page.columnWidth >= 480 ? 2 : 1
            columnSpacing: Theme.spacingL
            rowSpacing: Theme.spacingM

            FormField {
                Layout.fillWidth: true
                label: qsTr("About how many minutes")
                error: page.errorFor("minutes")

                SpinBox {
                    id: minutes

                    from: 1
                    to: 240
                    value: 20
                    editable: true
                    Accessible.name: qsTr("Minutes")
                }
            }
            FormField {
                Layout.fillWidth: true
                label: qsTr("Timer (0 for none)")
                error: page.errorFor("timerMinutes")

                SpinBox {
                    id: timer

                    from: 0
                    to: 240
                    value: 0
                    editable: true
                    Accessible.name: qsTr("Timer minutes")
                }
            }
        }
    }

    Card {
        Layout.fillWidth: true
        spacing: Theme.spacingS

        SectionHeader {
            Layout.fillWidth: true
            text: qsTr("Steps")
            subtitle: qsTr("In order; at least two.")
        }
        Repeater {
            model: page.steps

            delegate: RowLayout {
                id: stepRow

                required property string modelData
                required property int index

                Layout.fillWidth: true
                spacing: Theme.spacingS

                Label {
                    text: String(stepRow.index + 1)
                    color: Theme.primary
                    font.weight: Font.DemiBold
                    Layout.preferredWidth: Theme.spacingL
                }
                TextField {
                    Layout.fillWidth: true
                    text: stepRow.modelData
                    placeholderText: qsTr("What to do")
                    Accessible.name: qsTr("Step %1").arg(stepRow.index + 1)
                    onTextEdited: page.steps = page.setAt(page.steps, stepRow.index, text)
                }
                IconButton {
                    visible: page.steps.length > 2
                    iconName: "close"
                    tip: qsTr("Remove step %1").arg(stepRow.index + 1)
                    onClicked: page.steps = page.removeAt(page.steps, stepRow.index)
                }
            }
        }
        FieldError {
            Layout.fillWidth: true
            text: page.errorFor("steps")
        }
        QuietAction {
            text: qsTr("Add a step")
            iconName: "add"
            onClicked: page.steps = page.steps.concat([""])
        }
    }

    Card {
        Layout.fillWidth: true
        spacing: Theme.spacingS

        SectionHeader {
            Layout.fillWidth: true
            text: qsTr("Questions for the reflection")
            subtitle: qsTr("Each partner answers afterwards, and chooses whether you see it.")
        }
        Repeater {
            model: page.prompts

            delegate: RowLayout {
                id: promptRow

                required property string modelData
                required property int index

                Layout.fillWidth: true
                spacing: Theme.spacingS

                TextField {
                    Layout.fillWidth: true
                    text: promptRow.modelData
                    placeholderText: qsTr("A question to reflect on")
                    Accessible.name: qsTr("Question %1").arg(promptRow.index + 1)
                    onTextEdited: page.prompts = page.setAt(page.prompts, promptRow.index, text)
                }
                IconButton {
                    visible: page.prompts.length > 1
                    iconName: "close"
                    tip: qsTr("Remove question %1").arg(promptRow.index + 1)
                    onClicked: page.prompts = page.removeAt(page.prompts, promptRow.index)
                }
            }
        }
        FieldError {
            Layout.fillWidth: true
            text: page.errorFor("prompts")
        }
        QuietAction {
            text: qsTr("Add a question")
            iconName: "add"
            onClicked: page.prompts = page.prompts.concat([""])
        }
    }

    Card {
        Layout.fillWidth: true

        FormField {
            label: qsTr("Source (optional)")
            hint: qsTr("The method it follows, or where to read about it.")
            error: page.errorFor("source")

            TextField {
                id: source

                Layout.fillWidth: true
                Accessible.name: qsTr("Source")
            }
        }
    }

    FieldError {
        Layout.fillWidth: true
        text: page.errorFor("form")
    }

    RowLayout {
        Layout.fillWidth: true
        spacing: Theme.spacingS

        QuietAction {
            visible: page.exerciseId.length > 0
            text: qsTr("Remove")
            tone: "danger"
            onClicked: page.remove()
        }
        Item {
            Layout.fillWidth: true
        }
        ActionButton {
            objectName: "saveExercise"
            text: qsTr("Save")
            iconName: "check"
            highlighted: true
            onClicked: page.save()
        }
    }
}
