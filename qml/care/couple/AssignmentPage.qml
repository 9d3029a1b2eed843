pragma ComponentBehavior: Bound

import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Hearth
import Hearth.Services

// One assignment from the therapist, guided: what it is and who it is from, their note, the steps
// one at a time or as a checklist, a timer where the exercise has one, "Mark done" for this due
// date and then the reflection; below, every due date with where each of us stands (we see each
// other's completions, and the reflections each of us shared).
ScrollPage {
    id: page

    property string assignmentId
    // The due date this visit is about; -1: my next one still open.
    property int occurrence: -1
    readonly property int current: occurrence >= 0 ? occurrence
                                                   : (assignment.nextOccurrence >= 0 ? assignment.nextOccurrence : 0)
    readonly property bool doneNow: assignment.revision >= 0 && assignment.isDone(current)
    readonly property var currentDate: assignment.revision >= 0 ? assignment.dueDate(current) : ({})
    property bool checklist: false
    property int stepIndex: 0
    property string error

    function notify(message: string): void {
        const window = ApplicationWindow.window
        if (window && message.length > 0)
            window.notify(message)
    }

    function markDone(): void {
        error = assignment.complete(current)
        if (error.length === 0)
            page.StackView.view.push(Qt.resolvedUrl("ReflectionPage.qml"),
                                     { assignmentId: assignmentId, occurrence: current, justDone: true })
    }

    function reflect(): void {
        page.StackView.view.push(Qt.resolvedUrl("ReflectionPage.qml"), { assignmentId: assignmentId, occurrence: current })
    }

    title: assignment.found ? assignment.title : qsTr("Assignment")
    titleInContent: true
    objectName: "assignmentPage"

    Component.onCompleted: {
        if (assignmentId.length === 0) {
            const first = care.firstDue()
            if (first.assignmentId !== undefined) {
                assignmentId = first.assignmentId
                occurrence = first.occurrence
            }
        }
    }

    CoupleCare {
        id: care
    }
    CoupleAssignment {
        id: assignment

        // Bumped on every read, so that bindings calling its functions read again.
        property int revision: 0

        assignmentId: page.assignmentId
        onChanged: revision++
    }

    EmptyState {
        Layout.fillWidth: true
        Layout.topMargin: Theme.spacingXxl
        visible: !assignment.found
        icon: "steps"
        title: qsTr("This assignment is not here")
        text: qsTr("Your therapist may have withdrawn it, or the link with them has ended.")
    }

    // What it is.
    ColumnLayout {
        Layout.fillWidth: true
        visible: assignment.found
        spacing: Theme.spacingS

        Label {
            Layout.fillWidth: true
            text: assignment.title
            font.family: Theme.headingFamily
            font.pixelSize: Theme.fontHeadline
            font.weight: Font.DemiBold
            color: Theme.text
            wrapMode: Text.WordWrap
            Accessible.role: Accessible.Heading
            Accessible.name: text
        }
        Label {
            Layout.fillWidth: true
            text: assignment.fromText
            color: Theme.textMuted
            wrapMode: Text.WordWrap
        }
        Flow {
            Layout.fillWidth: true
            spacing: Theme.spacingXs

            Chip {
                text: page.currentDate.dueLabel ?? ""
                visible: text.length > 0 && !page.doneNow
                tone: page.currentDate.myStatus === "overdue" ? "warning" : "primary"
            }
            Chip {
                visible: page.doneNow
                text: qsTr("Done")
                tone: "accent"
            }
            Chip {
                text: assignment.assigneeText
            }
            Chip {
                visible: assignment.howText.length > 0
                text: assignment.howText
            }
            Chip {
                visible: assignment.minutes > 0
                text: qsTr("About %1 min").arg(assignment.minutes)
            }
            Chip {
                visible: assignment.formatLabel.length > 0
                text: assignment.formatLabel
            }
        }
    }

    Card {
        Layout.fillWidth: true
        visible: assignment.found && assignment.note.length > 0
        tint: Theme.primarySoft
        outline: Theme.primarySoft

        Label {
            Layout.fillWidth: true
            text: qsTr("A note from %1").arg(assignment.therapistName)
            font.pixelSize: Theme.fontSmall
            font.weight: Font.DemiBold
            color: Theme.textOnPrimarySoft
            wrapMode: Text.WordWrap
        }
        Label {
            Layout.fillWidth: true
            objectName: "assignmentNote"
            text: assignment.note
            color: Theme.text
            wrapMode: Text.WordWrap
            textFormat: Text.PlainText
        }
    }

    Label {
        Layout.fillWidth: true
        visible: assignment.found && assignment.purpose.length > 0
        text: assignment.purpose
        font.pixelSize: Theme.fontBodyLarge
        lineHeight: 1.15
        color: Theme.text
        wrapMode: Text.WordWrap
    }

    // The steps.
    Card {
        Layout.fillWidth: true
        visible: assignment.found && assignment.steps.length > 0
        spacing: Theme.spacingM

        SectionHeader {
            Layout.fillWidth: true
            text: page.checklist ? qsTr("Steps") : qsTr("Step %1 of %2").arg(page.stepIndex + 1).arg(assignment.steps.length)

            QuietAction {
                objectName: "stepsModeButton"
                text: page.checklist ? qsTr("One at a time") : qsTr("As a checklist")
                tone: "accent"
                onClicked: page.checklist = !page.checklist
            }
        }

        // One at a time.
        Label {
            Layout.fillWidth: true
            visible: !page.checklist
            objectName: "currentStep"
            text: assignment.steps[Math.min(page.stepIndex, assignment.steps.length - 1)] ?? ""
            font.pixelSize: Theme.fontStep
            lineHeight: 1.15
            color: Theme.text
            wrapMode: Text.WordWrap
        }
        ProgressLine {
            Layout.fillWidth: true
            visible: !page.checklist
            value: assignment.steps.length > 0 ? (page.stepIndex + 1) / assignment.steps.length : 0
        }
        RowLayout {
            Layout.fillWidth: true
            visible: !page.checklist
            spacing: Theme.spacingS

            QuietAction {
                text: qsTr("Back")
                iconName: "back"
                enabled: page.stepIndex > 0
                onClicked: page.stepIndex--
            }
            Item {
                Layout.fillWidth: true
            }
            ActionButton {
                objectName: "nextStepButton"
                visible: page.stepIndex < assignment.steps.length - 1
                text: qsTr("Next")
                iconName: "forward"
                highlighted: true
                tone: "accent"
                onClicked: page.stepIndex++
            }
        }

        // As a checklist (ticks are for this visit only).
        Repeater {
            model: page.checklist ? assignment.steps : []

            delegate: CheckBox {
                required property string modelData
                required property int index

                Layout.fillWidth: true
                leftPadding: 0
                text: modelData
                Accessible.name: qsTr("Step %1: %2").arg(index + 1).arg(modelData)

                contentItem: Label {
                    leftPadding: parent.indicator.width + parent.spacing
                    text: parent.text
                    color: parent.checked ? Theme.textMuted : Theme.text
                    wrapMode: Text.WordWrap
                    verticalAlignment: Text.AlignVCenter
                }
            }
        }
    }

    ExerciseTimer {
        Layout.fillWidth: true
        visible: assignment.found && assignment.timerMinutes > 0
        minutes: assignment.timerMinutes
    }

    // This due date: done, and the reflection.
    Card {
        Layout.fillWidth: true
        visible: assignment.found && assignment.forMe
        tint: page.doneNow ? Theme.accentSoft : Theme.surface
        outline: page.doneNow ? Theme.accentSoft : Theme.border
        spacing: Theme.spacingM

        Label {
            Layout.fillWidth: true
            text: page.doneNow ? qsTr("Done for %1.").arg(page.currentDate.dateText ?? "")
                               : qsTr("For %1.").arg(page.currentDate.dateText ?? "")
            font.weight: Font.DemiBold
            color: page.doneNow ? Theme.textOnAccentSoft : Theme.text
            wrapMode: Text.WordWrap
        }
        Flow {
            Layout.fillWidth: true
            spacing: Theme.spacingS

            ActionButton {
                visible: !page.doneNow
                objectName: "markAssignmentDoneButton"
                text: qsTr("Mark done")
                iconName: "check"
                highlighted: true
                onClicked: page.markDone()
            }
            ActionButton {
                visible: page.doneNow
                objectName: "reflectButton"
                text: (page.currentDate.people ?? []).some(p => p.mine && p.reflectionId.length > 0)
                      ? qsTr("Edit your reflection") : qsTr("Write a reflection")
                iconName: "note"
                highlighted: true
                tone: "accent"
                onClicked: page.reflect()
            }
            QuietAction {
                visible: page.doneNow
                text: qsTr("Not done after all")
                onClicked: page.error = assignment.reopen(page.current)
            }
        }
        FieldError {
            Layout.fillWidth: true
            text: page.error
        }
    }

    // Every due date, and where each of us stands.
    SectionHeader {
        Layout.fillWidth: true
        Layout.topMargin: Theme.spacingS
        visible: assignment.found
        text: qsTr("Due dates")
        subtitle: assignment.repeatText
    }
    Repeater {
        model: assignment.found ? assignment.dueDates : []

        delegate: Card {
            id: dateCard

            required property var modelData

            Layout.fillWidth: true
            tint: dateCard.modelData.occurrence === page.current ? Theme.surface : Theme.surfaceAlt
            spacing: Theme.spacingS

            RowLayout {
                Layout.fillWidth: true
                spacing: Theme.spacingS

                Label {
                    Layout.fillWidth: true
                    text: dateCard.modelData.dateText
                    font.weight: Font.DemiBold
                    color: Theme.text
                    wrapMode: Text.WordWrap
                }
                QuietAction {
                    visible: assignment.forMe && dateCard.modelData.occurrence !== page.current
                    text: qsTr("Open")
                    tone: "accent"
                    Accessible.name: qsTr("Open the due date of %1").arg(dateCard.modelData.dateText)
                    onClicked: {
                        page.occurrence = dateCard.modelData.occurrence
                        page.error = ""
                        page.flickable.contentY = 0
                    }
                }
            }
            Repeater {
                model: dateCard.modelData.people

                delegate: ColumnLayout {
                    id: person

                    required property var modelData

                    Layout.fillWidth: true
                    spacing: Theme.spacingXs

                    RowLayout {
                        Layout.fillWidth: true
                        spacing: Theme.spacingS

                        Label {
                            Layout.fillWidth: true
                            text: person.modelData.name
                            color: Theme.text
                            wrapMode: Text.WordWrap
                        }
                        Chip {
                            text: person.modelData.statusText
                            tone: person.modelData.status === "done" ? "accent"
                                  : (person.modelData.status === "overdue" ? "warning" : "neutral")
                        }
                    }
                    // My reflection: shared or kept to me, switchable.
                    RowLayout {
                        Layout.fillWidth: true
                        visible: person.modelData.mine && person.modelData.reflectionId.length > 0
                        spacing: Theme.spacingS

                        Icon {
                            implicitWidth: Theme.iconSizeSmall
                            implicitHeight: Theme.iconSizeSmall
                            name: person.modelData.reflectionShared ? "eye" : "lock"
                            color: Theme.textMuted
                        }
                        Label {
                            Layout.fillWidth: true
                            text: person.modelData.reflectionShared
                                  ? qsTr("Your reflection: %1 and %2 see it").arg(assignment.therapistName).arg(Session.partnerName)
                                  : qsTr("Your reflection: only you see it")
                            font.pixelSize: Theme.fontSmall
                            color: Theme.textMuted
                            wrapMode: Text.WordWrap
                        }
                        QuietAction {
                            text: person.modelData.reflectionShared ? qsTr("Keep to me") : qsTr("Share")
                            tone: "accent"
                            Accessible.name: person.modelData.reflectionShared
                                             ? qsTr("Stop sharing your reflection with %1").arg(assignment.therapistName)
                                             : qsTr("Share your reflection with %1").arg(assignment.therapistName)
                            onClicked: page.notify(assignment.setReflectionShared(person.modelData.reflectionId,
                                                                                  !person.modelData.reflectionShared))
                        }
                    }
                    // My partner's reflection, when they shared it.
                    Repeater {
                        model: !person.modelData.mine && person.modelData.reflectionShared ? person.modelData.answers : []

                        delegate: ColumnLayout {
                            id: answer

                            required property var modelData

                            Layout.fillWidth: true
                            Layout.leftMargin: Theme.spacingM
                            spacing: 0

                            Label {
                                Layout.fillWidth: true
                                text: answer.modelData.prompt
                                font.pixelSize: Theme.fontSmall
                                font.weight: Font.DemiBold
                                color: Theme.textMuted
                                wrapMode: Text.WordWrap
                            }
                            Label {
                                Layout.fillWidth: true
                                text: answer.modelData.text
                                color: Theme.text
                                wrapMode: Text.WordWrap
                                textFormat: Text.PlainText
                            }
                        }
                    }
                }
            }
        }
    }

    Label {
        Layout.fillWidth: true
        Layout.topMargin: Theme.spacingS
        visible: assignment.found && assignment.source.length > 0
        text: qsTr("Source: %1").arg(assignment.source)
        font.pixelSize: Theme.fontSmall
        color: Theme.textFaint
        wrapMode: Text.WordWrap
    }
}
