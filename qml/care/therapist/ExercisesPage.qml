import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Hearth
import Hearth.Services

// The exercises a therapist can assign: the library by format, and the practice's own.
Page {
    id: page

    readonly property real columnWidth: Theme.columnWidth(width)
    readonly property int margin: Theme.pageMargin(width)

    function writeNew(): void {
        StackView.view.push(Qt.resolvedUrl("ExerciseEditorPage.qml"), { exerciseId: "" })
    }

    title: qsTr("Exercises")
    objectName: "exercisesPage"

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
        showSync: false

        IconButton {
            iconName: "add"
            tip: qsTr("Write your own exercise")
            onClicked: page.writeNew()
        }
    }

    PracticeExercisesModel {
        id: exercises
    }

    PageListView {
        id: list

        anchors.fill: parent
        columnWidth: page.columnWidth
        margin: page.margin
        spacing: Theme.spacingM
        model: exercises

        header: ColumnLayout {
            x: (list.width - width) / 2
            width: page.columnWidth
            spacing: Theme.spacingS

            Item {
                implicitHeight: Theme.spacingXs
            }
            Label {
                Layout.fillWidth: true
                text: qsTr("Homework between sessions, after the methods couples therapists use. Each has steps, a length, questions to reflect on, and its source. Your own exercises travel to your couples too.")
                color: Theme.textMuted
                wrapMode: Text.WordWrap
            }
            RowLayout {
                Layout.fillWidth: true
                Layout.topMargin: Theme.spacingXs
                spacing: Theme.spacingS

                Label {
                    text: qsTr("Show")
                    color: Theme.textMuted
                    font.pixelSize: Theme.fontSmall
                    font.weight: Font.DemiBold
                }
                AppComboBox {
                    Layout.fillWidth: true
                    Layout.maximumWidth: Theme.dialogWidth
                    objectName: "exerciseFilter"
                    model: exercises.filters.map(f => ({ id: f.id, label: qsTr("%1 (%2)").arg(f.label).arg(f.count) }))
                    textRole: "label"
                    valueRole: "id"
                    currentIndex: Math.max(0, indexOfValue(exercises.filter))
                    Accessible.name: qsTr("Show: %1").arg(currentText)
                    onActivated: exercises.filter = currentValue
                }
            }
            EmptyState {
                Layout.fillWidth: true
                visible: exercises.count === 0
                icon: "note"
                title: exercises.filter === "custom" ? qsTr("None of your own yet") : qsTr("No exercises here")
                text: qsTr("Write one with your own steps and questions; it syncs to every couple you link.")

                ActionButton {
                    text: qsTr("Write an exercise")
                    iconName: "add"
                    highlighted: true
                    onClicked: page.writeNew()
                }
            }
            Item {
                implicitHeight: Theme.spacingXs
            }
        }

        delegate: Card {
            id: card

            required property string exerciseId
            required property string title
            required property string formatLabel
            required property string purpose
            required property string minutesText
            required property string whoText
            required property bool custom

            x: (list.width - width) / 2
            width: page.columnWidth
            clickable: true
            Accessible.name: title
            onClicked: page.StackView.view.push(Qt.resolvedUrl("ExercisePage.qml"), { exerciseId: card.exerciseId })

            Label {
                Layout.fillWidth: true
                text: card.title
                font.pixelSize: Theme.fontBodyLarge
                font.weight: Font.DemiBold
                color: Theme.text
                wrapMode: Text.WordWrap
            }
            Label {
                Layout.fillWidth: true
                text: card.purpose
                color: Theme.textMuted
                wrapMode: Text.WordWrap
                maximumLineCount: 3
                elide: Text.ElideRight
            }
            Label {
                Layout.fillWidth: true
                text: qsTr("%1 · %2 · %3").arg(card.formatLabel).arg(card.minutesText).arg(card.whoText)
                font.pixelSize: Theme.fontCaption
                color: card.custom ? Theme.accent : Theme.textFaint
                wrapMode: Text.WordWrap
            }
        }
    }
}
