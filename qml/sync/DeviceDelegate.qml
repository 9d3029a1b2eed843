import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Hearth

// One device of the space: its name, whose it is, when it last synced, and Remove (never for this
// device itself).
RowLayout {
    id: row

    required property string deviceId
    required property string name
    required property string role
    required property string ownerName
    required property string lastSeenText
    required property bool isThisDevice
    required property bool removed

    signal removeRequested(string deviceId, string name)

    spacing: Theme.spacingM

    Rectangle {
        Layout.alignment: Qt.AlignVCenter
        implicitWidth: Theme.touchTarget - Theme.spacingXs
        implicitHeight: implicitWidth
        radius: Theme.radiusM
        color: row.isThisDevice ? Theme.accentSoft : Theme.surfaceAlt

        Icon {
            anchors.centerIn: parent
            name: "device"
            color: row.removed ? Theme.textFaint : (row.isThisDevice ? Theme.accent : Theme.textMuted)
        }
    }
    ColumnLayout {
        Layout.fillWidth: true
        spacing: Theme.spacingXs / 2

        Flow {
            Layout.fillWidth: true
            spacing: Theme.spacingS

            Label {
                text: row.name
                color: row.removed ? Theme.textFaint : Theme.text
                font.weight: Font.DemiBold
                font.strikeout: row.removed
                elide: Text.ElideRight
                width: Math.min(implicitWidth, parent.width)
            }
            Chip {
                visible: row.isThisDevice
                text: qsTr("This device")
                tone: "accent"
            }
            Chip {
                visible: row.removed
                text: qsTr("Removed")
                tone: "danger"
            }
        }
        Label {
            Layout.fillWidth: true
            text: {
                const who = row.ownerName.length > 0 ? row.ownerName : Labels.deviceRoleLabel(row.role)
                return row.removed ? qsTr("%1 · no longer syncs").arg(who)
                                   : qsTr("%1 · last sync %2").arg(who).arg(row.lastSeenText)
            }
            color: Theme.textMuted
            font.pixelSize: Theme.fontSmall
            wrapMode: Text.WordWrap
        }
    }
    ActionButton {
        visible: !row.isThisDevice && !row.removed
        text: qsTr("Remove")
        flat: true
        tone: "danger"
        Accessible.name: qsTr("Remove %1").arg(row.name)
        onClicked: row.removeRequested(row.deviceId, row.name)
    }
}
