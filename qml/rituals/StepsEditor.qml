pragma ComponentBehavior: Bound

import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Hearth
import Hearth.Services

// The ritual's steps as an editable, reorderable list. The rows follow the number of steps (not
// their text), so typing never rebuilds the field you are typing in.
ColumnLayout {
    id: steps

    required property RitualEditor editor
    readonly property int count: editor.steps.length
    readonly property int maxSteps: 12

    signal changed()

    function write(list: var): void {
        editor.steps = list
        changed()
    }

    function setStep(index: int, text: string): void {
        const list = editor.steps.slice()
        list[index] = text
        write(list)
    }

    function add(): void {
        const list = editor.steps.slice()
        list.push("")
        write(list)
        Qt.callLater(() => {
            const row = rows.itemAt(rows.count - 1)
            if (row)
                row.focusField()
        })
    }

    function remove(index: int): void {
        const list = editor.steps.slice()
        list.splice(index, 1)
        write(list)
    }

    function swap(a: int, b: int): void {
        if (a < 0 || b < 0 || a >= count || b >= count)
            return
        const list = editor.steps.slice()
        const t = list[a]
        list[a] = list[b]
        list[b] = t
        write(list)
        Qt.callLater(() => {
            const row = rows.itemAt(b)
            if (row)
                row.focusField()
        })
    }

    spacing: Theme.spacingS

    Repeater {
        id: rows

        model: steps.count

        delegate: RowLayout {
            id: row

            required property int index

            function focusField(): void {
                field.forceActiveFocus()
            }

            // A step is one line of thought: Enter starts the next step (or moves on).
            function enter(): void {
                if (index === steps.count - 1 && field.text.trim().length > 0 && steps.count < steps.maxSteps)
                    steps.add()
                else
                    field.nextItemInFocusChain().forceActiveFocus()
            }

            Layout.fillWidth: true
            spacing: Theme.spacingXs

            Label {
                Layout.alignment: Qt.AlignTop
                Layout.topMargin: Theme.spacingM
                Layout.preferredWidth: Theme.spacingXl
                text: qsTr("%1.").arg(row.index + 1)
                color: Theme.textMuted
                font.weight: Font.DemiBold
            }
            TextArea {
                id: field

                Layout.fillWidth: true
                objectName: "stepField" + row.index
                text: steps.editor.steps[row.index] ?? ""
                placeholderText: qsTr("What do you do?")
                wrapMode: TextEdit.Wrap
                Accessible.name: qsTr("Step %1").arg(row.index + 1)
                Keys.onTabPressed: nextItemInFocusChain().forceActiveFocus()
                Keys.onBacktabPressed: nextItemInFocusChain(false).forceActiveFocus()
                Keys.onReturnPressed: row.enter()
                Keys.onEnterPressed: row.enter()
                // Alt+Up and Alt+Down move the step.
                Keys.onUpPressed: event => {
                    if (event.modifiers & Qt.AltModifier)
                        steps.swap(row.index, row.index - 1)
                    else
                        event.accepted = false
                }
                Keys.onDownPressed: event => {
                    if (event.modifiers & Qt.AltModifier)
                        steps.swap(row.index, row.index + 1)
                    else
                        event.accepted = false
                }
                onTextChanged: {
                    if (activeFocus && text !== (steps.editor.steps[row.index] ?? ""))
                        steps.setStep(row.index, text)
                }
            }
            IconButton {
                Layout.alignment: Qt.AlignTop
                iconName: "more"
                iconColor: Theme.textMuted
                tip: qsTr("Move or remove step %1").arg(row.index + 1)
                onClicked: stepMenu.open()

                AppMenu {
                    id: stepMenu

                    y: parent.height

                    MenuItem {
                        text: qsTr("Move up")
                        enabled: row.index > 0
                        onTriggered: steps.swap(row.index, row.index - 1)
                    }
                    MenuItem {
                        text: qsTr("Move down")
                        enabled: row.index < steps.count - 1
                        onTriggered: steps.swap(row.index, row.index + 1)
                    }
                    MenuItem {
                        text: qsTr("Remove")
                        onTriggered: steps.remove(row.index)
                    }
                }
            }
        }
    }

    Label {
        Layout.fillWidth: true
        visible: steps.count === 0
        text: qsTr("No steps yet. Steps are shown one at a time when you do the ritual.")
        color: Theme.textMuted
        wrapMode: Text.WordWrap
    }

    ActionButton {
        objectName: "addStepButton"
        text: qsTr("Add a step")
        iconName: "add"
        flat: true
        enabled: steps.count < steps.maxSteps
        onClicked: steps.add()
    }
}
