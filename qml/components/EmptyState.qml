import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Hearth

// A friendly word where a list has nothing yet, with room for one or two buttons under it.
ColumnLayout {
    id: empty

    property string icon: "flame"
    property string title
    property string text
    default property alias actions: actionRow.data

    spacing: Theme.spacingM

    Rectangle {
        Layout.alignment: Qt.AlignHCenter
        implicitWidth: Theme.iconSizeLarge + Theme.spacingXl
        implicitHeight: implicitWidth
        radius: width / 2
        color: Theme.primarySoft

        Icon {
            anchors.centerIn: parent
            width: Theme.iconSizeLarge * 0.6
            height: width
            name: empty.icon
            color: Theme.primary
        }
    }
    Label {
        Layout.fillWidth: true
        text: empty.title
        horizontalAlignment: Text.AlignHCenter
        wrapMode: Text.WordWrap
        font.family: Theme.headingFamily
        font.pixelSize: Theme.fontTitle
        font.weight: Font.DemiBold
        color: Theme.text
    }
    Label {
        Layout.fillWidth: true
        visible: empty.text.length > 0
        text: empty.text
        horizontalAlignment: Text.AlignHCenter
        wrapMode: Text.WordWrap
        color: Theme.textMuted
    }
    // Side by side where they fit, stacked on a phone.
    GridLayout {
        id: actionRow

        Layout.alignment: Qt.AlignHCenter
        columns: empty.width >= Theme.fieldMinWidth * 3.4 ? Math.max(1, children.length) : 1
        columnSpacing: Theme.spacingS
        rowSpacing: Theme.spacingS
    }
}
