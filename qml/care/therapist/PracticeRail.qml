pragma ComponentBehavior: Bound

import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Hearth
import Hearth.Services

// The therapist's navigation on a desktop: the practice's name on top, one entry per section,
// and how sync with the couples stands at the bottom. Shaped like the couple's NavigationRail.
Rectangle {
    id: rail

    property var sections: []
    property int currentIndex: 0

    signal activated(int index)

    color: Theme.railBackground
    implicitWidth: Theme.railWidth
    Accessible.role: Accessible.PageTabList
    Accessible.name: qsTr("Sections")

    Rectangle {
        anchors.top: parent.top
        anchors.bottom: parent.bottom
        anchors.right: parent.right
        width: Theme.hairline
        color: Theme.border
    }

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: Theme.spacingL
        spacing: Theme.spacingXs

        RowLayout {
            Layout.fillWidth: true
            Layout.bottomMargin: Theme.spacingXl
            Layout.topMargin: Theme.spacingS
            Layout.leftMargin: Theme.spacingXs
            spacing: Theme.spacingM

            Rectangle {
                implicitWidth: Theme.touchTarget
                implicitHeight: Theme.touchTarget
                radius: Theme.radiusM
                color: Theme.primary

                Icon {
                    anchors.centerIn: parent
                    name: "flame"
                    color: Theme.textOnPrimary
                }
            }
            ColumnLayout {
                Layout.fillWidth: true
                spacing: 0

                Label {
                    Layout.fillWidth: true
                    text: qsTr("Hearth")
                    font.family: Theme.headingFamily
                    font.pixelSize: Theme.fontTitle
                    font.weight: Font.Bold
                    color: Theme.text
                }
                Label {
                    Layout.fillWidth: true
                    text: PracticeSession.name
                    font.pixelSize: Theme.fontSmall
                    color: Theme.textMuted
                    elide: Text.ElideRight
                }
            }
        }

        Repeater {
            model: rail.sections

            delegate: AbstractButton {
                id: entry

                required property var modelData
                required property int index
                readonly property bool current: index === rail.currentIndex

                Layout.fillWidth: true
                implicitHeight: Theme.touchTarget + Theme.spacingXs
                text: modelData.title
                hoverEnabled: true
                focusPolicy: Qt.StrongFocus
                Accessible.role: Accessible.PageTab
                Accessible.name: text
                Accessible.selected: current
                onClicked: rail.activated(index)
                Keys.onReturnPressed: rail.activated(index)
                Keys.onEnterPressed: rail.activated(index)

                background: Rectangle {
                    radius: height / 2
                    color: entry.current ? Theme.primarySoft : (entry.hovered ? Theme.surfaceAlt : Theme.transparent)
                    border.width: entry.visualFocus ? Theme.focusLine : 0
                    border.color: Theme.focus
                }

                contentItem: RowLayout {
                    spacing: Theme.spacingM

                    Icon {
                        Layout.leftMargin: Theme.spacingM
                        name: entry.modelData.icon
                        color: entry.current ? Theme.primary : Theme.textMuted
                    }
                    Label {
                        Layout.fillWidth: true
                        text: entry.text
                        color: entry.current ? Theme.textOnPrimarySoft : Theme.text
                        font.pixelSize: Theme.fontBody
                        font.weight: entry.current ? Font.DemiBold : Font.Normal
                        elide: Text.ElideRight
                    }
                }
            }
        }

        Item {
            Layout.fillHeight: true
        }

        RowLayout {
            Layout.fillWidth: true
            Layout.leftMargin: Theme.spacingXs
            spacing: Theme.spacingS

            Icon {
                name: "sync"
                width: Theme.iconSizeSmall
                height: Theme.iconSizeSmall
                color: Theme.textFaint
            }
            Label {
                Layout.fillWidth: true
                text: PracticeSession.syncing ? qsTr("Syncing with your couples…") : qsTr("Each couple syncs on its own")
                font.pixelSize: Theme.fontCaption
                color: Theme.textFaint
                elide: Text.ElideRight
            }
        }
        Label {
            Layout.fillWidth: true
            Layout.leftMargin: Theme.spacingXs
            text: qsTr("You see only what each couple shares with you.")
            font.pixelSize: Theme.fontCaption
            color: Theme.textFaint
            wrapMode: Text.WordWrap
        }
    }
}
