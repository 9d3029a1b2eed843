import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Hearth
import Hearth.Services

// Asks before this person leaves the couple's space, and says, before it happens, exactly what
// each side keeps and what stops. Leaving runs on the sync worker: the dialog stays open and busy
// until it worked (then it closes) or failed (then it says why).
AppDialog {
    id: dialog

    readonly property SyncState sync: Session.sync
    readonly property bool leaving: sync !== null && sync.busyAction === "leave"
    readonly property string partner: Session.partnerName.length > 0 ? Session.partnerName : qsTr("your partner")

    objectName: "leaveSpaceDialog"
    title: qsTr("Leave our space?")
    primaryText: leaving ? qsTr("Leaving…") : qsTr("Leave the space")
    primaryTone: "danger"
    primaryEnabled: sync !== null && !sync.busy
    closePolicy: leaving ? Popup.NoAutoClose : (Popup.CloseOnEscape | Popup.CloseOnPressOutside)
    onPrimaryClicked: {
        error = ""
        sync.leave()
        if (!leaving && sync.actionError.length > 0)
            error = sync.actionError
    }

    Connections {
        target: dialog.sync

        function onActionFinished(action: string, error: string): void {
            if (action !== "leave")
                return
            if (error.length > 0)
                dialog.error = error
            else
                dialog.close()
        }
    }

    ColumnLayout {
        Layout.fillWidth: true
        spacing: Theme.spacingXs

        Label {
            Layout.fillWidth: true
            text: qsTr("What you keep")
            color: Theme.text
            font.weight: Font.DemiBold
            wrapMode: Text.WordWrap
        }
        Label {
            Layout.fillWidth: true
            objectName: "leaveYouKeep"
            text: qsTr("Everything the two of you shared until now stays on this device as a read-only copy. You can still read it and export it.")
            color: Theme.text
            wrapMode: Text.WordWrap
        }
    }
    ColumnLayout {
        Layout.fillWidth: true
        spacing: Theme.spacingXs

        Label {
            Layout.fillWidth: true
            text: qsTr("What %1 keeps").arg(dialog.partner)
            color: Theme.text
            font.weight: Font.DemiBold
            wrapMode: Text.WordWrap
        }
        Label {
            Layout.fillWidth: true
            objectName: "leavePartnerKeeps"
            text: qsTr("Their own copy of everything shared until now, unchanged.")
            color: Theme.text
            wrapMode: Text.WordWrap
        }
    }
    ColumnLayout {
        Layout.fillWidth: true
        spacing: Theme.spacingXs

        Label {
            Layout.fillWidth: true
            text: qsTr("What stops")
            color: Theme.text
            font.weight: Font.DemiBold
            wrapMode: Text.WordWrap
        }
        Label {
            Layout.fillWidth: true
            objectName: "leaveStops"
            text: qsTr("Nothing new flows either way. Your devices are removed from the space, and %1's devices replace its keys.").arg(dialog.partner)
            color: Theme.text
            wrapMode: Text.WordWrap
        }
    }
    Label {
        Layout.fillWidth: true
        objectName: "leaveFinal"
        text: qsTr("This cannot be undone.")
        color: Theme.danger
        font.weight: Font.DemiBold
        wrapMode: Text.WordWrap
    }
}
