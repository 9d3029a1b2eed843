import QtQuick
import Hearth

// A thin rounded progress track, `value` from 0 to 1.
Rectangle {
    id: track

    property real value: 0
    property color fill: Theme.accent

    implicitHeight: Theme.progressHeight
    radius: height / 2
    color: Theme.clayTrack
    Accessible.role: Accessible.ProgressBar
    Accessible.name: qsTr("%1 percent").arg(Math.round(value * 100))

    Rectangle {
        width: Math.max(parent.height, parent.width * Math.max(0, Math.min(1, track.value)))
        height: parent.height
        radius: parent.radius
        color: track.fill
        visible: track.value > 0
    }
}
