import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Hearth
import Hearth.Services

// After this person left the couple's space: a calm note that what is here is a read-only copy,
// to read and export, no longer to change. Takes no room otherwise.
Rectangle {
    id: banner

    readonly property string partner: Session.partnerName.length > 0 ? Session.partnerName : qsTr("your partner")
    readonly property string when: Session.sync ? Session.sync.leftText : ""
    readonly property string text: when.length > 0
                                    ? qsTr("You left the space you shared with %1 %2. Everything shared until then stays here for you to read and export; it can no longer be changed.").arg(partner).arg(when)
                                    : qsTr("You left the space you shared with %1. Everything shared until then stays here for you to read and export; it can no longer be changed.").arg(partner)

    objectName: "readOnlyBanner"

    visible: Session.readOnly
    implicitHeight: row.implicitHeight + 2 * Theme.spacingM
    radius: Theme.radiusL
    color: Theme.surfaceAlt
    border.width: Theme.hairline
    border.color: Theme.border
    Accessible.role: Accessible.StaticText
    Accessible.name: qsTr("A read-only copy. %1").arg(text)

    RowLayout {
        id: row

        anchors.fill: parent
        anchors.leftMargin: Theme.spacingL
        anchors.rightMargin: Theme.spacingL
        anchors.topMargin: Theme.spacingM
        anchors.bottomMargin: Theme.spacingM
        spacing: Theme.spacingM

        Icon {
            Layout.alignment: Qt.AlignTop
            name: "lock"
            color: Theme.textMuted
        }
        ColumnLayout {
            Layout.fillWidth: true
            spacing: Theme.spacingXs / 2

            Label {
                Layout.fillWidth: true
                text: qsTr("A read-only copy")
                color: Theme.text
                font.weight: Font.DemiBold
                wrapMode: Text.WordWrap
            }
            Label {
                Layout.fillWidth: true
                objectName: "readOnlyBannerText"
                text: banner.text
                color: Theme.textMuted
                font.pixelSize: Theme.fontSmall
                wrapMode: Text.WordWrap
            }
        }
    }
}
