import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Hearth
import Hearth.Services

// Whether something new is shared with my partner or kept private (the default): a lock or two
// people, the switch, and a line on what that means.
ColumnLayout {
    id: field

    property bool shared: false
    property string label
    property string sharedHint
    property string privateHint: qsTr("Private: only you see it, on your own devices. You can share it later.")

    signal toggled(bool shared)

    spacing: 0

    RowLayout {
        Layout.fillWidth: true
        spacing: Theme.spacingM

        Icon {
            Layout.alignment: Qt.AlignVCenter
            implicitWidth: Theme.iconSize
            implicitHeight: Theme.iconSize
            name: field.shared ? "people" : "lock"
            color: field.shared ? Theme.accent : Theme.textMuted
        }
        Switch {
            Layout.fillWidth: true
            objectName: "sharedSwitch"
            leftPadding: 0
            text: field.label
            checked: field.shared
            Accessible.name: text
            onToggled: field.toggled(checked)
        }
    }
    Label {
        Layout.fillWidth: true
        Layout.leftMargin: Theme.iconSize + Theme.spacingM
        text: field.shared ? field.sharedHint : field.privateHint
        color: Theme.textMuted
        font.pixelSize: Theme.fontSmall
        wrapMode: Text.WordWrap
    }
}
