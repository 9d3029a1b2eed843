import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Hearth
import Hearth.Services

// Settings' "Your therapist": inviting a couples therapist (a code that carries only what the two
// of you share with them), their confidentiality policy to accept, where the link stands, sharing
// my check-in trends, the assignments, and unlinking. Linking needs the server, so before sync is
// set up the section only says so.
Card {
    id: section

    readonly property SyncState sync: Session.sync
    readonly property bool paired: sync !== null && sync.paired
    readonly property string linkState: care.state
    readonly property string partner: Session.partnerName.length > 0 ? Session.partnerName : qsTr("your partner")
    readonly property string careBusy: sync ? sync.careBusyAction : ""
    readonly property string code: sync ? sync.therapistInviteCode : ""
    property string message

    signal openAssignments()

    function closeDialogs(): void {
        unlinkDialog.close()
    }

    function askToUnlink(): void {
        unlinkDialog.open()
    }

    function invite(): void {
        message = ""
        sync.inviteTherapist()
    }

    objectName: "therapistSection"
    spacing: Theme.spacingM

    CoupleCare {
        id: care
    }

    SectionHeader {
        Layout.fillWidth: true
        text: qsTr("Your therapist")
        subtitle: {
            switch (section.linkState) {
            case "active": return qsTr("Linked with %1.").arg(care.therapistName)
            case "policy": return qsTr("%1 joined. Read their policy, then accept it.").arg(care.therapistName)
            case "partner": return qsTr("Waiting for %1 to accept the policy.").arg(section.partner)
            case "invited": return qsTr("Waiting for your therapist to join with the code.")
            case "ended": return qsTr("The link has ended.")
            }
            return qsTr("If you see a couples therapist, they can give you exercises between sessions here.")
        }
    }

    // Never linked, or linked before: what a link shares, and the invite.
    Label {
        Layout.fillWidth: true
        visible: section.linkState === "none" || section.linkState === "ended"
        text: qsTr("Your therapist sees only what you give them: the exercises they assign, whether each of you did them, the reflections you choose to share and, if you like, your check-in trends. Never your rituals, check-ins, needs or anything else in Hearth.")
        color: Theme.textMuted
        wrapMode: Text.WordWrap
    }
    Label {
        Layout.fillWidth: true
        objectName: "therapistNeedsSync"
        visible: !section.paired && (section.linkState === "none" || section.linkState === "ended")
        text: qsTr("Set up sync with %1 first (above): your therapist's Hearth reaches you through the same server.").arg(section.partner)
        color: Theme.text
        wrapMode: Text.WordWrap
    }

    // Ended.
    Label {
        Layout.fillWidth: true
        visible: section.linkState === "ended"
        objectName: "therapistEnded"
        text: care.endedText + " " + qsTr("Nothing new reaches them; what they saw before stays with them.")
        color: Theme.text
        wrapMode: Text.WordWrap
    }
    ActionButton {
        visible: section.linkState === "ended" && care.endedByMe && section.sync !== null && section.sync.careError.length > 0
        text: qsTr("Finish unlinking")
        iconName: "sync"
        enabled: section.careBusy.length === 0
        onClicked: section.sync.unlinkTherapist()
    }

    // Invited: waiting for the therapist's device to join.
    Label {
        Layout.fillWidth: true
        visible: section.linkState === "invited"
        text: care.invitedText + " " + (section.code.length > 0
              ? qsTr("The code below works once, for 24 hours.")
              : qsTr("If the code was lost or has expired, cancel the invite and make a new one."))
        color: Theme.text
        wrapMode: Text.WordWrap
    }

    Flow {
        Layout.fillWidth: true
        visible: section.paired && section.code.length === 0
                 && (section.linkState === "none" || section.linkState === "ended")
        spacing: Theme.spacingS

        ActionButton {
            objectName: "inviteTherapistButton"
            text: section.linkState === "ended" ? qsTr("Invite a therapist") : qsTr("Invite your therapist")
            iconName: "people"
            highlighted: true
            enabled: section.careBusy.length === 0 && section.sync.canInvite
            onClicked: section.invite()
        }
    }

    ColumnLayout {
        Layout.fillWidth: true
        visible: section.code.length > 0
        spacing: Theme.spacingS

        Label {
            Layout.fillWidth: true
            text: qsTr("Give this code to your therapist; it lets them see only what you share with them.")
            color: Theme.text
            font.weight: Font.DemiBold
            wrapMode: Text.WordWrap
        }
        InviteCodeBox {
            Layout.fillWidth: true
            code: section.code
            role: "therapist"
            onDone: section.sync.clearTherapistInvite()
        }
    }

    // Joined: the policy, who accepted it, and Accept.
    Rectangle {
        Layout.fillWidth: true
        visible: section.linkState === "policy" || section.linkState === "partner" || section.linkState === "active"
        implicitHeight: policy.implicitHeight + 2 * Theme.spacingL
        radius: Theme.radiusM
        color: section.linkState === "policy" ? Theme.accentSoft : Theme.surfaceAlt

        ColumnLayout {
            id: policy

            anchors.fill: parent
            anchors.margins: Theme.spacingL
            spacing: Theme.spacingS

            RowLayout {
                Layout.fillWidth: true
                spacing: Theme.spacingS

                Label {
                    Layout.fillWidth: true
                    text: qsTr("%1's confidentiality policy").arg(care.therapistName)
                    font.weight: Font.DemiBold
                    color: Theme.text
                    wrapMode: Text.WordWrap
                }
                Chip {
                    visible: care.policyKindLabel.length > 0
                    text: care.policyKindLabel
                    tone: "accent"
                }
            }
            Label {
                Layout.fillWidth: true
                text: care.policyKindHint
                color: Theme.textMuted
                font.pixelSize: Theme.fontSmall
                wrapMode: Text.WordWrap
            }
            Label {
                Layout.fillWidth: true
                objectName: "policyText"
                text: care.policyText
                color: Theme.text
                wrapMode: Text.WordWrap
                textFormat: Text.PlainText
            }
            Rectangle {
                Layout.fillWidth: true
                implicitHeight: Theme.hairline
                color: Theme.border
            }
            Label {
                Layout.fillWidth: true
                text: (care.acceptedByMe ? qsTr("You accepted it.") : qsTr("You have not accepted it yet."))
                      + " " + (care.acceptedByPartner ? qsTr("%1 accepted it.").arg(section.partner)
                                                      : qsTr("%1 has not accepted it yet.").arg(section.partner))
                color: Theme.text
                font.pixelSize: Theme.fontSmall
                wrapMode: Text.WordWrap
            }
            Label {
                Layout.fillWidth: true
                visible: section.linkState !== "active"
                text: qsTr("Nothing %1 assigns shows until you have both accepted.").arg(care.therapistName)
                color: Theme.textMuted
                font.pixelSize: Theme.fontSmall
                wrapMode: Text.WordWrap
            }
            ActionButton {
                visible: section.linkState === "policy"
                objectName: "acceptPolicyButton"
                text: qsTr("I accept this policy")
                iconName: "check"
                tone: "accent"
                highlighted: true
                onClicked: section.message = care.acceptPolicy()
            }
        }
    }

    // Active: the assignments and my trends.
    ActionButton {
        visible: section.linkState === "active"
        objectName: "openAssignmentsButton"
        text: qsTr("Assignments")
        iconName: "steps"
        onClicked: section.openAssignments()
    }
    ColumnLayout {
        Layout.fillWidth: true
        visible: section.linkState === "active" || section.linkState === "partner" || section.linkState === "policy"
        spacing: 0

        RowLayout {
            Layout.fillWidth: true
            spacing: Theme.spacingM

            Icon {
                Layout.alignment: Qt.AlignVCenter
                implicitWidth: Theme.iconSize
                implicitHeight: Theme.iconSize
                name: care.shareTrends ? "chart" : "lock"
                color: care.shareTrends ? Theme.accent : Theme.textMuted
            }
            Label {
                Layout.fillWidth: true
                text: qsTr("Share my check-in trends with %1").arg(care.therapistName)
                color: Theme.text
                wrapMode: Text.WordWrap
            }
            Switch {
                objectName: "shareTrendsSwitch"
                checked: care.shareTrends
                Accessible.name: qsTr("Share my check-in trends with %1").arg(care.therapistName)
                onToggled: {
                    section.message = care.setShareTrends(checked)
                    checked = Qt.binding(() => care.shareTrends)
                }
            }
        }
        Label {
            Layout.fillWidth: true
            Layout.leftMargin: Theme.iconSize + Theme.spacingM
            text: (care.shareTrends
                   ? qsTr("They see your weekly averages of mood, closeness and stress, never what you wrote.")
                   : qsTr("Off: they see none of your check-ins."))
                  + " " + (care.partnerSharesTrends ? qsTr("%1 shares theirs.").arg(section.partner)
                                                    : qsTr("%1 decides for their own.").arg(section.partner))
            color: Theme.textMuted
            font.pixelSize: Theme.fontSmall
            wrapMode: Text.WordWrap
        }
    }

    RowLayout {
        Layout.fillWidth: true
        visible: section.careBusy.length > 0
        spacing: Theme.spacingS

        BusyIndicator {
            implicitWidth: Theme.touchTarget
            implicitHeight: Theme.touchTarget
            running: section.careBusy.length > 0
        }
        Label {
            Layout.fillWidth: true
            text: section.careBusy === "unlink-therapist" ? qsTr("Unlinking…") : qsTr("Making a code for your therapist…")
            color: Theme.textMuted
            wrapMode: Text.WordWrap
        }
    }
    FieldError {
        Layout.fillWidth: true
        objectName: "therapistError"
        text: section.message.length > 0 ? section.message
              : (section.sync && section.careBusy.length === 0 && !unlinkDialog.visible ? section.sync.careError : "")
    }

    QuietAction {
        visible: section.linkState === "invited" || section.linkState === "policy" || section.linkState === "partner"
                 || section.linkState === "active"
        objectName: "unlinkTherapistButton"
        text: section.linkState === "invited" ? qsTr("Cancel the invite") : qsTr("Unlink %1").arg(care.therapistName)
        iconName: "leave"
        tone: "danger"
        onClicked: section.askToUnlink()
    }

    UnlinkTherapistDialog {
        id: unlinkDialog

        therapistName: care.therapistName
    }
}
