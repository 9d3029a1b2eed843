pragma ComponentBehavior: Bound

import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Hearth
import Hearth.Services

// Doing the ritual together: one step at a time in large type, Back and Next (or the arrow keys),
// and at the end the chance to mark today's occurrence as done.
ScrollPage {
    id: page

    property string ritualId
    property int step: 0
    readonly property int stepCount: detail.steps.length
    readonly property bool finished: step >= stepCount
    // Today's open occurrence of this ritual, if any: {localStart, whenText}.
    readonly property var todaysOccurrence: {
        for (let i = 0; i < today.count; ++i) {
            const idx = today.index(i, 0)
            if (today.data(idx, TodayModel.RitualIdRole) !== ritualId || !today.data(idx, TodayModel.IsTodayRole))
                continue
            const status = today.data(idx, TodayModel.StatusRole)
            if (status === "due" || status === "missed")
                return { localStart: today.data(idx, TodayModel.LocalStartRole),
                         whenText: qsTr("Today, %1").arg(today.data(idx, TodayModel.TimeTextRole)) }
        }
        return null
    }

    function closeDialogs(): void {
        doneDialog.close()
    }

    function next(): void {
        if (step < stepCount)
            step += 1
    }

    function previous(): void {
        if (step > 0)
            step -= 1
    }

    title: detail.title
    objectName: "doItNowPage"
    focus: true

    Keys.onRightPressed: next()
    Keys.onLeftPressed: previous()

    RitualDetail {
        id: detail

        ritualId: page.ritualId
    }

    TodayModel {
        id: today

        daysAhead: 0
    }

    // Progress: one dot per step.
    RowLayout {
        Layout.fillWidth: true
        Layout.topMargin: Theme.spacingS
        spacing: Theme.spacingXs

        Repeater {
            model: page.stepCount

            delegate: Rectangle {
                required property int index

                Layout.fillWidth: true
                implicitHeight: Theme.progressHeight / 2
                radius: height / 2
                color: index < page.step || page.finished ? Theme.primary
                       : (index === page.step ? Theme.clay : Theme.clayTrack)
            }
        }
    }

    Label {
        Layout.fillWidth: true
        text: page.finished ? qsTr("All steps done")
                            : qsTr("Step %1 of %2").arg(page.step + 1).arg(page.stepCount)
        color: Theme.textMuted
        font.pixelSize: Theme.fontSmall
        font.weight: Font.DemiBold
        font.capitalization: Font.AllUppercase
        font.letterSpacing: Theme.letterSpacingCaps
    }

    Card {
        Layout.fillWidth: true
        Layout.minimumHeight: Theme.chartHeight * 2.5
        padding: Theme.spacingXl

        Label {
            Layout.fillWidth: true
            Layout.fillHeight: true
            objectName: "stepText"
            text: page.finished ? qsTr("Well done, the two of you.") : (detail.steps[page.step] ?? "")
            font.family: Theme.headingFamily
            font.pixelSize: Theme.fontStep
            lineHeight: 1.2
            color: Theme.text
            wrapMode: Text.WordWrap
            verticalAlignment: Text.AlignVCenter
            Accessible.role: Accessible.StaticText
            Accessible.name: text
        }
        Label {
            Layout.fillWidth: true
            visible: page.finished
            text: page.todaysOccurrence !== null ? qsTr("Mark today's as done, with a note if you like.")
                                                 : qsTr("Nothing of this ritual is open today, so there is nothing to mark.")
            color: Theme.textMuted
            wrapMode: Text.WordWrap
        }
    }

    RowLayout {
        Layout.fillWidth: true
        spacing: Theme.spacingS

        ActionButton {
            text: qsTr("Back")
            iconName: "back"
            flat: true
            enabled: page.step > 0
            onClicked: page.previous()
        }
        Item {
            Layout.fillWidth: true
        }
        ActionButton {
            visible: !page.finished
            objectName: "nextStepButton"
            text: page.step + 1 === page.stepCount ? qsTr("Finish") : qsTr("Next")
            iconName: page.step + 1 === page.stepCount ? "check" : "forward"
            highlighted: true
            onClicked: page.next()
        }
        ActionButton {
            visible: page.finished && page.todaysOccurrence !== null
            text: qsTr("Mark as done")
            iconName: "check"
            highlighted: true
            tone: "accent"
            onClicked: doneDialog.openFor(page.ritualId, page.todaysOccurrence.localStart, detail.title,
                                          page.todaysOccurrence.whenText)
        }
        ActionButton {
            visible: page.finished && page.todaysOccurrence === null
            text: qsTr("Close")
            highlighted: true
            onClicked: page.stack.pop()
        }
    }

    MarkDoneDialog {
        id: doneDialog

        onClosed: if (page.todaysOccurrence === null) page.stack.pop()
    }
}
