import QtQuick
import QtQuick.Controls
import Hearth

// A 24-hour "HH:MM" time. Bind `value`; `timeEdited` reports each whole time typed.
TextField {
    id: field

    property string value
    property string label: qsTr("Time")

    signal timeEdited(string time)

    text: value
    inputMask: "99:99"
    inputMethodHints: Qt.ImhTime
    validator: RegularExpressionValidator {
        regularExpression: /^([01][0-9]|2[0-3]):[0-5][0-9]$/
    }
    implicitWidth: Theme.fieldMinWidth
    Accessible.name: label
    onTextEdited: if (acceptableInput) timeEdited(text)
}
