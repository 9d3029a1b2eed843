pragma ComponentBehavior: Bound

import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Hearth
import Hearth.Services

// One part of a partner's map on the Needs tab, as a card: its heading and a line on what
// belongs there, its items (grouped when `showGroups`), a quiet word while it is empty, and an
// Add button. Read-only for what the partner shares.
Card {
    id: section

    property string title
    property string subtitle
    property string emptyText
    property string addText: qsTr("Add")
    property var model
    property bool readOnly: false
    property bool showGroups: false
    readonly property int itemCount: model ? model.count : 0

    signal addRequested()
    signal editRequested(string itemId)
    signal shareRequested(string itemId, bool shared, string text)
    signal removeRequested(string itemId, string text)

    Layout.fillWidth: true
    spacing: Theme.spacingM

    SectionHeader {
        Layout.fillWidth: true
        text: section.title
        subtitle: section.subtitle

        ActionButton {
            visible: !section.readOnly && !Session.readOnly
            text: section.addText
            iconName: "add"
            flat: true
            Accessible.name: qsTr("Add to %1").arg(section.title)
            onClicked: section.addRequested()
        }
    }

    Label {
        Layout.fillWidth: true
        visible: section.itemCount === 0 && section.emptyText.length > 0
        text: section.emptyText
        color: Theme.textMuted
        font.pixelSize: Theme.fontSmall
        wrapMode: Text.WordWrap
    }

    Repeater {
        model: section.model

        delegate: NeedItemRow {
            Layout.fillWidth: true
            readOnly: section.readOnly
            showGroups: section.showGroups
            onEditRequested: id => section.editRequested(id)
            onShareRequested: (id, shared, text) => section.shareRequested(id, shared, text)
            onRemoveRequested: (id, text) => section.removeRequested(id, text)
        }
    }
}
