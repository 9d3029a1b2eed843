import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Hearth
import Hearth.Services

// For the top of Today: the signals the partner sent that are waiting for my answer ("Jonas: I
// need a hug · 2 min ago"), each with the quick replies (a reply that names a time asks for it
// first) and a small way to hide it without answering. Takes no room while there is none.
Card {
    id: card

    readonly property alias count: inbox.count

    function notify(message: string): void {
        const window = ApplicationWindow.window
        if (window && message.length > 0)
            window.notify(message)
    }

    function answer(messageId: string, reply: var): void {
        if (reply.asksTime) {
            timeDialog.openFor(messageId, reply)
            return
        }
        const error = inbox.reply(messageId, reply.id, "")
        notify(error.length > 0 ? error : qsTr("Sent to %1").arg(Session.partnerName))
    }

    function closeDialogs(): void {
        timeDialog.close()
    }

    objectName: "signalInboxCard"
    visible: inbox.count > 0
    tint: Theme.primarySoft
    outline: Theme.primarySoft
    spacing: Theme.spacingM
    Accessible.name: inbox.count === 1 ? qsTr("A signal from %1").arg(Session.partnerName)
                                       : qsTr("%1 signals from %2").arg(inbox.count).arg(Session.partnerName)

    SignalMessagesModel {
        id: inbox

        mode: "inbox"
    }

    // "2 min ago" moves on, and a signal too old to answer leaves.
    Timer {
        interval: 60000
        repeat: true
        running: card.visible
        onTriggered: inbox.refresh()
    }

    Repeater {
        model: inbox

        delegate: ColumnLayout {
            id: message

            required property int index
            required property string messageId
            required property string icon
            required property string text
            required property string meaning
            required property string untilText
            required property string senderName
            required property string agoText

            Layout.fillWidth: true
            spacing: Theme.spacingS

            Rectangle {
                Layout.fillWidth: true
                visible: message.index > 0
                implicitHeight: Theme.hairline
                color: Theme.border
            }
            RowLayout {
                Layout.fillWidth: true
                spacing: Theme.spacingM

                Rectangle {
                    Layout.alignment: Qt.AlignTop
                    implicitWidth: Theme.touchTarget
                    implicitHeight: Theme.touchTarget
                    radius: width / 2
                    color: Theme.surface

                    Icon {
                        anchors.centerIn: parent
                        name: message.icon
                        color: Theme.primary
                    }
                }
                ColumnLayout {
                    Layout.fillWidth: true
                    spacing: Theme.spacingXs / 2

                    Label {
                        Layout.fillWidth: true
                        text: qsTr("%1: %2").arg(message.senderName).arg(message.text)
                        font.pixelSize: Theme.fontBodyLarge
                        font.weight: Font.DemiBold
                        color: Theme.textOnPrimarySoft
                        wrapMode: Text.WordWrap
                    }
                    Label {
                        Layout.fillWidth: true
                        visible: message.meaning.length > 0 || message.untilText.length > 0
                        text: message.untilText.length > 0 ? message.untilText : message.meaning
                        color: Theme.textOnPrimarySoft
                        wrapMode: Text.WordWrap
                    }
                    Label {
                        Layout.fillWidth: true
                        text: qsTr("Sent %1").arg(message.agoText)
                        color: Theme.textOnPrimarySoft
                        opacity: 0.8
                        font.pixelSize: Theme.fontSmall
                    }
                }
                IconButton {
                    Layout.alignment: Qt.AlignTop
                    objectName: "dismissSignalButton"
                    iconName: "close"
                    iconColor: Theme.textOnPrimarySoft
                    tip: qsTr("Hide without answering")
                    onClicked: {
                        const error = inbox.dismiss(message.messageId)
                        card.notify(error)
                    }
                }
            }
            Flow {
                Layout.fillWidth: true
                Layout.leftMargin: Theme.touchTarget + Theme.spacingM
                visible: !Session.readOnly
                spacing: Theme.spacingXs

                Repeater {
                    model: inbox.replies

                    delegate: ChoiceChip {
                        id: replyChip

                        required property var modelData

                        compact: true
                        checkable: false
                        text: modelData.asksTime ? qsTr("%1 …").arg(modelData.label) : modelData.label
                        Accessible.role: Accessible.Button
                        Accessible.name: modelData.asksTime ? qsTr("Reply: %1, at a time").arg(modelData.label)
                                                            : qsTr("Reply: %1").arg(modelData.label)
                        onClicked: card.answer(message.messageId, replyChip.modelData)
                    }
                }
            }
        }
    }

    // A reply that names a time: "Not now, but at 21:00".
    AppDialog {
        id: timeDialog

        property string messageId
        property var reply: ({})
        property string time

        function openFor(id: string, chosen: var): void {
            messageId = id
            reply = chosen
            time = inbox.timeAfter(60)
            open()
        }

        title: reply.label ?? ""
        primaryText: qsTr("Send reply")
        onPrimaryClicked: {
            const error = inbox.reply(messageId, reply.id, time)
            if (error.length > 0) {
                timeDialog.error = error
                return
            }
            close()
            card.notify(qsTr("Sent to %1").arg(Session.partnerName))
        }

        FormField {
            label: qsTr("When?")
            hint: qsTr("Your time. %1 will read: “%2”.").arg(Session.partnerName)
                  .arg(qsTr("%1, %2").arg(timeDialog.reply.label ?? "").arg(inbox.withTime(timeDialog.reply.timeLabel ?? "", timeDialog.time)))

            TimeField {
                label: qsTr("When")
                value: timeDialog.time
                onTimeEdited: t => {
                    timeDialog.time = t
                    timeDialog.error = ""
                }
            }
        }
    }
}
