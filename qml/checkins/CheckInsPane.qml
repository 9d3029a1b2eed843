pragma ComponentBehavior: Bound

import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Hearth
import Hearth.Services

// The Check-ins tab of Talk: the open check-ins first (whose turn it is, who has answered), the
// question sets to start one from, the trends of closeness, mood and stress with the needs named
// most often, and the finished ones. Pages open on `stack`, the Talk section's StackView.
Item {
    id: pane

    property var stack
    property bool showAllHistory: false
    readonly property int historyPreview: 6
    readonly property real columnWidth: Theme.columnWidth(width)
    readonly property int margin: Theme.pageMargin(width)
    readonly property bool wide: columnWidth >= Theme.fieldMinWidth * 5
    readonly property alias model: checkIns
    readonly property var trends: checkIns.trends
    readonly property int finishedCount: checkIns.count - checkIns.openCount

    // A message in the window's snackbar (there is none when a test shows the page alone).
    function notify(message: string): void {
        const window = ApplicationWindow.window
        if (window && typeof window.notify === "function")
            window.notify(message)
    }

    function open(checkinId: string, immediate: bool): void {
        if (!stack || checkinId.length === 0)
            return
        stack.push(Qt.resolvedUrl("CheckInPage.qml"), { checkinId: checkinId },
                   immediate ? StackView.Immediate : StackView.PushTransition)
    }

    // Starts a check-in of a set (or goes on with the one already open) and opens it.
    function startSet(setId: string, openId: string, immediate: bool): bool {
        if (openId.length > 0) {
            open(openId, immediate)
            return true
        }
        const result = checkIns.start(setId)
        if (result.error) {
            notify(result.error)
            return false
        }
        open(result.checkinId, immediate)
        return true
    }

    function idAt(row: int): string {
        return checkIns.data(checkIns.index(row, 0), CheckInsModel.CheckinIdRole)
    }

    // For Main.qml's showPage: "checkins" (this tab), "checkin" (options.checkinId, else the
    // newest open check-in, else the newest), "checkin-new" (a weekly check-in to answer: the
    // newest open one I haven't submitted, else a new one when none is open).
    function show(name: string, options: var): bool {
        const opts = options ?? {}
        if (name === "checkins")
            return true
        if (name === "checkin") {
            let id = opts.checkinId ?? ""
            if (id.length === 0)
                id = checkIns.newestOpenId
            if (id.length === 0 && checkIns.count > 0)
                id = idAt(0)
            if (id.length === 0 || !stack)
                return false
            open(id, true)
            return true
        }
        if (name === "checkin-new") {
            if (!stack)
                return false
            for (let row = 0; row < checkIns.count; ++row) {
                const index = checkIns.index(row, 0)
                if (!checkIns.data(index, CheckInsModel.FinishedRole) && !checkIns.data(index, CheckInsModel.MineSubmittedRole)) {
                    open(idAt(row), true)
                    return true
                }
            }
            if (checkIns.openCount > 0 || Session.readOnly)
                return false
            return startSet("weekly", "", true)
        }
        return false
    }

    function ensureVisible(item: Item): void {
        if (!item || !flick.contentItem)
            return
        let p = item
        while (p && p !== flick.contentItem)
            p = p.parent
        if (!p)
            return
        const pos = item.mapToItem(flick.contentItem, 0, 0)
        const pad = Theme.spacingXl
        if (pos.y - pad < flick.contentY)
            flick.contentY = Math.max(0, pos.y - pad)
        else if (pos.y + item.height + pad > flick.contentY + flick.height)
            flick.contentY = Math.min(flick.contentHeight - flick.height, pos.y + item.height + pad - flick.height)
    }

    CheckInsModel {
        id: checkIns
    }

    Connections {
        target: pane.Window.window
        enabled: pane.visible

        function onActiveFocusItemChanged(): void {
            pane.ensureVisible(pane.Window.activeFocusItem)
        }
    }

    Flickable {
        id: flick

        anchors.fill: parent
        contentWidth: width
        contentHeight: column.implicitHeight + 2 * pane.margin
        boundsBehavior: Flickable.StopAtBounds
        clip: true
        ScrollBar.vertical: ScrollBar {}

        ColumnLayout {
            id: column

            x: (flick.width - width) / 2
            y: pane.margin
            width: pane.columnWidth
            spacing: Theme.spacingL

            EmptyState {
                Layout.fillWidth: true
                Layout.topMargin: Theme.spacingS
                Layout.bottomMargin: Theme.spacingS
                visible: checkIns.count === 0
                icon: "talk"
                title: qsTr("Check in with each other")
                text: Session.readOnly
                      ? qsTr("There are no check-ins in this copy.")
                      : qsTr("Each of you answers a few questions on your own. Once you have both answered, you read them side by side — and talk. Pick one to start.")
            }

            // Open check-ins: whose turn it is.
            SectionHeader {
                Layout.fillWidth: true
                visible: checkIns.openCount > 0
                text: qsTr("Open")
                subtitle: qsTr("Answered apart, read together. Each of you sees that the other has answered, never what, until you both have.")
            }
            Repeater {
                model: checkIns

                delegate: CheckInDelegate {
                    visible: !finished
                    onClicked: pane.open(checkinId, false)
                }
            }

            // The question sets.
            SectionHeader {
                Layout.fillWidth: true
                Layout.topMargin: checkIns.openCount > 0 ? Theme.spacingS : 0
                visible: !Session.readOnly
                text: qsTr("Start a check-in")
            }
            GridLayout {
                Layout.fillWidth: true
                visible: !Session.readOnly
                columns: pane.wide ? 3 : 1
                columnSpacing: Theme.spacingM
                rowSpacing: Theme.spacingM

                Repeater {
                    model: checkIns.sets

                    delegate: Card {
                        id: setCard

                        required property var modelData
                        readonly property bool isOpen: modelData.openCheckinId.length > 0
                        readonly property string metaText: (modelData.questionCount === 1 ? qsTr("About %1 · 1 question")
                                                                                          : qsTr("About %1 · %2 questions"))
                                                           .arg(Labels.durationLabel(modelData.durationMinutes))
                                                           .arg(modelData.questionCount)

                        Layout.fillWidth: true
                        Layout.fillHeight: true
                        Layout.preferredWidth: 1
                        clickable: true
                        Accessible.name: isOpen ? qsTr("Continue %1").arg(modelData.title) : qsTr("Start %1").arg(modelData.title)
                        onClicked: pane.startSet(modelData.id, modelData.openCheckinId, false)

                        Label {
                            Layout.fillWidth: true
                            text: setCard.modelData.title
                            font.family: Theme.headingFamily
                            font.pixelSize: Theme.fontTitle
                            font.weight: Font.DemiBold
                            color: Theme.text
                            wrapMode: Text.WordWrap
                        }
                        Label {
                            Layout.fillWidth: true
                            text: setCard.modelData.purpose
                            font.pixelSize: Theme.fontSmall
                            color: Theme.textMuted
                            wrapMode: Text.WordWrap
                        }
                        Item {
                            Layout.fillHeight: true
                        }
                        // The cards are narrow side by side: there the time and questions get a line of their own.
                        Label {
                            Layout.fillWidth: true
                            visible: pane.wide
                            text: setCard.metaText
                            font.pixelSize: Theme.fontCaption
                            color: Theme.textFaint
                            wrapMode: Text.WordWrap
                        }
                        RowLayout {
                            Layout.fillWidth: true
                            spacing: Theme.spacingS

                            Label {
                                Layout.fillWidth: true
                                text: pane.wide ? "" : setCard.metaText
                                font.pixelSize: Theme.fontCaption
                                color: Theme.textFaint
                                wrapMode: Text.WordWrap
                            }
                            Label {
                                text: setCard.isOpen ? qsTr("Continue") : qsTr("Start")
                                font.weight: Font.DemiBold
                                color: Theme.primary
                            }
                            Icon {
                                implicitWidth: Theme.iconSizeSmall
                                implicitHeight: Theme.iconSizeSmall
                                name: "forward"
                                color: Theme.primary
                                strokeWidth: Theme.iconStrokeBold
                            }
                        }
                    }
                }
            }

            // Trends.
            SectionHeader {
                Layout.fillWidth: true
                Layout.topMargin: Theme.spacingS
                visible: checkIns.count > 0
                text: qsTr("How you've both been")
                subtitle: (pane.trends.people ?? []).length > 1
                          ? qsTr("Weekly averages from your check-ins.")
                          : qsTr("Weekly averages from your check-ins. %1's line appears once you have read a check-in together.").arg(Session.partnerName)
            }
            Card {
                Layout.fillWidth: true
                visible: checkIns.count > 0

                // Who is which colour.
                Flow {
                    Layout.fillWidth: true
                    spacing: Theme.spacingL

                    Repeater {
                        model: pane.trends.people ?? []

                        delegate: RowLayout {
                            id: legend

                            required property var modelData

                            spacing: Theme.spacingXs

                            Rectangle {
                                implicitWidth: Theme.spacingL
                                implicitHeight: Theme.spacingXs
                                radius: height / 2
                                color: legend.modelData.colour
                            }
                            Label {
                                text: legend.modelData.mine ? qsTr("%1 (you)").arg(legend.modelData.name) : legend.modelData.name
                                font.pixelSize: Theme.fontSmall
                                color: Theme.textMuted
                            }
                        }
                    }
                }
                GridLayout {
                    Layout.fillWidth: true
                    columns: pane.wide ? 3 : 1
                    columnSpacing: Theme.spacingXl
                    rowSpacing: Theme.spacingL

                    // Each chart in a plain item: a GridLayout in Qt 6.4 keeps child layouts in the
                    // cells they had when `columns` changes.
                    Item {
                        Layout.fillWidth: true
                        Layout.preferredWidth: 1
                        Layout.alignment: Qt.AlignTop
                        implicitHeight: closenessChart.implicitHeight

                        TrendChart {
                            id: closenessChart

                            width: parent.width
                            trends: pane.trends
                            measure: "closeness"
                            title: qsTr("Closeness")
                            hint: qsTr("Higher: closer.")
                        }
                    }
                    // Each chart in a plain item: a GridLayout in Qt 6.4 keeps child layouts in the
                    // cells they had when `columns` changes.
                    Item {
                        Layout.fillWidth: true
                        Layout.preferredWidth: 1
                        Layout.alignment: Qt.AlignTop
                        implicitHeight: moodChart.implicitHeight

                        TrendChart {
                            id: moodChart

                            width: parent.width
                            trends: pane.trends
                            measure: "mood"
                            title: qsTr("Mood")
                            hint: qsTr("Higher: feeling better.")
                        }
                    }
                    // Each chart in a plain item: a GridLayout in Qt 6.4 keeps child layouts in the
                    // cells they had when `columns` changes.
                    Item {
                        Layout.fillWidth: true
                        Layout.preferredWidth: 1
                        Layout.alignment: Qt.AlignTop
                        implicitHeight: stressChart.implicitHeight

                        TrendChart {
                            id: stressChart

                            width: parent.width
                            trends: pane.trends
                            measure: "stress"
                            title: qsTr("Stress")
                            hint: qsTr("Higher: more on your plate.")
                        }
                    }
                }

                // Needs named most often: one bar per person.
                Label {
                    Layout.fillWidth: true
                    Layout.topMargin: Theme.spacingS
                    text: qsTr("Needs named most often")
                    font.weight: Font.DemiBold
                    color: Theme.text
                }
                Label {
                    Layout.fillWidth: true
                    visible: (pane.trends.needs ?? []).length === 0
                    text: qsTr("The needs you pick in your check-ins add up here.")
                    font.pixelSize: Theme.fontSmall
                    color: Theme.textFaint
                    wrapMode: Text.WordWrap
                }
                Repeater {
                    model: pane.trends.needs ?? []

                    delegate: GridLayout {
                        id: need

                        required property var modelData

                        Layout.fillWidth: true
                        columns: 2
                        columnSpacing: Theme.spacingM
                        rowSpacing: Theme.spacingXs / 2
                        Accessible.role: Accessible.StaticText
                        Accessible.name: {
                            const people = pane.trends.people ?? []
                            const parts = []
                            for (let i = 0; i < people.length; ++i)
                                parts.push(qsTr("%1 %2 times").arg(people[i].name).arg(need.modelData.counts[i] ?? 0))
                            return qsTr("%1: %2").arg(need.modelData.label).arg(parts.join(", "))
                        }

                        Label {
                            Layout.row: 0
                            Layout.column: 0
                            Layout.rowSpan: Math.max(1, need.modelData.counts.length)
                            Layout.preferredWidth: Theme.fieldMinWidth
                            Layout.alignment: Qt.AlignVCenter
                            text: need.modelData.label
                            font.pixelSize: Theme.fontSmall
                            color: Theme.text
                            wrapMode: Text.WordWrap
                        }
                        Repeater {
                            model: need.modelData.counts

                            delegate: RowLayout {
                                id: bar

                                required property int modelData
                                required property int index
                                readonly property var person: (pane.trends.people ?? [])[index] ?? ({})

                                Layout.row: index
                                Layout.column: 1
                                Layout.fillWidth: true
                                spacing: Theme.spacingS

                                Item {
                                    Layout.fillWidth: true
                                    implicitHeight: Theme.spacingS + Theme.spacingXs / 2

                                    Rectangle {
                                        anchors.verticalCenter: parent.verticalCenter
                                        width: pane.trends.maxNeedCount > 0
                                               ? Math.max(bar.modelData > 0 ? Theme.spacingXs : 0, parent.width * bar.modelData / pane.trends.maxNeedCount)
                                               : 0
                                        height: parent.height
                                        radius: height / 2
                                        color: bar.person.colour ?? Theme.clay
                                    }
                                }
                                Label {
                                    Layout.preferredWidth: Theme.spacingXl
                                    text: String(bar.modelData)
                                    font.pixelSize: Theme.fontCaption
                                    color: Theme.textMuted
                                    horizontalAlignment: Text.AlignRight
                                }
                            }
                        }
                    }
                }
            }

            // Finished ones.
            SectionHeader {
                Layout.fillWidth: true
                Layout.topMargin: Theme.spacingS
                visible: pane.finishedCount > 0
                text: qsTr("Finished")
                subtitle: pane.finishedCount === 1 ? qsTr("1 check-in talked through")
                                                 : qsTr("%1 check-ins talked through").arg(pane.finishedCount)
            }
            Repeater {
                model: checkIns

                delegate: CheckInDelegate {
                    required property int index

                    // The first few finished ones, or all of them.
                    visible: finished && (pane.showAllHistory || index - checkIns.openCount < pane.historyPreview)
                    onClicked: pane.open(checkinId, false)
                }
            }
            ActionButton {
                visible: pane.finishedCount > pane.historyPreview
                text: pane.showAllHistory ? qsTr("Show fewer") : qsTr("Show all %1").arg(pane.finishedCount)
                iconName: pane.showAllHistory ? "up" : "down"
                flat: true
                onClicked: pane.showAllHistory = !pane.showAllHistory
            }
        }
    }
}
