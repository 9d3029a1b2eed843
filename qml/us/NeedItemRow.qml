pragma ComponentBehavior: Bound

import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Hearth
import Hearth.Services

// One line of a partner's map (a need, what activates them, what helps them settle): its words
// and note, whether it is private or shared, and, for my own items, a menu to edit, share or
// make private, and delete. A group heading goes above the first item of each group.
ColumnLayout {
    id: row

    required property string itemId
    required property string text
    required property string note
    required property bool shared
    required property string groupLabel
    required property bool firstInGroup
    required property int index
    // My partner's item: read, not changed.
    property bool readOnly: false
    property bool showGroups: false
    // Room for the mark beside the words (a desktop); on a phone it goes under them.
    readonly property bool wide: width >= Theme.fieldMinWidth * 4.5

    signal editRequested(string itemId)
    signal shareRequested(string itemId, bool shared, string text)
    signal removeRequested(string itemId, string text)

    spacing: Theme.spacingXs

    Label {
        Layout.fillWidth: true
        Layout.topMargin: row.index > 0 ? Theme.spacingS : 0
        visible: row.showGroups && row.firstInGroup
        text: row.groupLabel
        color: Theme.textMuted
        font.pixelSize: Theme.fontCaption
        font.weight: Font.DemiBold
        font.capitalization: Font.AllUppercase
        font.letterSpacing: Theme.letterSpacingCaps
        wrapMode: Text.WordWrap
        Accessible.role: Accessible.Heading
        Accessible.name: text
    }

    RowLayout {
        Layout.fillWidth: true
        spacing: Theme.spacingS

        // Lined up with the first line of the words, which sit level with the menu button.
        Rectangle {
            Layout.alignment: Qt.AlignTop
            Layout.topMargin: row.readOnly ? Theme.spacingXs + Theme.spacingXs / 2 : Theme.spacingL
            implicitWidth: Theme.dotSize - Theme.spacingXs / 2
            implicitHeight: implicitWidth
            radius: width / 2
            color: row.readOnly ? (Session.partnerColour.length > 0 ? Session.partnerColour : Theme.accent)
                                : (Session.myColour.length > 0 ? Session.myColour : Theme.primary)
        }
        ColumnLayout {
            Layout.fillWidth: true
            Layout.alignment: Qt.AlignTop
            Layout.topMargin: row.readOnly ? 0 : Theme.spacingS + Theme.spacingXs / 2
            spacing: Theme.spacingXs / 2

            Label {
                Layout.fillWidth: true
                text: row.text
                color: Theme.text
                font.pixelSize: Theme.fontBody
                wrapMode: Text.WordWrap
            }
            Label {
                Layout.fillWidth: true
                visible: row.note.length > 0
                text: row.note
                color: Theme.textMuted
                font.pixelSize: Theme.fontSmall
                wrapMode: Text.WordWrap
            }
            PrivacyToggle {
                Layout.topMargin: Theme.spacingXs / 2
                visible: !row.readOnly && !row.wide
                shared: row.shared
                interactive: !Session.readOnly
                onToggleRequested: row.shareRequested(row.itemId, !row.shared, row.text)
            }
        }
        PrivacyToggle {
            Layout.alignment: Qt.AlignTop
            Layout.topMargin: Theme.spacingXs + Theme.spacingXs / 2
            visible: !row.readOnly && row.wide
            shared: row.shared
            interactive: !Session.readOnly
            onToggleRequested: row.shareRequested(row.itemId, !row.shared, row.text)
        }
        IconButton {
            Layout.alignment: Qt.AlignTop
            visible: !row.readOnly && !Session.readOnly
            iconName: "more"
            tip: qsTr("More for “%1”").arg(row.text)
            onClicked: menu.open()

            AppMenu {
                id: menu

                y: parent.height

                MenuItem {
                    text: qsTr("Edit")
                    onTriggered: row.editRequested(row.itemId)
                }
                MenuItem {
                    text: row.shared ? qsTr("Make private") : qsTr("Share with %1").arg(Session.partnerName)
                    onTriggered: row.shareRequested(row.itemId, !row.shared, row.text)
                }
                MenuItem {
                    text: qsTr("Delete…")
                    onTriggered: row.removeRequested(row.itemId, row.text)
                }
            }
        }
    }
}
