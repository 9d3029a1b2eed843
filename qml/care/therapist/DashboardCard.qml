pragma ComponentBehavior: Bound

import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Hearth
import Hearth.Services

// One list of the dashboard in a card: each row the couple, the partner, the exercise and when
// (or a reflection's first words); a row opens its couple.
Card {
    id: card

    property string title
    property string emptyText
    property PracticeDashboardModel model

    signal opened(string spaceId)

    spacing: Theme.spacingS

    SectionHeader {
        Layout.fillWidth: true
        text: card.title
        subtitle: card.model && card.model.total > card.model.count
                  ? qsTr("The first %1 of %2").arg(card.model.count).arg(card.model.total) : ""
    }
    Label {
        Layout.fillWidth: true
        visible: card.model !== null && card.model.count === 0
        text: card.emptyText
        color: Theme.textFaint
        font.pixelSize: Theme.fontSmall
        wrapMode: Text.WordWrap
    }
    Repeater {
        model: card.model

        delegate: ItemDelegate {
            id: row

            required property string spaceId
            required property string coupleName
            required property string partnerName
            required property string title
            required property string whenText
            required property string status
            required property string excerpt

            Layout.fillWidth: true
            leftPadding: Theme.spacingS
            rightPadding: Theme.spacingS
            topPadding: Theme.spacingS
            bottomPadding: Theme.spacingS
            Accessible.name: qsTr("%1, %2: %3, %4").arg(coupleName).arg(partnerName).arg(title).arg(whenText)
            onClicked: card.opened(spaceId)

            background: Rectangle {
                radius: Theme.radiusS
                color: row.hovered || row.visualFocus ? Theme.surfaceAlt : Theme.transparent
            }

            contentItem: RowLayout {
                spacing: Theme.spacingM

                Rectangle {
                    Layout.alignment: Qt.AlignTop
                    Layout.topMargin: Theme.spacingXs + 2
                    implicitWidth: Theme.dotSize
                    implicitHeight: Theme.dotSize
                    radius: width / 2
                    color: row.status === "overdue" ? Theme.warning
                           : row.status === "done" ? Theme.accent
                           : row.status === "reflection" ? Theme.clay : Theme.primary
                }
                ColumnLayout {
                    Layout.fillWidth: true
                    spacing: 2

                    Label {
                        Layout.fillWidth: true
                        text: row.title
                        font.weight: Font.DemiBold
                        color: Theme.text
                        wrapMode: Text.WordWrap
                        maximumLineCount: 2
                        elide: Text.ElideRight
                    }
                    Label {
                        Layout.fillWidth: true
                        text: qsTr("%1 · %2").arg(row.coupleName).arg(row.partnerName)
                        font.pixelSize: Theme.fontSmall
                        color: Theme.textMuted
                        elide: Text.ElideRight
                    }
                    Label {
                        Layout.fillWidth: true
                        visible: row.excerpt.length > 0
                        text: "“" + row.excerpt + "”"
                        font.pixelSize: Theme.fontSmall
                        font.italic: true
                        color: Theme.text
                        wrapMode: Text.WordWrap
                        maximumLineCount: 2
                        elide: Text.ElideRight
                    }
                    Label {
                        Layout.fillWidth: true
                        text: row.whenText
                        font.pixelSize: Theme.fontCaption
                        color: row.status === "overdue" ? Theme.warning : Theme.textFaint
                        elide: Text.ElideRight
                    }
                }
            }
        }
    }
    // Side by side the cards are equally tall; keep the rows at the top.
    Item {
        Layout.fillHeight: true
    }
}
