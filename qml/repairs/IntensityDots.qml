pragma ComponentBehavior: Bound

import QtQuick
import Hearth

// How intense a conflict felt, 1 to 5, as five small dots filled up to the value.
Row {
    id: dots

    property int value: 0
    property string label

    spacing: Theme.spacingXs
    Accessible.role: Accessible.StaticText
    Accessible.name: label.length > 0 ? qsTr("Intensity %1 of 5: %2").arg(value).arg(label)
                                      : qsTr("Intensity %1 of 5").arg(value)

    Repeater {
        model: 5

        delegate: Rectangle {
            required property int index

            anchors.verticalCenter: parent.verticalCenter
            width: Theme.dotSize - Theme.spacingXs / 2
            height: width
            radius: width / 2
            color: index < dots.value ? Theme.primary : Theme.clayTrack
        }
    }
}
