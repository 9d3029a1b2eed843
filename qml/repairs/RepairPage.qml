pragma ComponentBehavior: Bound

import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Hearth
import Hearth.Services

// One repair: what it was about and where it stands (with the moves it can make; "We've
// repaired" is final and asked about first), the guided steps in order, the breaks taken, and
// the plans kept as commitments once repaired. A pause is always one tap away. With `attempt`
// (and no repair) it shows the phrases of a repair attempt instead, grouped, to pick and copy.
ScrollPage {
    id: page

    property string repairId
    property bool attempt: false
    // The step opened by hand; -1 follows the step to write now.
    property int openIndex: -1
    property string chosenPhrase
    readonly property alias flow: repairFlow
    readonly property bool wide: columnWidth >= Theme.fieldMinWidth * 5
    readonly property string partner: Session.partnerName.length > 0 ? Session.partnerName : qsTr("your partner")

    function notify(message: string): void {
        const window = ApplicationWindow.window
        if (window && message.length > 0)
            window.notify(message)
    }

    // Keeps what was typed in any step now (a draft is otherwise kept a moment after typing).
    function flushDrafts(): void {
        for (let i = 0; i < stepCards.count; ++i) {
            const card = stepCards.itemAt(i)
            if (card)
                card.flush()
        }
    }

    function takeBreak(): void {
        flushDrafts()
        if (stack)
            stack.push(Qt.resolvedUrl("BreakPage.qml"), { repairId: attempt ? "" : repairId })
    }

    function backFromBreak(): void {
        const error = breakState.end()
        notify(error.length > 0 ? error : qsTr("Welcome back. Go gently with each other."))
    }

    function move(status: string, isFinal: bool): void {
        if (isFinal) {
            confirmRepaired.open()
            return
        }
        const error = repairFlow.setStatus(status)
        notify(error.length > 0 ? error : qsTr("Now: %1.").arg(repairFlow.statusText.toLowerCase()))
    }

    function statusHelp(status: string): string {
        switch (status) {
        case "open": return qsTr("You haven't started talking yet. Start when you both feel steady.")
        case "cooling": return qsTr("Time apart to settle. Come back to it when your hearts have slowed down.")
        case "talking": return qsTr("You're going through it together, one step at a time.")
        case "repaired": return qsTr("You found your way back. The steps stay as you wrote them.")
        }
        return ""
    }

    // Going back, or another page on top: nothing typed is lost.
    StackView.onDeactivating: flushDrafts()

    title: attempt ? repairFlow.phrasesTitle : (repairFlow.exists ? repairFlow.title : qsTr("Repair"))
    objectName: attempt ? "repairAttemptPage" : "repairPage"
    titleInContent: true

    headerActions: [
        ActionButton {
            objectName: "pauseAction"
            text: qsTr("Pause")
            iconName: "pause"
            flat: true
            tone: "accent"
            leftPadding: Theme.spacingM
            rightPadding: Theme.spacingM
            Accessible.name: qsTr("Pause: take a break")
            onClicked: page.takeBreak()
        }
    ]

    RepairFlow {
        id: repairFlow

        repairId: page.attempt ? "" : page.repairId
        onCurrentStepChanged: page.openIndex = -1
    }

    BreakState {
        id: breakState

        // The countdown ticks only while this page is seen; a break of this repair that ran out
        // and was not ended is offered to end here.
        ticking: page.visible
        forRepair: page.attempt ? "" : page.repairId
    }

    AppDialog {
        id: confirmRepaired

        title: qsTr("Have you repaired this one?")
        primaryTone: "accent"
        primaryText: qsTr("We've repaired")
        onPrimaryClicked: {
            const error = repairFlow.setStatus("repaired")
            if (error.length > 0) {
                confirmRepaired.error = error
                return
            }
            confirmRepaired.close()
            page.notify(qsTr("Well done, both of you. Your plans are kept as commitments."))
        }

        Label {
            Layout.fillWidth: true
            text: qsTr("This is final: the steps close as they are, and the plans you each wrote become your commitments. Only do it when you both feel it's settled.")
            color: Theme.textMuted
            wrapMode: Text.WordWrap
        }
    }

    EmptyState {
        Layout.fillWidth: true
        Layout.topMargin: Theme.spacingXxl
        visible: !page.attempt && !repairFlow.exists
        icon: "repair"
        title: qsTr("This repair is not here any more")
        text: qsTr("It may have been removed on another device.")
    }

    // --- A repair -------------------------------------------------------------------------

    ColumnLayout {
        Layout.fillWidth: true
        visible: !page.attempt && repairFlow.exists
        spacing: Theme.spacingM

        Flow {
            Layout.fillWidth: true
            spacing: Theme.spacingXs

            Chip {
                text: repairFlow.statusText
                tone: repairFlow.status === "open" ? "warning" : (repairFlow.status === "talking" ? "primary" : (repairFlow.status === "repaired" ? "accent" : "neutral"))
            }
            Repeater {
                model: repairFlow.topics

                delegate: Chip {
                    required property string modelData

                    text: modelData
                }
            }
        }
        Label {
            Layout.fillWidth: true
            text: repairFlow.title
            font.family: Theme.headingFamily
            font.pixelSize: Theme.fontHeadline
            font.weight: Font.DemiBold
            color: Theme.text
            wrapMode: Text.WordWrap
            Accessible.role: Accessible.Heading
            Accessible.name: text
        }
        Flow {
            Layout.fillWidth: true
            spacing: Theme.spacingS

            Label {
                text: repairFlow.startedByName.length > 0 ? qsTr("%1 · started by %2").arg(repairFlow.happenedText).arg(repairFlow.startedByName)
                                                    : repairFlow.happenedText
                color: Theme.textMuted
                font.pixelSize: Theme.fontSmall
            }
            Row {
                spacing: Theme.spacingXs
                height: intensityLabel.height

                IntensityDots {
                    anchors.verticalCenter: parent.verticalCenter
                    value: repairFlow.intensity
                    label: repairFlow.intensityLabel
                }
                Label {
                    id: intensityLabel

                    text: repairFlow.intensityLabel
                    color: Theme.textMuted
                    font.pixelSize: Theme.fontSmall
                }
            }
        }
    }

    // A break going on.
    Card {
        Layout.fillWidth: true
        visible: !page.attempt && repairFlow.exists && breakState.active
        clickable: true
        tint: Theme.accentSoft
        outline: Theme.accentSoft
        Accessible.name: breakState.headline
        onClicked: page.takeBreak()

        RowLayout {
            Layout.fillWidth: true
            spacing: Theme.spacingM

            Icon {
                implicitWidth: Theme.iconSize
                implicitHeight: Theme.iconSize
                name: "breath"
                color: Theme.textOnAccentSoft
            }
            Label {
                Layout.fillWidth: true
                text: qsTr("%1 %2 left.").arg(breakState.headline).arg(breakState.countdownText)
                color: Theme.textOnAccentSoft
                font.weight: Font.DemiBold
                wrapMode: Text.WordWrap
            }
        }
    }

    // A break of this repair whose time came: back to talking.
    Card {
        Layout.fillWidth: true
        objectName: "breakOverCard"
        visible: !page.attempt && repairFlow.exists && breakState.timeUp && breakState.repairId === page.repairId
        tint: Theme.accentSoft
        outline: Theme.accentSoft

        RowLayout {
            Layout.fillWidth: true
            spacing: Theme.spacingM

            Icon {
                Layout.alignment: Qt.AlignTop
                implicitWidth: Theme.iconSize
                implicitHeight: Theme.iconSize
                name: "breath"
                color: Theme.textOnAccentSoft
            }
            Label {
                Layout.fillWidth: true
                text: qsTr("%1 It's time to come back to it.").arg(breakState.headline)
                color: Theme.textOnAccentSoft
                font.weight: Font.DemiBold
                wrapMode: Text.WordWrap
            }
        }
        ActionButton {
            visible: !Session.readOnly
            text: qsTr("We're back")
            iconName: "talk"
            highlighted: true
            tone: "accent"
            onClicked: page.backFromBreak()
        }
    }

    // Where it stands, and where it can go.
    Card {
        Layout.fillWidth: true
        visible: !page.attempt && repairFlow.exists
        objectName: "statusCard"

        Label {
            Layout.fillWidth: true
            text: repairFlow.status === "repaired" && repairFlow.timeToRepairText.length > 0
                  ? repairFlow.timeToRepairText : qsTr("Now: %1").arg(repairFlow.statusText)
            font.weight: Font.DemiBold
            color: repairFlow.status === "repaired" ? Theme.textOnAccentSoft : Theme.text
            wrapMode: Text.WordWrap
        }
        Label {
            Layout.fillWidth: true
            text: page.statusHelp(repairFlow.status)
            color: Theme.textMuted
            font.pixelSize: Theme.fontSmall
            wrapMode: Text.WordWrap
        }
        Flow {
            Layout.fillWidth: true
            Layout.topMargin: Theme.spacingXs
            visible: repairFlow.moves.length > 0 && !Session.readOnly
            spacing: Theme.spacingS

            Repeater {
                model: repairFlow.moves

                delegate: ActionButton {
                    required property var modelData

                    text: modelData.label
                    highlighted: modelData.final
                    tone: modelData.final ? "accent" : "primary"
                    iconName: modelData.final ? "heart" : (modelData.status === "cooling" ? "pause" : "talk")
                    onClicked: page.move(modelData.status, modelData.final)
                }
            }
        }
    }

    // The guide's steps.
    SectionHeader {
        Layout.fillWidth: true
        Layout.topMargin: Theme.spacingS
        visible: !page.attempt && repairFlow.exists && repairFlow.stepCount > 0
        text: repairFlow.guideTitle
        subtitle: qsTr("%1 of %2 steps written by you both").arg(repairFlow.doneCount).arg(repairFlow.stepCount)
    }
    ProgressLine {
        Layout.fillWidth: true
        visible: !page.attempt && repairFlow.exists && repairFlow.stepCount > 0
        value: repairFlow.stepCount > 0 ? repairFlow.doneCount / repairFlow.stepCount : 0
    }
    Label {
        Layout.fillWidth: true
        visible: !page.attempt && repairFlow.exists && repairFlow.status !== "repaired" && repairFlow.guidePurpose.length > 0
        text: repairFlow.guidePurpose
        color: Theme.textMuted
        wrapMode: Text.WordWrap
    }

    Repeater {
        id: stepCards

        model: page.attempt || !repairFlow.exists ? 0 : repairFlow.stepCount

        delegate: RepairStepCard {
            id: stepCard

            Layout.fillWidth: true
            flow: repairFlow
            step: repairFlow.steps[index] ?? ({})
            wide: page.wide
            showLockText: index === 0 || (repairFlow.steps[index - 1] ?? {}).lockedText !== step.lockedText
            expanded: page.openIndex === -1 ? stepState === "current" : page.openIndex === index
            onToggleRequested: page.openIndex = expanded ? (stepState === "current" ? -2 : -1) : index
            onBreakRequested: page.takeBreak()
            onShared: message => {
                page.openIndex = -1
                page.notify(message)
            }
        }
    }

    // Plans kept, once repaired.
    Card {
        Layout.fillWidth: true
        visible: !page.attempt && repairFlow.commitments.length > 0
        tint: Theme.accentSoft
        outline: Theme.accentSoft

        SectionHeader {
            Layout.fillWidth: true
            text: qsTr("What you'll each do next time")
            subtitle: qsTr("Kept as your commitments.")
        }
        Repeater {
            model: repairFlow.commitments

            delegate: ColumnLayout {
                id: commitment

                required property var modelData

                Layout.fillWidth: true
                spacing: Theme.spacingXs / 2

                Label {
                    Layout.fillWidth: true
                    text: commitment.modelData.mine ? qsTr("You") : commitment.modelData.memberName
                    color: Theme.textOnAccentSoft
                    font.pixelSize: Theme.fontSmall
                    font.weight: Font.DemiBold
                }
                Label {
                    Layout.fillWidth: true
                    text: commitment.modelData.text
                    color: Theme.text
                    wrapMode: Text.WordWrap
                }
            }
        }
        ActionButton {
            text: qsTr("All your commitments")
            flat: true
            tone: "accent"
            leftPadding: Theme.spacingS
            onClicked: page.stack.push(Qt.resolvedUrl("CommitmentsPage.qml"))
        }
    }

    // Breaks taken during this repair.
    Card {
        Layout.fillWidth: true
        visible: !page.attempt && repairFlow.breaks.length > 0

        SectionHeader {
            Layout.fillWidth: true
            text: qsTr("Breaks")
        }
        Repeater {
            model: repairFlow.breaks

            delegate: Label {
                required property var modelData

                Layout.fillWidth: true
                text: modelData.calledByMe
                      ? qsTr("You took %1, %2.").arg(breakState.lengthText(modelData.minutes)).arg(modelData.whenText)
                      : qsTr("%1 took %2, %3.").arg(modelData.calledByName).arg(breakState.lengthText(modelData.minutes)).arg(modelData.whenText)
                color: modelData.active ? Theme.textOnAccentSoft : Theme.textMuted
                font.pixelSize: Theme.fontSmall
                wrapMode: Text.WordWrap
            }
        }
    }

    RowLayout {
        Layout.fillWidth: true
        visible: !page.attempt && repairFlow.exists && repairFlow.status !== "repaired"
        spacing: Theme.spacingS

        Label {
            Layout.fillWidth: true
            text: qsTr("Going sideways? A repair phrase can soften things.")
            color: Theme.textMuted
            font.pixelSize: Theme.fontSmall
            wrapMode: Text.WordWrap
        }
        ActionButton {
            text: qsTr("Phrases")
            iconName: "talk"
            flat: true
            onClicked: page.stack.push(Qt.resolvedUrl("RepairPage.qml"), { attempt: true })
        }
    }
    Label {
        Layout.fillWidth: true
        visible: !page.attempt && repairFlow.guideCredit.length > 0
        text: repairFlow.guideCredit
        color: Theme.textFaint
        font.pixelSize: Theme.fontCaption
        wrapMode: Text.WordWrap
    }

    // --- A repair attempt: the phrases ------------------------------------------------------

    Label {
        Layout.fillWidth: true
        visible: page.attempt
        text: repairFlow.phrasesTitle
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
        visible: page.attempt
        text: repairFlow.phrasesPurpose
        font.pixelSize: Theme.fontBodyLarge
        color: Theme.textMuted
        wrapMode: Text.WordWrap
    }
    Card {
        Layout.fillWidth: true
        visible: page.attempt
        tint: Theme.accentSoft
        outline: Theme.accentSoft

        Label {
            Layout.fillWidth: true
            text: repairFlow.phrasesInstructions
            color: Theme.textOnAccentSoft
            wrapMode: Text.WordWrap
        }
        Label {
            Layout.fillWidth: true
            text: qsTr("Tap a phrase to pick it; you can copy it from there.")
            color: Theme.textOnAccentSoft
            font.pixelSize: Theme.fontSmall
            wrapMode: Text.WordWrap
        }
    }

    Repeater {
        model: page.attempt ? repairFlow.phrases : []

        delegate: ColumnLayout {
            id: group

            required property var modelData

            Layout.fillWidth: true
            spacing: Theme.spacingS

            SectionHeader {
                Layout.fillWidth: true
                Layout.topMargin: Theme.spacingS
                text: group.modelData.label
            }
            Repeater {
                model: group.modelData.phrases

                delegate: Card {
                    id: phrase

                    required property var modelData
                    readonly property bool chosen: page.chosenPhrase === modelData.id

                    Layout.fillWidth: true
                    clickable: true
                    padding: Theme.spacingM
                    tint: chosen ? Theme.primarySoft : Theme.surface
                    outline: chosen ? Theme.primary : Theme.border
                    Accessible.name: modelData.text
                    onClicked: page.chosenPhrase = chosen ? "" : modelData.id

                    Label {
                        Layout.fillWidth: true
                        text: phrase.modelData.text
                        color: phrase.chosen ? Theme.textOnPrimarySoft : Theme.text
                        font.family: phrase.chosen ? Theme.headingFamily : Theme.fontFamily
                        font.pixelSize: phrase.chosen ? Theme.fontTitle : Theme.fontBody
                        wrapMode: Text.WordWrap
                    }
                    RowLayout {
                        Layout.fillWidth: true
                        visible: phrase.chosen
                        spacing: Theme.spacingS

                        Label {
                            Layout.fillWidth: true
                            text: qsTr("Say it out loud, in your own voice.")
                            color: Theme.textOnPrimarySoft
                            font.pixelSize: Theme.fontSmall
                            wrapMode: Text.WordWrap
                        }
                        ActionButton {
                            text: qsTr("Copy")
                            iconName: "copy"
                            flat: true
                            onClicked: {
                                repairFlow.copyText(phrase.modelData.text)
                                page.notify(qsTr("Copied. You could send it, too."))
                            }
                        }
                    }
                }
            }
        }
    }
    Label {
        Layout.fillWidth: true
        visible: page.attempt && repairFlow.phrasesCredit.length > 0
        text: repairFlow.phrasesCredit
        color: Theme.textFaint
        font.pixelSize: Theme.fontCaption
        wrapMode: Text.WordWrap
    }
}
