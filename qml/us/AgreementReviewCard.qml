import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Hearth
import Hearth.Services

// For Today: the agreements whose review day has come, each with the review's three answers:
// "Still works" (the next review three months on), "Let's revisit", "Retire" (asked first).
// Takes no room while none is due.
Card {
    id: card

    readonly property alias count: due.count

    function notify(message: string): void {
        const window = ApplicationWindow.window
        if (window && message.length > 0)
            window.notify(message)
    }

    function closeDialogs(): void {
        retireDialog.close()
    }

    objectName: "agreementReviewCard"
    visible: due.count > 0
    tint: Theme.warningSoft
    outline: Theme.warningSoft
    spacing: Theme.spacingM
    Accessible.name: due.count === 1 ? qsTr("An agreement to look at again")
                                     : qsTr("%1 agreements to look at again").arg(due.count)

    AgreementsModel {
        id: due

        filter: "due"
    }

    // A review comes due at midnight.
    onVisibleChanged: due.refresh()

    RowLayout {
        Layout.fillWidth: true
        spacing: Theme.spacingM

        Icon {
            Layout.alignment: Qt.AlignTop
            name: "calendar"
            color: Theme.warning
        }
        ColumnLayout {
            Layout.fillWidth: true
            spacing: Theme.spacingXs / 2

            Label {
                Layout.fillWidth: true
                text: due.count === 1 ? qsTr("Time to look at an agreement again")
                                      : qsTr("Time to look at %1 agreements again").arg(due.count)
                font.weight: Font.DemiBold
                color: Theme.text
                wrapMode: Text.WordWrap
            }
            Label {
                Layout.fillWidth: true
                text: qsTr("Talk it over with %1 when you're both calm. Does it still work for you?").arg(Session.partnerName)
                color: Theme.textMuted
                font.pixelSize: Theme.fontSmall
                wrapMode: Text.WordWrap
            }
        }
    }

    Repeater {
        model: due

        delegate: ColumnLayout {
            id: agreement

            required property string agreementId
            required property string situation
            required property string action
            required property string status

            Layout.fillWidth: true
            spacing: Theme.spacingS

            Rectangle {
                Layout.fillWidth: true
                implicitHeight: Theme.hairline
                color: Theme.border
            }
            Label {
                Layout.fillWidth: true
                text: agreement.situation
                font.pixelSize: Theme.fontSmall
                font.weight: Font.DemiBold
                color: Theme.textMuted
                wrapMode: Text.WordWrap
            }
            Label {
                Layout.fillWidth: true
                text: agreement.action
                font.pixelSize: Theme.fontBodyLarge
                color: Theme.text
                wrapMode: Text.WordWrap
            }
            Flow {
                Layout.fillWidth: true
                visible: !Session.readOnly
                spacing: Theme.spacingS

                ActionButton {
                    text: qsTr("Still works")
                    highlighted: true
                    Accessible.name: qsTr("Still works: look again in three months")
                    onClicked: {
                        const next = due.nextReviewDefault
                        const error = due.keep(agreement.agreementId, next)
                        card.notify(error.length > 0 ? error : qsTr("Kept. %1.").arg(due.reviewText(next, false)))
                    }
                }
                QuietAction {
                    visible: agreement.status !== "revisit"
                    text: qsTr("Let's revisit")
                    onClicked: {
                        const error = due.setStatus(agreement.agreementId, "revisit")
                        card.notify(error.length > 0 ? error : qsTr("Marked to revisit. Find a calm moment to talk it over."))
                    }
                }
                QuietAction {
                    text: qsTr("Retire")
                    tone: "danger"
                    onClicked: retireDialog.openFor(agreement.agreementId)
                }
            }
        }
    }

    AppDialog {
        id: retireDialog

        property string agreementId

        function openFor(id: string): void {
            agreementId = id
            open()
        }

        title: qsTr("Retire this agreement?")
        primaryText: qsTr("Retire")
        primaryTone: "danger"
        onPrimaryClicked: {
            const error = due.setStatus(agreementId, "retired")
            if (error.length > 0) {
                retireDialog.error = error
                return
            }
            close()
            card.notify(qsTr("Retired."))
        }

        Label {
            Layout.fillWidth: true
            text: qsTr("It stays in your list of agreements, folded away with the retired ones, on both your devices.")
            color: Theme.textMuted
            wrapMode: Text.WordWrap
        }
    }
}
