pragma ComponentBehavior: Bound

import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Hearth
import Hearth.Services

// The therapist's home: what needs a look across couples (overdue, due this week, reflections
// newly shared, recently done), then every couple with where its link stands.
ScrollPage {
    id: page

    readonly property bool nothingToSee: overdue.total + due.total + reflections.total + done.total === 0

    // "1 overdue", "2 new reflections": English plurals without a translation loaded.
    function counted(n: int, one: string, many: string): string {
        return (n === 1 ? one : many).arg(n)
    }

    function openCouple(spaceId: string): void {
        page.stack.push(Qt.resolvedUrl("CouplePage.qml"), { spaceId: spaceId })
    }

    title: qsTr("Couples")
    titleInContent: true
    objectName: "practiceHomePage"
    pageHeader.showSync: false

    headerActions: [
        IconButton {
            iconName: "add"
            tip: qsTr("Link a couple")
            onClicked: page.stack.push(Qt.resolvedUrl("LinkCouplePage.qml"))
        }
    ]

    PracticeCouplesModel {
        id: couples
    }
    PracticeDashboardModel {
        id: overdue

        kind: "overdue"
        limit: 5
    }
    PracticeDashboardModel {
        id: due

        kind: "due"
        limit: 5
    }
    PracticeDashboardModel {
        id: reflections

        kind: "reflections"
        limit: 4
    }
    PracticeDashboardModel {
        id: done

        kind: "done"
        limit: 4
    }

    ColumnLayout {
        Layout.fillWidth: true
        spacing: Theme.spacingXs

        Label {
            Layout.fillWidth: true
            text: qsTr("Hello, %1").arg(PracticeSession.name)
            font.family: Theme.headingFamily
            font.pixelSize: Theme.fontDisplay
            font.weight: Font.DemiBold
            color: Theme.text
            wrapMode: Text.WordWrap
            Accessible.role: Accessible.Heading
            Accessible.name: text
        }
        Label {
            Layout.fillWidth: true
            text: couples.count === 0
                  ? qsTr("Link your first couple to start.")
                  : page.nothingToSee ? qsTr("All quiet between sessions. Nothing needs your attention.")
                                      : qsTr("What happened between sessions, across your couples.")
            color: Theme.textMuted
            font.pixelSize: Theme.fontBodyLarge
            wrapMode: Text.WordWrap
        }
    }

    Flow {
        Layout.fillWidth: true
        visible: !page.nothingToSee
        spacing: Theme.spacingS

        Chip {
            visible: overdue.total > 0
            text: qsTr("%1 overdue").arg(overdue.total)
            tone: "warning"
        }
        Chip {
            visible: due.total > 0
            text: qsTr("%1 due this week").arg(due.total)
            tone: "primary"
        }
        Chip {
            visible: reflections.total > 0
            text: page.counted(reflections.total, qsTr("%1 new reflection"), qsTr("%1 new reflections"))
            tone: "accent"
        }
        Chip {
            visible: done.total > 0
            text: qsTr("%1 done lately").arg(done.total)
        }
    }

    // --- Across couples -----------------------------------------------------------------------
    GridLayout {
        id: boards

        readonly property real cellWidth: columns > 1 ? (width - columnSpacing) / 2 : width

        Layout.fillWidth: true
        visible: !page.nothingToSee
        columns: page.columnWidth >= Theme.maxContentWidth * 0.8 ? 2 : 1
        columnSpacing: Theme.spacingL
        rowSpacing: Theme.spacingL

        DashboardCard {
            Layout.fillWidth: true
            Layout.fillHeight: true
            Layout.preferredWidth: boards.cellWidth
            Layout.alignment: Qt.AlignTop
            objectName: "overdueCard"
            title: qsTr("Overdue")
            emptyText: qsTr("Nothing overdue.")
            model: overdue
            onOpened: spaceId => page.openCouple(spaceId)
        }
        DashboardCard {
            Layout.fillWidth: true
            Layout.fillHeight: true
            Layout.preferredWidth: boards.cellWidth
            Layout.alignment: Qt.AlignTop
            objectName: "dueCard"
            title: qsTr("Due this week")
            emptyText: qsTr("Nothing due in the next seven days.")
            model: due
            onOpened: spaceId => page.openCouple(spaceId)
        }
        DashboardCard {
            Layout.fillWidth: true
            Layout.fillHeight: true
            Layout.preferredWidth: boards.cellWidth
            Layout.alignment: Qt.AlignTop
            objectName: "reflectionsCard"
            title: qsTr("New reflections")
            emptyText: qsTr("No new reflections since you last looked.")
            model: reflections
            onOpened: spaceId => page.openCouple(spaceId)
        }
        DashboardCard {
            Layout.fillWidth: true
            Layout.fillHeight: true
            Layout.preferredWidth: boards.cellWidth
            Layout.alignment: Qt.AlignTop
            objectName: "doneCard"
            title: qsTr("Recently done")
            emptyText: qsTr("Nothing done in the last two weeks.")
            model: done
            onOpened: spaceId => page.openCouple(spaceId)
        }
    }

    // --- Couples -------------------------------------------------------------------------------
    SectionHeader {
        Layout.fillWidth: true
        Layout.topMargin: Theme.spacingS
        text: qsTr("Your couples")
        subtitle: couples.count > 0 ? page.counted(couples.count, qsTr("%1 couple"), qsTr("%1 couples")) : ""

        ActionButton {
            text: qsTr("Link a couple")
            iconName: "add"
            flat: true
            onClicked: page.stack.push(Qt.resolvedUrl("LinkCouplePage.qml"))
        }
    }

    EmptyState {
        Layout.fillWidth: true
        visible: couples.count === 0
        icon: "people"
        title: qsTr("No couples yet")
        text: qsTr("A partner creates a therapist invite in their Hearth settings and gives you the code. Both partners read your policy before anything you assign reaches them.")

        ActionButton {
            text: qsTr("Link a couple")
            iconName: "add"
            highlighted: true
            onClicked: page.stack.push(Qt.resolvedUrl("LinkCouplePage.qml"))
        }
    }

    Repeater {
        model: couples

        delegate: CoupleCard {
            id: coupleCard

            Layout.fillWidth: true
            onClicked: page.openCouple(coupleCard.spaceId)
        }
    }
}
