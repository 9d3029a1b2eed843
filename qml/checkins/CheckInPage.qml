pragma ComponentBehavior: Bound

import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Hearth
import Hearth.Services

// One check-in. While answering: one field per question, saved as you go, and Submit once the
// required ones are answered. After submitting: your answers are in, and whether your partner has
// answered (never what). Once both have: the two answers side by side (stacked on a phone), a
// thank-you or a reply under your partner's, and "We've talked it through" to finish.
ScrollPage {
    id: page

    property string checkinId
    // Changing my answers after submitting them (allowed until my partner's are in).
    property bool editing: false
    readonly property bool answering: flow.exists && flow.canEdit && (!flow.mineSubmitted || editing)
    readonly property bool wide: columnWidth >= Theme.fieldMinWidth * 5
    // Each answer's width in a card: half of it side by side, all of it stacked. Set outright
    // (not shared out by the layout), so that wrapped text measures its height at this width.
    readonly property real answerWidth: wide ? (columnWidth - 2 * Theme.spacingL - Theme.spacingXl) / 2
                                             : columnWidth - 2 * Theme.spacingL
    readonly property alias checkIn: flow

    // A message in the window's snackbar (there is none when a test shows the page alone).
    function notify(message: string): void {
        const window = ApplicationWindow.window
        if (window && typeof window.notify === "function")
            window.notify(message)
    }

    function save(questionId: string, value: var): void {
        flow.saveAnswer(questionId, value)
    }

    function flushFields(): void {
        for (let i = 0; i < fields.count; ++i) {
            const item = fields.itemAt(i)
            if (item)
                item.flush()
        }
    }

    function submit(): void {
        flushFields()
        const error = flow.submit()
        if (error.length > 0) {
            notify(error)
            return
        }
        editing = false
        page.flickable.contentY = 0
        notify(flow.revealed ? qsTr("You've both answered. Read them together.")
                                    : qsTr("Your answers are in."))
    }

    function keepWhatISent(): void {
        flushFields()
        const error = flow.restoreSubmitted()
        if (error.length > 0)
            notify(error)
        editing = false
    }

    function finish(): void {
        const error = flow.finish()
        notify(error.length > 0 ? error : qsTr("Finished. Thank you for talking it through."))
    }

    title: flow.exists ? flow.title : qsTr("Check-in")
    objectName: "checkInPage"
    titleInContent: true
    StackView.onDeactivating: flushFields()

    CheckInFlow {
        id: flow

        checkinId: page.checkinId
        // Once both have answered there is nothing left to edit.
        onChanged: if (!canEdit) page.editing = false
    }

    EmptyState {
        Layout.fillWidth: true
        Layout.topMargin: Theme.spacingXxl
        visible: !flow.exists
        icon: "talk"
        title: qsTr("This check-in is not here any more")
        text: qsTr("It may have been removed on another device.")
    }

    // Title, what it is for, and where it stands.
    ColumnLayout {
        Layout.fillWidth: true
        visible: flow.exists
        spacing: Theme.spacingS

        Flow {
            Layout.fillWidth: true
            spacing: Theme.spacingXs

            Chip {
                text: flow.statusText
                tone: flow.status === "ready" || flow.status === "partnerAnswered" ? "primary"
                      : (flow.status === "finished" ? "accent" : "neutral")
            }
            Chip {
                visible: flow.fromRitual
                text: qsTr("From your ritual")
            }
        }
        Label {
            Layout.fillWidth: true
            text: flow.title
            font.family: Theme.headingFamily
            font.pixelSize: Theme.fontHeadline
            font.weight: Font.DemiBold
            color: Theme.text
            wrapMode: Text.WordWrap
            Accessible.role: Accessible.Heading
            Accessible.name: text
        }
        Label {
            Layout.fillWidth: true
            visible: flow.purpose.length > 0
            text: flow.purpose
            font.pixelSize: Theme.fontBodyLarge
            color: Theme.textMuted
            wrapMode: Text.WordWrap
            lineHeight: 1.15
        }
        Label {
            Layout.fillWidth: true
            text: flow.durationMinutes > 0 ? qsTr("%1 · about %2").arg(flow.startedText).arg(Labels.durationLabel(flow.durationMinutes))
                                           : flow.startedText
            font.pixelSize: Theme.fontSmall
            color: Theme.textFaint
            wrapMode: Text.WordWrap
        }
    }

    // Who has answered: both can see that the other has, never what.
    Card {
        Layout.fillWidth: true
        visible: flow.exists && !flow.revealed
        tint: Theme.surfaceAlt
        outline: Theme.surfaceAlt
        padding: Theme.spacingM

        Repeater {
            model: [
                {
                    name: Session.myName,
                    colour: Session.myColour,
                    icon: flow.mineSubmitted ? "check" : "edit",
                    text: flow.mineSubmitted ? (flow.draftDiffers ? qsTr("You've answered — changes not sent yet") : qsTr("You've answered"))
                                             : qsTr("You haven't submitted yet. Only you can see your draft.")
                },
                {
                    name: Session.partnerName,
                    colour: Session.partnerColour,
                    icon: flow.partnerSubmitted ? "lock" : "clock",
                    text: flow.partnerSubmitted
                          ? (flow.mineSubmitted ? qsTr("%1 has answered. Their answers open as soon as their device syncs.").arg(Session.partnerName)
                                                : qsTr("%1 has answered. You'll see it once you submit yours.").arg(Session.partnerName))
                          : qsTr("%1 hasn't answered yet.").arg(Session.partnerName)
                }
            ]

            delegate: RowLayout {
                id: who

                required property var modelData

                Layout.fillWidth: true
                spacing: Theme.spacingM

                Rectangle {
                    Layout.alignment: Qt.AlignTop
                    implicitWidth: Theme.iconSize + Theme.spacingS
                    implicitHeight: implicitWidth
                    radius: width / 2
                    color: who.modelData.colour

                    Icon {
                        anchors.centerIn: parent
                        width: Theme.iconSizeSmall
                        height: width
                        name: who.modelData.icon
                        color: Theme.surface
                        strokeWidth: Theme.iconStrokeBold
                    }
                }
                Label {
                    Layout.fillWidth: true
                    Layout.alignment: Qt.AlignVCenter
                    text: who.modelData.text
                    color: Theme.text
                    wrapMode: Text.WordWrap
                }
            }
        }
    }

    // Submitted, waiting for the partner.
    Card {
        Layout.fillWidth: true
        visible: flow.exists && flow.mineSubmitted && !flow.revealed && !page.editing

        RowLayout {
            Layout.fillWidth: true
            spacing: Theme.spacingM

            Icon {
                Layout.alignment: Qt.AlignTop
                implicitWidth: Theme.iconSize
                implicitHeight: Theme.iconSize
                name: "hidden"
                color: Theme.accent
            }
            ColumnLayout {
                Layout.fillWidth: true
                spacing: Theme.spacingXs

                Label {
                    Layout.fillWidth: true
                    text: qsTr("Your answers are in.")
                    font.family: Theme.headingFamily
                    font.pixelSize: Theme.fontTitle
                    font.weight: Font.DemiBold
                    color: Theme.text
                    wrapMode: Text.WordWrap
                }
                Label {
                    Layout.fillWidth: true
                    text: flow.partnerSubmitted
                          ? qsTr("%1 has answered too. You'll both see the answers side by side as soon as their device syncs.").arg(Session.partnerName)
                          : qsTr("%1 hasn't answered yet — you'll read them together.").arg(Session.partnerName)
                    color: Theme.textMuted
                    wrapMode: Text.WordWrap
                }
            }
        }
        ActionButton {
            visible: flow.canEdit
            text: flow.draftDiffers ? qsTr("Finish your changes") : qsTr("Edit my answers")
            iconName: "edit"
            onClicked: page.editing = true
        }
    }

    // Answering: one card per question.
    Label {
        Layout.fillWidth: true
        visible: page.answering
        text: page.editing ? qsTr("Change what you like, then submit again. %1 won't see any of it until you have both answered.").arg(Session.partnerName)
                           : qsTr("Answer on your own. %1 sees your answers only once you have both submitted; your draft is saved as you go.").arg(Session.partnerName)
        color: Theme.textMuted
        wrapMode: Text.WordWrap
    }
    Repeater {
        id: fields

        model: page.answering ? flow.questions : []

        delegate: Card {
            id: questionCard

            required property var modelData
            property alias field: questionField

            function flush(): void {
                questionField.flush()
            }

            Layout.fillWidth: true
            outline: (flow.errors[modelData.id] ?? "").length > 0 ? Theme.danger : Theme.border

            QuestionField {
                id: questionField

                Layout.fillWidth: true
                objectName: "question-" + questionCard.modelData.id
                question: questionCard.modelData
                value: flow.draft[questionCard.modelData.id]
                error: flow.errors[questionCard.modelData.id] ?? ""
                note: flow.unfinished[questionCard.modelData.id] ?? ""
                editable: flow.canEdit
                onEdited: value => page.save(questionCard.modelData.id, value)
            }
        }
    }

    // Submit, or why not yet.
    ColumnLayout {
        Layout.fillWidth: true
        visible: page.answering
        spacing: Theme.spacingS

        RowLayout {
            Layout.fillWidth: true
            visible: flow.submitHint.length > 0
            spacing: Theme.spacingS

            Icon {
                Layout.alignment: Qt.AlignTop
                implicitWidth: Theme.iconSizeSmall
                implicitHeight: Theme.iconSizeSmall
                name: "alert"
                color: Theme.warning
            }
            Label {
                Layout.fillWidth: true
                objectName: "submitHint"
                text: flow.submitHint
                font.pixelSize: Theme.fontSmall
                color: Theme.textMuted
                wrapMode: Text.WordWrap
            }
        }
        FieldError {
            Layout.fillWidth: true
            text: flow.errors["checkin"] ?? ""
        }
        Flow {
            Layout.fillWidth: true
            spacing: Theme.spacingS

            ActionButton {
                objectName: "submitButton"
                text: page.editing ? qsTr("Submit changes") : qsTr("Submit my answers")
                iconName: "check"
                highlighted: true
                enabled: flow.canSubmit
                onClicked: page.submit()
            }
            ActionButton {
                visible: page.editing
                text: qsTr("Keep what I sent")
                flat: true
                onClicked: page.keepWhatISent()
            }
        }
    }

    // Revealed: both answers, per question.
    Label {
        Layout.fillWidth: true
        visible: flow.revealed
        text: flow.finished ? qsTr("What you both said.")
                            : qsTr("Read them together, one question at a time. Say thank you for what touched you, and talk about what surprised you.")
        color: Theme.textMuted
        wrapMode: Text.WordWrap
    }
    // Over the comparison alone (empty until revealed), which changes only when the answers do:
    // a reply arriving (mine, or a thank-you by sync) keeps every card, and a reply being typed.
    Repeater {
        objectName: "comparisonRepeater"
        model: flow.comparison

        delegate: Card {
            id: compared

            required property var modelData

            Layout.fillWidth: true

            Label {
                Layout.fillWidth: true
                text: compared.modelData.prompt
                font.pixelSize: Theme.fontBodyLarge
                font.weight: Font.DemiBold
                color: Theme.text
                wrapMode: Text.WordWrap
                Accessible.role: Accessible.Heading
                Accessible.name: text
            }
            GridLayout {
                Layout.fillWidth: true
                columns: page.wide ? 2 : 1
                columnSpacing: Theme.spacingXl
                rowSpacing: Theme.spacingL

                // Each answer in a plain item: a GridLayout in Qt 6.4 keeps child layouts in the
                // cells they had when `columns` changes (a window widened past the breakpoint).
                Item {
                    Layout.fillWidth: true
                    Layout.preferredWidth: page.answerWidth
                    Layout.alignment: Qt.AlignTop
                    implicitHeight: myAnswer.implicitHeight

                    AnswerView {
                        id: myAnswer

                        objectName: "answer-me-" + compared.modelData.questionId
                        width: parent.width
                        answer: compared.modelData.mine
                        kind: compared.modelData.kind
                        name: Session.myName
                        colour: Session.myColour
                        questionId: compared.modelData.questionId
                        answerOf: "me"
                        flow: page.checkIn
                    }
                }
                Rectangle {
                    Layout.fillWidth: true
                    visible: !page.wide
                    implicitHeight: Theme.hairline
                    color: Theme.border
                }
                Item {
                    Layout.fillWidth: true
                    Layout.preferredWidth: page.answerWidth
                    Layout.alignment: Qt.AlignTop
                    implicitHeight: partnerAnswer.implicitHeight

                    AnswerView {
                        id: partnerAnswer

                        objectName: "answer-partner-" + compared.modelData.questionId
                        width: parent.width
                        answer: compared.modelData.partner
                        kind: compared.modelData.kind
                        name: Session.partnerName
                        colour: Session.partnerColour
                        questionId: compared.modelData.questionId
                        answerOf: "partner"
                        flow: page.checkIn
                        canReply: !Session.readOnly && compared.modelData.partner.answered
                    }
                }
            }
        }
    }

    // Finishing.
    Card {
        Layout.fillWidth: true
        visible: flow.revealed && (!flow.finished && !Session.readOnly || flow.finished)
        tint: flow.finished ? Theme.accentSoft : Theme.surface
        outline: flow.finished ? Theme.accentSoft : Theme.border

        Label {
            Layout.fillWidth: true
            text: flow.finished ? qsTr("You talked this one through. It stays here, and in your trends.")
                                : qsTr("When you have read and talked about each other's answers, mark it finished.")
            color: flow.finished ? Theme.textOnAccentSoft : Theme.textMuted
            wrapMode: Text.WordWrap
        }
        FieldError {
            Layout.fillWidth: true
            text: flow.errors["checkin"] ?? ""
        }
        ActionButton {
            visible: !flow.finished && !Session.readOnly
            objectName: "finishButton"
            text: qsTr("We've talked it through")
            iconName: "check"
            highlighted: true
            tone: "accent"
            onClicked: page.finish()
        }
    }
}
