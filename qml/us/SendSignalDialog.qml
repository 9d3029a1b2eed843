import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Hearth
import Hearth.Services

// Sends a signal to the partner: one chosen beforehand (openFor(kind, signalId)), or one picked
// here from the built-in kinds and the couple's own. A kind that asks for a time ("Pausing")
// shows a time, half an hour on by default, and how it will read ("back at 20:30"). On success
// it closes and the window says "Sent to Jonas".
AppDialog {
    id: dialog

    property string key
    property string time
    // What openFor chose, or "" to pick here.
    property bool preselected: false
    readonly property var chosen: {
        messages.revision
        const list = messages.sendOptions
        for (let i = 0; i < list.length; ++i)
            if (list[i].key === key)
                return list[i]
        return null
    }
    readonly property bool needsTime: chosen !== null && chosen.asksTime
    readonly property string partner: Session.partnerName.length > 0 ? Session.partnerName : qsTr("your partner")

    signal sent(string text)

    // Opens for a kind ("hug", "pause"...) or "own" with one of our signal ids; "" to pick here.
    function openFor(kind: string, signalId: string): void {
        key = kind === "own" ? "own:" + signalId : kind
        preselected = chosen !== null
        if (!preselected)
            key = ""
        time = messages.defaultTime()
        error = ""
        open()
    }

    function send(): void {
        if (chosen === null) {
            error = qsTr("Choose what to send.")
            return
        }
        const label = chosen.label
        const message = messages.send(chosen.kind, chosen.signalId, needsTime ? time : "")
        if (message.length > 0) {
            error = message
            return
        }
        close()
        sent(label)
        const window = ApplicationWindow.window
        if (window)
            window.notify(qsTr("Sent to %1").arg(partner))
    }

    title: preselected && chosen !== null ? chosen.label : qsTr("Send a signal to %1").arg(partner)
    objectName: "sendSignalDialog"
    primaryText: qsTr("Send")
    primaryEnabled: chosen !== null && !Session.readOnly
    onPrimaryClicked: send()

    SignalMessagesModel {
        id: messages
    }

    Label {
        Layout.fillWidth: true
        visible: !dialog.preselected
        text: qsTr("%1 gets it on their phone straight away, or as soon as they're back online.").arg(dialog.partner)
        color: Theme.textMuted
        wrapMode: Text.WordWrap
    }

    Flow {
        Layout.fillWidth: true
        visible: !dialog.preselected
        spacing: Theme.spacingXs

        Repeater {
            model: messages.sendOptions

            delegate: ChoiceChip {
                required property var modelData

                compact: true
                text: modelData.label
                checked: dialog.key === modelData.key
                onClicked: {
                    dialog.key = modelData.key
                    dialog.error = ""
                    checked = Qt.binding(() => dialog.key === modelData.key)
                }
            }
        }
    }

    Label {
        Layout.fillWidth: true
        visible: dialog.chosen !== null && dialog.chosen.meaning.length > 0
        text: dialog.chosen !== null ? dialog.chosen.meaning : ""
        color: Theme.textMuted
        wrapMode: Text.WordWrap
    }

    FormField {
        visible: dialog.needsTime
        label: qsTr("Back at")
        hint: qsTr("Your time.")

        RowLayout {
            Layout.fillWidth: true
            spacing: Theme.spacingS

            TimeField {
                objectName: "untilField"
                label: qsTr("Back at")
                value: dialog.time
                onTimeEdited: t => {
                    dialog.time = t
                    dialog.error = ""
                }
            }
            Flow {
                Layout.fillWidth: true
                spacing: Theme.spacingXs

                Repeater {
                    model: [15, 30, 60]

                    delegate: ChoiceChip {
                        required property int modelData

                        compact: true
                        checkable: false
                        text: modelData < 60 ? qsTr("+%1 min").arg(modelData) : qsTr("+1 h")
                        Accessible.role: Accessible.Button
                        Accessible.name: modelData < 60 ? qsTr("Back in %1 minutes").arg(modelData) : qsTr("Back in an hour")
                        onClicked: {
                            dialog.time = messages.timeAfter(modelData)
                            dialog.error = ""
                        }
                    }
                }
            }
        }
    }

    // What the partner will read.
    ColumnLayout {
        Layout.fillWidth: true
        visible: dialog.chosen !== null
        spacing: Theme.spacingXs

        Label {
            Layout.fillWidth: true
            text: qsTr("%1 will read").arg(dialog.partner)
            color: Theme.textMuted
            font.pixelSize: Theme.fontSmall
        }
        Rectangle {
            Layout.fillWidth: true
            implicitHeight: preview.implicitHeight + 2 * Theme.spacingM
            radius: Theme.radiusM
            color: Theme.primarySoft

            Label {
                id: preview

                anchors.fill: parent
                anchors.margins: Theme.spacingM
                text: {
                    if (dialog.chosen === null)
                        return ""
                    const name = Session.myName
                    if (dialog.needsTime)
                        return qsTr("%1: %2, %3").arg(name).arg(dialog.chosen.label)
                                                 .arg(messages.withTime(dialog.chosen.timeLabel, dialog.time))
                    return qsTr("%1: %2").arg(name).arg(dialog.chosen.label)
                }
                color: Theme.textOnPrimarySoft
                font.weight: Font.DemiBold
                wrapMode: Text.WordWrap
            }
        }
    }
}
