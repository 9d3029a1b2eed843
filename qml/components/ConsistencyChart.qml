pragma ComponentBehavior: Bound

import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Hearth

// How a ritual was kept over recent weeks or months: one bar per period, its height the share of
// the scheduled occurrences that were done, kept periods in terracotta and the others in clay.
// `periods` is HistoryModel.periods: [{label, scheduled, done, kept}], oldest first.
ColumnLayout {
    id: chart

    property var periods: []
    property string summary

    function shortLabel(label: string): string {
        const parts = label.split("-")
        if (parts.length !== 3)
            return label
        const date = new Date(Number(parts[0]), Number(parts[1]) - 1, Number(parts[2]))
        return date.toLocaleDateString(Qt.locale(), "d MMM")
    }

    spacing: Theme.spacingS
    Accessible.role: Accessible.Chart
    Accessible.name: summary.length > 0 ? summary : qsTr("Consistency chart")

    Item {
        Layout.fillWidth: true
        Layout.preferredHeight: Theme.chartHeight
        visible: chart.periods.length > 0

        // The baseline.
        Rectangle {
            anchors.left: parent.left
            anchors.right: parent.right
            anchors.bottom: parent.bottom
            height: Theme.hairline
            color: Theme.border
        }

        Row {
            id: bars

            readonly property real slot: chart.periods.length > 0 ? width / chart.periods.length : 0

            anchors.fill: parent

            Repeater {
                model: chart.periods

                delegate: Item {
                    id: bar

                    required property var modelData
                    readonly property real share: modelData.scheduled > 0
                                                  ? Math.min(1, modelData.done / modelData.scheduled) : 0

                    width: bars.slot
                    height: bars.height

                    // The track shows what was planned, the fill what was done.
                    Rectangle {
                        anchors.horizontalCenter: parent.horizontalCenter
                        anchors.bottom: parent.bottom
                        width: Math.max(Theme.spacingXs, Math.min(Theme.chartBarMaxWidth, bars.slot - Theme.spacingXs))
                        height: parent.height
                        radius: Theme.radiusS / 2
                        color: Theme.clayTrack
                    }
                    Rectangle {
                        anchors.horizontalCenter: parent.horizontalCenter
                        anchors.bottom: parent.bottom
                        width: Math.max(Theme.spacingXs, Math.min(Theme.chartBarMaxWidth, bars.slot - Theme.spacingXs))
                        height: Math.max(Theme.chartBarMinHeight, parent.height * bar.share)
                        radius: Theme.radiusS / 2
                        color: bar.modelData.kept ? Theme.primary : Theme.clay
                        opacity: bar.share > 0 ? 1 : 0.5
                    }
                }
            }
        }
    }

    RowLayout {
        Layout.fillWidth: true
        visible: chart.periods.length > 1

        Label {
            text: chart.periods.length > 0 ? chart.shortLabel(chart.periods[0].label) : ""
            font.pixelSize: Theme.fontCaption
            color: Theme.textFaint
        }
        Item {
            Layout.fillWidth: true
        }
        Label {
            text: chart.periods.length > 0 ? chart.shortLabel(chart.periods[chart.periods.length - 1].label) : ""
            font.pixelSize: Theme.fontCaption
            color: Theme.textFaint
        }
    }

    RowLayout {
        Layout.fillWidth: true
        visible: chart.periods.length > 0
        spacing: Theme.spacingL

        Repeater {
            model: [
                { colour: Theme.primary, text: qsTr("Kept") },
                { colour: Theme.clay, text: qsTr("Partly or not kept") }
            ]

            delegate: RowLayout {
                id: legend

                required property var modelData

                spacing: Theme.spacingXs

                Rectangle {
                    implicitWidth: Theme.spacingS + Theme.spacingXs
                    implicitHeight: implicitWidth
                    radius: Theme.radiusS / 2
                    color: legend.modelData.colour
                }
                Label {
                    text: legend.modelData.text
                    font.pixelSize: Theme.fontCaption
                    color: Theme.textMuted
                }
            }
        }
    }
}
