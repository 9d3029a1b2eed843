import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Hearth

// An invite code, large and selectable, with a Copy button and what the other side does with it.
// `role` is "partner", "device" (another device of mine) or "therapist" (the couple's therapist).
Rectangle {
    id: box

    property string code
    property string role: "partner"
    property bool copied: false

    signal done()

    implicitHeight: column.implicitHeight + 2 * Theme.spacingL
    radius: Theme.radiusM
    color: Theme.accentSoft
    onCodeChanged: copied = false

    ColumnLayout {
        id: column

        anchors.fill: parent
        anchors.margins: Theme.spacingL
        spacing: Theme.spacingS

        Label {
            Layout.fillWidth: true
            text: box.role === "device" ? qsTr("Code for your other device")
                  : box.role === "therapist" ? qsTr("Code for your therapist") : qsTr("Code for your partner")
            font.weight: Font.DemiBold
            color: Theme.textOnAccentSoft
            wrapMode: Text.WordWrap
        }
        TextMetrics {
            id: fullWidth

            font.family: Theme.monoFamily
            font.pixelSize: Theme.fontCode
            font.weight: Font.DemiBold
            text: box.code
        }
        TextEdit {
            id: codeText

            readonly property bool oneLine: fullWidth.advanceWidth <= width

            Layout.fillWidth: true
            objectName: "inviteCode"
            // On one line where it fits; else in two even halves (a dash before a digit is no
            // break opportunity, so wrapping alone would split it unevenly).
            text: {
                if (oneLine)
                    return box.code
                const groups = box.code.split("-")
                const half = Math.ceil(groups.length / 2)
                return groups.slice(0, half).join("-") + "-\n" + groups.slice(half).join("-")
            }
            readOnly: true
            selectByMouse: true
            selectByKeyboard: true
            activeFocusOnTab: true
            wrapMode: TextEdit.Wrap
            color: Theme.text
            selectionColor: Theme.primarySoft
            selectedTextColor: Theme.text
            font.family: Theme.monoFamily
            font.pixelSize: oneLine ? Theme.fontCode : Theme.fontCodeSmall
            font.weight: Font.DemiBold
            Accessible.role: Accessible.StaticText
            Accessible.name: qsTr("Invite code: %1").arg(box.code)
        }
        // What Copy puts on the clipboard: the code as one line, whatever the display does.
        TextEdit {
            id: clipboardText

            visible: false
            text: box.code
            readOnly: true
        }
        Label {
            Layout.fillWidth: true
            text: qsTr("Valid for 24 hours, and only once.")
            color: Theme.textOnAccentSoft
            font.pixelSize: Theme.fontSmall
            wrapMode: Text.WordWrap
        }
        Label {
            Layout.fillWidth: true
            text: box.role === "device"
                  ? qsTr("On your other device, open Settings, choose “I have an invite code” and enter it there.")
                  : box.role === "therapist"
                  ? qsTr("Your therapist enters it in their Hearth, when they add a couple. Give it to them in person or in a message only they read.")
                  : qsTr("On your partner's device, they open Settings, choose “I have an invite code” and enter it there. Say it aloud or send it in a message only the two of you read.")
            color: Theme.text
            font.pixelSize: Theme.fontSmall
            wrapMode: Text.WordWrap
        }
        Flow {
            Layout.fillWidth: true
            spacing: Theme.spacingS

            ActionButton {
                objectName: "copyInviteButton"
                text: box.copied ? qsTr("Copied") : qsTr("Copy")
                iconName: box.copied ? "check" : "copy"
                tone: "accent"
                highlighted: true
                Accessible.name: qsTr("Copy the invite code")
                onClicked: {
                    clipboardText.selectAll()
                    clipboardText.copy()
                    clipboardText.deselect()
                    box.copied = true
                }
            }
            ActionButton {
                text: qsTr("Done")
                flat: true
                tone: "accent"
                Accessible.name: qsTr("Done with the invite code")
                onClicked: box.done()
            }
        }
    }
}
