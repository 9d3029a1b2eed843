import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts
import Hearth

// After a moment is noted: a short, kind word to take with you, in a calm card with one button.
Dialog {
    id: dialog

    property string prompt
    // The moment was shared with the partner, not kept to myself.
    property bool shared: false

    parent: Overlay.overlay
    anchors.centerIn: parent
    width: parent ? Math.min(parent.width - 2 * Theme.spacingL, Theme.dialogWidth) : Theme.dialogWidth
    modal: true
    focus: true
    padding: Theme.spacingXl
    closePolicy: Popup.CloseOnEscape | Popup.CloseOnPressOutside
    Material.background: Theme.surface
    Material.foreground: Theme.text

    background: Rectangle {
        radius: Theme.radiusL
        color: Theme.surface
        border.width: Theme.hairline
        border.color: Theme.border
    }

    Overlay.modal: Rectangle {
        color: Theme.scrim
    }

    contentItem: ColumnLayout {
        spacing: Theme.spacingL
        Accessible.role: Accessible.Dialog
        Accessible.name: qsTr("Noted. %1").arg(dialog.prompt)

        Rectangle {
            Layout.alignment: Qt.AlignHCenter
            implicitWidth: Theme.iconSizeLarge + Theme.spacingL
            implicitHeight: implicitWidth
            radius: width / 2
            color: Theme.accentSoft

            Icon {
                anchors.centerIn: parent
                width: Theme.iconSizeLarge * 0.55
                height: width
                name: "heart"
                color: Theme.accent
            }
        }
        Label {
            Layout.fillWidth: true
            text: dialog.shared ? qsTr("Noted") : qsTr("Noted, just for you")
            horizontalAlignment: Text.AlignHCenter
            font.family: Theme.headingFamily
            font.pixelSize: Theme.fontTitle
            font.weight: Font.DemiBold
            color: Theme.text
            wrapMode: Text.WordWrap
            Accessible.role: Accessible.Heading
            Accessible.name: text
        }
        Label {
            Layout.fillWidth: true
            text: dialog.prompt
            horizontalAlignment: Text.AlignHCenter
            font.pixelSize: Theme.fontBodyLarge
            lineHeight: 1.2
            color: Theme.text
            wrapMode: Text.WordWrap
        }
        Label {
            Layout.fillWidth: true
            text: qsTr("Take a slow breath before you go on.")
            horizontalAlignment: Text.AlignHCenter
            font.pixelSize: Theme.fontSmall
            color: Theme.textMuted
            wrapMode: Text.WordWrap
        }
        ActionButton {
            Layout.alignment: Qt.AlignHCenter
            text: qsTr("Thank you")
            tone: "accent"
            highlighted: true
            onClicked: dialog.close()
        }
    }
}
