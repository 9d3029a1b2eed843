pragma ComponentBehavior: Bound

import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Hearth

// Moments by hour of the day as 24 small bars, midnight to midnight, with the hours marked
// every six. `byHour` is 24 counts, 0:00 first.
ColumnLayout {
    id: chart

    property var byHour: []
    readonly property int highest: {
        let most = 0
        for (let i = 0; i < byHour.length; ++i)
            most = Math.max(most, byHour[i])
        return most
    }

    spacing: Theme.spacingXs
    Accessible.role: Accessible.Chart
    Accessible.name: {
        const parts = []
        for (let h = 0; h < byHour.length; ++h)
            if (byHour[h] > 0)
                parts.push(qsTr("%1:00, %2").arg(h).arg(byHour[h]))
        return qsTr("Moments by time of day: %1").arg(parts.length > 0 ? parts.join("; ") : qsTr("none"))
    }

    Item {
        Layout.fillWidth: true
        Layout.preferredHeight: Theme.chartHeight * 0.75

        Rectangle {
            anchors.left: parent.left
            anchors.right: parent.right
            anchors.bottom: parent.bottom
            height: Theme.hairline
            color: Theme.border
        }
        Row {
            id: bars

            readonly property real slot: width / 24

            anchors.fill: parent

            Repeater {
                model: chart.byHour

                delegate: Item {
                    id: bar

                    required property int modelData
                    required property int index

                    width: bars.slot
                    height: bars.height

                    Rectangle {
                        anchors.horizontalCenter: parent.horizontalCenter
                        anchors.bottom: parent.bottom
                        width: Math.max(Theme.spacingXs / 2, bars.slot - Theme.spacingXs / 2)
                        height: bar.modelData > 0 && chart.highest > 0
                                ? Math.max(Theme.chartBarMinHeight, bars.height * bar.modelData / chart.highest)
                                : Theme.chartBarMinHeight
                        radius: Math.min(width / 2, Theme.radiusS / 2)
                        color: bar.modelData > 0 ? Theme.clay : Theme.clayTrack
                    }
                }
            }
        }
    }
    Item {
        Layout.fillWidth: true
        implicitHeight: Theme.fontCaption + Theme.spacingXs

        Repeater {
            model: [0, 6, 12, 18, 24]

            delegate: Label {
                required property int modelData

                x: Math.max(0, Math.min(parent.width - width, parent.width * modelData / 24 - width / 2))
                text: qsTr("%1:00").arg(modelData === 24 ? 0 : modelData)
                font.pixelSize: Theme.fontCaption
                color: Theme.textFaint
            }
        }
    }
}
