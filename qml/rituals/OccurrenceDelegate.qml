import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Hearth
import Hearth.Services

// One occurrence on Today: the time in my zone with my partner's beside it when it differs, the
// ritual, its status, and what can be done with it (done, skip, move, undo).
Card {
    id: row

    required property string ritualId
    required property string title
    required property string kind
    required property string localStart
    required property string dayLabel
    required property string timeText
    required property string partnerTimeText
    required property string status
    required property bool moved
    required property int durationMinutes
    required property string note
    required property int rating
    required property bool isToday
    required property bool hasCheckIn
    required property string checkInId
    readonly property bool open: status === "due" || status === "missed"
    readonly property string whenText: qsTr("%1, %2").arg(dayLabel).arg(timeText)

    signal openRitual(string ritualId)
    signal markDone(string ritualId, string localStart, string title, string whenText)
    signal skip(string ritualId, string localStart, string title, string whenText)
    signal move(string ritualId, string localStart, string title, string whenText)
    signal reopen(string ritualId, string localStart)
    signal answerCheckIn(string ritualId, string localStart)

    clickable: true
    tint: status === "done" ? Theme.accentSoft : Theme.surface
    outline: status === "done" ? Theme.accentSoft : Theme.border
    padding: Theme.spacingM + Theme.spacingXs
    Accessible.name: {
        let s = qsTr("%1, %2, %3").arg(title).arg(whenText).arg(Labels.statusLabel(status))
        if (partnerTimeText.length > 0)
            s += ", " + qsTr("%1 for %2").arg(partnerTimeText).arg(Session.partnerName)
        return s
    }
    onClicked: openRitual(ritualId)

    RowLayout {
        Layout.fillWidth: true
        spacing: Theme.spacingM

        ColumnLayout {
            Layout.alignment: Qt.AlignTop
            Layout.fillWidth: false
            Layout.preferredWidth: Theme.timeColumnWidth
            spacing: 0

            Label {
                Layout.fillWidth: true
                text: row.timeText
                font.pixelSize: Theme.fontBodyLarge
                font.weight: Font.Bold
                font.strikeout: row.status === "skipped"
                color: row.status === "done" ? Theme.textOnAccentSoft : Theme.text
            }
            Label {
                Layout.fillWidth: true
                text: Labels.durationLabel(row.durationMinutes)
                font.pixelSize: Theme.fontCaption
                color: Theme.textFaint
            }
        }

        ColumnLayout {
            Layout.fillWidth: true
            spacing: Theme.spacingXs

            Label {
                Layout.fillWidth: true
                text: row.title
                font.pixelSize: Theme.fontBodyLarge
                font.weight: Font.DemiBold
                color: Theme.text
                wrapMode: Text.WordWrap
            }
            Label {
                Layout.fillWidth: true
                visible: row.partnerTimeText.length > 0
                text: qsTr("%1 for %2").arg(row.partnerTimeText).arg(Session.partnerName)
                font.pixelSize: Theme.fontSmall
                color: Theme.accent
                wrapMode: Text.WordWrap
            }
            Flow {
                Layout.fillWidth: true
                spacing: Theme.spacingXs

                Chip {
                    text: Labels.kindLabel(row.kind)
                }
                Chip {
                    visible: row.status !== "due"
                    text: Labels.statusLabel(row.status)
                    tone: row.status === "done" ? "accent" : (row.status === "missed" ? "warning" : "neutral")
                }
                Chip {
                    visible: row.moved
                    text: qsTr("Moved")
                    tone: "primary"
                }
            }
            Label {
                Layout.fillWidth: true
                visible: row.status === "done" && (row.note.length > 0 || row.rating > 0)
                text: {
                    const parts = []
                    if (row.rating > 0)
                        parts.push(qsTr("Felt: %1").arg(Labels.ratingLabel(row.rating)))
                    if (row.note.length > 0)
                        parts.push(qsTr("“%1”").arg(row.note))
                    return parts.join(" · ")
                }
                font.pixelSize: Theme.fontSmall
                font.italic: row.note.length > 0
                color: Theme.textMuted
                wrapMode: Text.WordWrap
                maximumLineCount: 3
                elide: Text.ElideRight
            }
        }

        IconButton {
            Layout.alignment: Qt.AlignTop
            Layout.topMargin: -Theme.spacingS
            Layout.rightMargin: -Theme.spacingS
            iconName: "more"
            iconColor: Theme.textMuted
            tip: qsTr("More for %1").arg(row.title)
            onClicked: menu.open()

            AppMenu {
                id: menu

                y: parent.height

                MenuItem {
                    visible: row.open && !Session.readOnly
                    height: visible ? implicitHeight : 0
                    text: qsTr("Mark as done…")
                    onTriggered: row.markDone(row.ritualId, row.localStart, row.title, row.whenText)
                }
                MenuItem {
                    visible: row.open && !Session.readOnly
                    height: visible ? implicitHeight : 0
                    text: qsTr("Skip this time…")
                    onTriggered: row.skip(row.ritualId, row.localStart, row.title, row.whenText)
                }
                MenuItem {
                    visible: row.open && !Session.readOnly
                    height: visible ? implicitHeight : 0
                    text: qsTr("Move this time…")
                    onTriggered: row.move(row.ritualId, row.localStart, row.title, row.whenText)
                }
                MenuItem {
                    visible: !row.open && !Session.readOnly
                    height: visible ? implicitHeight : 0
                    text: qsTr("Undo")
                    onTriggered: row.reopen(row.ritualId, row.localStart)
                }
                MenuItem {
                    text: qsTr("Open the ritual")
                    onTriggered: row.openRitual(row.ritualId)
                }
            }
        }
    }

    // Today's rows carry their actions in view; later days keep them in the menu. A read-only
    // copy (after leaving the space) has none.
    Flow {
        Layout.fillWidth: true
        Layout.leftMargin: row.width >= Theme.maxContentWidth * 0.75 ? Theme.timeColumnWidth : 0
        visible: row.isToday && !Session.readOnly
        spacing: Theme.spacingXs

        ActionButton {
            // Open: answer it (started now if need be). Done: read it, if there was one.
            visible: row.hasCheckIn && (row.open || row.checkInId.length > 0)
            text: row.open ? qsTr("Check in") : qsTr("See the check-in")
            iconName: "talk"
            highlighted: row.open
            flat: !row.open
            Accessible.name: qsTr("Answer the check-in of %1").arg(row.title)
            onClicked: row.answerCheckIn(row.ritualId, row.localStart)
        }
        ActionButton {
            visible: row.open
            objectName: "doneButton"
            text: qsTr("Done")
            iconName: "check"
            highlighted: !row.hasCheckIn
            flat: row.hasCheckIn
            tone: "accent"
            Accessible.name: qsTr("Mark %1 done").arg(row.title)
            onClicked: row.markDone(row.ritualId, row.localStart, row.title, row.whenText)
        }
        ActionButton {
            visible: row.open
            text: qsTr("Skip")
            flat: true
            Accessible.name: qsTr("Skip %1").arg(row.title)
            onClicked: row.skip(row.ritualId, row.localStart, row.title, row.whenText)
        }
        ActionButton {
            visible: row.open
            text: qsTr("Move")
            flat: true
            Accessible.name: qsTr("Move %1").arg(row.title)
            onClicked: row.move(row.ritualId, row.localStart, row.title, row.whenText)
        }
        ActionButton {
            visible: !row.open
            text: qsTr("Undo")
            flat: true
            Accessible.name: qsTr("Undo: mark %1 as not done yet").arg(row.title)
            onClicked: row.reopen(row.ritualId, row.localStart)
        }
    }
}
