import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Hearth
import Hearth.Services

// The two of you (names and time zones), sync with your partner, how Hearth looks, your data
// (export, where it lives) and what Hearth is and is not.
ScrollPage {
    id: page

    property var errors: ({})
    property string profileMessage
    property string exportMessage
    property bool followSync: false

    function errorFor(field: string): string {
        return errors[field] !== undefined ? String(errors[field]) : ""
    }

    function saveProfile(): void {
        profileMessage = ""
        errors = Session.updateProfile(myName.text.trim(), myZone.value, partnerName.text.trim(), partnerZone.value)
        if (Object.keys(errors).length === 0)
            profileMessage = qsTr("Saved.")
    }

    // Where the sync indicator leads. A page that was hidden lays itself out again once it shows,
    // so the scroll follows the layout for a moment (until the person scrolls themself).
    function showSync(): void {
        syncSection.refresh()
        followSync = true
        scrollToSync()
        followSyncTimer.restart()
    }

    function scrollToSync(): void {
        const top = syncSection.mapToItem(flickable.contentItem, 0, 0).y - Theme.spacingL
        flickable.contentY = Math.max(0, Math.min(top, flickable.contentHeight - flickable.height))
    }

    function closeDialogs(): void {
        syncSection.closeDialogs()
        therapistSection.closeDialogs()
    }

    // Scrolls to "Your therapist" (the screenshots open it by name), asking to unlink if told.
    function showTherapist(askToUnlink: bool): void {
        scrollToTherapist()
        // Again once the page has laid itself out at its size.
        therapistScroll.restart()
        if (askToUnlink)
            therapistSection.askToUnlink()
    }

    function scrollToTherapist(): void {
        const top = therapistSection.mapToItem(flickable.contentItem, 0, 0).y - Theme.spacingL
        flickable.contentY = Math.max(0, Math.min(top, flickable.contentHeight - flickable.height))
    }

    // Asks before leaving the couple's space (the screenshots open it by name).
    function askToLeave(): void {
        syncSection.askToLeave()
    }

    function resetProfile(): void {
        myName.text = Session.myName
        myZone.value = Session.myTimeZone
        partnerName.text = Session.partnerName
        partnerZone.value = Session.partnerTimeZone
    }

    title: qsTr("Settings")
    objectName: "settingsPage"

    Component.onCompleted: resetProfile()
    onVisibleChanged: if (visible) syncSection.refresh()

    Timer {
        id: therapistScroll

        interval: 150
        onTriggered: page.scrollToTherapist()
    }

    Timer {
        id: followSyncTimer

        interval: 800
        onTriggered: page.followSync = false
    }

    Connections {
        target: syncSection
        enabled: page.followSync

        function onYChanged(): void {
            page.scrollToSync()
        }
    }

    Connections {
        target: page.flickable
        enabled: page.followSync

        function onContentHeightChanged(): void {
            page.scrollToSync()
        }

        function onMovementStarted(): void {
            page.followSync = false
        }
    }

    Connections {
        target: Session

        function onDataChanged(): void {
            if (!myName.activeFocus && !partnerName.activeFocus)
                page.resetProfile()
        }
    }

    Card {
        Layout.fillWidth: true
        spacing: Theme.spacingM

        SectionHeader {
            Layout.fillWidth: true
            text: qsTr("The two of you")
            subtitle: qsTr("Times show in your zone, and in your partner's where it differs.")
        }
        GridLayout {
            id: grid

            Layout.fillWidth: true
            columns: page.columnWidth >= Theme.maxContentWidth * 0.8 ? 2 : 1
            columnSpacing: Theme.spacingL
            rowSpacing: Theme.spacingM

            FormField {
                label: qsTr("Your name")
                error: page.errorFor("myName")

                TextField {
                    id: myName

                    Layout.fillWidth: true
                    objectName: "settingsMyName"
                    maximumLength: 60
                    Accessible.name: qsTr("Your name")
                    onTextEdited: page.profileMessage = ""
                }
            }
            FormField {
                label: qsTr("Your time zone")
                error: page.errorFor("myTimeZone")

                TimeZonePicker {
                    id: myZone

                    label: qsTr("Your time zone")
                }
            }
            FormField {
                label: qsTr("Your partner's name")
                error: page.errorFor("partnerName")

                TextField {
                    id: partnerName

                    Layout.fillWidth: true
                    maximumLength: 60
                    Accessible.name: qsTr("Your partner's name")
                    onTextEdited: page.profileMessage = ""
                }
            }
            FormField {
                label: qsTr("Your partner's time zone")
                error: page.errorFor("partnerTimeZone")

                TimeZonePicker {
                    id: partnerZone

                    label: qsTr("Your partner's time zone")
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

            Label {
                Layout.fillWidth: true
                text: page.profileMessage
                color: Theme.accent
                font.weight: Font.DemiBold
                wrapMode: Text.WordWrap
            }
            ActionButton {
                text: qsTr("Save")
                highlighted: true
                onClicked: page.saveProfile()
            }
        }
    }

    SyncSection {
        id: syncSection

        Layout.fillWidth: true
    }

    TherapistSection {
        id: therapistSection

        Layout.fillWidth: true
        onOpenAssignments: page.StackView.view.push(Qt.resolvedUrl("../care/couple/CarePage.qml"))
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
                    Keys.onReturnPressed: Session.theme = modelData.value
                    Keys.onEnterPressed: Session.theme = modelData.value
                }
            }
        }
    }

    Card {
        Layout.fillWidth: true
        spacing: Theme.spacingM

        SectionHeader {
            Layout.fillWidth: true
            text: qsTr("Your data")
            subtitle: qsTr("Everything lives on this device. Take a copy whenever you like.")
        }
        Flow {
            Layout.fillWidth: true
            spacing: Theme.spacingS

            ActionButton {
                text: qsTr("Export everything (JSON)")
                iconName: "export"
                onClicked: page.exportMessage = Session.exportJson(Session.suggestedExportPath("json"))
            }
            ActionButton {
                text: qsTr("Export all rituals (.ics)")
                iconName: "calendar"
                onClicked: page.exportMessage = Session.exportIcs(Session.suggestedExportPath("ics"), "")
            }
        }
        Label {
            Layout.fillWidth: true
            visible: page.exportMessage.length > 0
            objectName: "exportMessage"
            text: page.exportMessage
            color: Theme.text
            wrapMode: Text.WrapAnywhere
            textFormat: Text.PlainText
        }
        ColumnLayout {
            Layout.fillWidth: true
            spacing: Theme.spacingXs

            Label {
                Layout.fillWidth: true
                text: qsTr("Data folder")
                font.pixelSize: Theme.fontSmall
                font.weight: Font.DemiBold
                color: Theme.textMuted
            }
            TextEdit {
                Layout.fillWidth: true
                text: Session.dataDirectory
                readOnly: true
                selectByMouse: true
                wrapMode: TextEdit.WrapAnywhere
                color: Theme.text
                selectionColor: Theme.primarySoft
                selectedTextColor: Theme.text
                font.family: Theme.monoFamily
                font.pixelSize: Theme.fontSmall
                Accessible.name: qsTr("Data folder: %1").arg(text)
            }
        }
    }

    Card {
        Layout.fillWidth: true

        SectionHeader {
            Layout.fillWidth: true
            text: qsTr("About Hearth")
        }
        Label {
            Layout.fillWidth: true
            text: qsTr("Hearth helps two people keep the small rituals that make a relationship feel safe, and see how they are doing over time.")
            color: Theme.text
            wrapMode: Text.WordWrap
        }
        Rectangle {
            Layout.fillWidth: true
            implicitHeight: notTherapy.implicitHeight + 2 * Theme.spacingM
            radius: Theme.radiusM
            color: Theme.warningSoft

            Label {
                id: notTherapy

                anchors.fill: parent
                anchors.margins: Theme.spacingM
                text: qsTr("Hearth is not therapy and does not replace it. If you feel unsafe with your partner, or either of you is struggling, please reach out to a professional or a local helpline.")
                color: Theme.text
                wrapMode: Text.WordWrap
            }
        }
        ActionButton {
            objectName: "safetyButton"
            text: qsTr("Safety and support")
            iconName: "lifebuoy"
            onClicked: page.StackView.view.push(Qt.resolvedUrl("../us/SafetyPage.qml"))
        }
        Label {
            Layout.fillWidth: true
            text: qsTr("Version %1").arg(Qt.application.version)
            font.pixelSize: Theme.fontSmall
            color: Theme.textFaint
        }
    }
}
