import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Hearth
import Hearth.Services

// First run: who the two of you are and where you live in time. Errors appear at the field they
// belong to; once the profile is made, Session.hasProfile turns true and Today appears.
ScrollPage {
    id: page

    property var errors: ({})

    function errorFor(field: string): string {
        return errors[field] !== undefined ? String(errors[field]) : ""
    }

    function clearError(field: string): void {
        if (errors[field] === undefined)
            return
        const rest = Object.assign({}, errors)
        delete rest[field]
        errors = rest
    }

    function start(): void {
        // Both names at once, so nobody has to press the button twice to learn about the second;
        // everything else is for the core to judge.
        const local = {}
        if (myName.text.trim().length === 0)
            local.myName = qsTr("Tell us your name (a first name is enough).")
        if (partnerName.text.trim().length === 0)
            local.partnerName = qsTr("Tell us your partner's name.")
        if (Object.keys(local).length > 0) {
            errors = local
            return
        }
        errors = Session.createProfile(myName.text.trim(), myZone.value,
                                       partnerName.text.trim(), partnerZone.value)
    }

    title: qsTr("Welcome")
    showHeader: false
    objectName: "onboardingPage"

    ColumnLayout {
        Layout.fillWidth: true
        Layout.topMargin: page.margin
        spacing: Theme.spacingM

        Rectangle {
            implicitWidth: Theme.iconSizeLarge + Theme.spacingL
            implicitHeight: implicitWidth
            radius: Theme.radiusL
            color: Theme.primary

            Icon {
                anchors.centerIn: parent
                width: Theme.iconSizeLarge * 0.66
                height: width
                name: "flame"
                color: Theme.textOnPrimary
            }
        }
        Label {
            Layout.fillWidth: true
            text: qsTr("Welcome to Hearth")
            font.family: Theme.headingFamily
            font.pixelSize: Theme.fontDisplay
            font.weight: Font.DemiBold
            color: Theme.text
            wrapMode: Text.WordWrap
            Accessible.role: Accessible.Heading
            Accessible.name: text
        }
        Label {
            Layout.fillWidth: true
            text: qsTr("Hearth helps the two of you keep the small rituals that make a relationship feel safe: a proper goodbye, a daily talk, a weekly check-in. Let's start with who you are.")
            font.pixelSize: Theme.fontBodyLarge
            color: Theme.textMuted
            wrapMode: Text.WordWrap
            lineHeight: 1.15
        }
    }

    // Side by side on a desktop, one under the other on a phone.
    GridLayout {
        id: cards

        readonly property real cardWidth: columns > 1 ? (width - columnSpacing) / 2 : width

        Layout.fillWidth: true
        columns: page.width >= Theme.wideBreakpoint ? 2 : 1
        columnSpacing: Theme.spacingL
        rowSpacing: Theme.spacingL

        Card {
            Layout.fillWidth: true
            Layout.fillHeight: true
            Layout.preferredWidth: cards.cardWidth
            spacing: Theme.spacingM

            SectionHeader {
                Layout.fillWidth: true
                text: qsTr("You")
            }
            FormField {
                objectName: "myNameRow"
                label: qsTr("Your name")
                error: page.errorFor("myName")

                TextField {
                    id: myName

                    Layout.fillWidth: true
                    objectName: "myNameField"
                    placeholderText: qsTr("For example Ana")
                    maximumLength: 60
                    focus: true
                    Accessible.name: qsTr("Your name")
                    onTextEdited: page.clearError("myName")
                    onAccepted: partnerName.forceActiveFocus()
                }
            }
            FormField {
                objectName: "myZoneRow"
                label: qsTr("Your time zone")
                error: page.errorFor("myTimeZone")

                TimeZonePicker {
                    id: myZone

                    objectName: "myZonePicker"
                    label: qsTr("Your time zone")
                    value: Session.systemTimeZone
                    onPicked: zone => {
                        if (!partnerZone.touched)
                            partnerZone.value = zone
                    }
                }
            }
            // Side by side the two cards are equally tall; keep the fields at the top.
            Item {
                Layout.fillHeight: true
            }
        }

        Card {
            Layout.fillWidth: true
            Layout.fillHeight: true
            Layout.preferredWidth: cards.cardWidth
            spacing: Theme.spacingM

            SectionHeader {
                Layout.fillWidth: true
                text: qsTr("Your partner")
            }
            FormField {
                objectName: "partnerNameRow"
                label: qsTr("Your partner's name")
                error: page.errorFor("partnerName")

                TextField {
                    id: partnerName

                    Layout.fillWidth: true
                    objectName: "partnerNameField"
                    placeholderText: qsTr("For example Jonas")
                    maximumLength: 60
                    Accessible.name: qsTr("Your partner's name")
                    onTextEdited: page.clearError("partnerName")
                    onAccepted: page.start()
                }
            }
            FormField {
                objectName: "partnerZoneRow"
                label: qsTr("Your partner's time zone")
                hint: qsTr("Another time zone is fine: Hearth shows every time in yours and in theirs.")
                error: page.errorFor("partnerTimeZone")

                TimeZonePicker {
                    id: partnerZone

                    property bool touched: false

                    objectName: "partnerZonePicker"
                    label: qsTr("Your partner's time zone")
                    value: Session.systemTimeZone
                    onPicked: touched = true
                }
            }
        }
    }

    FieldError {
        Layout.fillWidth: true
        text: page.errorFor("form")
    }

    ColumnLayout {
        Layout.fillWidth: true
        spacing: Theme.spacingS

        ActionButton {
            Layout.alignment: Qt.AlignRight
            objectName: "startButton"
            text: qsTr("Start Hearth")
            iconName: "flame"
            highlighted: true
            onClicked: page.start()
        }
        Label {
            Layout.fillWidth: true
            text: qsTr("Everything stays on this device until you choose to sync. Hearth supports your relationship; it is not therapy.")
            font.pixelSize: Theme.fontSmall
            color: Theme.textFaint
            wrapMode: Text.WordWrap
            horizontalAlignment: Text.AlignRight
        }
    }
}
