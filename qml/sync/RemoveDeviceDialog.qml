import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Hearth

// Asks before a device is removed from the space, and says what that does.
AppDialog {
    id: dialog

    property string deviceId
    property string deviceName

    signal confirmed(string deviceId)

    function ask(id: string, name: string): void {
        deviceId = id
        deviceName = name
        open()
    }

    objectName: "removeDeviceDialog"
    title: qsTr("Remove “%1”?").arg(deviceName)
    primaryText: qsTr("Remove device")
    primaryTone: "danger"
    onPrimaryClicked: {
        confirmed(deviceId)
        close()
    }

    Label {
        Layout.fillWidth: true
        text: qsTr("It stops syncing at once: the server turns it away from now on, so it can no longer send or receive changes.")
        color: Theme.text
        wrapMode: Text.WordWrap
    }
    Label {
        Layout.fillWidth: true
        objectName: "removeDeviceKeysText"
        text: qsTr("The space's keys are replaced for the devices that remain, so nothing written from now on can be read on it, even from a copy of the server.")
        color: Theme.text
        wrapMode: Text.WordWrap
    }
    Label {
        Layout.fillWidth: true
        text: qsTr("What is already on that device stays there, and nothing here is deleted. Do this for a phone that was lost, sold or given away.")
        color: Theme.textMuted
        wrapMode: Text.WordWrap
    }
}
