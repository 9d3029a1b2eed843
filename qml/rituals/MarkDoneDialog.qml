import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Hearth
import Hearth.Services

// "We did it": a note and how connected it felt, for one occurrence.
AppDialog {
    id: dialog

    property string ritualId
    property string localStart
    property string ritualTitle
    property string whenText
    readonly property int noteLimit: 2000

    function openFor(id: string, start: string, name: string, when: string): void {
        ritualId = id
        localStart = start
        ritualTitle = name
        whenText = when
        rating.value = 0
        note.text = ""
        open()
        note.forceActiveFocus()
    }

    function save(): void {
        error = Session.markDone(ritualId, localStart, note.text, rating.value)
        if (error.length === 0)
            close()
    }

    title: qsTr("Mark as done")
    objectName: "markDoneDialog"
    primaryText: qsTr("Save")
    primaryEnabled: note.length <= noteLimit
    onPrimaryClicked: save()

    Label {
        Layout.fillWidth: true
        text: dialog.whenText.length > 0 ? qsTr("%1 · %2").arg(dialog.ritualTitle).arg(dialog.whenText) : dialog.ritualTitle
        color: Theme.textMuted
        wrapMode: Text.WordWrap
    }
    RatingPicker {
        id: rating

        Layout.fillWidth: true
    }
    FormField {
        label: qsTr("A note for the two of you (optional)")
        hint: note.length > dialog.noteLimit * 0.9 ? qsTr("%1 of %2 characters").arg(note.length).arg(dialog.noteLimit) : ""
        error: note.length > dialog.noteLimit ? qsTr("A note can hold up to %1 characters; this one has %2.").arg(dialog.noteLimit).arg(note.length) : ""

        ScrollView {
            Layout.fillWidth: true
            Layout.preferredHeight: Math.min(note.implicitHeight, Theme.chartHeight * 1.6)

            TextArea {
                id: note

                objectName: "noteField"
                placeholderText: qsTr("What was it like?")
                wrapMode: TextEdit.Wrap
                Accessible.name: qsTr("Note")
                Keys.onTabPressed: nextItemInFocusChain().forceActiveFocus()
            }
        }
    }
}
