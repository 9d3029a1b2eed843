pragma ComponentBehavior: Bound

import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Hearth

// Which span the patterns cover: the last 30 days, the last 90, or all of them. `days` is 30,
// 90 or 0 (all); `chosen(days)` says which was tapped.
Flow {
    id: range

    property int days: 30

    signal chosen(int days)

    spacing: Theme.spacingXs

    Repeater {
        model: [{ days: 30, label: qsTr("30 days") }, { days: 90, label: qsTr("90 days") }, { days: 0, label: qsTr("All") }]

        delegate: ChoiceChip {
            id: option

            required property var modelData

            compact: true
            text: modelData.label
            checked: range.days === modelData.days
            Accessible.name: modelData.days > 0 ? qsTr("The last %1 days").arg(modelData.days) : qsTr("All moments")
            onClicked: {
                range.chosen(modelData.days)
                checked = Qt.binding(() => range.days === option.modelData.days)
            }
        }
    }
}
