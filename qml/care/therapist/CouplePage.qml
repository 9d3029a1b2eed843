pragma ComponentBehavior: Bound

import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Hearth
import Hearth.Services

// One couple, as the therapist sees it: where the link stands (who accepted the policy), the
// assignments with each partner's status per due date, the reflections they shared, and their
// check-in trends when they share them. Assign, export and withdraw from here.
ScrollPage {
    id: page

    property string spaceId
    readonly property var couple: {
        PracticeSession.revision
        return PracticeSession.couple(spaceId)
    }
    readonly property bool exists: couple.spaceId !== undefined
    readonly property bool active: couple.active ?? false
    readonly property var trends: {
        PracticeSession.revision
        return PracticeSession.trends(spaceId)
    }
    property string withdrawId
    property string withdrawTitle

    function notify(message: string): void {
        const window = ApplicationWindow.window
        if (window && message.length > 0)
            window.notify(message)
    }

    function closeDialogs(): void {
        withdrawDialog.close()
        exportMenu.close()
    }

    function exportAs(suffix: string): void {
        const path = PracticeSession.suggestedExportPath(spaceId, suffix)
        notify(suffix === "pdf" ? PracticeSession.exportPdf(spaceId, path) : PracticeSession.exportHtml(spaceId, path))
    }

    title: couple.name ?? qsTr("Couple")
    titleInContent: true
    objectName: "practiceCouplePage"
    pageHeader.showSync: false

    headerActions: [
        IconButton {
            id: exportButton

            visible: page.exists
            iconName: "export"
            tip: qsTr("Export a summary")
            onClicked: exportMenu.popup(exportButton, 0, exportButton.height)
        }
    ]

    // Opening the couple is looking at what they shared: it is no longer new.
    Component.onCompleted: Qt.callLater(() => PracticeSession.markSeen(page.spaceId))

    PracticeAssignmentsModel {
        id: assignments

        spaceId: page.spaceId
    }
    PracticeReflectionsModel {
        id: reflections

        spaceId: page.spaceId
    }

    AppMenu {
        id: exportMenu

        MenuItem {
            text: qsTr("Export as PDF")
            onTriggered: page.exportAs("pdf")
        }
        MenuItem {
            text: qsTr("Export as HTML")
            onTriggered: page.exportAs("html")
        }
    }

    AppDialog {
        id: withdrawDialog

        title: qsTr("Withdraw “%1”?").arg(page.withdrawTitle)
        primaryText: qsTr("Withdraw")
        primaryTone: "danger"

        Label {
            Layout.fillWidth: true
            text: qsTr("It disappears from the couple's Hearth. What they already did and shared stays with you.")
            wrapMode: Text.WordWrap
            color: Theme.text
        }

        onPrimaryClicked: {
            const error = PracticeSession.withdraw(page.spaceId, page.withdrawId)
            if (error.length > 0) {
                withdrawDialog.error = error
                return
            }
            withdrawDialog.close()
            page.notify(qsTr("Withdrawn."))
        }
    }

    EmptyState {
        Layout.fillWidth: true
        Layout.topMargin: Theme.spacingXxl
        visible: !page.exists
        icon: "people"
        title: qsTr("This couple is not here")
        text: qsTr("It may have been archived.")
    }

    // --- Who and how the link stands ------------------------------------------------------------
    ColumnLayout {
        Layout.fillWidth: true
        visible: page.exists
        spacing: Theme.spacingS

        Label {
            Layout.fillWidth: true
            text: page.couple.name ?? ""
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
            text: page.couple.stateText ?? ""
            color: Theme.textMuted
            wrapMode: Text.WordWrap
        }
        Flow {
            Layout.fillWidth: true
            spacing: Theme.spacingS

            Repeater {
                model: page.couple.partners ?? []

                delegate: Chip {
                    required property var modelData

                    text: modelData.accepted ? qsTr("%1 accepted your policy").arg(modelData.name)
                                             : qsTr("%1 has not accepted yet").arg(modelData.name)
                    tone: modelData.accepted ? "accent" : "neutral"
                }
            }
        }
        Label {
            Layout.fillWidth: true
            text: (page.couple.syncError ?? "").length > 0 ? page.couple.syncError : (page.couple.lastSyncText ?? "")
            font.pixelSize: Theme.fontCaption
            color: (page.couple.syncError ?? "").length > 0 ? Theme.warning : Theme.textFaint
            wrapMode: Text.WordWrap
        }
        Flow {
            Layout.fillWidth: true
            Layout.topMargin: Theme.spacingXs
            spacing: Theme.spacingS

            ActionButton {
                objectName: "assignButton"
                visible: page.active
                text: qsTr("Assign an exercise")
                iconName: "add"
                highlighted: true
                onClicked: page.stack.push(Qt.resolvedUrl("AssignPage.qml"), { spaceId: page.spaceId })
            }
            QuietAction {
                visible: page.couple.ended ?? false
                text: qsTr("Archive")
                onClicked: {
                    const error = PracticeSession.archive(page.spaceId)
                    page.notify(error.length > 0 ? error : qsTr("Archived. The data stays on this computer."))
                    if (error.length === 0)
                        page.stack.pop()
                }
            }
        }
        Label {
            Layout.fillWidth: true
            visible: page.exists && !page.active && !(page.couple.ended ?? false)
            text: qsTr("You can assign exercises once both partners have accepted your policy.")
            font.pixelSize: Theme.fontSmall
            color: Theme.textFaint
            wrapMode: Text.WordWrap
        }
    }

    // --- Assignments -------------------------------------------------------------------------------
    SectionHeader {
        Layout.fillWidth: true
        Layout.topMargin: Theme.spacingS
        visible: page.exists
        text: qsTr("Assignments")
        subtitle: assignments.count > 0 ? qsTr("%1 standing").arg(assignments.count) : ""
    }
    Label {
        Layout.fillWidth: true
        visible: page.exists && assignments.count === 0
        text: qsTr("Nothing assigned yet.")
        color: Theme.textFaint
        wrapMode: Text.WordWrap
    }
    Repeater {
        model: assignments

        delegate: AssignmentCard {
            id: assignmentCard

            Layout.fillWidth: true
            canWithdraw: page.active
            onWithdrawRequested: {
                page.withdrawId = assignmentCard.assignmentId
                page.withdrawTitle = assignmentCard.title
                withdrawDialog.open()
            }
        }
    }

    // --- Reflections -------------------------------------------------------------------------------
    SectionHeader {
        Layout.fillWidth: true
        Layout.topMargin: Theme.spacingS
        visible: page.exists
        text: qsTr("Shared reflections")
        subtitle: qsTr("Only what a partner chose to share with you.")

        QuietAction {
            visible: reflections.count > 2
            text: qsTr("See all %1").arg(reflections.count)
            onClicked: page.stack.push(Qt.resolvedUrl("ReflectionsPage.qml"), { spaceId: page.spaceId })
        }
    }
    Label {
        Layout.fillWidth: true
        visible: page.exists && reflections.count === 0
        text: qsTr("No reflections shared with you yet.")
        color: Theme.textFaint
        wrapMode: Text.WordWrap
    }
    Repeater {
        model: reflections

        delegate: ReflectionCard {
            required property int index

            Layout.fillWidth: true
            visible: index < 2
        }
    }

    // --- Trends ----------------------------------------------------------------------------------
    SectionHeader {
        Layout.fillWidth: true
        Layout.topMargin: Theme.spacingS
        visible: page.exists
        text: qsTr("Check-in trends")
        subtitle: (page.trends.people ?? []).length > 0
                  ? qsTr("Weekly averages of the partners who share them with you.")
                  : ""
    }
    Label {
        Layout.fillWidth: true
        visible: page.exists && (page.trends.people ?? []).length === 0
        text: qsTr("Neither partner shares their check-in trends with you. Each can choose to, in their own settings.")
        color: Theme.textFaint
        wrapMode: Text.WordWrap
    }
    Card {
        Layout.fillWidth: true
        visible: page.exists && (page.trends.people ?? []).length > 0
        spacing: Theme.spacingL

        TrendChart {
            Layout.fillWidth: true
            trends: page.trends
            measure: "closeness"
            title: qsTr("Closeness")
            hint: qsTr("Higher is closer.")
        }
        TrendChart {
            Layout.fillWidth: true
            trends: page.trends
            measure: "mood"
            title: qsTr("Mood")
            hint: qsTr("Higher is better.")
        }
        TrendChart {
            Layout.fillWidth: true
            trends: page.trends
            measure: "stress"
            title: qsTr("Stress")
            hint: qsTr("Higher is more stress.")
        }
    }
}
