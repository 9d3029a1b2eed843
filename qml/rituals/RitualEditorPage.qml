pragma ComponentBehavior: Bound

import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Hearth
import Hearth.Services

// Making or changing a ritual: title, kind, purpose, steps and schedule. Everything is checked as
// you edit; a field's error shows once you have touched it (or tried to save). Opened with a
// `ritualId` to edit, a `templateId` to start from the library, or neither for a blank one.
ScrollPage {
    id: page

    property string ritualId
    property string templateId
    property var touched: ({})
    property bool saveAttempted: false
    property alias editor: ritualEditor
    property bool wasNew: true

    function errorFor(field: string): string {
        if (!saveAttempted && !touched[field])
            return ""
        const message = ritualEditor.errors[field]
        return message === undefined ? "" : String(message)
    }

    function touch(field: string): void {
        if (!touched[field]) {
            const t = Object.assign({}, touched)
            t[field] = true
            touched = t
        }
        ritualEditor.check()
    }

    function save(): void {
        saveAttempted = true
        wasNew = ritualEditor.isNew
        if (!ritualEditor.save() && ApplicationWindow.window) {
            // A refusal of the whole save (a read-only copy, say) is said as the core says it.
            const form = ritualEditor.errors["form"]
            ApplicationWindow.window.notify(form !== undefined ? String(form)
                                                               : qsTr("Some fields need a look before this can be saved."))
        }
    }

    title: ritualEditor.isNew ? (templateId.length > 0 ? qsTr("Make it yours") : qsTr("New ritual"))
                              : qsTr("Edit ritual")
    objectName: "ritualEditorPage"

    headerActions: [
        ActionButton {
            objectName: "saveButton"
            text: qsTr("Save")
            highlighted: true
            onClicked: page.save()
        }
    ]

    Component.onCompleted: {
        if (ritualId.length > 0)
            ritualEditor.loadRitual(ritualId)
        else if (templateId.length > 0)
            ritualEditor.loadTemplate(templateId)
    }

    RitualEditor {
        id: ritualEditor

        onSaved: id => {
            const window = page.ApplicationWindow.window
            if (window)
                window.notify(page.wasNew ? qsTr("Saved. It is on Today from now on.") : qsTr("Saved."))
            if (!page.stack)
                return
            if (page.wasNew)
                page.stack.replace(Qt.resolvedUrl("RitualDetailPage.qml"), { ritualId: id })
            else
                page.stack.pop()
        }
    }

    Label {
        Layout.fillWidth: true
        visible: page.templateId.length > 0 && ritualEditor.isNew
        text: qsTr("This is the library's version. Change anything so it fits the two of you; the times are in your time zone.")
        color: Theme.textMuted
        wrapMode: Text.WordWrap
    }

    Card {
        Layout.fillWidth: true
        spacing: Theme.spacingM

        SectionHeader {
            Layout.fillWidth: true
            text: qsTr("What")
        }
        FormField {
            objectName: "titleRow"
            label: qsTr("Title")
            error: page.errorFor("title")

            TextField {
                Layout.fillWidth: true
                objectName: "titleField"
                text: ritualEditor.title
                placeholderText: qsTr("For example Sunday walk")
                Accessible.name: qsTr("Title")
                onTextEdited: {
                    ritualEditor.title = text
                    page.touch("title")
                }
            }
        }
        FormField {
            objectName: "kindRow"
            label: qsTr("Kind")
            error: page.errorFor("kind")

            AppComboBox {
                Layout.fillWidth: true
                objectName: "kindBox"
                model: Labels.kinds.map(k => Labels.kindLabel(k))
                currentIndex: Labels.kinds.indexOf(ritualEditor.kind)
                Accessible.name: qsTr("Kind: %1").arg(currentText)
                onActivated: index => {
                    ritualEditor.kind = Labels.kinds[index]
                    page.touch("kind")
                }
            }
        }
        FormField {
            objectName: "purposeRow"
            label: qsTr("Why you keep it")
            hint: qsTr("Which need it serves, in your own words.")
            error: page.errorFor("purpose")

            TextArea {
                Layout.fillWidth: true
                objectName: "purposeField"
                text: ritualEditor.purpose
                placeholderText: qsTr("So that each of us feels…")
                wrapMode: TextEdit.Wrap
                Accessible.name: qsTr("Why you keep it")
                Keys.onTabPressed: nextItemInFocusChain().forceActiveFocus()
                onTextChanged: {
                    if (activeFocus && text !== ritualEditor.purpose) {
                        ritualEditor.purpose = text
                        page.touch("purpose")
                    }
                }
            }
        }
    }

    Card {
        Layout.fillWidth: true

        SectionHeader {
            Layout.fillWidth: true
            text: qsTr("Steps")
            subtitle: qsTr("Short and concrete, in the order you do them.")
        }
        StepsEditor {
            Layout.fillWidth: true
            editor: ritualEditor
            onChanged: page.touch("steps")
        }
        FieldError {
            Layout.fillWidth: true
            text: page.errorFor("steps")
        }
    }

    Card {
        Layout.fillWidth: true

        SectionHeader {
            Layout.fillWidth: true
            text: qsTr("When")
        }
        ScheduleEditor {
            Layout.fillWidth: true
            objectName: "scheduleEditor"
            editor: ritualEditor
            errorFor: field => page.errorFor(field)
            onChanged: field => page.touch(field)
        }
    }

    FieldError {
        Layout.fillWidth: true
        text: page.errorFor("form")
    }

    RowLayout {
        Layout.fillWidth: true
        spacing: Theme.spacingS

        Item {
            Layout.fillWidth: true
        }
        ActionButton {
            text: qsTr("Cancel")
            flat: true
            visible: page.stack !== null && page.stack.depth > 1
            onClicked: page.stack.pop()
        }
        ActionButton {
            text: ritualEditor.isNew ? qsTr("Save ritual") : qsTr("Save changes")
            iconName: "check"
            highlighted: true
            onClicked: page.save()
        }
    }
}
