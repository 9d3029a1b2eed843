pragma ComponentBehavior: Bound

import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Hearth
import Hearth.Services

// Starting a repair after a fight: a short name for it, when it happened (not in the future), how
// intense it felt, optional topics and the guide to follow. On save the repair opens in place.
ScrollPage {
    id: page

    property string titleText
    property string date
    property string time
    property int intensity: 0
    property var chosenTopics: []
    property string guideId: "aftermath"
    property var errors: ({})
    property bool saveAttempted: false
    readonly property int maxTitle: repairs.maxTitle
    readonly property int titleLength: Array.from(titleText.trim()).length
    readonly property var stepGuides: repairs.guides.filter(g => g.kind === "steps")

    // A field's message goes once the person changes that field.
    function clearError(field: string): void {
        if (errors[field] === undefined)
            return
        const e = Object.assign({}, errors)
        delete e[field]
        errors = e
    }

    function errorFor(field: string): string {
        const message = errors[field]
        return message === undefined ? "" : String(message)
    }

    function toggleTopic(id: string): void {
        const topics = chosenTopics.slice()
        const at = topics.indexOf(id)
        if (at >= 0)
            topics.splice(at, 1)
        else
            topics.push(id)
        chosenTopics = topics
    }

    function save(): void {
        saveAttempted = true
        const when = repairs.localToUtcMs(date, time)
        const result = repairs.start(titleText, when, intensity, chosenTopics, guideId)
        const window = ApplicationWindow.window
        if (result.repairId !== undefined) {
            errors = {}
            if (window)
                window.notify(Session.partnerName.length > 0
                              ? qsTr("Started. %1 will see it once your devices sync.").arg(Session.partnerName)
                              : qsTr("Started."))
            if (page.stack)
                page.stack.replace(Qt.resolvedUrl("RepairPage.qml"), { repairId: result.repairId })
            return
        }
        errors = result
        if (window)
            window.notify(result.form !== undefined ? String(result.form)
                                                    : qsTr("A few things need a look before you start."))
    }

    title: qsTr("Start a repair")
    objectName: "startRepairPage"

    headerActions: [
        ActionButton {
            objectName: "saveButton"
            text: qsTr("Start")
            highlighted: true
            onClicked: page.save()
        }
    ]

    Component.onCompleted: {
        date = repairs.todayText
        time = repairs.nowTimeText
    }

    RepairsModel {
        id: repairs
    }

    Label {
        Layout.fillWidth: true
        text: qsTr("Take a breath first. A few words are enough: this is just so you both know which fight you mean.")
        color: Theme.textMuted
        wrapMode: Text.WordWrap
    }

    Card {
        Layout.fillWidth: true
        spacing: Theme.spacingM

        FormField {
            objectName: "titleRow"
            label: qsTr("What was it about?")
            error: page.errorFor("title")

            TextField {
                id: titleField

                Layout.fillWidth: true
                objectName: "titleField"
                text: page.titleText
                placeholderText: qsTr("For example: the dishes, again")
                Accessible.name: qsTr("What was it about?")
                onTextEdited: {
                    page.titleText = text
                    page.clearError("title")
                }
            }
            Label {
                Layout.alignment: Qt.AlignRight
                text: qsTr("%1 / %2").arg(page.titleLength).arg(page.maxTitle)
                color: page.titleLength > page.maxTitle ? Theme.danger : Theme.textFaint
                font.pixelSize: Theme.fontCaption
                Accessible.name: qsTr("%1 of %2 characters").arg(page.titleLength).arg(page.maxTitle)
            }
        }

        FormField {
            objectName: "whenRow"
            label: qsTr("When did it happen?")
            hint: qsTr("Your time (%1).").arg(Session.myTimeZone)
            error: page.errorFor("happenedAt")

            GridLayout {
                Layout.fillWidth: true
                columns: page.columnWidth >= Theme.fieldMinWidth * 4 ? 2 : 1
                columnSpacing: Theme.spacingM
                rowSpacing: Theme.spacingS

                DateField {
                    Layout.fillWidth: true
                    value: page.date
                    label: qsTr("Date it happened")
                    onDateEdited: d => {
                        page.date = d
                        page.clearError("happenedAt")
                    }
                }
                TimeField {
                    Layout.fillWidth: true
                    value: page.time
                    label: qsTr("Time it happened")
                    onTimeEdited: t => {
                        page.time = t
                        page.clearError("happenedAt")
                    }
                }
            }
        }
    }

    Card {
        Layout.fillWidth: true
        spacing: Theme.spacingM

        FormField {
            objectName: "intensityRow"
            label: qsTr("How intense did it feel?")
            error: page.errorFor("intensity")

            RowLayout {
                spacing: Theme.spacingS

                Repeater {
                    model: repairs.intensityLevels

                    delegate: RoundButton {
                        id: level

                        required property var modelData

                        implicitWidth: Theme.ratingButtonSize
                        implicitHeight: Theme.ratingButtonSize
                        checkable: true
                        topInset: 0
                        bottomInset: 0
                        leftInset: 0
                        rightInset: 0
                        padding: 0
                        checked: page.intensity === modelData.value
                        text: String(modelData.value)
                        font.pixelSize: Theme.fontBody
                        font.weight: Font.DemiBold
                        Accessible.name: qsTr("%1 of 5: %2").arg(modelData.value).arg(modelData.label)
                        ToolTip.visible: hovered
                        ToolTip.text: modelData.label
                        ToolTip.delay: 500
                        onClicked: {
                            page.intensity = modelData.value
                            page.clearError("intensity")
                            checked = Qt.binding(() => page.intensity === level.modelData.value)
                        }
                        Keys.onReturnPressed: clicked()
                        Keys.onEnterPressed: clicked()
                        Keys.onLeftPressed: if (page.intensity > 1) page.intensity -= 1
                        Keys.onRightPressed: if (page.intensity < 5) page.intensity += 1

                        background: Rectangle {
                            radius: height / 2
                            color: level.checked ? Theme.primary : (level.hovered ? Theme.surfaceAlt : Theme.surface)
                            border.width: level.visualFocus ? Theme.focusLine : Theme.hairline
                            border.color: level.visualFocus ? Theme.focus : (level.checked ? Theme.primary : Theme.borderStrong)
                        }
                        contentItem: Label {
                            text: level.text
                            font: level.font
                            horizontalAlignment: Text.AlignHCenter
                            verticalAlignment: Text.AlignVCenter
                            color: level.checked ? Theme.textOnPrimary : Theme.text
                        }
                    }
                }
            }
            Label {
                Layout.fillWidth: true
                text: {
                    const level = repairs.intensityLevels.find(l => l.value === page.intensity)
                    return level ? level.label : qsTr("From 1 (a small bump) to 5 (it shook us).")
                }
                color: page.intensity > 0 ? Theme.text : Theme.textMuted
                font.pixelSize: Theme.fontSmall
                font.weight: page.intensity > 0 ? Font.DemiBold : Font.Normal
                wrapMode: Text.WordWrap
            }
        }

        FormField {
            objectName: "topicsRow"
            label: qsTr("Topics (optional)")
            hint: qsTr("Topics help you spot patterns later.")
            error: page.errorFor("topics")

            Flow {
                Layout.fillWidth: true
                spacing: Theme.spacingXs

                Repeater {
                    model: repairs.topics

                    delegate: ChoiceChip {
                        id: topicChip

                        required property var modelData

                        compact: true
                        text: modelData.label
                        checked: page.chosenTopics.indexOf(modelData.id) >= 0
                        onClicked: {
                            page.toggleTopic(modelData.id)
                            page.clearError("topics")
                            checked = Qt.binding(() => page.chosenTopics.indexOf(topicChip.modelData.id) >= 0)
                        }
                    }
                }
            }
        }
    }

    Card {
        Layout.fillWidth: true
        spacing: Theme.spacingM

        FormField {
            objectName: "guideRow"
            label: qsTr("How you'll talk it through")
            error: page.errorFor("guideId")

            Repeater {
                model: page.stepGuides

                delegate: RadioButton {
                    id: guideChoice

                    required property var modelData

                    Layout.fillWidth: true
                    checked: page.guideId === modelData.id
                    text: modelData.title
                    Accessible.name: text
                    onClicked: page.guideId = modelData.id

                    contentItem: ColumnLayout {
                        spacing: Theme.spacingXs

                        Label {
                            Layout.fillWidth: true
                            leftPadding: guideChoice.indicator.width + guideChoice.spacing
                            text: guideChoice.modelData.title
                            font.weight: Font.DemiBold
                            color: Theme.text
                            wrapMode: Text.WordWrap
                        }
                        Label {
                            Layout.fillWidth: true
                            leftPadding: guideChoice.indicator.width + guideChoice.spacing
                            text: qsTr("%1 About %2 minutes.").arg(guideChoice.modelData.purpose).arg(guideChoice.modelData.durationMinutes)
                            color: Theme.textMuted
                            font.pixelSize: Theme.fontSmall
                            wrapMode: Text.WordWrap
                        }
                    }
                }
            }
        }
        RowLayout {
            Layout.fillWidth: true
            spacing: Theme.spacingS

            Label {
                Layout.fillWidth: true
                text: qsTr("In the middle of it right now? A repair attempt can turn things around first.")
                color: Theme.textMuted
                font.pixelSize: Theme.fontSmall
                wrapMode: Text.WordWrap
            }
            ActionButton {
                text: qsTr("Phrases")
                iconName: "talk"
                flat: true
                onClicked: page.stack.push(Qt.resolvedUrl("RepairPage.qml"), { attempt: true })
            }
        }
    }

    FieldError {
        Layout.fillWidth: true
        text: page.errorFor("form")
    }

    ActionButton {
        Layout.alignment: Qt.AlignRight
        text: qsTr("Start the repair")
        highlighted: true
        onClicked: page.save()
    }
}
