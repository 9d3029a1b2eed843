import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Hearth
import Hearth.Services

// Letting one occurrence go, with a reason if you want to give one.
AppDialog {
    id: dialog

    property string ritualId
    property string localStart
    property string ritualTitle
    property string whenText

    function openFor(id: string, start: string, name: string, when: string): void {
        ritualId = id
        localStart = start
        ritualTitle = name
        whenText = when
        reason.text = ""
        open()
        reason.forceActiveFocus()
    }

    function save(): void {
        error = Session.skip(ritualId, localStart, reason.text.trim())
        if (error.length === 0)
            close()
    }

    title: qsTr("Skip this time")
    objectName: "skipDialog"
    primaryText: qsTr("Skip")
    onPrimaryClicked: save()

    Label {
        Layout.fillWidth: true
        text: qsTr("%1 · %2").arg(dialog.ritualTitle).arg(dialog.whenText)
        color: Theme.textMuted
        wrapMode: Text.WordWrap
    }
    Label {
        Layout.fillWidth: true
        text: qsTr("Skipping now and then is part of keeping a ritual. It will not count against you, and the next one stays as planned.")
        color: Theme.text
        wrapMode: Text.WordWrap
    }
    FormField {
        label: qsTr("Why (optional)")

        TextField {
            id: reason

            Layout.fillWidth: true
            placeholderText: qsTr("For example: travelling this week")
            maximumLength: 300
            Accessible.name: qsTr("Reason for skipping")
            onAccepted: dialog.save()
        }
    }
}
