pragma ComponentBehavior: Bound

import QtQuick
import Hearth

// How strong a moment felt, 1 to 10, as ten small segments filled up to the value.
Row {
    id: meter

    property int value: 0

    spacing: Theme.spacingXs / 2
    Accessible.role: Accessible.StaticText
    Accessible.name: qsTr("Strength %1 of 10").arg(value)

    Repeater {
        model: 10

        delegate: Rectangle {
            required property int index

            anchors.verticalCenter: parent.verticalCenter
            width: Theme.spacingS - Theme.spacingXs / 2
            height: Theme.dotSize
            radius: Theme.spacingXs / 2
            color: index < meter.value ? Theme.primary : Theme.clayTrack
        }
    }
}
