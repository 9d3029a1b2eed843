pragma ComponentBehavior: Bound

import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Hearth
import Hearth.Services

// One Learn card in full: its topic, title, summary and body, an optional private reflection on
// its question (plainly not a diagnosis, kept only on my devices), and its sources in small type.
ScrollPage {
    id: page

    property string cardId
    readonly property var card: learn.card(cardId)
    readonly property bool found: (card.cardId ?? "").length > 0
    property string saved
    property string draft
    property string error
    readonly property bool dirty: draft.trim() !== saved
    readonly property int draftLength: Array.from(draft.trim()).length

    function save(): void {
        const message = learn.saveReflection(cardId, draft)
        error = message
        if (message.length === 0)
            saved = draft.trim()
    }

    title: found ? card.topicLabel : qsTr("Learn")
    objectName: "cardPage"

    Component.onCompleted: {
        saved = learn.reflection(cardId)
        draft = saved
    }

    LearnModel {
        id: learn
    }

    EmptyState {
        Layout.fillWidth: true
        Layout.topMargin: Theme.spacingXxl
        visible: !page.found
        icon: "library"
        title: qsTr("This card is not here")
        text: qsTr("It may have been removed from the library.")
    }

    ColumnLayout {
        Layout.fillWidth: true
        visible: page.found
        spacing: Theme.spacingM

        Label {
            Layout.fillWidth: true
            text: page.card.title ?? ""
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
            text: page.card.summary ?? ""
            font.pixelSize: Theme.fontBodyLarge
            lineHeight: 1.15
            color: Theme.textMuted
            wrapMode: Text.WordWrap
        }
        Repeater {
            model: page.card.body ?? []

            delegate: Label {
                required property string modelData

                Layout.fillWidth: true
                text: modelData
                font.pixelSize: Theme.fontBody
                lineHeight: 1.2
                color: Theme.text
                wrapMode: Text.WordWrap
            }
        }
    }

    Card {
        Layout.fillWidth: true
        Layout.topMargin: Theme.spacingS
        visible: page.found && (page.card.reflectionPrompt ?? "").length > 0
        tint: Theme.surfaceAlt
        spacing: Theme.spacingM

        Label {
            Layout.fillWidth: true
            text: page.card.reflectionPrompt ?? ""
            font.family: Theme.headingFamily
            font.pixelSize: Theme.fontTitle
            font.weight: Font.DemiBold
            color: Theme.text
            wrapMode: Text.WordWrap
        }
        RowLayout {
            Layout.fillWidth: true
            spacing: Theme.spacingS

            Icon {
                Layout.alignment: Qt.AlignTop
                Layout.topMargin: Theme.spacingXs / 2
                implicitWidth: Theme.iconSizeSmall
                implicitHeight: Theme.iconSizeSmall
                name: "lock"
                color: Theme.textMuted
            }
            Label {
                Layout.fillWidth: true
                text: learn.reflectionNote
                color: Theme.textMuted
                font.pixelSize: Theme.fontSmall
                wrapMode: Text.WordWrap
            }
        }
        TextArea {
            Layout.fillWidth: true
            Layout.minimumHeight: Theme.touchTarget * 2.5
            objectName: "reflectionField"
            text: page.draft
            wrapMode: TextEdit.Wrap
            enabled: !Session.readOnly
            placeholderText: qsTr("Only if you'd like to. A few words for yourself.")
            Accessible.name: page.card.reflectionPrompt ?? qsTr("Your reflection")
            Keys.onTabPressed: nextItemInFocusChain().forceActiveFocus()
            onTextChanged: if (activeFocus) {
                page.draft = text
                page.error = ""
            }
        }
        FieldError {
            Layout.fillWidth: true
            text: page.error.length > 0 ? page.error
                                        : (page.draftLength > learn.maxReflection
                                           ? qsTr("Keep it to %1 characters.").arg(learn.maxReflection) : "")
        }
        RowLayout {
            Layout.fillWidth: true
            spacing: Theme.spacingS

            RowLayout {
                Layout.fillWidth: true
                spacing: Theme.spacingXs
                visible: !page.dirty && page.saved.length > 0

                Icon {
                    implicitWidth: Theme.iconSizeSmall
                    implicitHeight: Theme.iconSizeSmall
                    name: "check"
                    color: Theme.accent
                    strokeWidth: Theme.iconStrokeBold
                }
                Label {
                    Layout.fillWidth: true
                    objectName: "reflectionSaved"
                    text: qsTr("Saved, only on your devices")
                    color: Theme.accent
                    font.pixelSize: Theme.fontSmall
                    font.weight: Font.DemiBold
                    wrapMode: Text.WordWrap
                }
            }
            Item {
                Layout.fillWidth: true
                visible: page.dirty || page.saved.length === 0
            }
            ActionButton {
                visible: !Session.readOnly && page.saved.length > 0 && !page.dirty
                text: qsTr("Clear")
                flat: true
                Accessible.name: qsTr("Clear your reflection")
                onClicked: {
                    page.draft = ""
                    page.save()
                }
            }
            ActionButton {
                visible: !Session.readOnly
                text: qsTr("Save")
                highlighted: true
                enabled: page.dirty
                onClicked: page.save()
            }
        }
    }

    ColumnLayout {
        Layout.fillWidth: true
        Layout.topMargin: Theme.spacingS
        visible: page.found && (page.card.sources ?? []).length > 0
        spacing: Theme.spacingXs

        Label {
            Layout.fillWidth: true
            text: qsTr("Sources")
            color: Theme.textMuted
            font.pixelSize: Theme.fontCaption
            font.weight: Font.DemiBold
            font.capitalization: Font.AllUppercase
            font.letterSpacing: Theme.letterSpacingCaps
        }
        Repeater {
            model: page.card.sources ?? []

            delegate: Label {
                required property var modelData

                Layout.fillWidth: true
                text: modelData.url.length > 0 ? qsTr("%1 %2").arg(modelData.citation).arg(modelData.url) : modelData.citation
                color: Theme.textFaint
                font.pixelSize: Theme.fontCaption
                wrapMode: Text.WordWrap
            }
        }
    }
}
