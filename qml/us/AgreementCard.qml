import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Hearth
import Hearth.Services

// One agreement in a list: the situation, what we do then, how it stands and when we look at it
// again. Tapping it opens it; a proposed one carries its answers here too.
Card {
    id: card

    required property string agreementId
    required property string situation
    required property string action
    required property string status
    required property string statusText
    required property bool mine
    required property bool awaitingMe
    required property string proposedText
    required property string agreedText
    required property string reviewText
    required property bool reviewDue

    signal openClicked(string agreementId)
    signal agreeClicked(string agreementId)
    signal changeClicked(string agreementId)
    signal retireClicked(string agreementId)

    function statusTone(): string {
        switch (status) {
        case "active": return "accent"
        case "revisit": return "warning"
        case "proposed": return awaitingMe ? "primary" : "neutral"
        }
        return "neutral"
    }

    clickable: true
    outline: awaitingMe ? Theme.primary : (reviewDue ? Theme.warning : Theme.border)
    Accessible.name: qsTr("%1: %2. %3. %4").arg(situation).arg(action).arg(statusText).arg(reviewText)
    onClicked: openClicked(agreementId)

    RowLayout {
        Layout.fillWidth: true
        spacing: Theme.spacingS

        ColumnLayout {
            Layout.fillWidth: true
            spacing: Theme.spacingXs

            Label {
                Layout.fillWidth: true
                text: card.situation
                font.pixelSize: Theme.fontSmall
                font.weight: Font.DemiBold
                color: Theme.textMuted
                wrapMode: Text.WordWrap
            }
            Label {
                Layout.fillWidth: true
                text: card.action
                font.pixelSize: Theme.fontBodyLarge
                color: Theme.text
                wrapMode: Text.WordWrap
            }
        }
        Icon {
            Layout.alignment: Qt.AlignVCenter
            name: "forward"
            color: Theme.textFaint
        }
    }
    Flow {
        Layout.fillWidth: true
        spacing: Theme.spacingS

        Chip {
            text: card.statusText
            tone: card.statusTone()
        }
        Chip {
            visible: card.reviewText.length > 0
            text: card.reviewText
            tone: card.reviewDue ? "warning" : "neutral"
        }
        Label {
            visible: card.status === "proposed"
            text: card.proposedText
            color: Theme.textMuted
            font.pixelSize: Theme.fontCaption
            topPadding: Theme.spacingXs / 2
        }
    }
    Flow {
        Layout.fillWidth: true
        // Quiet buttons only: their words line up with the text above.
        Layout.leftMargin: card.awaitingMe ? 0 : -(Theme.spacingS + Theme.spacingXs / 2)
        visible: card.status === "proposed" && !Session.readOnly
        spacing: Theme.spacingS

        ActionButton {
            visible: card.awaitingMe
            objectName: "agreeButton"
            text: qsTr("Agree")
            highlighted: true
            onClicked: card.agreeClicked(card.agreementId)
        }
        QuietAction {
            visible: card.awaitingMe
            text: qsTr("Suggest a change")
            onClicked: card.changeClicked(card.agreementId)
        }
        QuietAction {
            text: qsTr("Retire")
            tone: "danger"
            onClicked: card.retireClicked(card.agreementId)
        }
    }
}
