import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Hearth
import Hearth.Services

// Every recent signal between the two of us, newest first: who sent what, when, and the reply.
Page {
    id: page

    readonly property real columnWidth: Theme.columnWidth(width)
    readonly property int margin: Theme.pageMargin(width)

    title: qsTr("Signals sent")
    objectName: "signalHistoryPage"
    implicitWidth: Theme.maxContentWidth
    implicitHeight: Theme.maxContentWidth

    background: Rectangle {
        color: Theme.background
    }

    header: PageHeader {
        title: page.title
        inset: (page.width - page.columnWidth) / 2
        canGoBack: true
        divider: !list.atYBeginning
        onBack: page.StackView.view.pop()
    }

    SignalMessagesModel {
        id: messages
    }

    Timer {
        interval: 60000
        repeat: true
        running: page.visible
        onTriggered: messages.refresh()
    }

    PageListView {
        id: list

        anchors.fill: parent
        columnWidth: page.columnWidth
        margin: page.margin
        spacing: 0
        model: messages

        header: ColumnLayout {
            x: (list.width - width) / 2
            width: page.columnWidth
            spacing: Theme.spacingM

            Item {
                implicitHeight: Theme.spacingXs
            }
            Label {
                Layout.fillWidth: true
                text: qsTr("The signals between you, newest first, with their replies. Only the two of you see them.")
                color: Theme.textMuted
                wrapMode: Text.WordWrap
            }
            EmptyState {
                Layout.fillWidth: true
                Layout.topMargin: Theme.spacingXl
                visible: messages.count === 0
                icon: "sparkle"
                title: qsTr("Nothing sent yet")
                text: qsTr("A signal sent from the Signals tab, or from Today, shows here with its reply.")
            }
            Item {
                implicitHeight: Theme.spacingXs
            }
        }

        delegate: ColumnLayout {
            id: item

            required property int index
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

            x: (list.width - width) / 2
            width: page.columnWidth
            spacing: Theme.spacingM

            Rectangle {
                Layout.fillWidth: true
                visible: item.index > 0
                implicitHeight: Theme.hairline
                color: Theme.border
            }
            SignalMessageRow {
                Layout.fillWidth: true
                Layout.bottomMargin: Theme.spacingM
                messageId: item.messageId
                icon: item.icon
                text: item.text
                meaning: item.meaning
                untilText: item.untilText
                fromMe: item.fromMe
                senderName: item.senderName
                sentText: item.sentText
                answered: item.answered
                replyText: item.replyText
                replierName: item.replierName
                repliedText: item.repliedText
            }
        }
    }
}
