import QtQuick
import QtQuick.Controls
import Hearth

// A Material ComboBox whose list sits on a warm surface with a hairline border (Material's own
// list background needs a shader effect that the software renderer cannot draw).
ComboBox {
    id: box

    Accessible.name: currentText

    delegate: ItemDelegate {
        id: option

        required property int index

        width: ListView.view ? ListView.view.width : implicitWidth
        text: box.textAt(index)
        highlighted: box.highlightedIndex === index
        font.weight: box.currentIndex === index ? Font.DemiBold : Font.Normal
        Accessible.name: text

        background: Rectangle {
            color: option.highlighted ? Theme.primarySoft : (option.hovered ? Theme.surfaceAlt : Theme.transparent)
        }
        contentItem: Label {
            text: option.text
            font: option.font
            color: option.highlighted ? Theme.textOnPrimarySoft : Theme.text
            elide: Text.ElideRight
            verticalAlignment: Text.AlignVCenter
        }
    }

    popup.background: Rectangle {
        radius: Theme.radiusM
        color: Theme.surface
        border.width: Theme.hairline
        border.color: Theme.border
    }
}
