pragma ComponentBehavior: Bound

import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Hearth

// Suggestions to pick from as chips, with the person's own words as chips beside them and a
// field to add one. The parent owns what is chosen: `selected` holds ids (or own words), and
// `picked(id)` says which chip was tapped or which own word was added (a word that matches a
// suggestion's label picks that suggestion).
ColumnLayout {
    id: chips

    property var suggestions: []
    property var selected: []
    property bool allowOwn: true
    property string ownLabel: qsTr("Your own words")
    property string ownPlaceholder: qsTr("In your own words")
    property int maxLength: 200
    // With a count, only that many suggestions show (and any chosen) until "More" is tapped.
    property int collapsedCount: 0
    property bool expanded: false
    readonly property bool collapsed: !expanded && collapsedCount > 0 && suggestions.length > collapsedCount
    readonly property var shown: collapsed
                                 ? suggestions.filter((s, i) => i < collapsedCount || selected.indexOf(s.id) >= 0)
                                 : suggestions
    readonly property var ownWords: selected.filter(s => !suggestions.some(x => x.id === s))

    signal picked(string id)

    function addOwn(): void {
        const word = ownField.text.trim()
        if (word.length === 0)
            return
        const match = suggestions.find(x => x.label.toLowerCase() === word.toLowerCase())
        const id = match ? match.id : word
        if (selected.indexOf(id) < 0)
            picked(id)
        ownField.text = ""
    }

    spacing: Theme.spacingS

    Flow {
        Layout.fillWidth: true
        spacing: Theme.spacingXs

        Repeater {
            model: chips.shown

            delegate: ChoiceChip {
                id: suggestionChip

                required property var modelData

                compact: true
                text: modelData.label
                checked: chips.selected.indexOf(modelData.id) >= 0
                onClicked: {
                    chips.picked(modelData.id)
                    checked = Qt.binding(() => chips.selected.indexOf(suggestionChip.modelData.id) >= 0)
                }
            }
        }
        Repeater {
            model: chips.ownWords

            delegate: ChoiceChip {
                required property string modelData

                compact: true
                text: modelData
                checked: true
                Accessible.name: qsTr("%1 (your own words; activate to remove)").arg(modelData)
                onClicked: chips.picked(modelData)
            }
        }
    }
    ActionButton {
        visible: chips.collapsedCount > 0 && chips.suggestions.length > chips.collapsedCount
        text: chips.collapsed ? qsTr("More suggestions (%1)").arg(chips.suggestions.length - chips.shown.length)
                              : qsTr("Fewer suggestions")
        iconName: chips.collapsed ? "down" : "up"
        flat: true
        leftPadding: Theme.spacingS
        onClicked: chips.expanded = !chips.expanded
    }
    RowLayout {
        Layout.fillWidth: true
        visible: chips.allowOwn
        spacing: Theme.spacingS

        TextField {
            id: ownField

            Layout.fillWidth: true
            placeholderText: chips.ownPlaceholder
            maximumLength: chips.maxLength
            Accessible.name: chips.ownLabel
            onAccepted: chips.addOwn()
        }
        ActionButton {
            text: qsTr("Add")
            iconName: "add"
            flat: true
            enabled: ownField.text.trim().length > 0
            Accessible.name: qsTr("Add your own words")
            onClicked: chips.addOwn()
        }
    }
}
