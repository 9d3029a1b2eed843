pragma ComponentBehavior: Bound

import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Hearth
import Hearth.Services

// One agreement: the situation and what we do then, who proposed it, when we both agreed, the
// repair it came from; its answers while proposed; once agreed, the review when it is due ("Still
// works", "Let's revisit", "Retire"), how it stands and the next review date.
ScrollPage {
    id: page

    property string agreementId
    property string nextReview
    readonly property var item: {
        agreements.revision
        return agreements.get(agreementId)
    }
    readonly property bool exists: item.agreementId !== undefined
    readonly property string partner: Session.partnerName.length > 0 ? Session.partnerName : qsTr("your partner")

    function notify(message: string): void {
        const window = ApplicationWindow.window
        if (window && message.length > 0)
            window.notify(message)
    }

    function closeDialogs(): void {
        retireDialog.close()
    }

    function setStatus(status: string): void {
        const error = agreements.setStatus(agreementId, status)
        if (error.length > 0) {
            notify(error)
            return
        }
        notify(status === "revisit" ? qsTr("Marked to revisit. Find a calm moment to talk it over.")
                                    : status === "active" ? qsTr("Active again.") : qsTr("Retired."))
    }

    function keep(): void {
        const error = agreements.keep(agreementId, nextReview)
        notify(error.length > 0 ? error : qsTr("Kept. %1.").arg(agreements.reviewText(nextReview, false)))
    }

    function changeReviewDate(date: string): void {
        const error = agreements.setReviewDate(agreementId, date)
        notify(error.length > 0 ? error
                                : date.length > 0 ? qsTr("%1.").arg(agreements.reviewText(date, false))
                                                  : qsTr("No review date."))
    }

    title: qsTr("Agreement")
    objectName: "agreementPage"

    headerActions: [
        IconButton {
            visible: page.exists && !Session.readOnly && page.item.status !== "retired"
            iconName: "edit"
            tip: qsTr("Suggest a change")
            onClicked: page.stack.push(Qt.resolvedUrl("AgreementEditorPage.qml"), { agreementId: page.agreementId })
        }
    ]

    Component.onCompleted: nextReview = agreements.nextReviewDefault

    AgreementsModel {
        id: agreements
    }

    EmptyState {
        Layout.fillWidth: true
        Layout.topMargin: Theme.spacingXxl
        visible: !page.exists
        icon: "heart"
        title: qsTr("This agreement is not here")
        text: qsTr("It may have been removed on another device.")
    }

    // --- What it says --------------------------------------------------------------------------
    ColumnLayout {
        Layout.fillWidth: true
        visible: page.exists
        spacing: Theme.spacingS

        Label {
            Layout.fillWidth: true
            text: page.item.situation ?? ""
            color: Theme.textMuted
            font.pixelSize: Theme.fontBodyLarge
            font.weight: Font.DemiBold
            wrapMode: Text.WordWrap
        }
        Label {
            Layout.fillWidth: true
            text: page.item.action ?? ""
            font.family: Theme.headingFamily
            font.pixelSize: Theme.fontHeadline
            font.weight: Font.DemiBold
            color: Theme.text
            wrapMode: Text.WordWrap
            Accessible.role: Accessible.Heading
            Accessible.name: text
        }
        Flow {
            Layout.fillWidth: true
            Layout.topMargin: Theme.spacingXs
            spacing: Theme.spacingS

            Chip {
                text: page.item.statusText ?? ""
                tone: page.item.status === "active" ? "accent"
                      : page.item.status === "revisit" ? "warning"
                      : page.item.awaitingMe ? "primary" : "neutral"
            }
            Chip {
                visible: (page.item.reviewText ?? "").length > 0
                text: page.item.reviewText ?? ""
                tone: page.item.reviewDue ? "warning" : "neutral"
            }
        }
        Label {
            Layout.fillWidth: true
            text: page.item.proposedText ?? ""
            color: Theme.textMuted
            font.pixelSize: Theme.fontSmall
            wrapMode: Text.WordWrap
        }
        Label {
            Layout.fillWidth: true
            visible: (page.item.agreedText ?? "").length > 0
            text: page.item.agreedText ?? ""
            color: Theme.textMuted
            font.pixelSize: Theme.fontSmall
            wrapMode: Text.WordWrap
        }
        ActionButton {
            visible: (page.item.repairTitle ?? "").length > 0
            text: qsTr("From the repair “%1”").arg(page.item.repairTitle ?? "")
            iconName: "repair"
            flat: true
            leftPadding: Theme.spacingS
            onClicked: page.stack.push(Qt.resolvedUrl("../repairs/RepairPage.qml"), { repairId: page.item.repairId })
        }
    }

    // --- Proposed: the answers -------------------------------------------------------------------
    Card {
        Layout.fillWidth: true
        visible: page.exists && page.item.status === "proposed"
        outline: page.item.awaitingMe ? Theme.primary : Theme.border

        Label {
            Layout.fillWidth: true
            text: page.item.awaitingMe
                  ? qsTr("%1 proposed this. Does it work for you as it reads?").arg(page.item.proposerName ?? "")
                  : qsTr("Waiting for %1 to agree. You can still take it back.").arg(page.partner)
            color: Theme.text
            wrapMode: Text.WordWrap
        }
        Flow {
            Layout.fillWidth: true
            // Quiet buttons only: their words line up with the text above.
            Layout.leftMargin: page.item.awaitingMe ? 0 : -(Theme.spacingS + Theme.spacingXs / 2)
            visible: !Session.readOnly
            spacing: Theme.spacingS

            ActionButton {
                visible: page.item.awaitingMe ?? false
                objectName: "agreeButton"
                text: qsTr("Agree")
                highlighted: true
                onClicked: {
                    const error = agreements.agree(page.agreementId)
                    page.notify(error.length > 0 ? error : qsTr("Agreed. It's one of yours now."))
                }
            }
            QuietAction {
                visible: page.item.awaitingMe ?? false
                text: qsTr("Suggest a change")
                onClicked: page.stack.push(Qt.resolvedUrl("AgreementEditorPage.qml"), { agreementId: page.agreementId })
            }
            QuietAction {
                text: qsTr("Retire")
                tone: "danger"
                onClicked: retireDialog.open()
            }
        }
    }

    // --- Review due ------------------------------------------------------------------------------
    Card {
        Layout.fillWidth: true
        objectName: "reviewBlock"
        visible: page.exists && (page.item.reviewDue ?? false)
        tint: Theme.warningSoft
        outline: Theme.warningSoft

        SectionHeader {
            Layout.fillWidth: true
            text: qsTr("Time to look at it again")
            subtitle: qsTr("Talk it over together. Does it still work for both of you?")
        }
        FormField {
            label: qsTr("If it still works, look again on")

            DateField {
                Layout.fillWidth: true
                Layout.maximumWidth: Theme.fieldMinWidth * 2.5
                label: qsTr("Next review date")
                value: page.nextReview
                onDateEdited: d => page.nextReview = d
            }
        }
        Flow {
            Layout.fillWidth: true
            visible: !Session.readOnly
            spacing: Theme.spacingS

            ActionButton {
                objectName: "stillWorksButton"
                text: qsTr("Still works")
                highlighted: true
                onClicked: page.keep()
            }
            QuietAction {
                visible: page.item.status !== "revisit"
                text: qsTr("Let's revisit")
                onClicked: page.setStatus("revisit")
            }
            QuietAction {
                text: qsTr("Retire")
                tone: "danger"
                onClicked: retireDialog.open()
            }
        }
    }

    // --- How it stands ---------------------------------------------------------------------------
    Card {
        Layout.fillWidth: true
        visible: page.exists && page.item.status !== "proposed"
        spacing: Theme.spacingM

        FormField {
            label: qsTr("How it stands")

            Flow {
                Layout.fillWidth: true
                spacing: Theme.spacingXs

                Repeater {
                    model: [
                        { id: "active", label: qsTr("Active") },
                        { id: "revisit", label: qsTr("To revisit") },
                        { id: "retired", label: qsTr("Retired") }
                    ]

                    delegate: ChoiceChip {
                        id: statusChip

                        required property var modelData

                        compact: true
                        enabled: !Session.readOnly
                        text: modelData.label
                        checked: page.item.status === modelData.id
                        onClicked: {
                            checked = Qt.binding(() => page.item.status === statusChip.modelData.id)
                            if (page.item.status === modelData.id)
                                return
                            if (modelData.id === "retired")
                                retireDialog.open()
                            else
                                page.setStatus(modelData.id)
                        }
                    }
                }
            }
        }
        FormField {
            visible: page.item.status !== "retired"
            label: qsTr("Review on")
            hint: qsTr("A day to look at it again together. You both get a reminder then.")

            RowLayout {
                Layout.fillWidth: true
                spacing: Theme.spacingS

                DateField {
                    Layout.fillWidth: true
                    Layout.maximumWidth: Theme.fieldMinWidth * 2.5
                    enabled: !Session.readOnly
                    label: qsTr("Review date")
                    value: page.item.reviewOn ?? ""
                    onDateEdited: d => page.changeReviewDate(d)
                }
                ActionButton {
                    visible: (page.item.reviewOn ?? "").length > 0 && !Session.readOnly
                    text: qsTr("No date")
                    flat: true
                    onClicked: page.changeReviewDate("")
                }
            }
        }
    }

    AppDialog {
        id: retireDialog

        title: qsTr("Retire this agreement?")
        primaryText: qsTr("Retire")
        primaryTone: "danger"
        onPrimaryClicked: {
            const error = agreements.setStatus(page.agreementId, "retired")
            if (error.length > 0) {
                retireDialog.error = error
                return
            }
            close()
            page.notify(qsTr("Retired."))
        }

        Label {
            Layout.fillWidth: true
            text: qsTr("It stays in your list, folded away with the retired ones, on both your devices. You can make it active again later.")
            color: Theme.textMuted
            wrapMode: Text.WordWrap
        }
    }
}
