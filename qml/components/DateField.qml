import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Hearth

// A date as "YYYY-MM-DD": type it, or pick it from a month calendar. Bind `value`;
// `dateEdited` reports each whole date chosen or typed.
RowLayout {
    id: field

    property string value
    property string label: qsTr("Date")

    signal dateEdited(string date)

    function pad(n: int): string {
        return n < 10 ? "0" + n : String(n)
    }

    function iso(year: int, month: int, day: int): string {
        return year + "-" + pad(month + 1) + "-" + pad(day)
    }

    // MonthGrid hands over a date at midnight, in UTC or in local time depending on the Qt
    // version; read it in whichever of the two it is midnight in.
    function isoOfMidnight(d: date): string {
        if (d.getUTCHours() === 0 && d.getUTCMinutes() === 0)
            return iso(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate())
        return iso(d.getFullYear(), d.getMonth(), d.getDate())
    }

    function parsed(text: string): date {
        const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text)
        return m ? new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : new Date()
    }

    spacing: Theme.spacingXs

    TextField {
        id: input

        Layout.fillWidth: true
        Layout.minimumWidth: Theme.fieldMinWidth
        text: field.value
        inputMask: "9999-99-99"
        inputMethodHints: Qt.ImhDate
        validator: RegularExpressionValidator {
            regularExpression: /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$/
        }
        Accessible.name: field.label
        onTextEdited: if (acceptableInput) field.dateEdited(text)
    }
    IconButton {
        iconName: "calendar"
        tip: qsTr("Pick a date")
        onClicked: {
            const d = field.parsed(field.value)
            grid.year = d.getFullYear()
            grid.month = d.getMonth()
            calendar.open()
        }
    }

    Popup {
        id: calendar

        parent: Overlay.overlay
        anchors.centerIn: parent
        padding: Theme.spacingM
        modal: true
        focus: true

        Overlay.modal: Rectangle {
            color: Theme.scrim
        }

        background: Rectangle {
            radius: Theme.radiusL
            color: Theme.surface
            border.width: Theme.hairline
            border.color: Theme.border
        }

        contentItem: ColumnLayout {
            spacing: Theme.spacingS

            RowLayout {
                Layout.fillWidth: true

                IconButton {
                    iconName: "back"
                    tip: qsTr("Previous month")
                    onClicked: {
                        if (grid.month === 0) {
                            grid.month = 11
                            grid.year -= 1
                        } else {
                            grid.month -= 1
                        }
                    }
                }
                Label {
                    Layout.fillWidth: true
                    horizontalAlignment: Text.AlignHCenter
                    text: new Date(grid.year, grid.month, 1).toLocaleDateString(Qt.locale(), "MMMM yyyy")
                    font.weight: Font.DemiBold
                    color: Theme.text
                }
                IconButton {
                    iconName: "forward"
                    tip: qsTr("Next month")
                    onClicked: {
                        if (grid.month === 11) {
                            grid.month = 0
                            grid.year += 1
                        } else {
                            grid.month += 1
                        }
                    }
                }
            }
            DayOfWeekRow {
                Layout.fillWidth: true
                locale: grid.locale
                delegate: Label {
                    required property string shortName

                    text: shortName
                    horizontalAlignment: Text.AlignHCenter
                    font.pixelSize: Theme.fontCaption
                    color: Theme.textMuted
                }
            }
            MonthGrid {
                id: grid

                Layout.fillWidth: true
                locale: Qt.locale()
                Accessible.name: qsTr("Calendar")
                onClicked: date => {
                    field.dateEdited(field.isoOfMidnight(date))
                    calendar.close()
                }

                // MonthGrid hands its delegates `model` as a context property; declaring it
                    // `required` makes Qt 6.4 warn once per day.
                delegate: Label {
                    id: day

                    readonly property bool chosen: field.iso(model.year, model.month, model.day) === field.value

                    horizontalAlignment: Text.AlignHCenter
                    verticalAlignment: Text.AlignVCenter
                    text: model.day
                    opacity: model.month === grid.month ? 1 : 0.4
                    color: chosen ? Theme.textOnPrimary : Theme.text
                    padding: Theme.spacingS

                    background: Rectangle {
                        radius: height / 2
                        color: day.chosen ? Theme.primary
                               : (model.today ? Theme.primarySoft : Theme.transparent)
                    }
                }
            }
        }
    }
}
