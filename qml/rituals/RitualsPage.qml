import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Hearth
import Hearth.Services

// The couple's rituals with their schedules, what comes next and how they were kept; archived
// ones on request. After leaving the couple's space, a note that this is a read-only copy.
Page {
    id: page

    readonly property real columnWidth: Theme.columnWidth(width)
    readonly property int margin: Theme.pageMargin(width)

    function openRitual(ritualId: string): void {
        StackView.view.push(Qt.resolvedUrl("RitualDetailPage.qml"), { ritualId: ritualId })
    }

    function newRitual(): void {
        StackView.view.push(Qt.resolvedUrl("RitualEditorPage.qml"))
    }

    title: qsTr("Rituals")
    objectName: "ritualsPage"

    // Pages are sized by their StackView; a fixed implicit size keeps the header's inset (which
    // follows the width) from feeding back into the width.
    implicitWidth: Theme.maxContentWidth
    implicitHeight: Theme.maxContentWidth

    background: Rectangle {
        color: Theme.background
    }

    header: PageHeader {
        title: page.title
        inset: (page.width - page.columnWidth) / 2
        divider: !list.atYBeginning
    }

    RitualsModel {
        id: rituals
    }

    PageListView {
        id: list

        anchors.fill: parent
        columnWidth: page.columnWidth
        margin: page.margin
        spacing: Theme.spacingM
        model: rituals

        // ListView places its items vertically only; each one centres itself in the column.
        header: ColumnLayout {
            x: (list.width - width) / 2
            width: page.columnWidth
            spacing: Theme.spacingM

            Item {
                implicitHeight: Theme.spacingXs
            }
            Label {
                Layout.fillWidth: true
                text: qsTr("The small things you do on purpose, together.")
                color: Theme.textMuted
                wrapMode: Text.WordWrap
            }
            ReadOnlyBanner {
                Layout.fillWidth: true
            }
            RowLayout {
                Layout.fillWidth: true
                spacing: Theme.spacingS

                Switch {
                    id: archivedSwitch

                    leftPadding: 0
                    checked: rituals.includeArchived
                    text: qsTr("Show archived")
                    Accessible.name: text
                    onToggled: rituals.includeArchived = checked
                }
                Item {
                    Layout.fillWidth: true
                }
                ActionButton {
                    visible: !Session.readOnly
                    text: qsTr("New ritual")
                    iconName: "add"
                    highlighted: true
                    onClicked: page.newRitual()
                }
            }
            EmptyState {
                Layout.fillWidth: true
                Layout.topMargin: Theme.spacingXl
                visible: rituals.count === 0
                icon: "rituals"
                title: rituals.includeArchived ? qsTr("No rituals yet") : qsTr("No active rituals")
                text: qsTr("A ritual can be as small as a six-second kiss goodbye. Start with one from the library, or make your own.")

                ActionButton {
                    Layout.fillWidth: true
                    visible: !Session.readOnly
                    text: qsTr("Browse the library")
                    highlighted: true
                    onClicked: page.ApplicationWindow.window.showPage("library", {})
                }
                ActionButton {
                    Layout.fillWidth: true
                    visible: !Session.readOnly
                    text: qsTr("Make your own")
                    onClicked: page.newRitual()
                }
            }
            Item {
                implicitHeight: Theme.spacingXs
            }
        }

        delegate: RitualDelegate {
            x: (list.width - width) / 2
            width: page.columnWidth
            onOpenRitual: id => page.openRitual(id)
        }
    }
}
