pragma ComponentBehavior: Bound

import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Hearth
import Hearth.Services

// Assigns an exercise to a couple or to one partner: which exercise, for whom, the first due
// date, how often (once, weekly, every two weeks) and how many times, and a note. A due date in
// the past is allowed, and said plainly before saving: it shows as overdue at once.
ScrollPage {
    id: page

    property string spaceId
    property string exerciseId
    property var errors: ({})
    readonly property var couple: {
        PracticeSession.revision
        return PracticeSession.couple(spaceId)
    }
    readonly property var exercise: {
        PracticeSession.revision
        return PracticeSession.exercise(exerciseId)
    }
    readonly property var assignees: {
        const list = [{ id: "", label: qsTr("Both of them") }]
        const partners = couple.partners ?? []
        for (let i = 0; i < partners.length; ++i)
            list.push({ id: partners[i].memberId, label: partners[i].name })
        return list
    }
    property string assignee: ""
    property string dueOn: PracticeSession.today
    property int everyDays: 0
    property int times: 4
    readonly property bool past: PracticeSession.isPast(dueOn)

    function errorFor(field: string): string {
        return errors[field] !== undefined ? String(errors[field]) : ""
    }

    function lastDue(): string {
        const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(dueOn)
        if (!m)
            return dueOn
        const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])))
        d.setUTCDate(d.getUTCDate() + everyDays * (times - 1))
        const pad = n => (n < 10 ? "0" : "") + n
        return d.getUTCFullYear() + "-" + pad(d.getUTCMonth() + 1) + "-" + pad(d.getUTCDate())
    }

    function save(): void {
        const result = PracticeSession.assign(spaceId, exerciseId, assignee, dueOn, everyDays,
                                              everyDays === 0 ? 1 : times, note.text)
        if (result.assignmentId === undefined) {
            errors = result
            return
        }
        const window = ApplicationWindow.window
        if (window)
            window.notify(qsTr("Assigned “%1” to %2.").arg(exercise.title).arg(couple.name))
        page.stack.pop()
    }

    title: qsTr("Assign an exercise")
    objectName: "assignPage"
    pageHeader.showSync: false

    Label {
        Layout.fillWidth: true
        text: qsTr("For %1. They see it once both have accepted your policy, with its steps, a timer where it has one, and the questions to reflect on.").arg(page.couple.name ?? "")
        color: Theme.textMuted
        wrapMode: Text.WordWrap
    }

    Card {
        Layout.fillWidth: true
        spacing: Theme.spacingM

        FormField {
            label: qsTr("Exercise")
            error: page.errorFor("exerciseId")

            AppComboBox {
                id: exerciseBox

                Layout.fillWidth: true
                objectName: "exerciseBox"
                model: exercises
                textRole: "title"
                valueRole: "exerciseId"
                Accessible.name: qsTr("Exercise: %1").arg(currentText)
                onActivated: page.exerciseId = currentValue
                Component.onCompleted: Qt.callLater(sync)

                function sync(): void {
                    if (page.exerciseId.length === 0 && exercises.count > 0)
                        page.exerciseId = exercises.data(exercises.index(0, 0), PracticeExercisesModel.ExerciseIdRole)
                    currentIndex = indexOfValue(page.exerciseId)
                }

                Connections {
                    target: exercises

                    function onCountChanged(): void {
                        exerciseBox.sync()
                    }
                }
            }
        }
        Label {
            Layout.fillWidth: true
            visible: (page.exercise.purpose ?? "").length > 0
            text: qsTr("%1 · %2 min. %3").arg(page.exercise.formatLabel ?? "").arg(page.exercise.minutes ?? 0).arg(page.exercise.purpose ?? "")
            font.pixelSize: Theme.fontSmall
            color: Theme.textMuted
            wrapMode: Text.WordWrap
        }

        FormField {
            label: qsTr("For")
            error: page.errorFor("assignee")

            Flow {
                Layout.fillWidth: true
                spacing: Theme.spacingS

                Repeater {
                    model: page.assignees

                    delegate: RadioButton {
                        required property var modelData

                        text: modelData.label
                        checked: page.assignee === modelData.id
                        Accessible.name: qsTr("For %1").arg(text)
                        onClicked: page.assignee = modelData.id
                    }
                }
            }
        }

        FormField {
            label: qsTr("First due date")
            error: page.errorFor("dueOn")

            DateField {
                Layout.fillWidth: true
                objectName: "dueField"
                label: qsTr("First due date")
                value: page.dueOn
                onDateEdited: date => page.dueOn = date
            }
        }
        Label {
            Layout.fillWidth: true
            visible: page.past
            objectName: "pastWarning"
            text: qsTr("This date has passed: the exercise will show as overdue as soon as the couple sees it.")
            color: Theme.warning
            font.pixelSize: Theme.fontSmall
            wrapMode: Text.WordWrap
        }

        FormField {
            label: qsTr("Repeat")
            error: page.errorFor("everyDays")

            Flow {
                Layout.fillWidth: true
                spacing: Theme.spacingS

                Repeater {
                    model: [
                        { days: 0, label: qsTr("Once") },
                        { days: 7, label: qsTr("Weekly") },
                        { days: 14, label: qsTr("Every two weeks") }
                    ]

                    delegate: RadioButton {
                        required property var modelData

                        text: modelData.label
                        checked: page.everyDays === modelData.days
                        Accessible.name: qsTr("Repeat: %1").arg(text)
                        onClicked: page.everyDays = modelData.days
                    }
                }
            }
        }
        FormField {
            visible: page.everyDays > 0
            label: qsTr("How many times")
            hint: qsTr("The last one is due %1.").arg(PracticeSession.dayText(page.lastDue()))
            error: page.errorFor("times")

            SpinBox {
                from: 2
                to: PracticeSession.maxTimes
                value: page.times
                editable: true
                Accessible.name: qsTr("How many times")
                onValueModified: page.times = value
            }
        }

        FormField {
            label: qsTr("A note for them (optional)")
            error: page.errorFor("note")

            TextArea {
                id: note

                Layout.fillWidth: true
                placeholderText: qsTr("For example: try it on a calm evening, not after a hard day.")
                wrapMode: TextEdit.Wrap
                Accessible.name: qsTr("Note")
            }
        }
    }

    FieldError {
        Layout.fillWidth: true
        text: page.errorFor("form")
    }

    ActionButton {
        Layout.alignment: Qt.AlignRight
        objectName: "saveAssignment"
        text: page.past ? qsTr("Assign, already overdue") : qsTr("Assign")
        iconName: "check"
        highlighted: true
        enabled: page.exerciseId.length > 0 && (page.couple.active ?? false)
        onClicked: page.save()
    }

    PracticeExercisesModel {
        id: exercises
    }
}
