pragma ComponentBehavior: Bound

import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Hearth

// The most frequent things in a list (situations, feelings, needs) as horizontal bars: each one's
// words, a bar as long as its share of the most frequent, and its count. `bars` is
// [{label, count}], most frequent first.
ColumnLayout {
    id: list

    property string title
    property var bars: []
    property color colour: Theme.primary
    readonly property int highest: bars.length > 0 ? bars[0].count : 0

    spacing: Theme.spacingS
    Accessible.role: Accessible.Chart
    Accessible.name: qsTr("%1: %2").arg(title).arg(bars.map(b => qsTr("%1, %2").arg(b.label).arg(b.count)).join("; "))

    Label {
        Layout.fillWidth: true
        text: list.title
        font.weight: Font.DemiBold
        color: Theme.text
        wrapMode: Text.WordWrap
    }
    Label {
        Layout.fillWidth: true
        visible: list.bars.length === 0
        text: qsTr("Nothing noted yet.")
        color: Theme.textFaint
        font.pixelSize: Theme.fontSmall
    }
    Repeater {
        model: list.bars

        delegate: ColumnLayout {
            id: bar

            required property var modelData

            Layout.fillWidth: true
            spacing: Theme.spacingXs / 2

            RowLayout {
                Layout.fillWidth: true
                spacing: Theme.spacingS

                Label {
                    Layout.fillWidth: true
                    text: bar.modelData.label
                    color: Theme.textMuted
                    font.pixelSize: Theme.fontSmall
                    wrapMode: Text.WordWrap
                }
                Label {
                    Layout.alignment: Qt.AlignTop
                    text: bar.modelData.count
                    color: Theme.text
                    font.pixelSize: Theme.fontSmall
                    font.weight: Font.DemiBold
                }
            }
            Rectangle {
                Layout.fillWidth: true
                implicitHeight: Theme.progressHeight
                radius: height / 2
                color: Theme.clayTrack

                Rectangle {
                    width: list.highest > 0 ? Math.max(height, parent.width * bar.modelData.count / list.highest) : 0
                    height: parent.height
                    radius: height / 2
                    color: list.colour
                }
            }
        }
    }
}
