pragma ComponentBehavior: Bound

import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Hearth
import Hearth.Services

// Proposing a signal of our own (a word or gesture and what it means), or suggesting a change to
// one (`signalId`): the partner is asked to accept it, and it is "ours" once they do. Examples
// from the content fill the form in one tap.
ScrollPage {
    id: page

    // The signal to change; "" for a new one.
    property string signalId
    property string word
    property string meaning
    property var errors: ({})
    readonly property bool changing: signalId.length > 0
    readonly property string partner: Session.partnerName.length > 0 ? Session.partnerName : qsTr("your partner")
    readonly property int wordLength: Array.from(word.trim()).length
    readonly property int meaningLength: Array.from(meaning.trim()).length

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

    function save(): void {
        const result = changing ? book.suggestChange(signalId, word, meaning) : book.propose(word, meaning)
        const window = ApplicationWindow.window
        if (result.signalId !== undefined) {
            errors = {}
            if (window)
                window.notify(changing ? qsTr("Suggested. %1 is asked to accept the new words.").arg(partner)
                                       : qsTr("Proposed. It's yours once %1 accepts it.").arg(partner))
            if (page.stack && page.stack.depth > 1)
                page.stack.pop()
            return
        }
        errors = result
        if (window)
            window.notify(result.form !== undefined ? String(result.form) : qsTr("A few things need a look first."))
    }

    title: changing ? qsTr("Suggest a change") : qsTr("Propose a signal")
    objectName: "signalEditorPage"
    titleInContent: true

    headerActions: [
        ActionButton {
            objectName: "saveButton"
            visible: !Session.readOnly
            text: page.changing ? qsTr("Suggest") : qsTr("Propose")
            highlighted: true
            onClicked: page.save()
        }
    ]

    Component.onCompleted: {
        if (!changing)
            return
        const s = book.get(signalId)
        if (s.signalId === undefined)
            return
        if (word.length === 0)
            word = s.word
        if (meaning.length === 0)
            meaning = s.meaning
    }

    SignalsModel {
        id: book
    }

    Label {
        Layout.fillWidth: true
        text: page.title
        font.family: Theme.headingFamily
        font.pixelSize: Theme.fontHeadline
        font.weight: Font.DemiBold
        color: Theme.text
        wrapMode: Text.WordWrap
        Accessible.role: Accessible.Heading
        Accessible.name: text
    }

    Label {
        Layout.fillWidth: true
        text: page.changing
              ? qsTr("Change the word or what it means. %1 is asked again, and it waits until they say yes.").arg(page.partner)
              : qsTr("A word or a gesture that means the same to both of you. %1 is asked to accept it; it's yours once you both agree.").arg(page.partner)
        color: Theme.textMuted
        wrapMode: Text.WordWrap
    }

    Card {
        Layout.fillWidth: true
        spacing: Theme.spacingM

        FormField {
            objectName: "wordRow"
            label: qsTr("The word or gesture")
            error: page.errorFor("word")

            TextField {
                Layout.fillWidth: true
                objectName: "wordField"
                text: page.word
                placeholderText: qsTr("For example: pineapple, or a hand on the heart")
                Accessible.name: qsTr("The word or gesture")
                onTextEdited: {
                    page.word = text
                    page.clearError("word")
                }
            }
            Label {
                Layout.alignment: Qt.AlignRight
                text: qsTr("%1 / %2").arg(page.wordLength).arg(book.maxWord)
                color: page.wordLength > book.maxWord ? Theme.danger : Theme.textFaint
                font.pixelSize: Theme.fontCaption
                Accessible.name: qsTr("%1 of %2 characters").arg(page.wordLength).arg(book.maxWord)
            }
        }

        FormField {
            objectName: "meaningRow"
            label: qsTr("What it means")
            hint: qsTr("Say what you need, not what the other did. Short enough to remember when you're upset.")
            error: page.errorFor("meaning")

            TextArea {
                Layout.fillWidth: true
                Layout.minimumHeight: Theme.touchTarget * 2
                objectName: "meaningField"
                text: page.meaning
                wrapMode: TextEdit.Wrap
                placeholderText: qsTr("For example: I'm flooded and need twenty minutes. I'll come back.")
                Accessible.name: qsTr("What it means")
                onTextChanged: {
                    if (text === page.meaning)
                        return
                    page.meaning = text
                    page.clearError("meaning")
                }
            }
            Label {
                Layout.alignment: Qt.AlignRight
                text: qsTr("%1 / %2").arg(page.meaningLength).arg(book.maxMeaning)
                color: page.meaningLength > book.maxMeaning ? Theme.danger : Theme.textFaint
                font.pixelSize: Theme.fontCaption
                Accessible.name: qsTr("%1 of %2 characters").arg(page.meaningLength).arg(book.maxMeaning)
            }
        }
        FieldError {
            Layout.fillWidth: true
            text: page.errorFor("form")
        }
    }

    ColumnLayout {
        Layout.fillWidth: true
        visible: !page.changing && book.suggestions.length > 0
        spacing: Theme.spacingS

        SectionHeader {
            Layout.fillWidth: true
            text: qsTr("Examples")
            subtitle: qsTr("Tap one to start from it, then make it yours.")
        }
        Flow {
            Layout.fillWidth: true
            spacing: Theme.spacingXs

            Repeater {
                model: book.suggestions

                delegate: ChoiceChip {
                    id: example

                    required property var modelData

                    compact: true
                    checkable: false
                    text: modelData.word
                    Accessible.name: qsTr("Start from “%1”: %2").arg(modelData.word).arg(modelData.meaning)
                    onClicked: {
                        page.word = example.modelData.word
                        page.meaning = example.modelData.meaning
                        page.errors = {}
                    }
                }
            }
        }
    }
}
