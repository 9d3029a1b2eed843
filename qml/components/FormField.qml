import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Hearth

// A labelled field: the label, the control (put it inside), an optional hint and the error for it.
ColumnLayout {
    id: field

    property string label
    property string hint
    property string error
    default property alias control: slot.data

    spacing: Theme.spacingXs
    Layout.fillWidth: true

    Label {
        Layout.fillWidth: true
        visible: field.label.length > 0
        text: field.label
        color: field.error.length > 0 ? Theme.danger : Theme.textMuted
        font.pixelSize: Theme.fontSmall
        font.weight: Font.DemiBold
        wrapMode: Text.WordWrap
    }
    ColumnLayout {
        id: slot

        Layout.fillWidth: true
        spacing: Theme.spacingS
    }
    Label {
        Layout.fillWidth: true
        visible: field.hint.length > 0 && field.error.length === 0
        text: field.hint
        color: Theme.textFaint
        font.pixelSize: Theme.fontCaption
        wrapMode: Text.WordWrap
    }
    FieldError {
        Layout.fillWidth: true
        objectName: field.objectName.length > 0 ? field.objectName + "Error" : ""
        text: field.error
    }
}
