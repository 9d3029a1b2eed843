import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Hearth
import Hearth.Services

// Moving one occurrence to another day or time; the rest of the schedule stays as it is.
// Date and time are in the ritual's own time zone, like its schedule.
AppDialog {
    id: dialog

    property string ritualId
    property string localStart
    property string ritualTitle
    property string whenText
    property string newDate
    property string newTime

    function openFor(id: string, start: string, name: string, when: string): void {
        ritualId = id
        localStart = start
        ritualTitle = name
        whenText = when
        newDate = start.slice(0, 10)
        newTime = start.slice(11, 16)
        open()
    }

    function save(): void {
        error = Session.move(ritualId, localStart, newDate + "T" + newTime)
        if (error.length === 0)
            close()
    }

    title: qsTr("Move this time")
    objectName: "moveDialog"
    primaryText: qsTr("Move")
    onPrimaryClicked: save()

    RitualDetail {
        id: detail

        ritualId: dialog.ritualId
    }

    Label {
        Layout.fillWidth: true
        text: qsTr("%1 · %2").arg(dialog.ritualTitle).arg(dialog.whenText)
        color: Theme.textMuted
        wrapMode: Text.WordWrap
    }
    FormField {
        label: qsTr("New day")

        DateField {
            Layout.fillWidth: true
            label: qsTr("New day")
            value: dialog.newDate
            onDateEdited: date => dialog.newDate = date
        }
    }
    FormField {
        label: qsTr("New time")
        hint: detail.timeZone.length > 0 && detail.timeZone !== Session.myTimeZone
              ? qsTr("In the ritual's time zone, %1.").arg(detail.timeZone.replace(/_/g, " ")) : ""

        TimeField {
            label: qsTr("New time")
            value: dialog.newTime
            onTimeEdited: time => dialog.newTime = time
        }
    }
}
