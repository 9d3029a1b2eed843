import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Hearth
import Hearth.Services

// Links a couple: the invite code a partner made in their Hearth, and the address of their
// server. The join runs off the UI thread; the page shows how far it got, then the couple or a
// readable error.
ScrollPage {
    id: page

    function link(): void {
        PracticeSession.link(server.text, code.text)
    }

    title: qsTr("Link a couple")
    objectName: "linkCouplePage"
    pageHeader.showSync: false

    Connections {
        target: PracticeSession

        function onLinkFinished(spaceId: string, error: string): void {
            if (error.length > 0 || !page.visible)
                return
            const stack = page.stack
            stack.pop(null, StackView.Immediate)
            stack.push(Qt.resolvedUrl("CouplePage.qml"), { spaceId: spaceId })
        }
    }

    Label {
        Layout.fillWidth: true
        text: qsTr("One partner creates a therapist invite in their Hearth (Settings, Therapist) and gives you the code and their server's address.")
        color: Theme.textMuted
        wrapMode: Text.WordWrap
    }

    Card {
        Layout.fillWidth: true
        spacing: Theme.spacingM

        FormField {
            label: qsTr("Server address")
            hint: qsTr("As the couple's Hearth shows it, for example https://hearth.example.org")

            TextField {
                id: server

                Layout.fillWidth: true
                objectName: "serverField"
                text: PracticeSession.lastServer
                placeholderText: qsTr("https://…")
                inputMethodHints: Qt.ImhUrlCharactersOnly | Qt.ImhNoAutoUppercase
                enabled: !PracticeSession.linking
                Accessible.name: qsTr("Server address")
                onTextEdited: PracticeSession.clearLinkError()
            }
        }
        FormField {
            label: qsTr("Invite code")

            TextField {
                id: code

                Layout.fillWidth: true
                objectName: "codeField"
                placeholderText: qsTr("The code the couple gave you")
                font.family: Theme.monoFamily
                inputMethodHints: Qt.ImhNoAutoUppercase | Qt.ImhNoPredictiveText
                enabled: !PracticeSession.linking
                Accessible.name: qsTr("Invite code")
                onTextEdited: PracticeSession.clearLinkError()
                onAccepted: page.link()
            }
        }
    }

    Card {
        Layout.fillWidth: true
        tint: Theme.surfaceAlt
        outline: Theme.surfaceAlt

        Label {
            Layout.fillWidth: true
            text: qsTr("Your policy goes to them with the link:")
            font.weight: Font.DemiBold
            color: Theme.text
            wrapMode: Text.WordWrap
        }
        Label {
            Layout.fillWidth: true
            text: PracticeSession.policyText
            color: Theme.textMuted
            font.pixelSize: Theme.fontSmall
            wrapMode: Text.WordWrap
            maximumLineCount: 6
            elide: Text.ElideRight
        }
        Label {
            Layout.fillWidth: true
            text: qsTr("Both partners read and accept it before anything you assign reaches them. You see only what they share with you.")
            color: Theme.textMuted
            font.pixelSize: Theme.fontSmall
            wrapMode: Text.WordWrap
        }
    }

    RowLayout {
        Layout.fillWidth: true
        spacing: Theme.spacingM
        visible: PracticeSession.linking

        BusyIndicator {
            running: PracticeSession.linking
            implicitWidth: Theme.touchTarget
            implicitHeight: Theme.touchTarget
        }
        Label {
            Layout.fillWidth: true
            text: PracticeSession.linkStatus
            color: Theme.textMuted
            wrapMode: Text.WordWrap
        }
    }
    FieldError {
        Layout.fillWidth: true
        objectName: "linkError"
        text: PracticeSession.linkError
    }

    ActionButton {
        Layout.alignment: Qt.AlignRight
        objectName: "linkButton"
        text: qsTr("Link")
        iconName: "people"
        highlighted: true
        enabled: !PracticeSession.linking && server.text.trim().length > 0 && code.text.trim().length > 0
        onClicked: page.link()
    }
}
