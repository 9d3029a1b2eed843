pragma ComponentBehavior: Bound

import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Hearth
import Hearth.Services

// One partner's answer to one question of a revealed check-in, under their name in their colour,
// with the replies to it. Under the partner's answer: say thank you, or reply in a few words.
// `answer` is CheckInFlow.comparison[i].mine or .partner; the replies to it are in
// CheckInFlow.replies under "<answerOf>/<questionId>".
ColumnLayout {
    id: view

    required property var answer
    required property string kind
    required property string name
    required property color colour
    required property string questionId
    // "me" or "partner": whose answer this is.
    required property string answerOf
    property CheckInFlow flow
    property bool canReply: false

    readonly property string errorKey: "reply/" + answerOf + "/" + questionId
    readonly property var replies: flow ? (flow.replies[answerOf + "/" + questionId] ?? []) : []
    readonly property bool thankedAlready: {
        const replies = view.replies
        for (let i = 0; i < replies.length; ++i) {
            if (replies[i].mine && replies[i].kind === "thanks")
                return true
        }
        return false
    }

    // A message in the window's snackbar (there is none when a test shows the page alone).
    function notify(message: string): void {
        const window = ApplicationWindow.window
        if (window && typeof window.notify === "function")
            window.notify(message)
    }

    function send(kind: string, text: string): void {
        if (!flow)
            return
        const error = flow.reply(answerOf, questionId, kind, text)
        if (error.length === 0) {
            replyArea.text = ""
            replyBox.visible = false
            if (kind === "thanks")
                notify(qsTr("Thank you sent to %1.").arg(view.name))
        }
    }

    spacing: Theme.spacingS

    RowLayout {
        Layout.fillWidth: true
        spacing: Theme.spacingS

        Rectangle {
            implicitWidth: Theme.dotSize
            implicitHeight: Theme.dotSize
            radius: width / 2
            color: view.colour
        }
        Label {
            Layout.fillWidth: true
            text: view.name
            font.pixelSize: Theme.fontSmall
            font.weight: Font.DemiBold
            color: Theme.textMuted
            elide: Text.ElideRight
        }
    }

    Label {
        Layout.fillWidth: true
        visible: !view.answer.answered
        text: qsTr("No answer")
        font.italic: true
        color: Theme.textFaint
    }

    // A scale: the number large, in the person's colour, with the words for both ends.
    RowLayout {
        Layout.fillWidth: true
        visible: view.answer.answered && view.answer.value >= 0
        spacing: Theme.spacingM

        Rectangle {
            implicitWidth: Theme.touchTarget
            implicitHeight: Theme.touchTarget
            radius: width / 2
            color: view.colour

            Label {
                anchors.centerIn: parent
                text: String(view.answer.value)
                font.pixelSize: Theme.fontTitle
                font.weight: Font.Bold
                color: Theme.surface
            }
        }
        ColumnLayout {
            Layout.fillWidth: true
            spacing: 0

            Label {
                Layout.fillWidth: true
                text: view.answer.max > 0 ? qsTr("%1 of %2").arg(view.answer.value).arg(view.answer.max) : view.answer.text
                font.weight: Font.DemiBold
                color: Theme.text
            }
            Label {
                Layout.fillWidth: true
                visible: view.answer.minLabel.length > 0
                text: qsTr("%1 %2 · %3 %4").arg(view.answer.min).arg(view.answer.minLabel)
                                            .arg(view.answer.max).arg(view.answer.maxLabel)
                font.pixelSize: Theme.fontCaption
                color: Theme.textFaint
                wrapMode: Text.WordWrap
            }
        }
    }

    // Words: free text (and any answer without a kind of its own).
    Label {
        Layout.fillWidth: true
        visible: view.answer.answered && view.answer.value < 0 && view.answer.items.length === 0
                 && view.answer.parts.length === 0
        text: view.answer.text
        color: Theme.text
        wrapMode: Text.WordWrap
        textFormat: Text.PlainText
    }

    // Needs, as chips.
    Flow {
        Layout.fillWidth: true
        visible: view.kind === "needs" && view.answer.items.length > 0
        spacing: Theme.spacingXs

        Repeater {
            model: view.kind === "needs" ? view.answer.items : []

            delegate: Chip {
                required property string modelData

                text: modelData
                tone: "primary"
            }
        }
    }

    // Appreciations, one per line.
    Repeater {
        model: view.kind !== "needs" ? view.answer.items : []

        delegate: RowLayout {
            id: item

            required property string modelData

            Layout.fillWidth: true
            spacing: Theme.spacingS

            Icon {
                Layout.alignment: Qt.AlignTop
                Layout.topMargin: Theme.spacingXs / 2
                implicitWidth: Theme.iconSizeSmall
                implicitHeight: Theme.iconSizeSmall
                name: "heart"
                color: view.colour
            }
            Label {
                Layout.fillWidth: true
                text: item.modelData
                color: Theme.text
                wrapMode: Text.WordWrap
                textFormat: Text.PlainText
            }
        }
    }

    // "I feel … about … I need …", each part under its words.
    Repeater {
        model: view.answer.parts

        delegate: ColumnLayout {
            id: part

            required property var modelData

            Layout.fillWidth: true
            spacing: 0

            Label {
                Layout.fillWidth: true
                text: part.modelData.label
                font.pixelSize: Theme.fontCaption
                font.weight: Font.DemiBold
                color: Theme.textMuted
            }
            Label {
                Layout.fillWidth: true
                text: part.modelData.text
                color: Theme.text
                wrapMode: Text.WordWrap
                textFormat: Text.PlainText
            }
        }
    }

    // The replies to this answer.
    Repeater {
        model: view.replies

        delegate: RowLayout {
            id: reply

            required property var modelData

            Layout.fillWidth: true
            Layout.leftMargin: Theme.spacingS
            spacing: Theme.spacingS

            Icon {
                Layout.alignment: Qt.AlignTop
                Layout.topMargin: Theme.spacingXs / 2
                implicitWidth: Theme.iconSizeSmall
                implicitHeight: Theme.iconSizeSmall
                name: reply.modelData.kind === "thanks" ? "heart" : "reply"
                color: reply.modelData.colour
                filled: reply.modelData.kind === "thanks"
            }
            Label {
                Layout.fillWidth: true
                text: reply.modelData.kind === "thanks"
                      ? (reply.modelData.mine ? qsTr("You said thank you") : qsTr("%1 said thank you").arg(reply.modelData.memberName))
                      : qsTr("<b>%1</b> %2").arg(reply.modelData.mine ? qsTr("You:") : reply.modelData.memberName + ":")
                                            .arg(reply.modelData.text.replace(/&/g, "&amp;").replace(/</g, "&lt;"))
                textFormat: reply.modelData.kind === "thanks" ? Text.PlainText : Text.StyledText
                font.pixelSize: Theme.fontSmall
                color: Theme.textMuted
                wrapMode: Text.WordWrap
            }
        }
    }

    Flow {
        Layout.fillWidth: true
        // The flat buttons' icons line up with the answer above them.
        Layout.leftMargin: -(Theme.spacingL + Theme.spacingXs / 2)
        visible: view.canReply && !replyBox.visible
        spacing: Theme.spacingXs

        ActionButton {
            visible: !view.thankedAlready
            text: qsTr("Thank you")
            iconName: "heart"
            flat: true
            Accessible.name: qsTr("Thank %1 for this answer").arg(view.name)
            onClicked: view.send("thanks", "")
        }
        ActionButton {
            objectName: "replyButton"
            text: qsTr("Reply")
            iconName: "reply"
            flat: true
            Accessible.name: qsTr("Reply to %1").arg(view.name)
            onClicked: {
                replyBox.visible = true
                replyArea.forceActiveFocus()
            }
        }
    }

    ColumnLayout {
        id: replyBox

        objectName: "replyBox"
        Layout.fillWidth: true
        visible: false
        spacing: Theme.spacingXs

        TextArea {
            id: replyArea

            readonly property int used: Array.from(text).length

            objectName: "replyArea"
            Layout.fillWidth: true
            placeholderText: qsTr("A few words for %1").arg(view.name)
            wrapMode: TextEdit.Wrap
            Accessible.name: qsTr("Reply to %1").arg(view.name)
            Keys.onTabPressed: nextItemInFocusChain().forceActiveFocus()
        }
        RowLayout {
            Layout.fillWidth: true
            spacing: Theme.spacingXs

            Label {
                Layout.fillWidth: true
                text: qsTr("%1 / %2").arg(replyArea.used).arg(view.flow ? view.flow.maxReply : 0)
                font.pixelSize: Theme.fontCaption
                color: view.flow && replyArea.used > view.flow.maxReply ? Theme.danger : Theme.textFaint
            }
            ActionButton {
                text: qsTr("Cancel")
                flat: true
                onClicked: {
                    replyBox.visible = false
                    if (view.flow)
                        view.flow.clearError(view.errorKey)
                }
            }
            ActionButton {
                text: qsTr("Send")
                iconName: "reply"
                highlighted: true
                enabled: replyArea.text.trim().length > 0
                onClicked: view.send("reply", replyArea.text)
            }
        }
    }

    FieldError {
        Layout.fillWidth: true
        text: view.flow ? (view.flow.errors[view.errorKey] ?? "") : ""
    }
}
