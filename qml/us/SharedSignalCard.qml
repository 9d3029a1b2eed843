import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Hearth
import Hearth.Services

// One of the couple's signals: the word, what it means, who proposed it and how it stands, with
// what either of us can do about it now.
Card {
    id: card

    required property string signalId
    required property string word
    required property string meaning
    required property string status
    required property string statusText
    required property bool mine
    required property bool awaitingMe
    required property string proposedText
    required property string acceptedText

    signal acceptClicked(string signalId)
    signal changeClicked(string signalId)
    signal retireClicked(string signalId, string word)

    outline: awaitingMe ? Theme.primary : Theme.border
    Accessible.name: qsTr("%1: %2. %3").arg(word).arg(meaning).arg(statusText)

    RowLayout {
        Layout.fillWidth: true
        spacing: Theme.spacingS

        Label {
            Layout.fillWidth: true
            text: card.word
            font.family: Theme.headingFamily
            font.pixelSize: Theme.fontTitle
            font.weight: Font.DemiBold
            color: Theme.text
            wrapMode: Text.WordWrap
        }
        Chip {
            Layout.alignment: Qt.AlignTop
            Layout.maximumWidth: card.availableWidth / 2
            text: card.statusText
            tone: card.status === "ours" ? "accent" : (card.awaitingMe ? "primary" : "neutral")
        }
    }
    Label {
        Layout.fillWidth: true
        text: card.meaning
        color: Theme.text
        wrapMode: Text.WordWrap
    }
    Label {
        Layout.fillWidth: true
        text: card.acceptedText.length > 0 ? card.acceptedText : card.proposedText
        color: Theme.textMuted
        font.pixelSize: Theme.fontSmall
        wrapMode: Text.WordWrap
    }
    Flow {
        Layout.fillWidth: true
        Layout.topMargin: Theme.spacingXs
        // Quiet buttons only: their words line up with the text above.
        Layout.leftMargin: card.awaitingMe ? 0 : -(Theme.spacingS + Theme.spacingXs / 2)
        visible: !Session.readOnly && card.status !== "retired"
        spacing: Theme.spacingS

        ActionButton {
            visible: card.awaitingMe
            objectName: "acceptSignalButton"
            text: qsTr("Accept")
            highlighted: true
            onClicked: card.acceptClicked(card.signalId)
        }
        QuietAction {
            visible: !card.mine || card.status === "ours"
            text: qsTr("Suggest a change")
            onClicked: card.changeClicked(card.signalId)
        }
        QuietAction {
            text: card.awaitingMe ? qsTr("Not for us") : qsTr("Retire")
            tone: "danger"
            onClicked: card.retireClicked(card.signalId, card.word)
        }
    }
}
