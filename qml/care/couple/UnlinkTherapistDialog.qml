import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Hearth
import Hearth.Services

// Asks before ending the link with the therapist, and says what stops and what stays. Unlinking
// runs on the sync worker: the dialog stays open and busy until it worked (then it closes) or
// failed (then it says why; the link shows ended here already, and trying again finishes it).
AppDialog {
    id: dialog

    property string therapistName
    readonly property SyncState sync: Session.sync
    readonly property bool unlinking: sync !== null && sync.careBusyAction === "unlink-therapist"
    readonly property string partner: Session.partnerName.length > 0 ? Session.partnerName : qsTr("your partner")

    objectName: "unlinkTherapistDialog"
    title: qsTr("Unlink %1?").arg(therapistName)
    primaryText: unlinking ? qsTr("Unlinking…") : qsTr("Unlink")
    primaryTone: "danger"
    primaryEnabled: sync !== null && !unlinking
    closePolicy: unlinking ? Popup.NoAutoClose : (Popup.CloseOnEscape | Popup.CloseOnPressOutside)
    onPrimaryClicked: {
        error = ""
        sync.unlinkTherapist()
        if (!unlinking && sync.careError.length > 0)
            error = sync.careError
    }

    Connections {
        target: dialog.sync

        function onCareFinished(action: string, error: string): void {
            if (action !== "unlink-therapist")
                return
            if (error.length > 0)
                dialog.error = error
            else
                dialog.close()
        }
    }

    Label {
        Layout.fillWidth: true
        text: qsTr("What stops")
        color: Theme.text
        font.weight: Font.DemiBold
        wrapMode: Text.WordWrap
    }
    Label {
        Layout.fillWidth: true
        objectName: "unlinkStops"
        text: qsTr("%1 gets nothing new from Hearth: no completion, reflection or trend either of you writes from now on reaches them, and they can no longer assign anything.").arg(dialog.therapistName)
        color: Theme.text
        wrapMode: Text.WordWrap
    }
    Label {
        Layout.fillWidth: true
        text: qsTr("What stays")
        color: Theme.text
        font.weight: Font.DemiBold
        wrapMode: Text.WordWrap
    }
    Label {
        Layout.fillWidth: true
        text: qsTr("What %1 already saw stays with them, like their notes from a session. Your assignments and reflections stay on your devices.").arg(dialog.therapistName)
        color: Theme.text
        wrapMode: Text.WordWrap
    }
    Label {
        Layout.fillWidth: true
        text: qsTr("%1 sees that you unlinked. Either of you can invite a therapist again later.").arg(dialog.partner)
        color: Theme.textMuted
        font.pixelSize: Theme.fontSmall
        wrapMode: Text.WordWrap
    }
    RowLayout {
        Layout.fillWidth: true
        visible: dialog.unlinking
        spacing: Theme.spacingS

        BusyIndicator {
            implicitWidth: Theme.touchTarget
            implicitHeight: Theme.touchTarget
            running: dialog.unlinking
        }
        Label {
            Layout.fillWidth: true
            text: qsTr("Unlinking…")
            color: Theme.textMuted
            wrapMode: Text.WordWrap
        }
    }
}
