import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Hearth
import Hearth.Services

// One message of the history: who sent what and when, the time it named, and the reply.
RowLayout {
    id: row

    required property string messageId
    required property string icon
    required property string text
    required property string meaning
    required property string untilText
    required property bool fromMe
    required property string senderName
    required property string sentText
    required property bool answered
    required property string replyText
    required property string replierName
    required property string repliedText

    spacing: Theme.spacingM
    Accessible.role: Accessible.ListItem
    Accessible.name: qsTr("%1: %2, %3").arg(fromMe ? qsTr("You") : senderName).arg(text).arg(sentText)

    Rectangle {
        Layout.alignment: Qt.AlignTop
        implicitWidth: Theme.touchTarget - Theme.spacingXs
        implicitHeight: implicitWidth
        radius: width / 2
        color: row.fromMe ? Theme.primarySoft : Theme.accentSoft

        Icon {
            anchors.centerIn: parent
            implicitWidth: Theme.iconSizeSmall + Theme.spacingXs
            implicitHeight: implicitWidth
            name: row.icon
            color: row.fromMe ? Theme.primary : Theme.accent
        }
    }
    ColumnLayout {
        Layout.fillWidth: true
        spacing: Theme.spacingXs / 2

        Label {
            Layout.fillWidth: true
            text: qsTr("%1 · %2").arg(row.fromMe ? qsTr("You") : row.senderName).arg(row.sentText)
            color: Theme.textMuted
            font.pixelSize: Theme.fontSmall
            elide: Text.ElideRight
        }
        Label {
            Layout.fillWidth: true
            text: row.untilText.length > 0 ? qsTr("%1, %2").arg(row.text).arg(row.untilText) : row.text
            color: Theme.text
            font.pixelSize: Theme.fontBodyLarge
            font.weight: Font.DemiBold
            wrapMode: Text.WordWrap
        }
        Label {
            Layout.fillWidth: true
            visible: row.meaning.length > 0
            text: row.meaning
            color: Theme.textMuted
            font.pixelSize: Theme.fontSmall
            wrapMode: Text.WordWrap
        }
        RowLayout {
            Layout.fillWidth: true
            Layout.topMargin: Theme.spacingXs / 2
            spacing: Theme.spacingXs

            Icon {
                Layout.alignment: Qt.AlignTop
                visible: row.answered
                implicitWidth: Theme.iconSizeSmall
                implicitHeight: Theme.iconSizeSmall
                name: "reply"
                color: Theme.textMuted
            }
            Label {
                Layout.fillWidth: true
                text: row.answered
                      ? qsTr("%1: %2 · %3").arg(row.fromMe ? row.replierName : qsTr("You")).arg(row.replyText).arg(row.repliedText)
                      : (row.fromMe ? qsTr("No reply yet") : qsTr("Not answered yet"))
                color: row.answered ? Theme.text : Theme.textFaint
                font.pixelSize: Theme.fontSmall
                font.italic: !row.answered
                wrapMode: Text.WordWrap
            }
        }
    }
}
