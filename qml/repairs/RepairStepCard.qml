pragma ComponentBehavior: Bound

import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Hearth
import Hearth.Services

// One step of a guided repair in the stepper. Collapsed, a step both have written shows both
// answers (side by side when there is room); a step I shared shows mine and whether the partner
// has written theirs, without showing it. A step that is not private (the calm check) shows the
// partner's answer as soon as they shared it. Expanded, the step to write: what to do, the
// answer field, and sharing it. Steps not open yet say why; steps further on are dimmed.
//
// Text is kept as a draft a moment after typing stops; flush() keeps it at once. The card does
// that when it collapses, and its page when it goes away or opens the break page.
Control {
    id: card

    required property int index
    property var step: ({})
    property RepairFlow flow
    property bool expanded: false
    property bool wide: false
    property string draftError
    property string submitError
    property bool savedDraft: false
    // Edited since the draft was last kept (a draft that could not be kept stays in the field).
    property bool dirty: false
    // False when the step before is closed for the same reason (said once, not on every step).
    property bool showLockText: true
    readonly property string stepState: step.state ?? "future"
    readonly property bool canOpen: (step.editable ?? false) && stepState !== "current"
    readonly property alias field: field
    readonly property string partner: Session.partnerName.length > 0 ? Session.partnerName : qsTr("Your partner")
    readonly property bool isPrivate: step.isPrivate ?? true

    signal toggleRequested()
    signal breakRequested()
    signal shared(string message)

    function chipText(): string {
        switch (stepState) {
        case "done": return isPrivate ? qsTr("Both written") : qsTr("Both answered")
        case "waiting": return qsTr("Waiting for %1").arg(partner)
        case "current": return qsTr("Your turn")
        case "locked": return qsTr("Not yet")
        case "skipped": return step.skipped ? qsTr("Skipped") : qsTr("Not written yet")
        case "unwritten": return qsTr("Not written")
        }
        return ""
    }

    function saveDraft(): bool {
        draftTimer.stop()
        if (!step.editable)
            return false
        const v = field.value
        if (step.kind === "acceptance" && (!v || !v.choice))
            return true
        draftError = flow.saveStep(step.id, v)
        savedDraft = draftError.length === 0
        if (savedDraft)
            dirty = false
        return savedDraft
    }

    // Keeps the text typed since the last draft now, instead of after the pause.
    function flush(): void {
        if (draftTimer.running)
            saveDraft()
    }

    function share(): void {
        submitError = ""
        if (step.kind === "calm" && field.value === "break") {
            breakRequested()
            return
        }
        if (!saveDraft() && draftError.length > 0)
            return
        const before = step.partnerSubmitted
        submitError = flow.submitStep(step.id)
        if (submitError.length > 0)
            return
        savedDraft = false
        dirty = false
        if (!isPrivate) {
            // Not private: readable at once, once it has reached the partner's device.
            shared(qsTr("Shared. %1 sees it as soon as your devices have synced.").arg(partner))
            return
        }
        // The partner's answer opens once their device has published its key (after a sync).
        shared(before ? (flow.steps[index] && flow.steps[index].revealed
                         ? qsTr("Shared. You can read each other's now.")
                         : qsTr("Shared. %1's answer opens here once your devices have synced.").arg(partner))
                      : qsTr("Shared. %1 reads it once they have written theirs.").arg(partner))
    }

    // Collapsing keeps what was typed; opening again starts from the kept draft (which is now
    // the newest), or from what is still in the field when it could not be kept.
    onExpandedChanged: {
        if (!expanded) {
            flush()
            return
        }
        draftTimer.stop()
        if (!dirty)
            field.load(step)
    }
    Component.onCompleted: if (expanded) field.load(step)

    objectName: "step-" + (step.id ?? "")
    padding: Theme.spacingL
    opacity: stepState === "future" || stepState === "locked" && !showLockText ? 0.6 : 1
    Accessible.role: Accessible.Grouping
    Accessible.name: qsTr("Step %1: %2. %3").arg(index + 1).arg(step.title ?? "").arg(chipText())

    background: Rectangle {
        radius: Theme.radiusL
        color: card.stepState === "current" ? Theme.surface : (card.stepState === "future" || card.stepState === "locked" ? Theme.background : Theme.surface)
        border.width: card.stepState === "current" ? Theme.focusLine : Theme.hairline
        border.color: card.stepState === "current" ? Theme.primary : Theme.border
    }

    // One person's answer: their name, then the words or the chosen labels.
    component Answer: ColumnLayout {
        id: answer

        property string name
        property color colour: Theme.primary
        property string text
        property var items: []
        property string empty

        spacing: Theme.spacingXs

        RowLayout {
            spacing: Theme.spacingXs

            Rectangle {
                implicitWidth: Theme.dotSize
                implicitHeight: Theme.dotSize
                radius: width / 2
                color: answer.colour
            }
            Label {
                text: answer.name
                color: Theme.textMuted
                font.pixelSize: Theme.fontSmall
                font.weight: Font.DemiBold
            }
        }
        Flow {
            Layout.fillWidth: true
            visible: answer.items.length > 0
            spacing: Theme.spacingXs

            Repeater {
                model: answer.items

                delegate: Chip {
                    required property string modelData

                    text: modelData
                    tone: "primary"
                }
            }
        }
        Label {
            Layout.fillWidth: true
            visible: answer.items.length === 0
            text: answer.text.length > 0 ? answer.text : answer.empty
            color: answer.text.length > 0 ? Theme.text : Theme.textMuted
            font.italic: answer.text.length === 0
            wrapMode: Text.WordWrap
        }
    }

    Timer {
        id: draftTimer

        interval: 1200
        onTriggered: card.saveDraft()
    }

    contentItem: ColumnLayout {
        spacing: Theme.spacingM

        // The step's number, title and where it stands; tapping opens it when it can be written.
        RowLayout {
            Layout.fillWidth: true
            spacing: Theme.spacingM

            Rectangle {
                Layout.alignment: Qt.AlignTop
                implicitWidth: Theme.touchTarget - Theme.spacingM
                implicitHeight: implicitWidth
                radius: width / 2
                color: card.stepState === "done" ? Theme.accent
                       : (card.stepState === "current" ? Theme.primary
                          : (card.stepState === "waiting" ? Theme.primarySoft : Theme.surfaceAlt))

                Label {
                    anchors.centerIn: parent
                    visible: card.stepState !== "done" && card.stepState !== "locked"
                    text: card.index + 1
                    font.weight: Font.DemiBold
                    color: card.stepState === "current" ? Theme.textOnPrimary
                           : (card.stepState === "waiting" ? Theme.textOnPrimarySoft : Theme.textMuted)
                }
                Icon {
                    anchors.centerIn: parent
                    visible: card.stepState === "done" || card.stepState === "locked"
                    width: Theme.iconSizeSmall
                    height: Theme.iconSizeSmall
                    name: card.stepState === "done" ? "check" : "lock"
                    color: card.stepState === "done" ? Theme.surface : Theme.textMuted
                    strokeWidth: Theme.iconStrokeBold
                }
            }
            ColumnLayout {
                Layout.fillWidth: true
                spacing: Theme.spacingXs / 2

                Label {
                    Layout.fillWidth: true
                    text: card.step.title ?? ""
                    font.pixelSize: Theme.fontBodyLarge
                    font.weight: Font.DemiBold
                    color: card.stepState === "future" ? Theme.textMuted : Theme.text
                    wrapMode: Text.WordWrap
                    Accessible.role: Accessible.Heading
                    Accessible.name: text
                }
                Label {
                    Layout.fillWidth: true
                    visible: card.chipText().length > 0 || !(card.step.required ?? true)
                    text: {
                        const parts = []
                        if (card.chipText().length > 0)
                            parts.push(card.chipText())
                        if (!(card.step.required ?? true))
                            parts.push(qsTr("optional"))
                        return parts.join(" · ")
                    }
                    color: card.stepState === "done" ? Theme.textOnAccentSoft
                           : (card.stepState === "current" || card.stepState === "waiting" ? Theme.primary : Theme.textFaint)
                    font.pixelSize: Theme.fontSmall
                    font.weight: Font.DemiBold
                }
            }
            IconButton {
                Layout.alignment: Qt.AlignTop
                visible: card.canOpen
                iconName: card.expanded ? "up" : (card.stepState === "waiting" ? "edit" : "down")
                tip: card.expanded ? qsTr("Close this step")
                                   : (card.stepState === "waiting" ? qsTr("Change yours") : qsTr("Open this step"))
                onClicked: card.toggleRequested()
            }
        }

        // Both answers, once both have written it: side by side where there is room.
        Grid {
            id: answers

            readonly property real columnWidth: card.wide ? (card.availableWidth - columnSpacing) / 2 : card.availableWidth

            Layout.fillWidth: true
            visible: card.stepState === "done" && !card.expanded
            columns: card.wide ? 2 : 1
            columnSpacing: Theme.spacingXl
            rowSpacing: Theme.spacingM

            Answer {
                width: answers.columnWidth
                name: qsTr("You")
                colour: Session.myColour.length > 0 ? Session.myColour : Theme.primary
                text: card.step.mine ?? ""
                items: card.step.mineItems ?? []
            }
            Answer {
                width: answers.columnWidth
                name: card.partner
                colour: Session.partnerColour.length > 0 ? Session.partnerColour : Theme.accent
                text: card.step.partnerVisible ? (card.step.partner ?? "") : ""
                items: card.step.partnerVisible ? (card.step.partnerItems ?? []) : []
                empty: card.step.partnerText ?? ""
            }
        }

        // Not private (the calm check): the partner's answer, as soon as they shared it.
        Answer {
            Layout.fillWidth: true
            visible: !card.isPrivate && (card.step.partnerVisible ?? false) && card.stepState !== "done"
            name: card.partner
            colour: Session.partnerColour.length > 0 ? Session.partnerColour : Theme.accent
            text: card.step.partner ?? ""
            items: card.step.partnerItems ?? []
        }

        // Mine is shared; theirs is not here yet.
        ColumnLayout {
            Layout.fillWidth: true
            visible: (card.stepState === "waiting" || card.stepState === "unwritten" && (card.step.mineSubmitted ?? false)) && !card.expanded
            spacing: Theme.spacingS

            Answer {
                Layout.preferredWidth: card.availableWidth
                name: qsTr("You")
                colour: Session.myColour.length > 0 ? Session.myColour : Theme.primary
                text: card.step.mine ?? ""
                items: card.step.mineItems ?? []
            }
        }

        // What to do, and the answer.
        ColumnLayout {
            Layout.fillWidth: true
            visible: card.expanded
            spacing: Theme.spacingM

            Label {
                Layout.fillWidth: true
                text: card.step.instructions ?? ""
                color: Theme.textMuted
                wrapMode: Text.WordWrap
                lineHeight: 1.1
            }
            Label {
                Layout.fillWidth: true
                visible: (card.step.prompt ?? "").length > 0
                text: card.step.prompt ?? ""
                font.family: Theme.headingFamily
                font.pixelSize: Theme.fontTitle
                color: Theme.text
                wrapMode: Text.WordWrap
            }
            RepairStepField {
                id: field

                Layout.fillWidth: true
                enabled: card.step.editable ?? false
                onEdited: {
                    card.savedDraft = false
                    card.dirty = true
                    if (card.step.kind === "text" || card.step.kind === "apology" || card.step.kind === "plan"
                            || card.step.kind === "acceptance")
                        draftTimer.restart()
                    else
                        card.saveDraft()
                }
                onBreakChosen: card.breakRequested()
            }
            FieldError {
                Layout.fillWidth: true
                text: card.draftError.length > 0 ? card.draftError : card.submitError
            }
            RowLayout {
                Layout.fillWidth: true
                spacing: Theme.spacingS

                Icon {
                    Layout.alignment: Qt.AlignTop
                    implicitWidth: Theme.iconSizeSmall
                    implicitHeight: Theme.iconSizeSmall
                    name: card.isPrivate ? "hidden" : "eye"
                    color: Theme.textFaint
                }
                Label {
                    Layout.fillWidth: true
                    text: card.isPrivate
                          ? qsTr("Private until you have both written it. %1").arg(card.step.partnerText ?? "")
                          : qsTr("Not private: %1 sees your answer as soon as you share it. %2").arg(card.partner).arg(card.step.partnerText ?? "")
                    color: Theme.textFaint
                    font.pixelSize: Theme.fontSmall
                    wrapMode: Text.WordWrap
                }
            }
            Flow {
                Layout.fillWidth: true
                spacing: Theme.spacingS

                ActionButton {
                    objectName: "shareStepButton"
                    text: card.step.kind === "calm"
                          ? (field.value === "break" ? qsTr("Take a break first") : qsTr("I'm ready"))
                          : (card.step.mineSubmitted ? qsTr("Share the new version") : qsTr("Share with %1").arg(card.partner))
                    highlighted: true
                    iconName: card.step.kind === "calm" && field.value === "break" ? "pause" : "check"
                    enabled: card.step.kind === "calm" ? (field.value === "ready" || field.value === "break") : true
                    onClicked: card.share()
                }
                ActionButton {
                    visible: !(card.step.required ?? true) && !(card.step.mineSubmitted ?? false)
                    text: qsTr("Skip this one")
                    flat: true
                    onClicked: {
                        card.submitError = card.flow.skipStep(card.step.id)
                    }
                }
                Label {
                    visible: card.savedDraft
                    height: Theme.touchTarget
                    verticalAlignment: Text.AlignVCenter
                    text: qsTr("Draft kept, only for you")
                    color: Theme.textFaint
                    font.pixelSize: Theme.fontSmall
                }
            }
        }

        // Where the partner is, for steps not open here.
        Label {
            Layout.fillWidth: true
            visible: !card.expanded && (card.stepState === "waiting" || card.stepState === "skipped" || card.stepState === "current")
            text: card.step.partnerText ?? ""
            color: Theme.textMuted
            font.pixelSize: Theme.fontSmall
            wrapMode: Text.WordWrap
        }
        RowLayout {
            Layout.fillWidth: true
            visible: card.stepState === "locked" && card.showLockText && (card.step.lockedText ?? "").length > 0
            spacing: Theme.spacingS

            Label {
                Layout.fillWidth: true
                text: card.step.lockedText ?? ""
                color: Theme.textMuted
                font.pixelSize: Theme.fontSmall
                wrapMode: Text.WordWrap
            }
        }
    }
}
