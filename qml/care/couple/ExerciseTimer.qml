import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Hearth

// A countdown for an exercise that has one (a stress-reducing conversation's twenty minutes, a
// break's half hour): start, pause and reset. It counts from the wall clock, so a busy moment or
// a sleeping laptop does not stretch it.
Rectangle {
    id: timer

    property int minutes: 0
    readonly property int totalMs: minutes * 60000
    property double startedAt: 0 // Date.now() when it last started, 0 while it is not running
    property int spentMs: 0      // counted before the last start
    property double now: Date.now()
    readonly property bool running: startedAt > 0
    readonly property int leftMs: Math.max(0, totalMs - spentMs - (running ? now - startedAt : 0))
    readonly property bool finished: totalMs > 0 && leftMs === 0
    readonly property string leftText: {
        const seconds = Math.ceil(leftMs / 1000)
        const m = Math.floor(seconds / 60)
        const s = seconds % 60
        return m + ":" + (s < 10 ? "0" : "") + s
    }

    function start(): void {
        if (running || finished)
            return
        now = Date.now()
        startedAt = now
    }

    function pause(): void {
        if (!running)
            return
        now = Date.now()
        spentMs = Math.min(totalMs, spentMs + (now - startedAt))
        startedAt = 0
    }

    function reset(): void {
        startedAt = 0
        spentMs = 0
        now = Date.now()
    }

    objectName: "exerciseTimer"
    implicitHeight: column.implicitHeight + 2 * Theme.spacingL
    radius: Theme.radiusM
    color: finished ? Theme.accentSoft : Theme.surfaceAlt
    onFinishedChanged: if (finished) startedAt = 0

    Timer {
        interval: 250
        running: timer.running
        repeat: true
        onTriggered: timer.now = Date.now()
    }

    ColumnLayout {
        id: column

        anchors.fill: parent
        anchors.margins: Theme.spacingL
        spacing: Theme.spacingS

        Label {
            Layout.fillWidth: true
            text: qsTr("Timer")
            font.pixelSize: Theme.fontSmall
            font.weight: Font.DemiBold
            color: Theme.textMuted
        }
        Label {
            Layout.fillWidth: true
            objectName: "timerText"
            text: timer.finished ? qsTr("Time is up") : timer.leftText
            font.family: Theme.monoFamily
            font.pixelSize: Theme.fontDisplay
            font.weight: Font.DemiBold
            color: timer.finished ? Theme.textOnAccentSoft : Theme.text
            horizontalAlignment: Text.AlignHCenter
            Accessible.role: Accessible.StaticText
            Accessible.name: timer.finished ? text : qsTr("%1 left").arg(timer.leftText)
        }
        ProgressLine {
            Layout.fillWidth: true
            value: timer.totalMs > 0 ? 1 - timer.leftMs / timer.totalMs : 0
        }
        RowLayout {
            Layout.alignment: Qt.AlignHCenter
            spacing: Theme.spacingS

            ActionButton {
                objectName: "timerStartButton"
                visible: !timer.finished
                text: timer.running ? qsTr("Pause") : (timer.spentMs > 0 ? qsTr("Go on") : qsTr("Start"))
                iconName: timer.running ? "pause" : "play"
                highlighted: !timer.running
                tone: "accent"
                Accessible.name: timer.running ? qsTr("Pause the timer") : qsTr("Start the timer")
                onClicked: timer.running ? timer.pause() : timer.start()
            }
            QuietAction {
                visible: timer.spentMs > 0 || timer.running || timer.finished
                text: qsTr("Reset")
                tone: "accent"
                Accessible.name: qsTr("Reset the timer to %1 minutes").arg(timer.minutes)
                onClicked: timer.reset()
            }
        }
    }
}
