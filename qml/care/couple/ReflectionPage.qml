pragma ComponentBehavior: Bound

import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Hearth
import Hearth.Services

// My reflection on one due date of an assignment: the exercise's questions, one field each, and
// whether the therapist sees it (not unless I say so). Shared, it is the couple's too: my partner
// sees it as well, and the page says so before I choose.
ScrollPage {
    id: page

    property string assignmentId
    property int occurrence: -1
    // Opened right after "Mark done": says so, and "Not now" is as good an answer as any.
    property bool justDone: false
    property var texts: []
    property bool shared: false
    property bool hadOne: false
    property string error
    readonly property var dueDate: assignment.found ? assignment.dueDate(occurrence) : ({})
    readonly property string therapist: assignment.therapistName
    readonly property string partner: Session.partnerName.length > 0 ? Session.partnerName : qsTr("your partner")

    function load(): void {
        const r = assignment.reflection(occurrence)
        texts = r.texts
        shared = r.shared
        hadOne = r.reflectionId.length > 0
    }

    function save(): void {
        error = assignment.writeReflection(occurrence, texts, shared)
        if (error.length > 0)
            return
        const window = ApplicationWindow.window
        if (window)
            window.notify(shared ? qsTr("Saved and shared with %1.").arg(therapist) : qsTr("Saved. Only you see it."))
        page.StackView.view.pop()
    }

    title: qsTr("Reflection")
    objectName: "reflectionPage"

    Component.onCompleted: {
        if (assignmentId.length === 0) {
            const first = care.firstDue()
            if (first.assignmentId !== undefined) {
                assignmentId = first.assignmentId
                occurrence = first.occurrence
            }
        }
        if (occurrence < 0)
            occurrence = Math.max(0, assignment.nextOccurrence)
        load()
    }

    CoupleCare {
        id: care
    }
    CoupleAssignment {
        id: assignment

        assignmentId: page.assignmentId
    }

    EmptyState {
        Layout.fillWidth: true
        Layout.topMargin: Theme.spacingXxl
        visible: !assignment.found
        icon: "note"
        title: qsTr("This assignment is not here")
        text: qsTr("Your therapist may have withdrawn it, or the link with them has ended.")
    }

    ColumnLayout {
        Layout.fillWidth: true
        visible: assignment.found
        spacing: Theme.spacingXs

        Label {
            Layout.fillWidth: true
            visible: page.justDone
            text: qsTr("Marked done. Well done.")
            color: Theme.accent
            font.weight: Font.DemiBold
            wrapMode: Text.WordWrap
        }
        Label {
            Layout.fillWidth: true
            text: qsTr("How did it go?")
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
            text: qsTr("%1, %2").arg(assignment.title).arg(page.dueDate.dateText ?? "")
            color: Theme.textMuted
            wrapMode: Text.WordWrap
        }
        Label {
            Layout.fillWidth: true
            Layout.topMargin: Theme.spacingXs
            text: qsTr("Write as much or as little as you like. Answer one question, or all of them.")
            font.pixelSize: Theme.fontSmall
            color: Theme.textMuted
            wrapMode: Text.WordWrap
        }
    }

    Repeater {
        model: assignment.found ? assignment.prompts : []

        delegate: ColumnLayout {
            id: field

            required property string modelData
            required property int index

            Layout.fillWidth: true
            spacing: Theme.spacingXs

            Label {
                Layout.fillWidth: true
                text: field.modelData
                font.weight: Font.DemiBold
                color: Theme.text
                wrapMode: Text.WordWrap
            }
            TextArea {
                Layout.fillWidth: true
                Layout.minimumHeight: Theme.touchTarget * 2
                objectName: "reflectionAnswer" + field.index
                text: page.texts[field.index] ?? ""
                wrapMode: TextEdit.Wrap
                placeholderText: qsTr("Your answer")
                Accessible.name: field.modelData
                onTextChanged: {
                    if ((page.texts[field.index] ?? "") === text)
                        return
                    const next = page.texts.slice()
                    next[field.index] = text
                    page.texts = next
                }
            }
        }
    }

    Card {
        Layout.fillWidth: true
        visible: assignment.found
        tint: page.shared ? Theme.accentSoft : Theme.surfaceAlt
        outline: page.shared ? Theme.accentSoft : Theme.border
        spacing: Theme.spacingXs

        RowLayout {
            Layout.fillWidth: true
            spacing: Theme.spacingM

            Icon {
                Layout.alignment: Qt.AlignVCenter
                implicitWidth: Theme.iconSize
                implicitHeight: Theme.iconSize
                name: page.shared ? "eye" : "lock"
                color: page.shared ? Theme.accent : Theme.textMuted
            }
            Switch {
                Layout.fillWidth: true
                objectName: "shareReflectionSwitch"
                leftPadding: 0
                text: qsTr("Let %1 see this").arg(page.therapist)
                checked: page.shared
                Accessible.name: text
                onToggled: page.shared = checked
            }
        }
        Label {
            Layout.fillWidth: true
            Layout.leftMargin: Theme.iconSize + Theme.spacingM
            objectName: "shareReflectionHint"
            text: page.shared
                  ? qsTr("%1 sees it, and so does %2: what you share with your therapist is shared with the two of you. You can stop sharing it later.").arg(page.therapist).arg(page.partner)
                  : qsTr("Private: only you see it, on your own devices. You can share it later.")
            color: page.shared ? Theme.textOnAccentSoft : Theme.textMuted
            font.pixelSize: Theme.fontSmall
            wrapMode: Text.WordWrap
        }
    }

    FieldError {
        Layout.fillWidth: true
        text: page.error
    }

    RowLayout {
        Layout.fillWidth: true
        visible: assignment.found
        spacing: Theme.spacingS

        Item {
            Layout.fillWidth: true
        }
        QuietAction {
            text: page.justDone && !page.hadOne ? qsTr("Not now") : qsTr("Cancel")
            onClicked: page.StackView.view.pop()
        }
        ActionButton {
            objectName: "saveReflectionButton"
            text: qsTr("Save")
            highlighted: true
            onClicked: page.save()
        }
    }
}
