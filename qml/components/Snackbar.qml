import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Hearth

// A short message at the bottom of the window that goes away by itself: "Saved", a reminder
// while another section is open, where an export went.
Popup {
    id: snackbar

    property string text

    function show(message: string): void {
        text = message
        open()
        timer.restart()
    }

    x: (parent ? parent.width - width : 0) / 2
    y: parent ? parent.height - height - Theme.spacingXl : 0
    width: parent ? Math.min(parent.width - 2 * Theme.spacingL, Theme.dialogWidth) : Theme.dialogWidth
    padding: Theme.spacingM
    leftPadding: Theme.spacingL
    modal: false
    focus: false
    closePolicy: Popup.CloseOnEscape

    background: Rectangle {
        radius: Theme.radiusM
        color: Theme.text
    }

    contentItem: RowLayout {
        spacing: Theme.spacingS
        Accessible.role: Accessible.AlertMessage
        Accessible.name: snackbar.text

        Label {
            Layout.fillWidth: true
            text: snackbar.text
            color: Theme.background
            wrapMode: Text.WordWrap
        }
        ToolButton {
            id: okButton

            text: qsTr("OK")
            Accessible.name: qsTr("Close message")
            onClicked: snackbar.close()

            contentItem: Label {
                text: okButton.text
                color: Theme.primarySoft
                font.weight: Font.DemiBold
                horizontalAlignment: Text.AlignHCenter
                verticalAlignment: Text.AlignVCenter
            }
        }
    }

    Timer {
        id: timer

        interval: 5000
        onTriggered: snackbar.close()
    }
}
