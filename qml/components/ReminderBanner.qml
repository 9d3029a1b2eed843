import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Hearth
import Hearth.Services

// The in-app reminder: Session.banner in a soft terracotta strip with a button to dismiss it.
Rectangle {
    id: banner

    property string text: Session.banner

    objectName: "reminderBanner"

    visible: text.length > 0
    implicitHeight: row.implicitHeight + 2 * Theme.spacingM
    radius: Theme.radiusL
    color: Theme.primarySoft
    border.width: Theme.hairline
    border.color: Theme.borderStrong
    Accessible.role: Accessible.AlertMessage
    Accessible.name: qsTr("Reminder: %1").arg(text)

    RowLayout {
        id: row

        anchors.fill: parent
        anchors.leftMargin: Theme.spacingL
        anchors.rightMargin: Theme.spacingXs
        anchors.topMargin: Theme.spacingM
        anchors.bottomMargin: Theme.spacingM
        spacing: Theme.spacingM

        Icon {
            Layout.alignment: Qt.AlignTop
            name: "bell"
            color: Theme.primary
        }
        Label {
            Layout.fillWidth: true
            text: banner.text
            wrapMode: Text.WordWrap
            color: Theme.textOnPrimarySoft
            font.pixelSize: Theme.fontBody
            font.weight: Font.DemiBold
        }
        IconButton {
            Layout.alignment: Qt.AlignTop
            Layout.topMargin: -Theme.spacingS
            iconName: "close"
            iconColor: Theme.textOnPrimarySoft
            tip: qsTr("Dismiss reminder")
            onClicked: Session.dismissBanner()
        }
    }
}
