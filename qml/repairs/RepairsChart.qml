pragma ComponentBehavior: Bound

import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Hearth

// Repairs per month as small bars, the month under each and the number over it, and the median
// time to repair below. `perMonth` is RepairsModel.perMonth: [{month, label, longLabel, count}].
ColumnLayout {
    id: chart

    property var perMonth: []
    property string medianText
    readonly property int highest: {
        let most = 0
        for (let i = 0; i < perMonth.length; ++i)
            most = Math.max(most, perMonth[i].count)
        return most
    }
    readonly property string summary: {
        const parts = []
        for (let i = 0; i < perMonth.length; ++i)
            parts.push(qsTr("%1: %2").arg(perMonth[i].longLabel).arg(perMonth[i].count))
        return qsTr("Repairs per month. %1").arg(parts.join(", "))
    }

    spacing: Theme.spacingS
    Accessible.role: Accessible.Chart
    Accessible.name: medianText.length > 0 ? summary + ". " + medianText : summary

    Item {
        Layout.fillWidth: true
        Layout.preferredHeight: Theme.chartHeight
        visible: chart.perMonth.length > 0

        Rectangle {
            anchors.left: parent.left
            anchors.right: parent.right
            anchors.bottom: parent.bottom
            height: Theme.hairline
            color: Theme.border
        }

        Row {
            id: bars

            readonly property real slot: chart.perMonth.length > 0 ? width / chart.perMonth.length : 0
            readonly property real barWidth: Math.max(Theme.spacingXs, Math.min(Theme.chartBarMaxWidth, slot - Theme.spacingS))
            // Room over the tallest bar for its number.
            readonly property real room: height - Theme.fontCaption - Theme.spacingXs

            anchors.fill: parent

            Repeater {
                model: chart.perMonth

                delegate: Item {
                    id: bar

                    required property var modelData
                    readonly property real share: chart.highest > 0 ? modelData.count / chart.highest : 0

                    width: bars.slot
                    height: bars.height

                    Rectangle {
                        id: fill

                        anchors.horizontalCenter: parent.horizontalCenter
                        anchors.bottom: parent.bottom
                        width: bars.barWidth
                        height: bar.modelData.count > 0 ? Math.max(Theme.chartBarMinHeight, bars.room * bar.share)
                                                        : Theme.chartBarMinHeight
                        radius: Theme.radiusS / 2
                        color: bar.modelData.count > 0 ? Theme.primary : Theme.clayTrack
                    }
                    Label {
                        anchors.horizontalCenter: parent.horizontalCenter
                        anchors.bottom: fill.top
                        anchors.bottomMargin: Theme.spacingXs / 2
                        visible: bar.modelData.count > 0
                        text: bar.modelData.count
                        font.pixelSize: Theme.fontCaption
                        font.weight: Font.DemiBold
                        color: Theme.textMuted
                    }
                }
            }
        }
    }

    Row {
        Layout.fillWidth: true
        visible: chart.perMonth.length > 0

        Repeater {
            model: chart.perMonth

            delegate: Label {
                required property var modelData

                width: bars.slot
                horizontalAlignment: Text.AlignHCenter
                text: modelData.label
                font.pixelSize: Theme.fontCaption
                color: Theme.textFaint
                elide: Text.ElideRight
            }
        }
    }

    RowLayout {
        Layout.fillWidth: true
        Layout.topMargin: Theme.spacingXs
        spacing: Theme.spacingS

        Icon {
            implicitWidth: Theme.iconSizeSmall
            implicitHeight: Theme.iconSizeSmall
            name: "clock"
            color: Theme.textMuted
        }
        Label {
            Layout.fillWidth: true
            text: chart.medianText.length > 0 ? chart.medianText
                                              : qsTr("Once you have finished a repair, the time it took shows here.")
            color: chart.medianText.length > 0 ? Theme.text : Theme.textMuted
            font.pixelSize: Theme.fontSmall
            font.weight: chart.medianText.length > 0 ? Font.DemiBold : Font.Normal
            wrapMode: Text.WordWrap
        }
    }
}
