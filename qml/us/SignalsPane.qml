import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Hearth
import Hearth.Services

// The Signals tab of Us: one-tap buttons that send the partner a short signal (a kind that asks
// for a time opens the send dialog first), the signals waiting for an answer, the couple's own
// signals ("ours"), examples to start from, and the recent messages with their replies.
Item {
    id: pane

    property var stack
    readonly property real columnWidth: Theme.columnWidth(width)
    readonly property int margin: Theme.pageMargin(width)
    readonly property string partner: Session.partnerName.length > 0 ? Session.partnerName : qsTr("your partner")

    function push(file: string, properties: var, immediate: bool): bool {
        if (!stack)
            return false
        if (immediate)
            stack.push(Qt.resolvedUrl(file), properties, StackView.Immediate)
        else
            stack.push(Qt.resolvedUrl(file), properties)
        return true
    }

    function notify(message: string): void {
        const window = ApplicationWindow.window
        if (window && message.length > 0)
            window.notify(message)
    }

    // Called by the window's showPage: "signals", "propose-signal", "send-signal" ({kind}, else
    // the first kind that asks for a time) and "signal-history".
    function show(name: string, options: var): bool {
        const opts = options ?? {}
        switch (name) {
        case "signals":
            return true
        case "propose-signal":
            return push("SignalEditorPage.qml", {}, true)
        case "send-signal": {
            const kind = opts.kind ?? messages.firstTimedKind
            if (kind.length === 0)
                return false
            sendDialog.openFor(kind, opts.signalId ?? "")
            return true
        }
        case "signal-history":
            return push("SignalHistoryPage.qml", {}, true)
        }
        return false
    }

    function closeDialogs(): void {
        sendDialog.close()
        retireDialog.close()
    }

    function sendNow(option: var): void {
        if (option.asksTime) {
            sendDialog.openFor(option.kind, option.signalId)
            return
        }
        const error = messages.send(option.kind, option.signalId, "")
        notify(error.length > 0 ? error : qsTr("Sent to %1").arg(partner))
    }

    function accept(signalId: string): void {
        const error = ours.accept(signalId)
        notify(error.length > 0 ? error : qsTr("It's yours now, on both your devices."))
    }

    SignalsModel {
        id: ours

        statusFilter: "ours"
    }
    SignalsModel {
        id: waiting

        statusFilter: "proposed"
    }
    SignalMessagesModel {
        id: messages

        limit: 5
    }

    // The "2 min ago" texts and the history, fresh while the tab is seen.
    Timer {
        interval: 60000
        repeat: true
        running: pane.visible
        onTriggered: messages.refresh()
    }

    Flickable {
        id: flick

        anchors.fill: parent
        contentWidth: width
        contentHeight: column.implicitHeight + 2 * pane.margin
        boundsBehavior: Flickable.StopAtBounds
        ScrollBar.vertical: ScrollBar {}

        ColumnLayout {
            id: column

            x: (flick.width - width) / 2
            y: pane.margin
            width: pane.columnWidth
            spacing: Theme.spacingL

            Label {
                Layout.fillWidth: true
                text: qsTr("One tap tells %1 what you need, without having to find the words in a hard moment.").arg(pane.partner)
                color: Theme.textMuted
                wrapMode: Text.WordWrap
            }
            ReadOnlyBanner {
                Layout.fillWidth: true
            }

            // --- Send ---------------------------------------------------------------------------
            GridLayout {
                Layout.fillWidth: true
                visible: !Session.readOnly
                columns: pane.columnWidth >= 600 ? 4 : 2
                columnSpacing: Theme.spacingS
                rowSpacing: Theme.spacingS

                Repeater {
                    model: messages.sendOptions

                    delegate: SignalSendButton {
                        required property var modelData

                        Layout.fillWidth: true
                        Layout.fillHeight: true
                        Layout.preferredWidth: 1
                        objectName: "send_" + modelData.key
                        text: modelData.label
                        caption: modelData.meaning
                        iconName: modelData.icon
                        own: modelData.kind === "own"
                        asksTime: modelData.asksTime
                        onClicked: pane.sendNow(modelData)
                    }
                }
            }

            // --- Waiting ------------------------------------------------------------------------
            SectionHeader {
                Layout.fillWidth: true
                Layout.topMargin: Theme.spacingS
                visible: waiting.count > 0
                text: qsTr("Waiting for an answer")
                subtitle: waiting.awaitingMeCount > 0
                          ? qsTr("%1 asked you. A signal is yours once you both say yes to the same words.").arg(pane.partner)
                          : qsTr("A signal is yours once you both say yes to the same words.")
            }
            Repeater {
                model: waiting

                delegate: SharedSignalCard {
                    Layout.fillWidth: true
                    onAcceptClicked: id => pane.accept(id)
                    onChangeClicked: id => pane.push("SignalEditorPage.qml", { signalId: id }, false)
                    onRetireClicked: (id, word) => retireDialog.openFor(id, word)
                }
            }

            // --- Ours ---------------------------------------------------------------------------
            SectionHeader {
                Layout.fillWidth: true
                Layout.topMargin: Theme.spacingS
                text: qsTr("Our signals")
                subtitle: ours.count > 0
                          ? qsTr("Code words and gestures you both agreed on. Each one is also a button above.")
                          : qsTr("A word or gesture that means the same to both of you, for when it's hard to say more.")

                ActionButton {
                    visible: !Session.readOnly
                    objectName: "proposeSignalButton"
                    text: qsTr("Propose")
                    iconName: "add"
                    flat: true
                    onClicked: pane.push("SignalEditorPage.qml", {}, false)
                }
            }
            Repeater {
                model: ours

                delegate: SharedSignalCard {
                    Layout.fillWidth: true
                    onAcceptClicked: id => pane.accept(id)
                    onChangeClicked: id => pane.push("SignalEditorPage.qml", { signalId: id }, false)
                    onRetireClicked: (id, word) => retireDialog.openFor(id, word)
                }
            }

            // Examples to start from, while the couple has few of their own.
            ColumnLayout {
                Layout.fillWidth: true
                visible: !Session.readOnly && ours.count + waiting.count < 3 && ours.suggestions.length > 0
                spacing: Theme.spacingS

                Label {
                    Layout.fillWidth: true
                    text: qsTr("Start from an example")
                    color: Theme.textMuted
                    font.pixelSize: Theme.fontSmall
                    font.weight: Font.DemiBold
                }
                Repeater {
                    model: ours.suggestions.slice(0, 3)

                    delegate: Card {
                        required property var modelData

                        Layout.fillWidth: true
                        clickable: true
                        padding: Theme.spacingM
                        spacing: Theme.spacingXs / 2
                        Accessible.name: qsTr("Start from “%1”: %2").arg(modelData.word).arg(modelData.meaning)
                        onClicked: pane.push("SignalEditorPage.qml", { word: modelData.word, meaning: modelData.meaning }, false)

                        RowLayout {
                            Layout.fillWidth: true
                            spacing: Theme.spacingM

                            ColumnLayout {
                                Layout.fillWidth: true
                                spacing: Theme.spacingXs / 2

                                Label {
                                    Layout.fillWidth: true
                                    text: modelData.word
                                    font.weight: Font.DemiBold
                                    color: Theme.text
                                    wrapMode: Text.WordWrap
                                }
                                Label {
                                    Layout.fillWidth: true
                                    text: modelData.meaning
                                    color: Theme.textMuted
                                    font.pixelSize: Theme.fontSmall
                                    wrapMode: Text.WordWrap
                                }
                            }
                            Icon {
                                name: "add"
                                color: Theme.primary
                            }
                        }
                    }
                }
            }

            // --- Recent messages -----------------------------------------------------------------
            SectionHeader {
                Layout.fillWidth: true
                Layout.topMargin: Theme.spacingS
                text: qsTr("Recent")

                ActionButton {
                    visible: messages.count > 0
                    objectName: "signalHistoryButton"
                    text: qsTr("See all")
                    flat: true
                    onClicked: pane.push("SignalHistoryPage.qml", {}, false)
                }
            }
            Card {
                Layout.fillWidth: true
                spacing: Theme.spacingM

                Label {
                    Layout.fillWidth: true
                    visible: messages.count === 0
                    text: qsTr("Nothing sent yet. What you send and what comes back shows here.")
                    color: Theme.textMuted
                    wrapMode: Text.WordWrap
                }
                Repeater {
                    model: messages

                    delegate: SignalMessageRow {
                        Layout.fillWidth: true
                    }
                }
            }
        }
    }

    SendSignalDialog {
        id: sendDialog
    }

    AppDialog {
        id: retireDialog

        property string signalId
        property string word

        function openFor(id: string, text: string): void {
            signalId = id
            word = text
            open()
        }

        title: qsTr("Retire “%1”?").arg(word)
        primaryText: qsTr("Retire")
        primaryTone: "danger"
        onPrimaryClicked: {
            const error = ours.retire(signalId)
            if (error.length > 0) {
                retireDialog.error = error
                return
            }
            close()
            pane.notify(qsTr("“%1” is retired.").arg(word))
        }

        Label {
            Layout.fillWidth: true
            text: qsTr("It goes from your signals on both your devices. Messages already sent stay in your history.")
            color: Theme.textMuted
            wrapMode: Text.WordWrap
        }
    }
}
