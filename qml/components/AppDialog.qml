import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts
import Hearth

// Hearth's modal dialog: centred, warm, with a quiet Cancel and one main button. The main button
// does not close the dialog by itself: handle `primaryClicked` and call close() once it worked.
Dialog {
    id: dialog

    default property alias content: body.data
    property string primaryText: qsTr("Save")
    property string primaryTone: "primary"
    property bool primaryEnabled: true
    property string error

    signal primaryClicked()

    parent: Overlay.overlay
    anchors.centerIn: parent
    width: parent ? Math.min(parent.width - 2 * Theme.spacingL, Theme.dialogWidth) : Theme.dialogWidth
    modal: true
    focus: true
    padding: Theme.spacingXl
    topPadding: Theme.spacingM
    closePolicy: Popup.CloseOnEscape | Popup.CloseOnPressOutside
    Material.background: Theme.surface
    Material.foreground: Theme.text
    Material.accent: Theme.primary

    onOpened: error = ""

    background: Rectangle {
        radius: Theme.radiusL
        color: Theme.surface
        border.width: Theme.hairline
        border.color: Theme.border
    }

    Overlay.modal: Rectangle {
        color: Theme.scrim
    }

    header: Label {
        text: dialog.title
        leftPadding: Theme.spacingXl
        rightPadding: Theme.spacingXl
        topPadding: Theme.spacingXl
        font.family: Theme.headingFamily
        font.pixelSize: Theme.fontTitle
        font.weight: Font.DemiBold
        color: Theme.text
        wrapMode: Text.WordWrap
        Accessible.role: Accessible.Heading
        Accessible.name: text
    }

    contentItem: ColumnLayout {
        spacing: Theme.spacingM
        Accessible.role: Accessible.Dialog
        Accessible.name: dialog.title

        ColumnLayout {
            id: body

            Layout.fillWidth: true
            spacing: Theme.spacingM
        }
        FieldError {
            Layout.fillWidth: true
            text: dialog.error
        }
    }

    footer: RowLayout {
        spacing: Theme.spacingS

        Item {
            Layout.fillWidth: true
        }
        ActionButton {
            Layout.bottomMargin: Theme.spacingL
            text: qsTr("Cancel")
            flat: true
            onClicked: dialog.close()
        }
        ActionButton {
            Layout.rightMargin: Theme.spacingXl
            Layout.bottomMargin: Theme.spacingL
            text: dialog.primaryText
            tone: dialog.primaryTone
            highlighted: true
            enabled: dialog.primaryEnabled
            onClicked: dialog.primaryClicked()
        }
    }
}
