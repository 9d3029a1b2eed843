import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Hearth

// The message under a field that says what is wrong with it; takes no room while there is none.
RowLayout {
    id: fieldError

    property string text

    visible: text.length > 0
    spacing: Theme.spacingXs
    Accessible.role: Accessible.AlertMessage
    Accessible.name: text

    Icon {
        Layout.alignment: Qt.AlignTop
        Layout.topMargin: Theme.spacingXs / 2
        implicitWidth: Theme.iconSizeSmall
        implicitHeight: Theme.iconSizeSmall
        name: "close"
        color: Theme.danger
        strokeWidth: Theme.iconStrokeBold
    }
    Label {
        Layout.fillWidth: true
        text: fieldError.text
        color: Theme.danger
        font.pixelSize: Theme.fontSmall
        wrapMode: Text.WordWrap
    }
}
