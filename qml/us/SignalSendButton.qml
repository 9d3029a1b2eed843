import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Hearth

// A big one-tap button that sends a signal: its icon in a soft circle and what the partner will
// read. `own` tints it teal, for a signal the couple made themselves; `asksTime` adds a small
// clock, as the tap asks for a time first.
AbstractButton {
    id: button

    property string iconName
    property bool own: false
    property bool asksTime: false
    property string caption

    hoverEnabled: true
    focusPolicy: Qt.StrongFocus
    padding: Theme.spacingM
    implicitHeight: Math.max(Theme.touchTarget * 2, implicitContentHeight + topPadding + bottomPadding)
    Accessible.role: Accessible.Button
    Accessible.name: asksTime ? qsTr("Send: %1, with a time").arg(text) : qsTr("Send: %1").arg(text)
    Keys.onReturnPressed: clicked()
    Keys.onEnterPressed: clicked()

    background: Rectangle {
        radius: Theme.radiusL
        color: {
            const base = button.own ? Theme.accentSoft : Theme.surface
            if (button.down)
                return Qt.darker(base, 1.08)
            return button.hovered ? Qt.darker(base, 1.03) : base
        }
        border.width: button.visualFocus ? Theme.focusLine : Theme.hairline
        border.color: button.visualFocus ? Theme.focus : (button.own ? Theme.accentSoft : Theme.border)
        opacity: button.enabled ? 1 : 0.5
    }

    contentItem: ColumnLayout {
        spacing: Theme.spacingS

        RowLayout {
            Layout.fillWidth: true
            spacing: Theme.spacingS

            Rectangle {
                implicitWidth: Theme.touchTarget
                implicitHeight: Theme.touchTarget
                radius: width / 2
                color: button.own ? Theme.surface : Theme.primarySoft

                Icon {
                    anchors.centerIn: parent
                    name: button.iconName
                    color: button.own ? Theme.accent : Theme.primary
                }
            }
            Item {
                Layout.fillWidth: true
            }
            Icon {
                Layout.alignment: Qt.AlignTop
                visible: button.asksTime
                implicitWidth: Theme.iconSizeSmall
                implicitHeight: Theme.iconSizeSmall
                name: "clock"
                color: Theme.textFaint
            }
        }
        // The icon stays on top and the words at the bottom, whatever the row's height.
        Item {
            Layout.fillHeight: true
        }
        Label {
            Layout.fillWidth: true
            text: button.text
            font.pixelSize: Theme.fontBody
            font.weight: Font.DemiBold
            color: button.own ? Theme.textOnAccentSoft : Theme.text
            wrapMode: Text.WordWrap
            maximumLineCount: 2
            elide: Text.ElideRight
        }
        Label {
            Layout.fillWidth: true
            visible: button.caption.length > 0
            text: button.caption
            font.pixelSize: Theme.fontCaption
            color: button.own ? Theme.textOnAccentSoft : Theme.textMuted
            wrapMode: Text.WordWrap
            maximumLineCount: 2
            elide: Text.ElideRight
        }
    }
}
