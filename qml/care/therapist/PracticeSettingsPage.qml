pragma ComponentBehavior: Bound

import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Hearth
import Hearth.Services

// The therapist's settings: the name couples see, the time zone, the confidentiality policy,
// where exports go, and the theme.
ScrollPage {
    id: page

    property var errors: ({})
    property bool dirty: false

    function errorFor(field: string): string {
        return errors[field] !== undefined ? String(errors[field]) : ""
    }

    function reset(): void {
        name.text = PracticeSession.name
        zone.value = PracticeSession.timeZone
        policy.kind = PracticeSession.policyKind
        policy.text = PracticeSession.policyText
        errors = {}
        dirty = false
    }

    function save(): void {
        const textChanged = policy.text.trim() !== PracticeSession.policyText
        errors = PracticeSession.updateProfile(name.text, zone.value, policy.kind, policy.text)
        if (Object.keys(errors).length > 0)
            return
        dirty = false
        const window = ApplicationWindow.window
        if (window)
            window.notify(textChanged ? qsTr("Saved. Your couples will be asked to accept the new policy.")
                                      : qsTr("Saved."))
    }

    title: qsTr("Settings")
    titleInContent: true
    objectName: "practiceSettingsPage"
    pageHeader.showSync: false

    Component.onCompleted: reset()

    Label {
        Layout.fillWidth: true
        text: qsTr("Settings")
        font.family: Theme.headingFamily
        font.pixelSize: Theme.fontDisplay
        font.weight: Font.DemiBold
        color: Theme.text
        Accessible.role: Accessible.Heading
        Accessible.name: text
    }

    Card {
        Layout.fillWidth: true
        spacing: Theme.spacingM

        SectionHeader {
            Layout.fillWidth: true
            text: qsTr("You")
        }
        FormField {
            label: qsTr("Your name, as couples see it")
            error: page.errorFor("name")

            TextField {
                id: name

                Layout.fillWidth: true
                maximumLength: 80
                Accessible.name: qsTr("Your name")
                onTextEdited: page.dirty = true
            }
        }
        FormField {
            label: qsTr("Your time zone")
            hint: qsTr("Due dates and the dashboard's days follow it.")
            error: page.errorFor("timeZone")

            TimeZonePicker {
                id: zone

                label: qsTr("Your time zone")
                onPicked: page.dirty = true
            }
        }
    }

    Card {
        Layout.fillWidth: true
        spacing: Theme.spacingM

        SectionHeader {
            Layout.fillWidth: true
            text: qsTr("Confidentiality policy")
        }
        PolicyFields {
            id: policy

            Layout.fillWidth: true
            kindError: page.errorFor("policyKind")
            textError: page.errorFor("policyText")
            onEdited: page.dirty = true
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
        QuietAction {
            visible: page.dirty
            text: qsTr("Undo changes")
            onClicked: page.reset()
        }
        ActionButton {
            objectName: "savePractice"
            text: qsTr("Save")
            iconName: "check"
            highlighted: true
            enabled: page.dirty
            onClicked: page.save()
        }
    }

    Card {
        Layout.fillWidth: true
        spacing: Theme.spacingM

        SectionHeader {
            Layout.fillWidth: true
            text: qsTr("Exports")
            subtitle: qsTr("Each couple's summary, as PDF or HTML, for your records.")
        }
        FormField {
            label: qsTr("Save exports in")

            TextField {
                Layout.fillWidth: true
                text: PracticeSession.exportFolder
                Accessible.name: qsTr("Export folder")
                onEditingFinished: PracticeSession.exportFolder = text
            }
        }
    }

    Card {
        Layout.fillWidth: true

        SectionHeader {
            Layout.fillWidth: true
            text: qsTr("Appearance")
        }
        Flow {
            Layout.fillWidth: true
            spacing: Theme.spacingS

            Repeater {
                model: [
                    { value: "system", text: qsTr("System") },
                    { value: "light", text: qsTr("Light") },
                    { value: "dark", text: qsTr("Dark") }
                ]

                delegate: RadioButton {
                    required property var modelData

                    text: modelData.text
                    checked: Session.theme === modelData.value
                    Accessible.name: qsTr("Theme: %1").arg(text)
                    onClicked: Session.theme = modelData.value
                }
            }
        }
    }

    Label {
        Layout.fillWidth: true
        text: qsTr("Hearth keeps your practice on this computer. Each couple's space holds only what they share with you, and nothing you see travels to anyone else.")
        font.pixelSize: Theme.fontSmall
        color: Theme.textFaint
        wrapMode: Text.WordWrap
    }
}
