pragma ComponentBehavior: Bound

import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts
import Hearth

// The phone's navigation: a tab bar at the bottom with one tab per section, built from
// `sections` ([{key, title, icon}]) like the desktop's rail.
TabBar {
    id: bar

    property var sections: []

    signal activated(int index)

    Material.background: Theme.surface
    Material.accent: Theme.primary
    position: TabBar.Footer
    Accessible.name: qsTr("Sections")

    // Material's tab bar draws a sliding line under the current tab; Hearth marks it with a pill.
    contentItem: ListView {
        model: bar.contentModel
        currentIndex: bar.currentIndex
        spacing: bar.spacing
        orientation: ListView.Horizontal
        boundsBehavior: Flickable.StopAtBounds
        flickableDirection: Flickable.AutoFlickIfNeeded
        snapMode: ListView.SnapToItem
        interactive: false
    }

    background: Rectangle {
        color: Theme.surface

        Rectangle {
            anchors.left: parent.left
            anchors.right: parent.right
            anchors.top: parent.top
            height: Theme.hairline
            color: Theme.border
        }
    }

    Repeater {
        model: bar.sections

        delegate: TabButton {
            id: tab

            required property var modelData
            required property int index
            readonly property bool current: TabBar.tabBar ? TabBar.tabBar.currentIndex === index : false

            text: modelData.title
            implicitHeight: Theme.touchTarget + Theme.spacingL + Theme.spacingXs
            // Six sections share a phone's width: the labels need it more than the padding.
            leftPadding: Theme.spacingXs / 2
            rightPadding: Theme.spacingXs / 2
            Accessible.name: text
            onClicked: bar.activated(index)
            Keys.onReturnPressed: bar.activated(index)
            Keys.onEnterPressed: bar.activated(index)

            contentItem: ColumnLayout {
                spacing: Theme.spacingXs / 2

                Rectangle {
                    Layout.alignment: Qt.AlignHCenter
                    implicitWidth: Theme.iconSize + Theme.spacingXl
                    implicitHeight: Theme.iconSize + Theme.spacingXs * 2
                    radius: height / 2
                    color: tab.current ? Theme.primarySoft : Theme.transparent

                    Icon {
                        anchors.centerIn: parent
                        name: tab.modelData.icon
                        color: tab.current ? Theme.primary : Theme.textMuted
                    }
                }
                Label {
                    Layout.fillWidth: true
                    text: tab.text
                    horizontalAlignment: Text.AlignHCenter
                    font.pixelSize: Theme.fontCaption
                    font.weight: tab.current ? Font.DemiBold : Font.Normal
                    color: tab.current ? Theme.textOnPrimarySoft : Theme.textMuted
                    elide: Text.ElideRight
                }
            }
        }
    }
}
