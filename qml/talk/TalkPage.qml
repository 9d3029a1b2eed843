import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Hearth
import Hearth.Services

// The couple's two conversations: check-ins (answered apart, revealed together) and repairs after
// a conflict, one tab each. Each pane scrolls on its own and opens its pages on this section's
// stack; `tab` ("checkins" or "repairs") picks the pane (showPage does).
Page {
    id: page

    property string tab: "checkins"
    readonly property real columnWidth: Theme.columnWidth(width)
    readonly property int margin: Theme.pageMargin(width)
    // The panes are made the first time the section is shown, not at start-up: their models
    // open every sealed answer this device can read.
    property bool opened: false
    readonly property Item checkIns: checkInsLoader.item
    readonly property Item repairs: repairsLoader.item

    function open(): void {
        opened = true
    }

    function closeDialogs(): void {
        for (const pane of [checkIns, repairs]) {
            if (pane && typeof pane.closeDialogs === "function")
                pane.closeDialogs()
        }
    }

    onVisibleChanged: if (visible) open()

    title: qsTr("Talk")
    objectName: "talkPage"
    implicitWidth: Theme.maxContentWidth
    implicitHeight: Theme.maxContentWidth

    background: Rectangle {
        color: Theme.background
    }

    header: ColumnLayout {
        spacing: 0

        PageHeader {
            Layout.fillWidth: true
            title: page.title
            inset: (page.width - page.columnWidth) / 2
        }
        TabBar {
            id: tabs

            Layout.preferredWidth: page.columnWidth
            Layout.alignment: Qt.AlignHCenter
            currentIndex: page.tab === "repairs" ? 1 : 0
            onCurrentIndexChanged: page.tab = currentIndex === 1 ? "repairs" : "checkins"
            background: Rectangle {
                color: Theme.background

                Rectangle {
                    anchors.left: parent.left
                    anchors.right: parent.right
                    anchors.bottom: parent.bottom
                    height: Theme.hairline
                    color: Theme.border
                }
            }

            TabButton {
                text: qsTr("Check-ins")
                Accessible.name: text
            }
            TabButton {
                text: qsTr("Repairs")
                Accessible.name: text
            }
        }
    }

    StackLayout {
        anchors.fill: parent
        currentIndex: page.tab === "repairs" ? 1 : 0

        Loader {
            id: checkInsLoader

            active: page.opened
            sourceComponent: CheckInsPane {
                stack: page.StackView.view
            }
        }
        Loader {
            id: repairsLoader

            active: page.opened
            sourceComponent: RepairsPane {
                stack: page.StackView.view
            }
        }
    }
}
