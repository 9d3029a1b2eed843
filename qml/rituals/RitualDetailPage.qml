pragma ComponentBehavior: Bound

import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Hearth
import Hearth.Services

// One ritual: why you keep it, its steps, when it happens next, how consistently it was kept
// (with a chart) and its history. From here: do it now, edit, pause or resume, archive, export
// (a read-only copy, after leaving the space, offers only what does not change it).
ScrollPage {
    id: page

    property string ritualId
    property bool showAllHistory: false
    readonly property int historyPreview: 8

    function setStatus(status: string): void {
        const error = Session.setRitualStatus(ritualId, status)
        const window = ApplicationWindow.window
        if (error.length > 0)
            window.notify(error)
        else if (status === "archived")
            window.notify(qsTr("Archived. Turn on “Show archived” in Rituals to find it again."))
        else if (status === "paused")
            window.notify(qsTr("Paused. It stays off Today until you resume it."))
    }

    function exportCalendar(): void {
        const slug = detail.title.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "")
        const path = Session.suggestedExportPath((slug.length > 0 ? slug : "ritual") + ".ics")
        ApplicationWindow.window.notify(Session.exportIcs(path, ritualId))
    }

    function edit(): void {
        stack.push(Qt.resolvedUrl("RitualEditorPage.qml"), { ritualId: ritualId })
    }

    title: detail.exists ? detail.title : qsTr("Ritual")
    objectName: "ritualDetailPage"
    titleInContent: true

    headerActions: [
        IconButton {
            visible: detail.exists && !Session.readOnly
            iconName: "edit"
            tip: qsTr("Edit")
            onClicked: page.edit()
        },
        IconButton {
            visible: detail.exists
            iconName: "more"
            tip: qsTr("More actions")
            onClicked: moreMenu.open()

            AppMenu {
                id: moreMenu

                y: parent.height

                MenuItem {
                    visible: !Session.readOnly
                    height: visible ? implicitHeight : 0
                    text: detail.status === "active" ? qsTr("Pause") : (detail.status === "archived" ? qsTr("Restore") : qsTr("Resume"))
                    onTriggered: page.setStatus(detail.status === "active" ? "paused" : "active")
                }
                MenuItem {
                    visible: detail.status !== "archived" && !Session.readOnly
                    height: visible ? implicitHeight : 0
                    text: qsTr("Archive")
                    onTriggered: page.setStatus("archived")
                }
                MenuItem {
                    text: qsTr("Export to calendar (.ics)")
                    onTriggered: page.exportCalendar()
                }
            }
        }
    ]

    RitualDetail {
        id: detail

        ritualId: page.ritualId
    }

    HistoryModel {
        id: history

        ritualId: page.ritualId
    }

    EmptyState {
        Layout.fillWidth: true
        Layout.topMargin: Theme.spacingXxl
        visible: !detail.exists
        icon: "rituals"
        title: qsTr("This ritual is not here any more")
        text: qsTr("It may have been removed on another device.")
    }

    // Title, kind, purpose and the main actions.
    ColumnLayout {
        Layout.fillWidth: true
        visible: detail.exists
        spacing: Theme.spacingM

        Flow {
            Layout.fillWidth: true
            spacing: Theme.spacingXs

            Chip {
                text: Labels.kindLabel(detail.kind)
                tone: "primary"
            }
            Chip {
                visible: detail.status !== "active"
                text: Labels.statusLabel(detail.status)
                tone: detail.status === "paused" ? "warning" : "neutral"
            }
        }
        Label {
            Layout.fillWidth: true
            text: detail.title
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
            visible: detail.purpose.length > 0
            text: detail.purpose
            font.pixelSize: Theme.fontBodyLarge
            color: Theme.textMuted
            wrapMode: Text.WordWrap
            lineHeight: 1.15
        }
        Flow {
            Layout.fillWidth: true
            spacing: Theme.spacingS

            ActionButton {
                visible: detail.steps.length > 0
                objectName: "doItNowButton"
                text: qsTr("Do it now")
                iconName: "play"
                highlighted: true
                onClicked: page.stack.push(Qt.resolvedUrl("DoItNowPage.qml"), { ritualId: page.ritualId })
            }
            ActionButton {
                visible: !Session.readOnly
                text: qsTr("Edit")
                iconName: "edit"
                onClicked: page.edit()
            }
            ActionButton {
                visible: detail.status !== "active" && !Session.readOnly
                text: detail.status === "archived" ? qsTr("Restore") : qsTr("Resume")
                iconName: "resume"
                flat: true
                onClicked: page.setStatus("active")
            }
        }
    }

    Card {
        Layout.fillWidth: true
        visible: detail.exists && detail.steps.length > 0

        SectionHeader {
            Layout.fillWidth: true
            text: qsTr("Steps")
        }
        Repeater {
            model: detail.steps

            delegate: RowLayout {
                id: stepRow

                required property string modelData
                required property int index

                Layout.fillWidth: true
                spacing: Theme.spacingM

                Rectangle {
                    Layout.alignment: Qt.AlignTop
                    implicitWidth: Theme.iconSize + Theme.spacingXs
                    implicitHeight: implicitWidth
                    radius: width / 2
                    color: Theme.primarySoft

                    Label {
                        anchors.centerIn: parent
                        text: String(stepRow.index + 1)
                        font.pixelSize: Theme.fontSmall
                        font.weight: Font.Bold
                        color: Theme.textOnPrimarySoft
                    }
                }
                Label {
                    Layout.fillWidth: true
                    text: stepRow.modelData
                    color: Theme.text
                    wrapMode: Text.WordWrap
                }
            }
        }
    }

    Card {
        Layout.fillWidth: true
        visible: detail.exists

        SectionHeader {
            Layout.fillWidth: true
            text: qsTr("When")
        }
        Label {
            Layout.fillWidth: true
            text: detail.scheduleText
            font.pixelSize: Theme.fontBodyLarge
            color: Theme.text
            wrapMode: Text.WordWrap
        }
        GridLayout {
            Layout.fillWidth: true
            columns: 2
            columnSpacing: Theme.spacingL
            rowSpacing: Theme.spacingXs

            Label {
                text: qsTr("Time zone")
                color: Theme.textMuted
            }
            Label {
                Layout.fillWidth: true
                text: detail.timeZone.replace(/_/g, " ")
                color: Theme.text
                wrapMode: Text.WordWrap
            }
            Label {
                text: qsTr("Takes")
                color: Theme.textMuted
            }
            Label {
                Layout.fillWidth: true
                text: Labels.durationLabel(detail.durationMinutes)
                color: Theme.text
                wrapMode: Text.WordWrap
            }
            Label {
                text: qsTr("Reminder")
                color: Theme.textMuted
            }
            Label {
                Layout.fillWidth: true
                text: Labels.minutesLabel(detail.reminderMinutes)
                color: Theme.text
                wrapMode: Text.WordWrap
            }
        }

        SectionHeader {
            Layout.fillWidth: true
            Layout.topMargin: Theme.spacingS
            visible: detail.upcoming.length > 0
            text: qsTr("Coming up")
        }
        Repeater {
            model: detail.upcoming

            delegate: RowLayout {
                id: upcomingRow

                required property var modelData

                Layout.fillWidth: true
                spacing: Theme.spacingM

                Label {
                    Layout.fillWidth: true
                    text: upcomingRow.modelData.dayLabel
                    color: Theme.text
                    wrapMode: Text.WordWrap
                }
                Label {
                    visible: upcomingRow.modelData.partnerTimeText.length > 0
                    text: qsTr("%1 for %2").arg(upcomingRow.modelData.partnerTimeText).arg(Session.partnerName)
                    color: Theme.accent
                    font.pixelSize: Theme.fontSmall
                }
                Label {
                    text: upcomingRow.modelData.timeText
                    color: Theme.text
                    font.weight: Font.DemiBold
                }
            }
        }
        Label {
            Layout.fillWidth: true
            visible: detail.upcoming.length === 0
            text: detail.status === "active" ? qsTr("Nothing more is scheduled.")
                                             : qsTr("Nothing is scheduled while it is %1.").arg(Labels.statusLabel(detail.status).toLowerCase())
            color: Theme.textMuted
            wrapMode: Text.WordWrap
        }
    }

    Card {
        Layout.fillWidth: true
        visible: detail.exists

        SectionHeader {
            Layout.fillWidth: true
            text: qsTr("How you kept it")
            subtitle: history.consistencyText
        }
        ConsistencyChart {
            Layout.fillWidth: true
            periods: history.periods
            summary: history.consistencyText
        }
    }

    Card {
        Layout.fillWidth: true
        visible: detail.exists

        SectionHeader {
            Layout.fillWidth: true
            text: qsTr("History")
            subtitle: qsTr("The last four months")
        }
        Label {
            Layout.fillWidth: true
            visible: history.count === 0
            text: qsTr("Nothing yet. Its story starts the first time you keep it.")
            color: Theme.textMuted
            wrapMode: Text.WordWrap
        }
        Repeater {
            model: history

            delegate: ColumnLayout {
                id: entry

                required property int index
                required property string dateText
                required property string timeText
                required property string status
                required property string note
                required property int rating
                required property string reason
                required property bool moved

                Layout.fillWidth: true
                visible: page.showAllHistory || index < page.historyPreview
                spacing: Theme.spacingXs

                Rectangle {
                    Layout.fillWidth: true
                    Layout.bottomMargin: Theme.spacingXs
                    visible: entry.index > 0
                    implicitHeight: Theme.hairline
                    color: Theme.border
                }
                RowLayout {
                    Layout.fillWidth: true
                    spacing: Theme.spacingS

                    Label {
                        Layout.fillWidth: true
                        text: qsTr("%1, %2").arg(entry.dateText).arg(entry.timeText)
                        color: Theme.text
                        wrapMode: Text.WordWrap
                    }
                    Label {
                        visible: entry.rating > 0
                        text: qsTr("%1/5").arg(entry.rating)
                        color: Theme.textMuted
                        font.pixelSize: Theme.fontSmall
                        Accessible.name: qsTr("Felt %1 of 5").arg(entry.rating)
                    }
                    Chip {
                        text: Labels.statusLabel(entry.status)
                        tone: entry.status === "done" ? "accent" : (entry.status === "missed" ? "warning" : "neutral")
                    }
                }
                Label {
                    Layout.fillWidth: true
                    visible: entry.note.length > 0 || entry.reason.length > 0
                    text: entry.note.length > 0 ? qsTr("“%1”").arg(entry.note) : entry.reason
                    font.italic: true
                    font.pixelSize: Theme.fontSmall
                    color: Theme.textMuted
                    wrapMode: Text.WordWrap
                }
            }
        }
        ActionButton {
            visible: history.count > page.historyPreview
            text: page.showAllHistory ? qsTr("Show fewer") : qsTr("Show all %1").arg(history.count)
            iconName: page.showAllHistory ? "up" : "down"
            flat: true
            onClicked: page.showAllHistory = !page.showAllHistory
        }
    }

    Label {
        Layout.fillWidth: true
        visible: detail.exists && detail.credit.length > 0
        text: detail.credit
        font.pixelSize: Theme.fontSmall
        font.italic: true
        color: Theme.textFaint
        wrapMode: Text.WordWrap
    }
}
