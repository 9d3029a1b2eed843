pragma ComponentBehavior: Bound

import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Hearth
import Hearth.Services

// Proposing an agreement (the situation, what we do then, and a day to look at it again), or
// suggesting a change to one (`agreementId`). From a commitment made at the end of a repair
// (`commitmentId`) the form starts from its plan. The partner is asked to agree; it counts once
// they do. Examples from the content fill the form in one tap.
ScrollPage {
    id: page

    property string agreementId
    property string commitmentId
    property string situation
    property string action
    property string reviewOn
    property string repairId
    property var errors: ({})
    readonly property bool changing: agreementId.length > 0
    readonly property string partner: Session.partnerName.length > 0 ? Session.partnerName : qsTr("your partner")
    readonly property int situationLength: Array.from(situation.trim()).length
    readonly property int actionLength: Array.from(action.trim()).length

    function clearError(field: string): void {
        if (errors[field] === undefined)
            return
        const e = Object.assign({}, errors)
        delete e[field]
        errors = e
    }

    function errorFor(field: string): string {
        const message = errors[field]
        return message === undefined ? "" : String(message)
    }

    function save(): void {
        const result = changing ? agreements.suggestChange(agreementId, situation, action, reviewOn)
                                : agreements.propose(situation, action, reviewOn, repairId)
        const window = ApplicationWindow.window
        if (result.agreementId !== undefined) {
            errors = {}
            if (window)
                window.notify(changing ? qsTr("Suggested. %1 is asked to agree to the new words.").arg(partner)
                                       : qsTr("Proposed. It counts once %1 agrees.").arg(partner))
            if (page.stack && page.stack.depth > 1)
                page.stack.pop()
            return
        }
        errors = result
        if (window)
            window.notify(result.form !== undefined ? String(result.form) : qsTr("A few things need a look first."))
    }

    title: changing ? qsTr("Suggest a change") : qsTr("Propose an agreement")
    objectName: "agreementEditorPage"
    titleInContent: true

    headerActions: [
        ActionButton {
            objectName: "saveButton"
            visible: !Session.readOnly
            text: page.changing ? qsTr("Suggest") : qsTr("Propose")
            highlighted: true
            onClicked: page.save()
        }
    ]

    Component.onCompleted: {
        if (changing) {
            const a = agreements.get(agreementId)
            if (a.agreementId !== undefined) {
                situation = a.situation
                action = a.action
                reviewOn = a.reviewOn
                repairId = a.repairId
            }
            return
        }
        if (commitmentId.length > 0) {
            const draft = agreements.fromCommitment(commitmentId)
            if (draft.error !== undefined) {
                // Say so, and start from an empty form instead.
                errors = { form: draft.error }
                commitmentId = ""
            } else {
                situation = draft.situation
                action = draft.action
                reviewOn = draft.reviewOn
                repairId = draft.repairId
            }
        }
        if (reviewOn.length === 0)
            reviewOn = agreements.nextReviewDefault
    }

    AgreementsModel {
        id: agreements
    }

    Label {
        Layout.fillWidth: true
        text: page.title
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
        text: page.changing
              ? qsTr("Change what it says. %1 is asked again, and it waits until they agree.").arg(page.partner)
              : page.commitmentId.length > 0
                ? qsTr("This starts from what you planned at the end of a repair. Make it something you both can keep; %1 is asked to agree.").arg(page.partner)
                : qsTr("Something you'll do when a moment is hard for one of you. Keep it small and concrete; %1 is asked to agree.").arg(page.partner)
        color: Theme.textMuted
        wrapMode: Text.WordWrap
    }

    Card {
        Layout.fillWidth: true
        spacing: Theme.spacingM

        FormField {
            objectName: "situationRow"
            label: qsTr("When this happens")
            error: page.errorFor("situation")

            TextArea {
                Layout.fillWidth: true
                objectName: "situationField"
                text: page.situation
                wrapMode: TextEdit.Wrap
                placeholderText: qsTr("For example: When I'm running late")
                Accessible.name: qsTr("When this happens")
                onTextChanged: {
                    if (text === page.situation)
                        return
                    page.situation = text
                    page.clearError("situation")
                }
            }
            Label {
                Layout.alignment: Qt.AlignRight
                text: qsTr("%1 / %2").arg(page.situationLength).arg(agreements.maxSituation)
                color: page.situationLength > agreements.maxSituation ? Theme.danger : Theme.textFaint
                font.pixelSize: Theme.fontCaption
                Accessible.name: qsTr("%1 of %2 characters").arg(page.situationLength).arg(agreements.maxSituation)
            }
        }

        FormField {
            objectName: "actionRow"
            label: qsTr("We do this")
            error: page.errorFor("action")

            TextArea {
                Layout.fillWidth: true
                Layout.minimumHeight: Theme.touchTarget * 2
                objectName: "actionField"
                text: page.action
                wrapMode: TextEdit.Wrap
                placeholderText: qsTr("For example: I text you before six, even if it's just a word")
                Accessible.name: qsTr("We do this")
                onTextChanged: {
                    if (text === page.action)
                        return
                    page.action = text
                    page.clearError("action")
                }
            }
            Label {
                Layout.alignment: Qt.AlignRight
                text: qsTr("%1 / %2").arg(page.actionLength).arg(agreements.maxAction)
                color: page.actionLength > agreements.maxAction ? Theme.danger : Theme.textFaint
                font.pixelSize: Theme.fontCaption
                Accessible.name: qsTr("%1 of %2 characters").arg(page.actionLength).arg(agreements.maxAction)
            }
        }

        FormField {
            objectName: "reviewRow"
            label: qsTr("Look at it again on")
            hint: page.reviewOn.length > 0
                  ? qsTr("You both get a reminder that day. Optional.")
                  : qsTr("No review date. You can add one any time.")
            error: page.errorFor("reviewOn")

            RowLayout {
                Layout.fillWidth: true
                spacing: Theme.spacingS

                DateField {
                    Layout.fillWidth: true
                    Layout.maximumWidth: Theme.fieldMinWidth * 2.5
                    label: qsTr("Review date")
                    value: page.reviewOn
                    onDateEdited: d => {
                        page.reviewOn = d
                        page.clearError("reviewOn")
                    }
                }
                ActionButton {
                    visible: page.reviewOn.length > 0
                    text: qsTr("No date")
                    flat: true
                    onClicked: {
                        page.reviewOn = ""
                        page.clearError("reviewOn")
                    }
                }
            }
        }
        FieldError {
            Layout.fillWidth: true
            text: page.errorFor("form")
        }
    }

    ColumnLayout {
        Layout.fillWidth: true
        visible: !page.changing && page.commitmentId.length === 0 && agreements.suggestions.length > 0
        spacing: Theme.spacingS

        SectionHeader {
            Layout.fillWidth: true
            text: qsTr("Examples")
            subtitle: qsTr("Tap one to start from it, then put it in your own words.")
        }
        Repeater {
            model: agreements.suggestions

            delegate: Card {
                id: example

                required property var modelData

                Layout.fillWidth: true
                clickable: true
                padding: Theme.spacingM
                spacing: Theme.spacingXs / 2
                Accessible.name: qsTr("Start from: %1, %2").arg(modelData.situation).arg(modelData.action)
                onClicked: {
                    page.situation = example.modelData.situation
                    page.action = example.modelData.action
                    page.clearError("situation")
                    page.clearError("action")
                    page.flickable.contentY = 0
                }

                Label {
                    Layout.fillWidth: true
                    text: example.modelData.situation
                    font.pixelSize: Theme.fontSmall
                    font.weight: Font.DemiBold
                    color: Theme.textMuted
                    wrapMode: Text.WordWrap
                }
                Label {
                    Layout.fillWidth: true
                    text: example.modelData.action
                    color: Theme.text
                    wrapMode: Text.WordWrap
                }
            }
        }
    }
}
