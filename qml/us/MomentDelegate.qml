pragma ComponentBehavior: Bound

import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Hearth
import Hearth.Services

// One moment in the log: what happened, when, the feeling and how strong, what the body did,
// and whether it is private or shared (or, for one my partner shared, that it is theirs).
// Opens the moment.
Card {
    id: card

    required property string activationId
    required property string situation
    required property string whenText
    required property string emotionLabel
    required property int intensity
    required property var bodyLabels
    required property bool shared
    required property bool mine
    required property string memberName

    signal openMoment(string activationId)

    clickable: true
    spacing: Theme.spacingXs
    Accessible.name: qsTr("%1. %2. %3, strength %4 of 10").arg(situation).arg(whenText).arg(emotionLabel).arg(intensity)
    onClicked: openMoment(activationId)

    RowLayout {
        Layout.fillWidth: true
        spacing: Theme.spacingS

        Label {
            Layout.fillWidth: true
            text: card.situation
            font.pixelSize: Theme.fontBodyLarge
            font.weight: Font.DemiBold
            color: Theme.text
            wrapMode: Text.WordWrap
        }
        Icon {
            Layout.alignment: Qt.AlignTop
            Layout.topMargin: Theme.spacingXs / 2
            implicitWidth: Theme.iconSizeSmall
            implicitHeight: Theme.iconSizeSmall
            name: card.shared ? "people" : "lock"
            color: card.shared ? Theme.accent : Theme.textFaint
            Accessible.role: Accessible.StaticText
            Accessible.name: card.shared ? qsTr("Shared") : qsTr("Private")
        }
    }
    Flow {
        Layout.fillWidth: true
        spacing: Theme.spacingS

        Label {
            text: card.mine ? card.whenText : qsTr("%1 · shared by %2").arg(card.whenText).arg(card.memberName)
            color: card.mine ? Theme.textMuted : Theme.accent
            font.pixelSize: Theme.fontSmall
        }
        Row {
            spacing: Theme.spacingS
            height: feeling.height

            Label {
                id: feeling

                visible: card.emotionLabel.length > 0
                text: card.emotionLabel
                color: Theme.textMuted
                font.pixelSize: Theme.fontSmall
                font.weight: Font.DemiBold
            }
            IntensityMeter {
                anchors.verticalCenter: parent.verticalCenter
                value: card.intensity
            }
        }
    }
    Label {
        Layout.fillWidth: true
        visible: card.bodyLabels.length > 0
        text: card.bodyLabels.join(" · ")
        color: Theme.textFaint
        font.pixelSize: Theme.fontSmall
        wrapMode: Text.WordWrap
    }
}
