pragma ComponentBehavior: Bound

import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Hearth

// The patterns of my moments as pictures: how many and how strong on average, the time of day
// they come, and the situations, feelings and needs that come up most (and, in full, what the
// body does). `patterns` is ActivationsModel.patterns; `compact` shows the first three only.
ColumnLayout {
    id: view

    property var patterns: ({})
    property bool compact: false
    readonly property int count: patterns.count ?? 0

    spacing: Theme.spacingL

    RowLayout {
        Layout.fillWidth: true
        spacing: Theme.spacingL

        ColumnLayout {
            spacing: 0

            Label {
                text: view.count
                font.family: Theme.headingFamily
                font.pixelSize: Theme.fontDisplay
                font.weight: Font.DemiBold
                color: Theme.text
            }
            Label {
                text: view.count === 1 ? qsTr("moment") : qsTr("moments")
                color: Theme.textMuted
                font.pixelSize: Theme.fontSmall
            }
        }
        ColumnLayout {
            visible: view.count > 0
            spacing: 0

            Label {
                text: view.patterns.averageText ?? ""
                font.family: Theme.headingFamily
                font.pixelSize: Theme.fontDisplay
                font.weight: Font.DemiBold
                color: Theme.text
            }
            Label {
                text: qsTr("average strength, of 10")
                color: Theme.textMuted
                font.pixelSize: Theme.fontSmall
            }
        }
        Item {
            Layout.fillWidth: true
        }
    }

    ColumnLayout {
        Layout.fillWidth: true
        visible: view.count > 0
        spacing: Theme.spacingS

        Label {
            Layout.fillWidth: true
            text: qsTr("Time of day")
            font.weight: Font.DemiBold
            color: Theme.text
        }
        HourChart {
            Layout.fillWidth: true
            byHour: view.patterns.byHour ?? []
        }
        Label {
            Layout.fillWidth: true
            visible: (view.patterns.peakHourText ?? "").length > 0
            text: view.patterns.peakHourText ?? ""
            color: Theme.textMuted
            font.pixelSize: Theme.fontSmall
            wrapMode: Text.WordWrap
        }
    }

    // Two columns where there is room, one on a phone.
    Flow {
        id: lists

        readonly property bool twoColumns: view.width >= Theme.fieldMinWidth * 5
        readonly property real columnWidth: twoColumns ? (width - spacing) / 2 : width

        Layout.fillWidth: true
        visible: view.count > 0
        spacing: Theme.spacingXl

        BarList {
            width: lists.columnWidth
            title: qsTr("What happened most")
            bars: (view.patterns.situations ?? []).slice(0, view.compact ? 3 : 6)
        }
        BarList {
            width: lists.columnWidth
            visible: !view.compact || lists.twoColumns
            title: qsTr("What you felt")
            bars: (view.patterns.emotions ?? []).slice(0, view.compact ? 3 : 6)
            colour: Theme.accent
        }
        BarList {
            width: lists.columnWidth
            visible: !view.compact
            title: qsTr("What you needed")
            bars: view.patterns.needs ?? []
            colour: Theme.clay
        }
        BarList {
            width: lists.columnWidth
            visible: !view.compact
            title: qsTr("In your body")
            bars: view.patterns.body ?? []
            colour: Theme.textFaint
        }
    }
}
