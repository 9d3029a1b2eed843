pragma ComponentBehavior: Bound

import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Hearth
import Hearth.Services

// Everything our therapist assigned that stands: the current ones by their next due date, then
// the done ones. Each opens its guided view. Withdrawn assignments are not listed.
ScrollPage {
    id: page

    function openAssignment(assignmentId: string, occurrence: int): void {
        page.StackView.view.push(Qt.resolvedUrl("AssignmentPage.qml"), { assignmentId: assignmentId, occurrence: occurrence })
    }

    title: qsTr("From your therapist")
    objectName: "carePage"

    CoupleCare {
        id: care
    }
    CoupleAssignmentsModel {
        id: assignments
    }

    SectionHeader {
        Layout.fillWidth: true
        visible: care.active
        large: true
        text: qsTr("Assignments")
        subtitle: qsTr("From %1. What each of you did shows to you both; your reflections show only if you share them.").arg(care.therapistName)
    }

    EmptyState {
        Layout.fillWidth: true
        Layout.topMargin: Theme.spacingXl
        visible: assignments.count === 0
        icon: "steps"
        title: care.active ? qsTr("Nothing assigned yet") : qsTr("No therapist linked")
        text: {
            if (care.active)
                return qsTr("When %1 gives you an exercise, it shows here and on Today.").arg(care.therapistName)
            if (care.state === "policy" || care.state === "partner")
                return qsTr("Assignments show once you have both accepted %1's policy, in Settings.").arg(care.therapistName)
            if (care.state === "ended")
                return qsTr("The link with %1 has ended.").arg(care.therapistName)
            return qsTr("If you see a couples therapist, you can link them in Settings, under “Your therapist”.")
        }
    }

    Repeater {
        model: assignments

        delegate: ColumnLayout {
            id: row

            required property string assignmentId
            required property string title
            required property string formatLabel
            required property string whoText
            required property string nextDueLabel
            required property int nextOccurrence
            required property string progressText
            required property bool done
            required property bool overdue
            required property string groupLabel
            required property bool firstInGroup

            Layout.fillWidth: true
            spacing: Theme.spacingS

            Label {
                Layout.fillWidth: true
                Layout.topMargin: Theme.spacingS
                visible: row.firstInGroup
                text: row.groupLabel
                font.family: Theme.headingFamily
                font.pixelSize: Theme.fontTitle
                font.weight: Font.DemiBold
                color: Theme.text
                Accessible.role: Accessible.Heading
                Accessible.name: text
            }
            Card {
                Layout.fillWidth: true
                clickable: true
                tint: row.done ? Theme.surfaceAlt : Theme.surface
                Accessible.name: qsTr("%1, %2, %3").arg(row.title).arg(row.whoText).arg(row.nextDueLabel)
                onClicked: page.openAssignment(row.assignmentId, row.done ? -1 : row.nextOccurrence)

                RowLayout {
                    Layout.fillWidth: true
                    spacing: Theme.spacingM

                    ColumnLayout {
                        Layout.fillWidth: true
                        spacing: Theme.spacingXs / 2

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
                            text: row.formatLabel.length > 0 ? qsTr("%1 · %2").arg(row.whoText).arg(row.formatLabel) : row.whoText
                            font.pixelSize: Theme.fontSmall
                            color: Theme.textMuted
                            wrapMode: Text.WordWrap
                        }
                        Label {
                            Layout.fillWidth: true
                            text: row.progressText
                            font.pixelSize: Theme.fontSmall
                            color: Theme.textMuted
                            wrapMode: Text.WordWrap
                        }
                    }
                    Chip {
                        Layout.alignment: Qt.AlignTop
                        text: row.nextDueLabel
                        tone: row.done ? "accent" : (row.overdue ? "warning" : "primary")
                    }
                }
            }
        }
    }
}
