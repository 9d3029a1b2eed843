pragma ComponentBehavior: Bound

import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Hearth

// One check-in question to answer: a scale as a row of numbered buttons, free text with a live
// character count, needs as chips (up to a number), a few short appreciations, or the three parts
// of "I feel … about … I need …". `question` is one of CheckInFlow.questions, `value` my draft
// answer to it. Every change is handed on with `edited(value)` — choices at once, text after a
// short pause and when the field is left — and the page saves it; `flush()` hands on what is
// still waiting.
ColumnLayout {
    id: field

    required property var question
    property var value
    property string error
    // What is still missing before it can be sent (a sentence begun but not finished), or "".
    property string note
    property bool editable: true

    readonly property string kind: question.kind
    readonly property var chosenNeeds: Array.isArray(value) && kind === "needs" ? value : []

    signal edited(var value)

    // Code points, as the core counts them (an emoji is one character, not two).
    function characters(text: string): int {
        return Array.from(text).length
    }

    // What the text controls hold now, in the answer's shape.
    function currentText(): var {
        if (kind === "text")
            return textArea.text
        if (kind === "appreciations") {
            const list = []
            for (let i = 0; i < appreciationRepeater.count; ++i)
                list.push(appreciationRepeater.itemAt(i).text)
            while (list.length > 0 && list[list.length - 1].trim().length === 0)
                list.pop()
            return list
        }
        if (kind === "feelingStatement") {
            const parts = {}
            for (let i = 0; i < partRepeater.count; ++i) {
                const item = partRepeater.itemAt(i)
                if (item.text.length > 0)
                    parts[item.partId] = item.text
            }
            return parts
        }
        return value
    }

    function flush(): void {
        if (saveTimer.running) {
            saveTimer.stop()
            edited(currentText())
        }
    }

    function typed(): void {
        saveTimer.restart()
    }

    // The draft changed elsewhere (another device of mine, "keep what I sent"): show it in the
    // text controls that are not being typed in.
    function syncText(): void {
        if (saveTimer.running)
            return
        if (kind === "text" && !textArea.activeFocus) {
            const text = typeof value === "string" ? value : ""
            if (textArea.text !== text)
                textArea.text = text
        } else if (kind === "appreciations") {
            for (let i = 0; i < appreciationRepeater.count; ++i)
                appreciationRepeater.itemAt(i).load()
        } else if (kind === "feelingStatement") {
            for (let j = 0; j < partRepeater.count; ++j)
                partRepeater.itemAt(j).load()
        }
    }

    function toggleNeed(needId: string): void {
        const list = chosenNeeds.slice()
        const at = list.indexOf(needId)
        if (at >= 0)
            list.splice(at, 1)
        else
            list.push(needId)
        edited(list)
    }

    spacing: Theme.spacingS
    onValueChanged: syncText()
    Component.onCompleted: syncText()

    Timer {
        id: saveTimer

        interval: 600
        onTriggered: field.edited(field.currentText())
    }

    RowLayout {
        Layout.fillWidth: true
        spacing: Theme.spacingS

        Label {
            Layout.fillWidth: true
            text: field.question.prompt
            font.pixelSize: Theme.fontBodyLarge
            font.weight: Font.DemiBold
            color: Theme.text
            wrapMode: Text.WordWrap
            Accessible.role: Accessible.Heading
            Accessible.name: text
        }
        Chip {
            Layout.alignment: Qt.AlignTop
            visible: !field.question.required
            text: qsTr("Optional")
        }
    }
    Label {
        Layout.fillWidth: true
        visible: field.question.help.length > 0
        text: field.question.help
        font.pixelSize: Theme.fontSmall
        color: Theme.textMuted
        wrapMode: Text.WordWrap
    }

    // Scale: one round button per number, the words for both ends under them.
    ColumnLayout {
        Layout.fillWidth: true
        visible: field.kind === "scale"
        spacing: Theme.spacingXs

        RowLayout {
            id: scaleRow

            readonly property int steps: Math.max(0, field.question.max - field.question.min + 1)
            // Up to 6 full-size buttons fit the narrowest window; a longer scale (up to 0-10)
            // gets smaller ones, closer together.
            readonly property real buttonSize: steps <= 6 ? Theme.ratingButtonSize
                                                          : Math.floor((Theme.windowMinimumWidth - 2 * Theme.pageMarginNarrow - 2 * Theme.spacingL
                                                                        - (steps - 1) * spacing) / steps)

            spacing: steps <= 6 ? Theme.spacingS : Theme.spacingXs

            Repeater {
                model: field.kind === "scale" ? scaleRow.steps : 0

                delegate: RoundButton {
                    id: scaleButton

                    required property int index
                    readonly property int number: field.question.min + index

                    objectName: "scale-" + number
                    implicitWidth: scaleRow.buttonSize
                    implicitHeight: scaleRow.buttonSize
                    enabled: field.editable
                    checkable: true
                    checked: field.value === number
                    topInset: 0
                    bottomInset: 0
                    leftInset: 0
                    rightInset: 0
                    padding: 0
                    text: String(number)
                    font.pixelSize: Theme.fontBody
                    font.weight: Font.DemiBold
                    Accessible.name: {
                        if (number === field.question.min)
                            return qsTr("%1: %2").arg(number).arg(field.question.minLabel)
                        if (number === field.question.max)
                            return qsTr("%1: %2").arg(number).arg(field.question.maxLabel)
                        return String(number)
                    }
                    onClicked: field.edited(field.value === number ? null : number)
                    Keys.onReturnPressed: clicked()
                    Keys.onEnterPressed: clicked()
                    Keys.onLeftPressed: if (typeof field.value === "number" && field.value > field.question.min) field.edited(field.value - 1)
                    Keys.onRightPressed: if (typeof field.value === "number" && field.value < field.question.max) field.edited(field.value + 1)

                    background: Rectangle {
                        radius: height / 2
                        color: scaleButton.checked ? Theme.primary : (scaleButton.hovered ? Theme.surfaceAlt : Theme.surface)
                        border.width: scaleButton.visualFocus ? Theme.focusLine : Theme.hairline
                        border.color: scaleButton.visualFocus ? Theme.focus : (scaleButton.checked ? Theme.primary : Theme.borderStrong)
                    }
                    contentItem: Label {
                        text: scaleButton.text
                        font: scaleButton.font
                        horizontalAlignment: Text.AlignHCenter
                        verticalAlignment: Text.AlignVCenter
                        color: scaleButton.checked ? Theme.textOnPrimary : (scaleButton.enabled ? Theme.text : Theme.textFaint)
                    }
                }
            }
        }
        RowLayout {
            Layout.fillWidth: false
            Layout.preferredWidth: scaleRow.implicitWidth
            spacing: Theme.spacingM

            Label {
                Layout.fillWidth: true
                Layout.preferredWidth: 1
                Layout.alignment: Qt.AlignTop
                text: field.question.minLabel
                font.pixelSize: Theme.fontSmall
                color: Theme.textMuted
                wrapMode: Text.WordWrap
            }
            Label {
                Layout.fillWidth: true
                Layout.preferredWidth: 1
                Layout.alignment: Qt.AlignTop
                text: field.question.maxLabel
                horizontalAlignment: Text.AlignRight
                font.pixelSize: Theme.fontSmall
                color: Theme.textMuted
                wrapMode: Text.WordWrap
            }
        }
    }

    // Free text, with what is left of its length.
    ColumnLayout {
        Layout.fillWidth: true
        visible: field.kind === "text"
        spacing: Theme.spacingXs

        TextArea {
            id: textArea

            Layout.fillWidth: true
            objectName: "textAnswer"
            enabled: field.editable
            placeholderText: field.question.placeholder
            wrapMode: TextEdit.Wrap
            Accessible.name: field.question.prompt
            Keys.onTabPressed: nextItemInFocusChain().forceActiveFocus()
            onTextChanged: if (activeFocus) field.typed()
            onActiveFocusChanged: if (!activeFocus) field.flush()
        }
        Label {
            Layout.alignment: Qt.AlignRight
            readonly property int used: field.characters(textArea.text)
            text: qsTr("%1 / %2").arg(used).arg(field.question.maxLength)
            font.pixelSize: Theme.fontCaption
            color: used > field.question.maxLength ? Theme.danger : Theme.textFaint
            Accessible.name: qsTr("%1 of %2 characters").arg(used).arg(field.question.maxLength)
        }
    }

    // Needs: chips to pick from, up to maxChoices.
    ColumnLayout {
        Layout.fillWidth: true
        visible: field.kind === "needs"
        spacing: Theme.spacingS

        Flow {
            Layout.fillWidth: true
            spacing: Theme.spacingS

            Repeater {
                model: field.kind === "needs" ? field.question.needs : []

                delegate: AbstractButton {
                    id: needChip

                    required property var modelData
                    readonly property bool chosen: field.chosenNeeds.indexOf(modelData.id) >= 0
                    readonly property bool full: field.chosenNeeds.length >= field.question.maxChoices

                    objectName: "need-" + modelData.id
                    enabled: field.editable && (chosen || !full)
                    checkable: true
                    checked: chosen
                    hoverEnabled: true
                    focusPolicy: Qt.StrongFocus
                    leftPadding: Theme.spacingM
                    rightPadding: Theme.spacingM
                    topPadding: Theme.spacingS
                    bottomPadding: Theme.spacingS
                    implicitHeight: Math.max(Theme.touchTarget - Theme.spacingXs, implicitContentHeight + topPadding + bottomPadding)
                    implicitWidth: implicitContentWidth + leftPadding + rightPadding
                    Accessible.role: Accessible.CheckBox
                    Accessible.name: modelData.label
                    Accessible.description: modelData.description
                    ToolTip.visible: hovered && modelData.description.length > 0
                    ToolTip.text: modelData.description
                    ToolTip.delay: 600
                    onClicked: field.toggleNeed(modelData.id)
                    Keys.onReturnPressed: clicked()
                    Keys.onEnterPressed: clicked()

                    background: Rectangle {
                        radius: height / 2
                        color: needChip.chosen ? Theme.primarySoft : (needChip.hovered && needChip.enabled ? Theme.surfaceAlt : Theme.surface)
                        border.width: needChip.visualFocus ? Theme.focusLine : Theme.hairline
                        border.color: needChip.visualFocus ? Theme.focus : (needChip.chosen ? Theme.primary : Theme.border)
                    }
                    contentItem: RowLayout {
                        spacing: Theme.spacingXs

                        Icon {
                            visible: needChip.chosen
                            implicitWidth: Theme.iconSizeSmall
                            implicitHeight: Theme.iconSizeSmall
                            name: "check"
                            color: Theme.textOnPrimarySoft
                            strokeWidth: Theme.iconStrokeBold
                        }
                        Label {
                            text: needChip.modelData.label
                            font.pixelSize: Theme.fontSmall
                            font.weight: needChip.chosen ? Font.DemiBold : Font.Normal
                            color: needChip.chosen ? Theme.textOnPrimarySoft : (needChip.enabled ? Theme.text : Theme.textFaint)
                        }
                    }
                }
            }
        }
        Label {
            Layout.fillWidth: true
            text: field.question.maxChoices === 1
                  ? (field.chosenNeeds.length === 1 ? qsTr("Chosen. Tap it again to change your mind.") : qsTr("Pick one."))
                  : qsTr("%1 of up to %2 chosen").arg(field.chosenNeeds.length).arg(field.question.maxChoices)
            font.pixelSize: Theme.fontCaption
            color: Theme.textFaint
            wrapMode: Text.WordWrap
        }
    }

    // Appreciations: `count` short fields, numbered.
    ColumnLayout {
        Layout.fillWidth: true
        visible: field.kind === "appreciations"
        spacing: Theme.spacingXs

        Repeater {
            id: appreciationRepeater

            model: field.kind === "appreciations" ? field.question.count : 0

            delegate: RowLayout {
                id: appreciation

                required property int index
                property alias text: appreciationField.text

                function load(): void {
                    if (appreciationField.activeFocus)
                        return
                    const list = Array.isArray(field.value) ? field.value : []
                    const text = index < list.length && typeof list[index] === "string" ? list[index] : ""
                    if (appreciationField.text !== text)
                        appreciationField.text = text
                }

                Layout.fillWidth: true
                spacing: Theme.spacingS
                Component.onCompleted: load()

                Label {
                    Layout.alignment: Qt.AlignTop
                    Layout.topMargin: Theme.spacingM
                    Layout.preferredWidth: Theme.spacingL
                    text: qsTr("%1.").arg(appreciation.index + 1)
                    color: Theme.textMuted
                    horizontalAlignment: Text.AlignRight
                }
                TextArea {
                    id: appreciationField

                    readonly property int used: field.characters(text)

                    Layout.fillWidth: true
                    enabled: field.editable
                    wrapMode: TextEdit.Wrap
                    placeholderText: appreciation.index === 0 ? field.question.placeholder : ""
                    color: used > field.question.maxLength ? Theme.danger : Theme.text
                    Accessible.name: qsTr("Appreciation %1").arg(appreciation.index + 1)
                    Keys.onTabPressed: nextItemInFocusChain().forceActiveFocus()
                    onTextChanged: if (activeFocus) field.typed()
                    onActiveFocusChanged: if (!activeFocus) field.flush()
                }
            }
        }
    }

    // "I feel … about … I need …": three labelled parts.
    GridLayout {
        Layout.fillWidth: true
        visible: field.kind === "feelingStatement"
        columns: 2
        columnSpacing: Theme.spacingM
        rowSpacing: Theme.spacingXs

        Repeater {
            id: partRepeater

            model: field.kind === "feelingStatement" ? field.question.parts : []

            delegate: TextField {
                id: partField

                required property var modelData
                required property int index
                readonly property string partId: modelData.id

                function load(): void {
                    if (activeFocus)
                        return
                    const parts = field.value && typeof field.value === "object" && !Array.isArray(field.value) ? field.value : {}
                    const text = typeof parts[partId] === "string" ? parts[partId] : ""
                    if (partField.text !== text)
                        partField.text = text
                }

                objectName: "part-" + partId
                Layout.row: index
                Layout.column: 1
                Layout.fillWidth: true
                enabled: field.editable
                placeholderText: modelData.placeholder
                color: field.characters(text) > field.question.maxLength ? Theme.danger : Theme.text
                Accessible.name: modelData.label
                Component.onCompleted: load()
                onTextEdited: field.typed()
                onActiveFocusChanged: if (!activeFocus) field.flush()
            }
        }
        Repeater {
            model: field.kind === "feelingStatement" ? field.question.parts : []

            delegate: Label {
                required property var modelData
                required property int index

                Layout.row: index
                Layout.column: 0
                Layout.alignment: Qt.AlignVCenter | Qt.AlignLeft
                text: modelData.label
                color: Theme.textMuted
                font.weight: Font.DemiBold
            }
        }
    }

    RowLayout {
        Layout.fillWidth: true
        visible: field.note.length > 0 && field.error.length === 0
        spacing: Theme.spacingXs

        Icon {
            Layout.alignment: Qt.AlignTop
            Layout.topMargin: Theme.spacingXs / 2
            implicitWidth: Theme.iconSizeSmall
            implicitHeight: Theme.iconSizeSmall
            name: "alert"
            color: Theme.warning
        }
        Label {
            Layout.fillWidth: true
            objectName: "fieldNote"
            text: field.note
            font.pixelSize: Theme.fontSmall
            color: Theme.textMuted
            wrapMode: Text.WordWrap
        }
    }
    FieldError {
        Layout.fillWidth: true
        text: field.error
    }
}
