import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Hearth

// One ritual in the list: title, kind and status, its schedule in words, when it comes next and
// how consistently it was kept.
Card {
    id: row

    required property string ritualId
    required property string title
    required property string kind
    required property string purpose
    required property string scheduleText
    required property string status
    required property string nextText
    required property string consistencyText
    required property int kept
    required property int periods

    signal openRitual(string ritualId)

    clickable: true
    opacity: status === "archived" ? 0.75 : 1
    Accessible.name: qsTr("%1. %2. %3. %4").arg(title).arg(scheduleText).arg(nextText).arg(consistencyText)
    onClicked: openRitual(ritualId)

    RowLayout {
        Layout.fillWidth: true
        spacing: Theme.spacingS

        Label {
            Layout.fillWidth: true
            text: row.title
            font.family: Theme.headingFamily
            font.pixelSize: Theme.fontTitle
            font.weight: Font.DemiBold
            color: Theme.text
            wrapMode: Text.WordWrap
        }
        Icon {
            Layout.alignment: Qt.AlignTop
            Layout.topMargin: Theme.spacingXs
            name: "forward"
            color: Theme.textFaint
        }
    }
    Flow {
        Layout.fillWidth: true
        spacing: Theme.spacingXs

        Chip {
            text: Labels.kindLabel(row.kind)
            tone: "primary"
        }
        Chip {
            visible: row.status !== "active"
            text: Labels.statusLabel(row.status)
            tone: row.status === "paused" ? "warning" : "neutral"
        }
    }
    Label {
        Layout.fillWidth: true
        text: row.scheduleText
        color: Theme.text
        wrapMode: Text.WordWrap
    }
    Label {
        Layout.fillWidth: true
        visible: row.status === "active" && row.nextText.length > 0
        text: row.nextText
        color: Theme.accent
        font.weight: Font.DemiBold
        wrapMode: Text.WordWrap
    }
    RowLayout {
        Layout.fillWidth: true
        Layout.topMargin: Theme.spacingXs
        spacing: Theme.spacingM

        ProgressLine {
            Layout.preferredWidth: Theme.fieldMinWidth
            visible: row.periods > 0
            value: row.periods > 0 ? row.kept / row.periods : 0
            fill: Theme.primary
        }
        Label {
            Layout.fillWidth: true
            text: row.consistencyText
            font.pixelSize: Theme.fontSmall
            color: Theme.textMuted
            wrapMode: Text.WordWrap
        }
    }
}
