import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Hearth
import Hearth.Services

// Whether an item is mine alone (a lock) or shared with my partner (two people), as a small
// pill. With `interactive` a tap asks to switch it: `toggleRequested` — the page confirms
// making something private again.
AbstractButton {
    id: toggle

    property bool shared: false
    property bool interactive: true
    readonly property string partner: Session.partnerName.length > 0 ? Session.partnerName : qsTr("your partner")

    signal toggleRequested()

    text: shared ? qsTr("Shared with %1").arg(partner) : qsTr("Only you")
    enabled: interactive
    hoverEnabled: interactive
    focusPolicy: interactive ? Qt.StrongFocus : Qt.NoFocus
    leftPadding: Theme.spacingS + Theme.spacingXs / 2
    rightPadding: leftPadding
    topPadding: Theme.spacingXs
    bottomPadding: Theme.spacingXs
    implicitHeight: Math.max(Theme.touchTarget - Theme.spacingM, implicitContentHeight + topPadding + bottomPadding)
    font.pixelSize: Theme.fontCaption
    font.weight: Font.DemiBold
    Accessible.role: interactive ? Accessible.Button : Accessible.StaticText
    Accessible.name: shared
                     ? (interactive ? qsTr("Shared with %1. Activate to make it private.").arg(partner)
                                    : qsTr("Shared with %1").arg(partner))
                     : (interactive ? qsTr("Only you can see this. Activate to share it with %1.").arg(partner)
                                    : qsTr("Only you can see this"))
    ToolTip.visible: interactive && hovered
    ToolTip.delay: 500
    ToolTip.text: shared ? qsTr("Make it private") : qsTr("Share it with %1").arg(partner)
    Keys.onReturnPressed: clicked()
    Keys.onEnterPressed: clicked()
    onClicked: toggleRequested()

    background: Rectangle {
        radius: height / 2
        color: toggle.shared ? Theme.accentSoft : (toggle.hovered ? Theme.surfaceSunken : Theme.surfaceAlt)
        border.width: toggle.visualFocus ? Theme.focusLine : 0
        border.color: Theme.focus
    }

    contentItem: RowLayout {
        spacing: Theme.spacingXs

        Icon {
            Layout.alignment: Qt.AlignVCenter
            implicitWidth: Theme.iconSizeSmall
            implicitHeight: Theme.iconSizeSmall
            name: toggle.shared ? "people" : "lock"
            color: toggle.shared ? Theme.textOnAccentSoft : Theme.textMuted
        }
        Label {
            Layout.fillWidth: true
            text: toggle.text
            font: toggle.font
            color: toggle.shared ? Theme.textOnAccentSoft : Theme.textMuted
            elide: Text.ElideRight
            verticalAlignment: Text.AlignVCenter
        }
    }
}
