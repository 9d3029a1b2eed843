import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts
import Hearth

// The bar on top of a page: a back button when there is somewhere to go back to, the title, and
// the page's own actions on the right. A hairline appears once the page is scrolled.
ToolBar {
    id: bar

    property string title
    property bool canGoBack: false
    property bool divider: false
    // The page's side margin, so that the title lines up with the page's column.
    property real inset: Theme.spacingL
    // On a phone the header carries sync's state (the desktop's rail does elsewhere).
    property bool showSync: true
    default property alias actions: actionRow.data

    signal back()

    Material.elevation: 0
    Material.background: Theme.background
    Material.foreground: Theme.text
    leftPadding: canGoBack ? Math.max(Theme.spacingXs, inset - Theme.touchTarget - Theme.spacingXs) : inset
    rightPadding: Math.max(Theme.spacingS, inset - Theme.spacingM)
    implicitHeight: Theme.touchTarget + Theme.spacingM

    RowLayout {
        anchors.fill: parent
        spacing: Theme.spacingXs

        IconButton {
            visible: bar.canGoBack
            iconName: "back"
            tip: qsTr("Back")
            onClicked: bar.back()
        }
        Label {
            Layout.fillWidth: true
            text: bar.title
            elide: Text.ElideRight
            font.family: Theme.headingFamily
            font.pixelSize: Theme.fontTitle
            font.weight: Font.DemiBold
            color: Theme.text
            Accessible.role: Accessible.Heading
            Accessible.name: text
        }
        SyncIndicator {
            objectName: "headerSyncIndicator"
            compact: true
            Layout.maximumWidth: bar.width / 2
            visible: bar.showSync && bar.Window.width > 0 && bar.Window.width < Theme.wideBreakpoint
            onClicked: {
                const window = bar.Window.window
                if (window && typeof window.showSync === "function")
                    window.showSync()
            }
        }
        RowLayout {
            id: actionRow

            spacing: 0
        }
    }

    Rectangle {
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.bottom: parent.bottom
        height: Theme.hairline
        color: Theme.border
        visible: bar.divider
    }
}
