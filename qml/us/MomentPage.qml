pragma ComponentBehavior: Bound

import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Hearth
import Hearth.Services

// One noted moment: what happened and when, the feeling and how strong, what the body did, what
// I did and needed, and the note. Mine can be edited, shared or made private, and deleted; one
// my partner shared is theirs to read.
ScrollPage {
    id: page

    property string activationId
    property var moment: ({})
    readonly property bool found: (moment.activationId ?? "").length > 0
    readonly property bool mine: moment.mine === true
    readonly property string partner: Session.partnerName.length > 0 ? Session.partnerName : qsTr("your partner")

    function reload(): void {
        moment = moments.activation(activationId)
    }

    function notify(message: string): void {
        const window = ApplicationWindow.window
        if (window && message.length > 0)
            window.notify(message)
    }

    function setShared(shared: bool): void {
        if (!shared) {
            privateDialog.open()
            return
        }
        const error = moments.setShared(activationId, true)
        notify(error.length > 0 ? error : qsTr("Shared with %1.").arg(partner))
    }

    title: qsTr("A moment")
    objectName: "momentPage"

    headerActions: [
        IconButton {
            visible: page.found && page.mine && !Session.readOnly
            iconName: "edit"
            tip: qsTr("Edit")
            onClicked: page.stack.push(Qt.resolvedUrl("LogMomentPage.qml"), { activationId: page.activationId })
        },
        IconButton {
            visible: page.found && page.mine && !Session.readOnly
            iconName: "delete"
            tip: qsTr("Delete")
            onClicked: removeDialog.open()
        }
    ]

    Component.onCompleted: reload()

    ActivationsModel {
        id: moments
    }

    Connections {
        target: Session

        function onDataChanged(): void {
            page.reload()
        }
    }

    EmptyState {
        Layout.fillWidth: true
        Layout.topMargin: Theme.spacingXxl
        visible: !page.found
        icon: "note"
        title: qsTr("This moment is gone")
        text: qsTr("It was deleted, or it is no longer shared with you.")
    }

    ColumnLayout {
        Layout.fillWidth: true
        visible: page.found
        spacing: Theme.spacingS

        Label {
            Layout.fillWidth: true
            text: page.moment.situation ?? ""
            font.family: Theme.headingFamily
            font.pixelSize: Theme.fontHeadline
            font.weight: Font.DemiBold
            color: Theme.text
            wrapMode: Text.WordWrap
            Accessible.role: Accessible.Heading
            Accessible.name: text
        }
        Label {
            Layout.fillWidth: true
            text: page.mine ? (page.moment.whenText ?? "")
                            : qsTr("%1 · shared with you by %2").arg(page.moment.whenText ?? "").arg(page.moment.memberName ?? "")
            color: Theme.textMuted
            wrapMode: Text.WordWrap
        }
        PrivacyToggle {
            visible: page.mine
            shared: page.moment.shared === true
            interactive: !Session.readOnly
            onToggleRequested: page.setShared(!shared)
        }
    }

    Card {
        Layout.fillWidth: true
        visible: page.found
        spacing: Theme.spacingM

        ColumnLayout {
            Layout.fillWidth: true
            spacing: Theme.spacingXs

            Label {
                text: qsTr("The feeling")
                color: Theme.textMuted
                font.pixelSize: Theme.fontSmall
                font.weight: Font.DemiBold
            }
            RowLayout {
                Layout.fillWidth: true
                spacing: Theme.spacingM

                Label {
                    visible: (page.moment.emotionLabel ?? "").length > 0
                    text: page.moment.emotionLabel ?? ""
                    font.pixelSize: Theme.fontBodyLarge
                    font.weight: Font.DemiBold
                    color: Theme.text
                }
                IntensityMeter {
                    value: page.moment.intensity ?? 0
                }
                Label {
                    Layout.fillWidth: true
                    text: qsTr("%1 of 10").arg(page.moment.intensity ?? 0)
                    color: Theme.textMuted
                    font.pixelSize: Theme.fontSmall
                }
            }
        }

        ColumnLayout {
            Layout.fillWidth: true
            visible: (page.moment.bodyLabels ?? []).length > 0
            spacing: Theme.spacingXs

            Label {
                text: qsTr("In the body")
                color: Theme.textMuted
                font.pixelSize: Theme.fontSmall
                font.weight: Font.DemiBold
            }
            Flow {
                Layout.fillWidth: true
                spacing: Theme.spacingXs

                Repeater {
                    model: page.moment.bodyLabels ?? []

                    delegate: Chip {
                        required property string modelData

                        text: modelData
                    }
                }
            }
        }

        ColumnLayout {
            Layout.fillWidth: true
            visible: (page.moment.reaction ?? "").length > 0
            spacing: Theme.spacingXs

            Label {
                text: page.mine ? qsTr("What you did") : qsTr("What %1 did").arg(page.moment.memberName ?? "")
                color: Theme.textMuted
                font.pixelSize: Theme.fontSmall
                font.weight: Font.DemiBold
            }
            Label {
                Layout.fillWidth: true
                text: page.moment.reaction ?? ""
                color: Theme.text
                wrapMode: Text.WordWrap
            }
        }

        ColumnLayout {
            Layout.fillWidth: true
            visible: (page.moment.neededLabels ?? []).length > 0
            spacing: Theme.spacingXs

            Label {
                text: page.mine ? qsTr("What you needed") : qsTr("What %1 needed").arg(page.moment.memberName ?? "")
                color: Theme.textMuted
                font.pixelSize: Theme.fontSmall
                font.weight: Font.DemiBold
            }
            Flow {
                Layout.fillWidth: true
                spacing: Theme.spacingXs

                Repeater {
                    model: page.moment.neededLabels ?? []

                    delegate: Chip {
                        required property string modelData

                        text: modelData
                        tone: "primary"
                    }
                }
            }
        }

        ColumnLayout {
            Layout.fillWidth: true
            visible: (page.moment.note ?? "").length > 0
            spacing: Theme.spacingXs

            Label {
                text: qsTr("Note")
                color: Theme.textMuted
                font.pixelSize: Theme.fontSmall
                font.weight: Font.DemiBold
            }
            Label {
                Layout.fillWidth: true
                text: page.moment.note ?? ""
                color: Theme.text
                wrapMode: Text.WordWrap
            }
        }
    }

    AppDialog {
        id: privateDialog

        title: qsTr("Make it private again?")
        primaryText: qsTr("Make private")
        onPrimaryClicked: {
            const error = moments.setShared(page.activationId, false)
            if (error.length > 0) {
                privateDialog.error = error
                return
            }
            close()
            page.notify(qsTr("Private again. Only you can see it."))
        }

        Label {
            Layout.fillWidth: true
            text: qsTr("The moment stays here, just for you. %1's devices forget it at their next sync; what they already saw can't be unsent.").arg(page.partner)
            color: Theme.text
            wrapMode: Text.WordWrap
        }
    }

    AppDialog {
        id: removeDialog

        title: qsTr("Delete this moment?")
        primaryText: qsTr("Delete")
        primaryTone: "danger"
        onPrimaryClicked: {
            const error = moments.remove(page.activationId)
            if (error.length > 0) {
                removeDialog.error = error
                return
            }
            close()
            page.notify(qsTr("Deleted."))
            page.stack.pop()
        }

        Label {
            Layout.fillWidth: true
            text: page.moment.shared === true
                  ? qsTr("It goes from your devices and from %1's.").arg(page.partner)
                  : qsTr("It goes from your devices.")
            color: Theme.text
            wrapMode: Text.WordWrap
        }
    }
}
