pragma ComponentBehavior: Bound

import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Hearth
import Hearth.Services

// One exercise as the couple will see it: purpose, steps, the timer, the questions to reflect
// on and the source; assign it to a couple from here, and edit or remove one's own.
ScrollPage {
    id: page

    property string exerciseId
    readonly property var exercise: {
        PracticeSession.revision
        return PracticeSession.exercise(exerciseId)
    }
    readonly property bool exists: exercise.exerciseId !== undefined

    function closeDialogs(): void {
        coupleMenu.close()
    }

    title: exercise.title ?? qsTr("Exercise")
    titleInContent: true
    objectName: "exercisePage"
    pageHeader.showSync: false

    headerActions: [
        IconButton {
            visible: page.exercise.custom ?? false
            iconName: "edit"
            tip: qsTr("Edit")
            onClicked: page.stack.push(Qt.resolvedUrl("ExerciseEditorPage.qml"), { exerciseId: page.exerciseId })
        }
    ]

    PracticeCouplesModel {
        id: couples
    }

    AppMenu {
        id: coupleMenu

        Repeater {
            model: couples

            delegate: MenuItem {
                required property string spaceId
                required property string name
                required property bool active

                text: name
                enabled: active
                onTriggered: {
                    const window = ApplicationWindow.window
                    if (window)
                        window.showPage("assign", { spaceId: spaceId, exerciseId: page.exerciseId })
                }
            }
        }
    }

    EmptyState {
        Layout.fillWidth: true
        Layout.topMargin: Theme.spacingXxl
        visible: !page.exists
        icon: "note"
        title: qsTr("This exercise is not here")
        text: qsTr("It may have been removed.")
    }

    ColumnLayout {
        Layout.fillWidth: true
        visible: page.exists
        spacing: Theme.spacingS

        Label {
            Layout.fillWidth: true
            text: page.exercise.title ?? ""
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
            spacing: Theme.spacingS

            Chip {
                text: (page.exercise.custom ?? false) ? qsTr("Your own") : (page.exercise.formatLabel ?? "")
                tone: (page.exercise.custom ?? false) ? "accent" : "primary"
            }
            Chip {
                text: qsTr("About %1 min").arg(page.exercise.minutes ?? 0)
            }
            Chip {
                visible: (page.exercise.timerMinutes ?? 0) > 0
                text: qsTr("%1 min timer").arg(page.exercise.timerMinutes ?? 0)
            }
            Chip {
                text: page.exercise.who === "each" ? qsTr("Each on their own") : qsTr("Together")
            }
        }
        Label {
            Layout.fillWidth: true
            text: page.exercise.purpose ?? ""
            color: Theme.textMuted
            font.pixelSize: Theme.fontBodyLarge
            wrapMode: Text.WordWrap
        }
        ActionButton {
            Layout.topMargin: Theme.spacingXs
            objectName: "assignExercise"
            text: qsTr("Assign to a couple")
            iconName: "add"
            highlighted: true
            enabled: couples.count > 0
            onClicked: coupleMenu.popup()
        }
    }

    Card {
        Layout.fillWidth: true
        visible: page.exists
        spacing: Theme.spacingM

        SectionHeader {
            Layout.fillWidth: true
            text: qsTr("Steps")
        }
        Repeater {
            model: page.exercise.steps ?? []

            delegate: RowLayout {
                id: step

                required property string modelData
                required property int index

                Layout.fillWidth: true
                spacing: Theme.spacingM

                Label {
                    Layout.alignment: Qt.AlignTop
                    Layout.preferredWidth: Theme.spacingXl
                    text: String(step.index + 1)
                    font.family: Theme.headingFamily
                    font.pixelSize: Theme.fontTitle
                    color: Theme.primary
                }
                Label {
                    Layout.fillWidth: true
                    text: step.modelData
                    color: Theme.text
                    wrapMode: Text.WordWrap
                    lineHeight: 1.1
                }
            }
        }
    }

    Card {
        Layout.fillWidth: true
        visible: page.exists
        spacing: Theme.spacingS

        SectionHeader {
            Layout.fillWidth: true
            text: qsTr("Questions for the reflection")
            subtitle: qsTr("Each partner answers afterwards and chooses whether you see it.")
        }
        Repeater {
            model: page.exercise.prompts ?? []

            delegate: Label {
                required property string modelData

                Layout.fillWidth: true
                text: "· " + modelData
                color: Theme.text
                wrapMode: Text.WordWrap
            }
        }
    }

    Label {
        Layout.fillWidth: true
        visible: page.exists && (page.exercise.source ?? "").length > 0
        text: qsTr("Source: %1").arg(page.exercise.source ?? "")
        font.pixelSize: Theme.fontSmall
        color: Theme.textFaint
        wrapMode: Text.WordWrap
    }
}
