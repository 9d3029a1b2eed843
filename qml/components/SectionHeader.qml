import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Hearth

// A heading over a group of cards, with an optional line under it and room for an action.
RowLayout {
    id: header

    property string text
    property string subtitle
    property bool large: false
    default property alias trailing: trailingRow.data

    spacing: Theme.spacingM

    ColumnLayout {
        Layout.fillWidth: true
        spacing: Theme.spacingXs / 2

        Label {
            Layout.fillWidth: true
            text: header.text
            font.family: Theme.headingFamily
            font.pixelSize: header.large ? Theme.fontHeadline : Theme.fontTitle
            font.weight: Font.DemiBold
            color: Theme.text
            wrapMode: Text.WordWrap
            Accessible.role: Accessible.Heading
            Accessible.name: text
        }
        Label {
            Layout.fillWidth: true
            visible: header.subtitle.length > 0
            text: header.subtitle
            font.pixelSize: Theme.fontSmall
            color: Theme.textMuted
            wrapMode: Text.WordWrap
        }
    }

    RowLayout {
        id: trailingRow

        Layout.alignment: Qt.AlignVCenter
        spacing: Theme.spacingS
    }
}
