pragma ComponentBehavior: Bound

import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Hearth
import Hearth.Services

// The confidentiality policy: "No secrets" or "Limited secrets", each with a line on what it
// means, and the therapist's own words about it, drafted per kind and editable. Choosing another
// kind replaces the text only while it is still one of the drafts.
ColumnLayout {
    id: fields

    property string kind: "limited-secrets"
    property alias text: area.text
    property string kindError
    property string textError

    signal edited()

    spacing: Theme.spacingM

    FormField {
        label: qsTr("What one partner tells you alone")
        error: fields.kindError

        ColumnLayout {
            Layout.fillWidth: true
            spacing: Theme.spacingXs

            Repeater {
                model: PracticeSession.policyKinds

                delegate: RadioButton {
                    id: choice

                    required property var modelData

                    Layout.fillWidth: true
                    // The text places the indicator at the start; the content below shows it.
                    text: modelData.label
                    checked: fields.kind === modelData.id
                    Accessible.name: modelData.label
                    Accessible.description: modelData.description
                    onClicked: {
                        if (PracticeSession.isPolicyDraft(area.text))
                            area.text = PracticeSession.policyDraft(modelData.id)
                        fields.kind = modelData.id
                        fields.edited()
                    }

                    contentItem: ColumnLayout {
                        spacing: 0

                        Label {
                            Layout.fillWidth: true
                            leftPadding: choice.indicator.width + choice.spacing
                            text: choice.modelData.label
                            font.weight: Font.DemiBold
                            color: Theme.text
                            wrapMode: Text.WordWrap
                        }
                        Label {
                            Layout.fillWidth: true
                            leftPadding: choice.indicator.width + choice.spacing
                            text: choice.modelData.description
                            font.pixelSize: Theme.fontSmall
                            color: Theme.textMuted
                            wrapMode: Text.WordWrap
                        }
                    }
                }
            }
        }
    }
    FormField {
        label: qsTr("Your policy, in your words")
        hint: qsTr("Both partners read this and accept it before the link is active. Changing it later asks them to accept it again.")
        error: fields.textError

        TextArea {
            id: area

            Layout.fillWidth: true
            objectName: "policyText"
            wrapMode: TextEdit.Wrap
            Accessible.name: qsTr("Your policy")
            onTextChanged: if (activeFocus) fields.edited()
        }
    }
}
