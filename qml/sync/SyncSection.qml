pragma ComponentBehavior: Bound

import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Hearth
import Hearth.Services

// Settings' "Sync with your partner". Before pairing: the server, this device's name, "Create our
// space", and "I have an invite code" to join the partner's. Once paired: the state, the server and
// space, invites for the partner or another device of mine, the devices of the space with Remove,
// and "Leave our space". A device the server no longer knows is offered "Forget this pairing";
// after leaving, the section says what this device keeps. Every request runs off the UI thread;
// the section shows it is busy, then the result.
Card {
    id: section

    readonly property SyncState sync: Session.sync
    readonly property bool paired: sync !== null && sync.paired
    readonly property bool leftSpace: sync !== null && sync.state === "left"
    readonly property string partner: Session.partnerName.length > 0 ? Session.partnerName : qsTr("your partner")
    readonly property bool busy: sync !== null && sync.busy
    readonly property string busyAction: sync ? sync.busyAction : ""
    property bool joining: false
    property string lastAction
    // The server this device last synced with: offered again after forgetting a pairing.
    property string knownServer
    readonly property bool twoColumns: width >= Theme.maxContentWidth * 0.75

    function closeDialogs(): void {
        removeDialog.close()
        leaveDialog.close()
    }

    function askToLeave(): void {
        sync.clearActionError()
        leaveDialog.open()
    }

    function refresh(): void {
        if (paired)
            sync.refreshDevices()
    }

    objectName: "syncSection"
    spacing: Theme.spacingM

    onPairedChanged: {
        // Forgotten in order to join again: the code field is what comes next.
        joining = !paired && lastAction === "forget"
        if (!paired && knownServer.length > 0)
            serverField.text = knownServer
        refresh()
    }

    Connections {
        target: section.sync

        function onActionFinished(action: string, error: string): void {
            section.lastAction = action
        }

        function onChanged(): void {
            if (section.sync.server.length > 0)
                section.knownServer = section.sync.server
        }
    }

    SectionHeader {
        Layout.fillWidth: true
        text: qsTr("Sync with your partner")
        subtitle: {
            if (section.leftSpace)
                return ""
            return section.paired
                    ? qsTr("Your rituals travel between your devices, sealed so that only the two of you can read them.")
                    : qsTr("Keep your rituals on both of your devices. Changes travel end-to-end encrypted through a small server you run; it never sees what you write.")
        }
    }

    // Not paired yet.
    ColumnLayout {
        Layout.fillWidth: true
        visible: !section.paired && !section.leftSpace
        spacing: Theme.spacingM

        GridLayout {
            Layout.fillWidth: true
            columns: section.twoColumns ? 2 : 1
            columnSpacing: Theme.spacingL
            rowSpacing: Theme.spacingM

            FormField {
                label: qsTr("Server")
                hint: qsTr("The address of the Hearth server you both use.")

                TextField {
                    id: serverField

                    Layout.fillWidth: true
                    objectName: "syncServerField"
                    text: section.sync ? section.sync.defaultServer : ""
                    inputMethodHints: Qt.ImhUrlCharactersOnly | Qt.ImhNoAutoUppercase
                    enabled: !section.busy
                    Accessible.name: qsTr("Server address")
                    onTextEdited: section.sync.clearActionError()
                }
            }
            FormField {
                label: qsTr("Name of this device")
                hint: qsTr("So the two of you can tell your devices apart.")

                TextField {
                    id: deviceNameField

                    Layout.fillWidth: true
                    objectName: "syncDeviceNameField"
                    text: section.sync ? section.sync.defaultDeviceName : ""
                    maximumLength: 60
                    enabled: !section.busy
                    Accessible.name: qsTr("Name of this device")
                }
            }
        }
        Flow {
            Layout.fillWidth: true
            spacing: Theme.spacingS

            ActionButton {
                objectName: "createSpaceButton"
                text: qsTr("Create our space")
                iconName: "sync"
                highlighted: !section.joining
                enabled: !section.busy
                onClicked: {
                    section.joining = false
                    section.sync.createSpace(serverField.text, deviceNameField.text)
                }
            }
            ActionButton {
                objectName: "haveCodeButton"
                text: qsTr("I have an invite code")
                iconName: "heart"
                flat: !section.joining
                enabled: !section.busy
                onClicked: {
                    section.sync.clearActionError()
                    section.joining = !section.joining
                    if (section.joining)
                        codeField.forceActiveFocus()
                }
            }
        }
        ColumnLayout {
            Layout.fillWidth: true
            visible: section.joining
            spacing: Theme.spacingS

            FormField {
                label: qsTr("Invite code")
                hint: qsTr("Your partner makes it in their Settings. Dashes and spaces do not matter.")

                TextField {
                    id: codeField

                    Layout.fillWidth: true
                    objectName: "inviteCodeField"
                    placeholderText: "XXXX-XXXX-XXXX-XXXX-…"
                    font.family: Theme.monoFamily
                    font.capitalization: Font.AllUppercase
                    inputMethodHints: Qt.ImhNoPredictiveText | Qt.ImhPreferUppercase
                    enabled: !section.busy
                    Accessible.name: qsTr("Invite code")
                    onTextEdited: section.sync.clearActionError()
                    onAccepted: joinButton.clicked()
                }
            }
            Label {
                Layout.fillWidth: true
                text: qsTr("Your rituals and history here come along into the shared space.")
                color: Theme.textMuted
                font.pixelSize: Theme.fontSmall
                wrapMode: Text.WordWrap
            }
            ActionButton {
                id: joinButton

                objectName: "joinButton"
                text: qsTr("Join")
                highlighted: true
                enabled: !section.busy
                onClicked: section.sync.join(serverField.text, codeField.text, deviceNameField.text)
            }
        }
    }

    // Left the space: what this device keeps.
    ColumnLayout {
        Layout.fillWidth: true
        visible: section.leftSpace
        spacing: Theme.spacingM

        SyncIndicator {
            Layout.fillWidth: true
            leftPadding: 0
            brief: true
            focusPolicy: Qt.NoFocus
            Accessible.description: ""
        }
        Label {
            Layout.fillWidth: true
            objectName: "syncLeftText"
            text: qsTr("You left the space you shared with %1 %2. This device keeps a read-only copy of everything shared until then: you can read it, and export it under “Your data”, but no longer change it.")
                  .arg(section.partner).arg(section.sync ? section.sync.leftText : "")
            color: Theme.text
            wrapMode: Text.WordWrap
        }
        Label {
            Layout.fillWidth: true
            text: qsTr("Nothing new arrives from %1, and nothing you do here reaches them.").arg(section.partner)
            color: Theme.textMuted
            font.pixelSize: Theme.fontSmall
            wrapMode: Text.WordWrap
        }
    }

    // Paired.
    ColumnLayout {
        Layout.fillWidth: true
        visible: section.paired
        spacing: Theme.spacingM

        RowLayout {
            Layout.fillWidth: true
            spacing: Theme.spacingS

            SyncIndicator {
                Layout.fillWidth: true
                leftPadding: 0
                brief: true
                Accessible.description: qsTr("Syncs now")
                onClicked: section.sync.syncNow()
            }
            ActionButton {
                objectName: "syncNowButton"
                text: qsTr("Sync now")
                iconName: "sync"
                flat: true
                onClicked: section.sync.syncNow()
            }
        }
        Rectangle {
            Layout.fillWidth: true
            visible: section.sync !== null && section.sync.state === "error"
            implicitHeight: problem.implicitHeight + 2 * Theme.spacingM
            radius: Theme.radiusM
            color: Theme.dangerSoft

            RowLayout {
                id: problem

                anchors.fill: parent
                anchors.margins: Theme.spacingM
                spacing: Theme.spacingS

                Icon {
                    Layout.alignment: Qt.AlignTop
                    name: "alert"
                    color: Theme.danger
                }
                ColumnLayout {
                    Layout.fillWidth: true
                    spacing: Theme.spacingXs
                    Accessible.role: Accessible.AlertMessage
                    Accessible.name: errorLabel.text + " " + hintLabel.text

                    Label {
                        id: errorLabel

                        Layout.fillWidth: true
                        objectName: "syncErrorText"
                        text: section.sync ? section.sync.errorText : ""
                        color: Theme.text
                        font.weight: Font.DemiBold
                        wrapMode: Text.WordWrap
                    }
                    Label {
                        id: hintLabel

                        Layout.fillWidth: true
                        text: section.sync ? section.sync.errorHint : ""
                        color: Theme.text
                        font.pixelSize: Theme.fontSmall
                        wrapMode: Text.WordWrap
                    }
                    ActionButton {
                        Layout.topMargin: Theme.spacingXs
                        objectName: "forgetPairingButton"
                        visible: section.sync !== null && section.sync.canForget
                        text: qsTr("Forget this pairing")
                        tone: "danger"
                        highlighted: true
                        enabled: !section.busy
                        Accessible.description: qsTr("Keeps everything on this device, and lets you join again with a new invite")
                        onClicked: section.sync.forget()
                    }
                }
            }
        }
        Rectangle {
            Layout.fillWidth: true
            visible: section.sync !== null && section.sync.unopenedChanges > 0 && section.sync.state !== "error"
            implicitHeight: unopenedNote.implicitHeight + 2 * Theme.spacingM
            radius: Theme.radiusM
            color: Theme.surfaceAlt

            RowLayout {
                id: unopenedNote

                anchors.fill: parent
                anchors.margins: Theme.spacingM
                spacing: Theme.spacingS

                Icon {
                    Layout.alignment: Qt.AlignTop
                    implicitWidth: Theme.iconSizeSmall + Theme.spacingXs
                    implicitHeight: implicitWidth
                    name: "lock"
                    color: Theme.textMuted
                }
                Label {
                    Layout.fillWidth: true
                    objectName: "syncUnopenedText"
                    text: {
                        const n = section.sync ? section.sync.unopenedChanges : 0
                        return n === 1 ? qsTr("1 change is waiting for a key from your partner's device; it will appear once that device syncs.")
                                       : qsTr("%1 changes are waiting for a key from your partner's device; they will appear once it syncs.").arg(n)
                    }
                    color: Theme.text
                    font.pixelSize: Theme.fontSmall
                    wrapMode: Text.WordWrap
                }
            }
        }
        GridLayout {
            Layout.fillWidth: true
            columns: 2
            columnSpacing: Theme.spacingL
            rowSpacing: Theme.spacingXs

            Repeater {
                model: [
                    { label: qsTr("Server"), value: section.sync ? section.sync.server : "", mono: false },
                    { label: qsTr("Space"), value: section.sync ? section.sync.spaceId : "", mono: true },
                    { label: qsTr("This device"), value: section.sync ? section.sync.deviceName : "", mono: false }
                ]

                delegate: RowLayout {
                    id: detail

                    required property var modelData

                    Layout.columnSpan: 2
                    Layout.fillWidth: true
                    spacing: Theme.spacingL

                    Label {
                        Layout.preferredWidth: Theme.timeColumnWidth + Theme.spacingXl
                        text: detail.modelData.label
                        color: Theme.textMuted
                        font.pixelSize: Theme.fontSmall
                        font.weight: Font.DemiBold
                    }
                    TextEdit {
                        Layout.fillWidth: true
                        text: detail.modelData.value
                        readOnly: true
                        selectByMouse: true
                        wrapMode: TextEdit.WrapAnywhere
                        color: Theme.text
                        selectionColor: Theme.primarySoft
                        selectedTextColor: Theme.text
                        font.family: detail.modelData.mono ? Theme.monoFamily : Theme.fontFamily
                        font.pixelSize: Theme.fontSmall
                        Accessible.name: detail.modelData.label + ": " + text
                    }
                }
            }
        }

        Rectangle {
            Layout.fillWidth: true
            implicitHeight: Theme.hairline
            color: Theme.border
        }

        ColumnLayout {
            Layout.fillWidth: true
            visible: section.sync !== null && section.sync.canInvite
            spacing: Theme.spacingS

            Label {
                Layout.fillWidth: true
                text: qsTr("Invite")
                font.weight: Font.DemiBold
                color: Theme.text
                Accessible.role: Accessible.Heading
                Accessible.name: text
            }
            Flow {
                Layout.fillWidth: true
                spacing: Theme.spacingS

                ActionButton {
                    objectName: "invitePartnerButton"
                    // The server takes one partner: once they are in, only devices are added.
                    // Once every device of theirs was removed, they can be invited back.
                    visible: section.sync !== null && !section.sync.partnerInSpace
                    text: section.sync !== null && section.sync.partnerRemoved
                          ? qsTr("Invite your partner back") : qsTr("Invite your partner")
                    iconName: "heart"
                    highlighted: true
                    enabled: !section.busy
                    onClicked: section.sync.invite("partner")
                }
                ActionButton {
                    objectName: "inviteDeviceButton"
                    text: qsTr("Add another device of mine")
                    iconName: "device"
                    enabled: !section.busy
                    onClicked: section.sync.invite("device")
                }
            }
            InviteCodeBox {
                Layout.fillWidth: true
                visible: section.sync !== null && section.sync.inviteCode.length > 0
                code: section.sync ? section.sync.inviteCode : ""
                role: section.sync ? section.sync.inviteRole : "partner"
                onDone: section.sync.clearInvite()
            }
        }

        ColumnLayout {
            Layout.fillWidth: true
            // A device the space turned away has no list to show.
            visible: section.sync !== null && (section.sync.devices.count > 0 || section.sync.state !== "error")
            spacing: Theme.spacingS

            RowLayout {
                Layout.fillWidth: true

                Label {
                    Layout.fillWidth: true
                    text: qsTr("Devices in your space")
                    font.weight: Font.DemiBold
                    color: Theme.text
                    Accessible.role: Accessible.Heading
                    Accessible.name: text
                }
                BusyIndicator {
                    implicitWidth: Theme.iconSize + Theme.spacingS
                    implicitHeight: implicitWidth
                    running: section.sync !== null && section.sync.devicesLoading && section.sync.devices.count === 0
                    visible: running
                }
            }
            Repeater {
                model: section.sync ? section.sync.devices : null

                delegate: DeviceDelegate {
                    Layout.fillWidth: true
                    onRemoveRequested: (deviceId, name) => removeDialog.ask(deviceId, name)
                }
            }
            Label {
                Layout.fillWidth: true
                // A sync problem is explained above; the list's own error would only repeat it.
                visible: section.sync !== null && section.sync.devicesError.length > 0 && section.sync.state !== "error"
                text: section.sync && section.sync.state === "offline"
                      ? qsTr("The list comes from the server; it shows again once Hearth is back online.")
                      : qsTr("The list could not be loaded: %1").arg(section.sync ? section.sync.devicesError : "")
                color: Theme.textMuted
                font.pixelSize: Theme.fontSmall
                wrapMode: Text.WordWrap
            }
        }

        // Leaving: quiet and apart, after everything else; only once there is a partner to part
        // from (alone, leaving would only make this profile read-only).
        ColumnLayout {
            Layout.fillWidth: true
            visible: section.sync !== null && !section.sync.canForget && section.sync.partnerInSpace
            spacing: Theme.spacingS

            Rectangle {
                Layout.fillWidth: true
                implicitHeight: Theme.hairline
                color: Theme.border
            }
            GridLayout {
                Layout.fillWidth: true
                columns: section.twoColumns ? 2 : 1
                columnSpacing: Theme.spacingL
                rowSpacing: Theme.spacingXs

                Label {
                    Layout.fillWidth: true
                    text: qsTr("If the two of you part ways, you can leave the space. Each of you keeps a read-only copy of what was shared.")
                    color: Theme.textMuted
                    font.pixelSize: Theme.fontSmall
                    wrapMode: Text.WordWrap
                }
                ActionButton {
                    Layout.alignment: section.twoColumns ? Qt.AlignRight | Qt.AlignVCenter : Qt.AlignLeft
                    Layout.leftMargin: section.twoColumns ? 0 : -Theme.spacingL
                    objectName: "leaveSpaceButton"
                    text: qsTr("Leave our space")
                    iconName: "leave"
                    flat: true
                    tone: "danger"
                    enabled: !section.busy
                    Accessible.description: qsTr("Asks first, and says what each of you keeps")
                    onClicked: section.askToLeave()
                }
            }
        }
    }

    // What a request is doing, and why it failed.
    RowLayout {
        Layout.fillWidth: true
        visible: section.busy
        spacing: Theme.spacingS

        BusyIndicator {
            implicitWidth: Theme.touchTarget
            implicitHeight: Theme.touchTarget
            running: section.busy
        }
        Label {
            Layout.fillWidth: true
            objectName: "syncBusyText"
            text: {
                switch (section.busyAction) {
                case "create": return qsTr("Creating your space…")
                case "join": return qsTr("Joining your partner's space…")
                case "invite": return qsTr("Making an invite code…")
                case "remove": return qsTr("Removing the device…")
                case "leave": return qsTr("Leaving the space…")
                case "forget": return qsTr("Forgetting this pairing…")
                }
                return ""
            }
            color: Theme.textMuted
            wrapMode: Text.WordWrap
        }
    }
    FieldError {
        Layout.fillWidth: true
        objectName: "syncActionError"
        text: section.sync && !section.busy ? section.sync.actionError : ""
    }

    RemoveDeviceDialog {
        id: removeDialog

        onConfirmed: deviceId => section.sync.removeDevice(deviceId)
    }
    LeaveSpaceDialog {
        id: leaveDialog
    }
}
