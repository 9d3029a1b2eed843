import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Hearth
import Hearth.Services

// Sync's state in a few words, always in view: a coloured dot and "Up to date", "Syncing 3
// changes", "Offline since 14:05" or "Sync problem — tap for details", with when it last synced
// underneath unless `compact` (a phone's header). Activating it opens the details in Settings.
AbstractButton {
    id: indicator

    property bool compact: false
    // Words without "tap for details": for a phone's header, and where the details are shown.
    property bool brief: compact
    readonly property string syncState: Session.sync ? Session.sync.state : "off"
    readonly property int pending: Session.sync ? Session.sync.pendingChanges : 0
    readonly property string offlineSince: Session.sync ? Session.sync.offlineSinceText : ""
    readonly property string detail: Labels.syncDetail(syncState, pending, Session.sync ? Session.sync.lastSyncText : "")
    readonly property color dotColour: Theme.syncColour(syncState)

    objectName: "syncIndicator"
    text: brief ? Labels.syncStatusShort(syncState, pending, offlineSince)
                : Labels.syncStatus(syncState, pending, offlineSince)
    hoverEnabled: true
    focusPolicy: Qt.StrongFocus
    padding: compact ? Theme.spacingXs : Theme.spacingS
    leftPadding: compact ? Theme.spacingS + Theme.spacingXs / 2 : Theme.spacingM
    rightPadding: leftPadding
    Accessible.role: Accessible.Button
    Accessible.name: qsTr("Sync: %1").arg(Labels.syncStatus(syncState, pending, offlineSince))
                     + (detail.length > 0 ? ". " + detail : "")
    Accessible.description: qsTr("Opens sync in Settings")
    Keys.onReturnPressed: clicked()
    Keys.onEnterPressed: clicked()
    ToolTip.text: detail
    ToolTip.visible: compact && hovered && detail.length > 0
    ToolTip.delay: 600

    background: Rectangle {
        radius: indicator.compact ? height / 2 : Theme.radiusM
        color: indicator.down || indicator.hovered ? Theme.surfaceAlt
                                                   : (indicator.compact ? Theme.surface : Theme.transparent)
        border.width: indicator.visualFocus ? Theme.focusLine : (indicator.compact ? Theme.hairline : 0)
        border.color: indicator.visualFocus ? Theme.focus : Theme.border
    }

    contentItem: RowLayout {
        spacing: Theme.spacingS

        Rectangle {
            id: dot

            Layout.alignment: indicator.compact ? Qt.AlignVCenter : Qt.AlignTop
            Layout.topMargin: indicator.compact ? 0 : (label.implicitHeight - height) / 2
            implicitWidth: Theme.dotSize
            implicitHeight: Theme.dotSize
            radius: width / 2
            color: indicator.dotColour

            // A slow breath while changes travel; still otherwise.
            SequentialAnimation on opacity {
                running: indicator.syncState === "syncing"
                loops: Animation.Infinite
                alwaysRunToEnd: true

                NumberAnimation { from: 1; to: 0.35; duration: Theme.durationMedium * 3 }
                NumberAnimation { from: 0.35; to: 1; duration: Theme.durationMedium * 3 }
            }
        }
        ColumnLayout {
            Layout.fillWidth: true
            spacing: 0

            Label {
                id: label

                Layout.fillWidth: true
                text: indicator.text
                color: indicator.syncState === "error" ? Theme.danger : Theme.text
                font.pixelSize: indicator.compact ? Theme.fontCaption : Theme.fontSmall
                font.weight: Font.DemiBold
                elide: Text.ElideRight
                wrapMode: indicator.compact ? Text.NoWrap : Text.WordWrap
            }
            Label {
                Layout.fillWidth: true
                visible: !indicator.compact && indicator.detail.length > 0
                text: indicator.detail
                color: Theme.textMuted
                font.pixelSize: Theme.fontCaption
                elide: Text.ElideRight
            }
        }
    }
}
