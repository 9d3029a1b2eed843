import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Hearth
import Hearth.Services

// The Repairs tab of Talk: start a repair after a fight, try a repair attempt in the moment or
// take a pause; a break in progress; repairs per month with the median time to repair; the log,
// filtered by topic and status; and a way to the couple's commitments.
Item {
    id: pane

    property var stack
    readonly property real columnWidth: Theme.columnWidth(width)
    readonly property int margin: Theme.pageMargin(width)

    function push(file: string, properties: var, immediate: bool): bool {
        if (!stack)
            return false
        if (immediate)
            stack.push(Qt.resolvedUrl(file), properties, StackView.Immediate)
        else
            stack.push(Qt.resolvedUrl(file), properties)
        return true
    }

    function openRepair(repairId: string): void {
        push("RepairPage.qml", { repairId: repairId }, false)
    }

    // Called by the window's showPage: "repairs", "repair" ({repairId}, else the newest open
    // repair, else the newest), "start-repair", "repair-attempt", "break" ({repairId}) and
    // "commitments". False when there is nothing to show.
    function show(name: string, options: var): bool {
        const opts = options ?? {}
        switch (name) {
        case "repairs":
            return true
        case "repair": {
            repairs.refresh()
            let id = opts.repairId ?? ""
            if (id.length === 0)
                id = repairs.openRepairId.length > 0 ? repairs.openRepairId : repairs.newestRepairId
            if (id.length === 0)
                return false
            return push("RepairPage.qml", { repairId: id }, true)
        }
        case "start-repair":
            return push("StartRepairPage.qml", {}, true)
        case "repair-attempt":
            return push("RepairPage.qml", { attempt: true }, true)
        case "break":
            return push("BreakPage.qml", { repairId: opts.repairId ?? "" }, true)
        case "commitments":
            return push("CommitmentsPage.qml", {}, true)
        }
        return false
    }

    RepairsModel {
        id: repairs
    }

    BreakState {
        id: breakState

        // The countdown ticks only while the pane is seen; a break of the open repair that ran
        // out and was not ended is shown too, to end it.
        ticking: pane.visible
        forRepair: repairs.openRepairId
    }

    PageListView {
        id: list

        anchors.fill: parent
        columnWidth: pane.columnWidth
        margin: pane.margin
        spacing: Theme.spacingM
        model: repairs

        header: ColumnLayout {
            x: (list.width - width) / 2
            width: pane.columnWidth
            spacing: Theme.spacingM

            Item {
                implicitHeight: Theme.spacingS
            }
            Label {
                Layout.fillWidth: true
                text: qsTr("Every couple fights. What counts is how you find your way back. Each of you writes your side on your own; you read each other's once you have both written.")
                color: Theme.textMuted
                wrapMode: Text.WordWrap
            }
            ReadOnlyBanner {
                Layout.fillWidth: true
            }

            // A break in progress, on either side, or one whose time came.
            Card {
                Layout.fillWidth: true
                objectName: "breakBanner"
                visible: breakState.active || breakState.timeUp
                clickable: true
                tint: Theme.accentSoft
                outline: Theme.accentSoft
                Accessible.name: breakState.headline
                onClicked: pane.push("BreakPage.qml", { repairId: breakState.repairId }, false)

                RowLayout {
                    Layout.fillWidth: true
                    spacing: Theme.spacingM

                    Icon {
                        Layout.alignment: Qt.AlignTop
                        implicitWidth: Theme.iconSize
                        implicitHeight: Theme.iconSize
                        name: "breath"
                        color: Theme.textOnAccentSoft
                    }
                    ColumnLayout {
                        Layout.fillWidth: true
                        spacing: Theme.spacingXs

                        Label {
                            Layout.fillWidth: true
                            text: breakState.headline
                            color: Theme.textOnAccentSoft
                            font.weight: Font.DemiBold
                            wrapMode: Text.WordWrap
                        }
                        Label {
                            Layout.fillWidth: true
                            text: breakState.active
                                  ? qsTr("%1 left. Tap for something calming to do meanwhile.").arg(breakState.countdownText)
                                  : qsTr("It's time to come back. Tap when you're ready.")
                            color: Theme.textOnAccentSoft
                            font.pixelSize: Theme.fontSmall
                            wrapMode: Text.WordWrap
                        }
                    }
                }
            }

            Flow {
                Layout.fillWidth: true
                spacing: Theme.spacingS
                visible: !Session.readOnly

                ActionButton {
                    objectName: "startRepairButton"
                    text: qsTr("Start a repair")
                    iconName: "repair"
                    highlighted: true
                    onClicked: pane.push("StartRepairPage.qml", {}, false)
                }
                ActionButton {
                    objectName: "pauseButton"
                    text: qsTr("Need a pause?")
                    iconName: "pause"
                    flat: true
                    tone: "accent"
                    onClicked: pane.push("BreakPage.qml", { repairId: "" }, false)
                }
                ActionButton {
                    objectName: "repairAttemptButton"
                    text: qsTr("Try a repair attempt")
                    iconName: "talk"
                    onClicked: pane.push("RepairPage.qml", { attempt: true }, false)
                }
            }

            EmptyState {
                Layout.fillWidth: true
                Layout.topMargin: Theme.spacingXl
                visible: repairs.totalCount === 0
                icon: "repair"
                title: qsTr("No repairs yet")
                text: qsTr("When a fight leaves you both sore, start a repair here and talk it through at your own pace, one calm step at a time. If a talk is going sideways right now, a repair attempt or a short pause can help first.")
            }

            Card {
                Layout.fillWidth: true
                visible: repairs.totalCount > 0

                SectionHeader {
                    Layout.fillWidth: true
                    text: qsTr("Repairs per month")
                }
                RepairsChart {
                    Layout.fillWidth: true
                    perMonth: repairs.perMonth
                    medianText: repairs.medianText
                }
                ActionButton {
                    Layout.topMargin: Theme.spacingXs
                    objectName: "commitmentsButton"
                    text: repairs.commitments.length > 0
                          ? qsTr("Your commitments (%1)").arg(repairs.commitments.length)
                          : qsTr("Your commitments")
                    iconName: "heart"
                    flat: true
                    leftPadding: Theme.spacingS
                    onClicked: pane.push("CommitmentsPage.qml", {}, false)
                }
            }

            SectionHeader {
                Layout.fillWidth: true
                Layout.topMargin: Theme.spacingS
                visible: repairs.totalCount > 0
                text: qsTr("Your repairs")
                subtitle: repairs.count === repairs.totalCount
                          ? (repairs.totalCount === 1 ? qsTr("1 repair") : qsTr("%1 repairs").arg(repairs.totalCount))
                          : qsTr("%1 of %2 shown").arg(repairs.count).arg(repairs.totalCount)
            }

            // Filters: a topic, and a status.
            ColumnLayout {
                Layout.fillWidth: true
                visible: repairs.totalCount > 0
                spacing: Theme.spacingS

                AppComboBox {
                    id: topicBox

                    Layout.fillWidth: true
                    Layout.maximumWidth: Theme.fieldMinWidth * 3
                    objectName: "topicFilter"
                    model: [qsTr("All topics")].concat(repairs.topics.map(t => t.label))
                    currentIndex: {
                        const i = repairs.topics.findIndex(t => t.id === repairs.topicFilter)
                        return i + 1
                    }
                    Accessible.name: qsTr("Topic: %1").arg(currentText)
                    onActivated: index => repairs.topicFilter = index === 0 ? "" : repairs.topics[index - 1].id
                }
                Flow {
                    Layout.fillWidth: true
                    spacing: Theme.spacingXs

                    ChoiceChip {
                        compact: true
                        text: qsTr("All")
                        checked: repairs.statusFilter.length === 0
                        onClicked: {
                            repairs.statusFilter = ""
                            checked = Qt.binding(() => repairs.statusFilter.length === 0)
                        }
                    }
                    Repeater {
                        model: repairs.statuses

                        delegate: ChoiceChip {
                            id: statusChip

                            required property var modelData

                            compact: true
                            text: modelData.label
                            checked: repairs.statusFilter === modelData.id
                            onClicked: {
                                repairs.statusFilter = repairs.statusFilter === modelData.id ? "" : modelData.id
                                checked = Qt.binding(() => repairs.statusFilter === statusChip.modelData.id)
                            }
                        }
                    }
                }
            }

            ColumnLayout {
                Layout.fillWidth: true
                Layout.topMargin: Theme.spacingL
                visible: repairs.totalCount > 0 && repairs.count === 0
                spacing: Theme.spacingS

                Label {
                    Layout.fillWidth: true
                    text: qsTr("No repairs match these filters.")
                    horizontalAlignment: Text.AlignHCenter
                    color: Theme.textMuted
                    wrapMode: Text.WordWrap
                }
                ActionButton {
                    Layout.alignment: Qt.AlignHCenter
                    text: qsTr("Show them all")
                    flat: true
                    onClicked: {
                        repairs.topicFilter = ""
                        repairs.statusFilter = ""
                    }
                }
            }
            Item {
                implicitHeight: Theme.spacingXs
            }
        }

        delegate: RepairDelegate {
            x: (list.width - width) / 2
            width: pane.columnWidth
            onOpenRepair: id => pane.openRepair(id)
        }
    }
}
