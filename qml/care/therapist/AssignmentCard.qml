pragma ComponentBehavior: Bound

import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Hearth

// One assignment of a couple: the exercise, for whom and when, the therapist's note, and each
// partner's status on each due date (to do, done and when, overdue). A row of
// PracticeAssignmentsModel.
Card {
    id: card

    required property string assignmentId
    required property string title
    required property string formatLabel
    required property string assigneeText
    required property string scheduleText
    required property string note
    required property string assignedText
    required property int doneCount
    required property int overdueCount
    required property var statuses
    property bool canWithdraw: true

    signal withdrawRequested()

    spacing: Theme.spacingS

    RowLayout {
        Layout.fillWidth: true
        spacing: Theme.spacingS

        ColumnLayout {
            Layout.fillWidth: true
            spacing: 2

            Label {
                Layout.fillWidth: true
                text: card.title
                font.pixelSize: Theme.fontBodyLarge
                font.weight: Font.DemiBold
                color: Theme.text
                wrapMode: Text.WordWrap
            }
            Label {
                Layout.fillWidth: true
                text: qsTr("%1 · %2").arg(card.assigneeText).arg(card.scheduleText)
                font.pixelSize: Theme.fontSmall
                color: Theme.textMuted
                wrapMode: Text.WordWrap
            }
        }
        IconButton {
            Layout.alignment: Qt.AlignTop
            visible: card.canWithdraw
            iconName: "delete"
            iconColor: Theme.textMuted
            tip: qsTr("Withdraw “%1”").arg(card.title)
            onClicked: card.withdrawRequested()
        }
    }
    Label {
        Layout.fillWidth: true
        visible: card.note.length > 0
        text: card.note
        font.pixelSize: Theme.fontSmall
        font.italic: true
        color: Theme.textMuted
        wrapMode: Text.WordWrap
    }

    // Each partner on each due date.
    ColumnLayout {
        Layout.fillWidth: true
        Layout.topMargin: Theme.spacingXs
        spacing: Theme.spacingXs

        Repeater {
            model: card.statuses

            delegate: RowLayout {
                id: line

                required property var modelData

                Layout.fillWidth: true
                spacing: Theme.spacingS
                Accessible.role: Accessible.StaticText
                Accessible.name: qsTr("%1: %2").arg(modelData.partnerName).arg(modelData.statusText)

                Rectangle {
                    implicitWidth: Theme.dotSize
                    implicitHeight: Theme.dotSize
                    radius: width / 2
                    color: line.modelData.colour.length > 0 ? line.modelData.colour : Theme.clay
                }
                Label {
                    Layout.preferredWidth: Math.min(implicitWidth, card.availableWidth * 0.3)
                    text: line.modelData.partnerName
                    font.pixelSize: Theme.fontSmall
                    font.weight: Font.DemiBold
                    color: Theme.text
                    elide: Text.ElideRight
                }
                Label {
                    Layout.fillWidth: true
                    text: line.modelData.statusText + (line.modelData.reflected ? qsTr(" · reflected") : "")
                    font.pixelSize: Theme.fontSmall
                    color: Theme.textMuted
                    elide: Text.ElideRight
                }
                Chip {
                    text: line.modelData.status === "done" ? qsTr("Done")
                          : line.modelData.status === "overdue" ? qsTr("Overdue") : qsTr("To do")
                    tone: line.modelData.status === "done" ? "accent"
                          : line.modelData.status === "overdue" ? "warning" : "neutral"
                }
            }
        }
    }
    Label {
        Layout.fillWidth: true
        text: card.assignedText
        font.pixelSize: Theme.fontCaption
        color: Theme.textFaint
        elide: Text.ElideRight
    }
}
