pragma ComponentBehavior: Bound

import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Hearth
import Hearth.Services

// When a ritual happens: a repeat choice (every day, weekdays, chosen days, every few weeks,
// monthly on a date or a weekday, or a custom RRULE), its first day and time, time zone, length
// and reminder. Writes straight into `editor` and calls `changed(field)` after every edit; the
// page decides when errors show (`errorFor`).
ColumnLayout {
    id: schedule

    required property RitualEditor editor
    // The page's rule for which errors to show: function (field) -> message or "".
    property var errorFor: field => editor.errors[field] ?? ""

    signal changed(string field)

    function set(property: string, value: var, field: string): void {
        editor[property] = value
        changed(field)
    }

    function hasWeekday(day: int): bool {
        for (let i = 0; i < editor.weekdays.length; ++i) {
            if (Number(editor.weekdays[i]) === day)
                return true
        }
        return false
    }

    function toggleWeekday(day: int): void {
        if (editor.repeat === 5) {
            set("weekdays", [day], "schedule")
            return
        }
        const days = []
        for (let i = 0; i < editor.weekdays.length; ++i) {
            const d = Number(editor.weekdays[i])
            if (d !== day)
                days.push(d)
        }
        if (!hasWeekday(day))
            days.push(day)
        days.sort((a, b) => a - b)
        set("weekdays", days, "schedule")
    }

    function choosePreset(index: int): void {
        // Monthly by weekday takes one weekday: keep the first chosen one.
        if (index === 5 && editor.weekdays.length > 1)
            editor.weekdays = [Number(editor.weekdays[0])]
        if ((index === 2 || index === 3 || index === 5) && editor.weekdays.length === 0)
            editor.weekdays = [new Date().getDay() === 0 ? 7 : new Date().getDay()]
        set("repeat", index, "schedule")
    }

    spacing: Theme.spacingM

    FormField {
        objectName: "repeatRow"
        label: qsTr("Repeats")
        error: schedule.errorFor("schedule")

        AppComboBox {
            id: repeatBox

            Layout.fillWidth: true
            objectName: "repeatBox"
            model: Labels.repeats
            currentIndex: schedule.editor.repeat
            Accessible.name: qsTr("Repeats: %1").arg(currentText)
            onActivated: index => schedule.choosePreset(index)
        }

        // Days of the week: several for "chosen days" and "every few weeks", one for "monthly on a weekday".
        Flow {
            Layout.fillWidth: true
            visible: schedule.editor.repeat === 2 || schedule.editor.repeat === 3 || schedule.editor.repeat === 5
            spacing: Theme.spacingXs

            Repeater {
                model: 7

                delegate: RoundButton {
                    id: dayButton

                    required property int index
                    readonly property int day: index + 1
                    readonly property bool chosen: schedule.hasWeekday(day)

                    objectName: "weekday" + day
                    implicitWidth: Theme.weekdayButtonSize
                    implicitHeight: Theme.weekdayButtonSize
                    checkable: true
                topInset: 0
                bottomInset: 0
                leftInset: 0
                rightInset: 0
                padding: 0
                    checked: chosen
                    text: Labels.weekdayShort[index]
                    font.pixelSize: Theme.fontSmall
                    font.weight: Font.DemiBold
                    Accessible.name: Labels.weekdayLong[index]
                    Accessible.checkable: true
                    Accessible.checked: chosen
                    onClicked: schedule.toggleWeekday(day)
                    Keys.onReturnPressed: clicked()
                    Keys.onEnterPressed: clicked()

                    background: Rectangle {
                        radius: height / 2
                        color: dayButton.chosen ? Theme.primary : (dayButton.hovered ? Theme.surfaceAlt : Theme.surface)
                        border.width: dayButton.visualFocus ? Theme.focusLine : Theme.hairline
                        border.color: dayButton.visualFocus ? Theme.focus : (dayButton.chosen ? Theme.primary : Theme.borderStrong)
                    }
                    contentItem: Label {
                        text: dayButton.text
                        font: dayButton.font
                        horizontalAlignment: Text.AlignHCenter
                        verticalAlignment: Text.AlignVCenter
                        color: dayButton.chosen ? Theme.textOnPrimary : Theme.text
                    }
                }
            }
        }

        RowLayout {
            Layout.fillWidth: true
            visible: schedule.editor.repeat === 3
            spacing: Theme.spacingS

            Label {
                text: qsTr("Every")
                color: Theme.text
            }
            SpinBox {
                objectName: "intervalBox"
                from: 2
                to: 52
                editable: true
                value: schedule.editor.interval
                Accessible.name: qsTr("Every how many weeks")
                onValueModified: schedule.set("interval", value, "schedule")
            }
            Label {
                Layout.fillWidth: true
                text: qsTr("weeks")
                color: Theme.text
            }
        }

        RowLayout {
            Layout.fillWidth: true
            visible: schedule.editor.repeat === 4
            spacing: Theme.spacingS

            Label {
                text: qsTr("On day")
                color: Theme.text
            }
            AppComboBox {
                id: monthDayBox

                readonly property var days: {
                    const out = []
                    for (let d = 1; d <= 31; ++d)
                        out.push({ value: d, text: String(d) })
                    out.push({ value: -1, text: qsTr("the last day") })
                    return out
                }

                Layout.fillWidth: true
                objectName: "monthDayBox"
                model: days
                textRole: "text"
                valueRole: "value"
                currentIndex: indexOfValue(schedule.editor.monthDay)
                Accessible.name: qsTr("Day of the month: %1").arg(currentText)
                onActivated: schedule.set("monthDay", currentValue, "schedule")
            }
            Label {
                text: qsTr("of the month")
                color: Theme.text
            }
        }

        RowLayout {
            Layout.fillWidth: true
            visible: schedule.editor.repeat === 5
            spacing: Theme.spacingS

            Label {
                text: qsTr("On the")
                color: Theme.text
            }
            AppComboBox {
                Layout.fillWidth: true
                objectName: "ordinalBox"
                model: Labels.ordinalNames
                currentIndex: Labels.ordinals.indexOf(schedule.editor.weekdayOrdinal)
                Accessible.name: qsTr("Which week of the month: %1").arg(currentText)
                onActivated: index => schedule.set("weekdayOrdinal", Labels.ordinals[index], "schedule")
            }
            Label {
                Layout.fillWidth: true
                text: schedule.editor.weekdays.length > 0 ? Labels.weekdayLong[Number(schedule.editor.weekdays[0]) - 1]
                                                          : qsTr("(choose a day above)")
                color: Theme.text
                wrapMode: Text.WordWrap
            }
        }

        ColumnLayout {
            Layout.fillWidth: true
            visible: schedule.editor.repeat === 6
            spacing: Theme.spacingXs

            TextField {
                Layout.fillWidth: true
                objectName: "customRruleField"
                text: schedule.editor.customRrule
                placeholderText: qsTr("For example FREQ=WEEKLY;BYDAY=SA")
                font.family: Theme.monoFamily
                inputMethodHints: Qt.ImhNoAutoUppercase | Qt.ImhNoPredictiveText
                Accessible.name: qsTr("Custom repeat rule (RRULE)")
                onTextEdited: schedule.set("customRrule", text, "schedule")
            }
            Label {
                Layout.fillWidth: true
                text: qsTr("An iCalendar RRULE as calendar programs write it, at most daily.")
                font.pixelSize: Theme.fontCaption
                color: Theme.textFaint
                wrapMode: Text.WordWrap
            }
        }
    }

    GridLayout {
        id: grid

        Layout.fillWidth: true
        columns: schedule.width >= Theme.fieldMinWidth * 4 ? 2 : 1
        columnSpacing: Theme.spacingL
        rowSpacing: Theme.spacingM

        FormField {
            objectName: "startRow"
            Layout.columnSpan: grid.columns
            label: qsTr("Starting on, at")
            error: schedule.errorFor("start")

            RowLayout {
                Layout.fillWidth: true
                spacing: Theme.spacingM

                DateField {
                    Layout.fillWidth: true
                    objectName: "startDateField"
                    label: qsTr("First day")
                    value: schedule.editor.startDate
                    onDateEdited: date => schedule.set("startDate", date, "start")
                }
                TimeField {
                    objectName: "timeField"
                    label: qsTr("Time")
                    value: schedule.editor.time
                    onTimeEdited: time => schedule.set("time", time, "start")
                }
            }
        }

        FormField {
            objectName: "zoneRow"
            Layout.columnSpan: grid.columns
            label: qsTr("Time zone")
            hint: qsTr("The ritual keeps its clock time in this zone, also across daylight-saving changes.")
            error: schedule.errorFor("timeZone")

            TimeZonePicker {
                objectName: "zonePicker"
                label: qsTr("Time zone of the ritual")
                value: schedule.editor.timeZone
                onPicked: zone => schedule.set("timeZone", zone, "timeZone")
            }
        }

        FormField {
            objectName: "durationRow"
            label: qsTr("Takes (minutes)")
            error: schedule.errorFor("duration")

            SpinBox {
                Layout.fillWidth: true
                objectName: "durationBox"
                from: 0
                to: 24 * 60
                stepSize: 5
                editable: true
                value: schedule.editor.durationMinutes
                Accessible.name: qsTr("Duration in minutes")
                onValueModified: schedule.set("durationMinutes", value, "duration")
            }
        }

        FormField {
            objectName: "reminderRow"
            label: qsTr("Remind us (minutes before)")
            hint: Labels.minutesLabel(schedule.editor.reminderMinutes)
            error: schedule.errorFor("reminderMinutes")

            SpinBox {
                Layout.fillWidth: true
                objectName: "reminderBox"
                from: -24 * 60
                to: 14 * 24 * 60
                stepSize: 5
                editable: true
                value: schedule.editor.reminderMinutes
                Accessible.name: qsTr("Reminder, minutes before")
                onValueModified: schedule.set("reminderMinutes", value, "reminderMinutes")
            }
        }
    }

    // What the choices add up to, in words, with the next three dates.
    Rectangle {
        Layout.fillWidth: true
        implicitHeight: summary.implicitHeight + 2 * Theme.spacingL
        radius: Theme.radiusM
        color: Theme.accentSoft

        ColumnLayout {
            id: summary

            anchors.fill: parent
            anchors.margins: Theme.spacingL
            spacing: Theme.spacingXs

            Label {
                Layout.fillWidth: true
                objectName: "scheduleText"
                text: schedule.editor.scheduleText.length > 0 ? schedule.editor.scheduleText
                                                              : qsTr("Finish the schedule to see when it happens.")
                font.pixelSize: Theme.fontBodyLarge
                font.weight: Font.DemiBold
                color: Theme.textOnAccentSoft
                wrapMode: Text.WordWrap
                Accessible.role: Accessible.StaticText
                Accessible.name: text
            }
            Repeater {
                model: schedule.editor.preview

                delegate: Label {
                    required property string modelData
                    required property int index

                    Layout.fillWidth: true
                    text: index === 0 ? qsTr("Next: %1").arg(modelData) : qsTr("Then: %1").arg(modelData)
                    color: Theme.textOnAccentSoft
                    wrapMode: Text.WordWrap
                }
            }
        }
    }
}
