import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import QtQuick.Templates as T
import Hearth
import Hearth.Services

// The therapist's window: Couples (the dashboard and the list), Exercises (the library and the
// practice's own) and Settings, each with its own StackView, behind a rail on a desktop and a tab
// bar on a phone. Main.qml loads it instead of the couple's sections when the profile is a
// practice, and hands it showPage().
// (No `pragma ComponentBehavior: Bound` here: Main.qml's Loader builds it.)
Item {
    id: shell

    readonly property var sections: [
        { key: "couples", title: qsTr("Couples"), icon: "people", page: "PracticeHomePage.qml" },
        { key: "exercises", title: qsTr("Exercises"), icon: "library", page: "ExercisesPage.qml" },
        { key: "settings", title: qsTr("Settings"), icon: "settings", page: "PracticeSettingsPage.qml" }
    ]
    readonly property bool wide: width >= Theme.wideBreakpoint
    property int currentSection: 0

    function sectionIndex(key: string): int {
        for (let i = 0; i < sections.length; ++i) {
            if (sections[i].key === key)
                return i
        }
        return -1
    }

    function stackAt(index: int): T.StackView {
        return index >= 0 && index < stacks.count ? stacks.itemAt(index) : null
    }

    // Switches to a section with its first page on top.
    function openSection(key: string): T.StackView {
        const index = sectionIndex(key)
        currentSection = index
        const stack = stackAt(index)
        if (stack && stack.depth > 1)
            stack.pop(null, StackView.Immediate)
        return stack
    }

    function closeDialogs(): void {
        for (let i = 0; i < stacks.count; ++i) {
            const stack = stacks.itemAt(i)
            for (let j = 0; j < stack.depth; ++j) {
                const page = stack.get(j, StackView.DontLoad)
                if (page && typeof page.closeDialogs === "function")
                    page.closeDialogs()
            }
        }
    }

    function firstCouple(): string {
        couples.refresh()
        return couples.firstSpaceId
    }

    function firstExercise(): string {
        exercises.refresh()
        return exercises.count > 0 ? exercises.data(exercises.index(0, 0), PracticeExercisesModel.ExerciseIdRole) : ""
    }

    // The therapist's pages by name: "practice" (dashboard), "practice-couple" ({spaceId}),
    // "assign" ({spaceId, exerciseId}), "reflections" ({spaceId}), "link-couple", "exercises",
    // "exercise" ({exerciseId}), "exercise-editor" ({exerciseId} or {} for a new one) and
    // "practice-settings". Without an id, the first couple or exercise.
    function showPage(name: string, options: var): bool {
        closeDialogs()
        switch (name) {
        case "practice":
            openSection("couples")
            return true
        case "practice-couple":
        case "assign":
        case "reflections": {
            const stack = openSection("couples")
            const spaceId = options.spaceId ?? firstCouple()
            if (!stack || spaceId.length === 0)
                return false
            stack.push(Qt.resolvedUrl("CouplePage.qml"), { spaceId: spaceId }, StackView.Immediate)
            if (name === "assign")
                stack.push(Qt.resolvedUrl("AssignPage.qml"),
                           { spaceId: spaceId, exerciseId: options.exerciseId ?? "" }, StackView.Immediate)
            else if (name === "reflections")
                stack.push(Qt.resolvedUrl("ReflectionsPage.qml"), { spaceId: spaceId }, StackView.Immediate)
            return true
        }
        case "link-couple": {
            const stack = openSection("couples")
            if (stack)
                stack.push(Qt.resolvedUrl("LinkCouplePage.qml"), {}, StackView.Immediate)
            return stack !== null
        }
        case "exercises":
            openSection("exercises")
            return true
        case "exercise": {
            const stack = openSection("exercises")
            const id = options.exerciseId ?? firstExercise()
            if (!stack || id.length === 0)
                return false
            stack.push(Qt.resolvedUrl("ExercisePage.qml"), { exerciseId: id }, StackView.Immediate)
            return true
        }
        case "exercise-editor": {
            const stack = openSection("exercises")
            if (stack)
                stack.push(Qt.resolvedUrl("ExerciseEditorPage.qml"), { exerciseId: options.exerciseId ?? "" },
                           StackView.Immediate)
            return stack !== null
        }
        case "practice-settings":
            openSection("settings")
            return true
        }
        return false
    }

    PracticeCouplesModel {
        id: couples
    }

    PracticeExercisesModel {
        id: exercises
    }

    // Ctrl+1, Ctrl+2, ... open the sections; Back (Alt+Left) goes back within one.
    Instantiator {
        model: shell.sections

        delegate: Shortcut {
            required property int index

            sequence: "Ctrl+" + (index + 1)
            onActivated: shell.currentSection = index
        }
    }

    Shortcut {
        sequences: [StandardKey.Back]
        onActivated: {
            const stack = shell.stackAt(shell.currentSection)
            if (stack && stack.depth > 1)
                stack.pop()
        }
    }

    RowLayout {
        anchors.fill: parent
        spacing: 0

        PracticeRail {
            Layout.fillHeight: true
            Layout.preferredWidth: Theme.railWidth
            visible: shell.wide
            sections: shell.sections
            currentIndex: shell.currentSection
            onActivated: index => shell.currentSection = index
        }

        ColumnLayout {
            Layout.fillWidth: true
            Layout.fillHeight: true
            spacing: 0

            StackLayout {
                Layout.fillWidth: true
                Layout.fillHeight: true
                currentIndex: shell.currentSection

                Repeater {
                    id: stacks

                    model: shell.sections

                    delegate: StackView {
                        required property var modelData

                        Accessible.name: modelData.title
                        // Not `initialItem`: see Main.qml.
                        Component.onCompleted: push(Qt.resolvedUrl(modelData.page), {}, StackView.Immediate)
                    }
                }
            }

            NavigationBar {
                Layout.fillWidth: true
                visible: !shell.wide
                sections: shell.sections
                currentIndex: shell.currentSection
                onActivated: index => shell.currentSection = index
            }
        }
    }
}
