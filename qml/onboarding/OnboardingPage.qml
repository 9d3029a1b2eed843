import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Hearth
import Hearth.Services

// First run: first who is starting Hearth, one of a couple or a couples therapist. For a couple:
// who the two of you are and where you live in time; once the profile is made,
// Session.hasProfile turns true and Today appears. For a therapist: the name couples see, the
// time zone and the confidentiality policy; once the practice is made, PracticeSession.exists
// turns true and the therapist's sections appear. Errors appear at the field they belong to.
ScrollPage {
    id: page

    property var errors: ({})
    // "couple" or "therapist".
    property string role: "couple"

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

    function startPractice(): void {
        if (therapistName.text.trim().length === 0) {
            errors = { name: qsTr("Write your name as couples will see it, for example Dr. Ana Ruiz.") }
            return
        }
        errors = PracticeSession.createPractice(therapistName.text.trim(), therapistZone.value, policy.kind, policy.text)
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
            text: page.role === "therapist"
                  ? qsTr("With Hearth you give the couples you see their exercises between sessions, and see what each partner chooses to share with you. Let's set up your practice.")
                  : qsTr("Hearth helps the two of you keep the small rituals that make a relationship feel safe: a proper goodbye, a daily talk, a weekly check-in. Let's start with who you are.")
            font.pixelSize: Theme.fontBodyLarge
            color: Theme.textMuted
            wrapMode: Text.WordWrap
            lineHeight: 1.15
        }
    }

    // Who is starting Hearth: side by side on a desktop, one under the other on a phone.
    GridLayout {
        id: choice

        readonly property real cellWidth: columns > 1 ? (width - columnSpacing) / 2 : width

        Layout.fillWidth: true
        columns: page.width >= Theme.wideBreakpoint ? 2 : 1
        columnSpacing: Theme.spacingL
        rowSpacing: Theme.spacingS

        Repeater {
            model: [
                { role: "couple", icon: "heart", title: qsTr("I'm one of a couple"),
                  text: qsTr("Rituals, check-ins and repair for the two of you, on your own devices.") },
                { role: "therapist", icon: "people", title: qsTr("I'm a couples therapist"),
                  text: qsTr("Give the couples you see exercises between sessions, and read what they choose to share.") }
            ]

            delegate: Card {
                id: roleCard

                required property var modelData
                readonly property bool current: page.role === modelData.role

                Layout.fillWidth: true
                Layout.fillHeight: true
                Layout.preferredWidth: choice.cellWidth
                objectName: modelData.role + "Choice"
                clickable: true
                tint: current ? Theme.primarySoft : Theme.surface
                outline: current ? Theme.primary : Theme.border
                Accessible.role: Accessible.RadioButton
                Accessible.checked: current
                Accessible.name: modelData.title
                onClicked: {
                    page.role = modelData.role
                    page.errors = {}
                }

                RowLayout {
                    Layout.fillWidth: true
                    spacing: Theme.spacingM

                    Icon {
                        Layout.alignment: Qt.AlignTop
                        name: roleCard.modelData.icon
                        color: roleCard.current ? Theme.primary : Theme.textMuted
                    }
                    ColumnLayout {
                        Layout.fillWidth: true
                        spacing: 2

                        Label {
                            Layout.fillWidth: true
                            text: roleCard.modelData.title
                            font.weight: Font.DemiBold
                            font.pixelSize: Theme.fontBodyLarge
                            color: roleCard.current ? Theme.textOnPrimarySoft : Theme.text
                            wrapMode: Text.WordWrap
                        }
                        Label {
                            Layout.fillWidth: true
                            text: roleCard.modelData.text
                            font.pixelSize: Theme.fontSmall
                            color: roleCard.current ? Theme.textOnPrimarySoft : Theme.textMuted
                            wrapMode: Text.WordWrap
                        }
                    }
                }
            }
        }
    }

    // Side by side on a desktop, one under the other on a phone.
    GridLayout {
        id: cards

        readonly property real cardWidth: columns > 1 ? (width - columnSpacing) / 2 : width

        Layout.fillWidth: true
        visible: page.role === "couple"
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

    Card {
        Layout.fillWidth: true
        visible: page.role === "therapist"
        spacing: Theme.spacingM

        SectionHeader {
            Layout.fillWidth: true
            text: qsTr("Your practice")
        }
        FormField {
            objectName: "therapistNameRow"
            label: qsTr("Your name, as couples will see it")
            error: page.errorFor("name")

            TextField {
                id: therapistName

                Layout.fillWidth: true
                objectName: "therapistNameField"
                placeholderText: qsTr("For example Dr. Ana Ruiz")
                maximumLength: 80
                Accessible.name: qsTr("Your name, as couples will see it")
                onTextEdited: page.clearError("name")
            }
        }
        FormField {
            label: qsTr("Your time zone")
            error: page.errorFor("timeZone")

            TimeZonePicker {
                id: therapistZone

                objectName: "therapistZonePicker"
                label: qsTr("Your time zone")
                value: Session.systemTimeZone
            }
        }
    }
    Card {
        Layout.fillWidth: true
        visible: page.role === "therapist"
        spacing: Theme.spacingM

        SectionHeader {
            Layout.fillWidth: true
            text: qsTr("Confidentiality policy")
            subtitle: qsTr("Both partners read it and accept it before anything you assign reaches them.")
        }
        PolicyFields {
            id: policy

            Layout.fillWidth: true
            kindError: page.errorFor("policyKind")
            textError: page.errorFor("policyText")
            onEdited: page.clearError("policyText")
            Component.onCompleted: text = PracticeSession.policyDraft(kind)
        }
    }

    FieldError {
        Layout.fillWidth: true
        text: page.errorFor("form")
    }

    ColumnLayout {
        Layout.fillWidth: true
        visible: page.role === "therapist"
        spacing: Theme.spacingS

        ActionButton {
            Layout.alignment: Qt.AlignRight
            objectName: "startPracticeButton"
            text: qsTr("Set up my practice")
            iconName: "people"
            highlighted: true
            onClicked: page.startPractice()
        }
        Label {
            Layout.fillWidth: true
            text: qsTr("Your practice stays on this computer. You see only what each couple shares with you.")
            font.pixelSize: Theme.fontSmall
            color: Theme.textFaint
            wrapMode: Text.WordWrap
            horizontalAlignment: Text.AlignRight
        }
    }

    ColumnLayout {
        Layout.fillWidth: true
        visible: page.role === "couple"
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
