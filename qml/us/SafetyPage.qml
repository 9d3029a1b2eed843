pragma ComponentBehavior: Bound

import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Hearth
import Hearth.Services

// Safety and support: that Hearth is not therapy or crisis support, what to do in a crisis, how
// to find a couples therapist, what to do if a relationship feels unsafe, and what Hearth
// shares and never does. Calm, plain and easy to read; the crisis section stands out, warmly.
ScrollPage {
    id: page

    title: qsTr("Safety and support")
    objectName: "safetyPage"

    LearnModel {
        id: learn
    }

    RowLayout {
        Layout.fillWidth: true
        spacing: Theme.spacingM

        Rectangle {
            Layout.alignment: Qt.AlignTop
            implicitWidth: Theme.iconSizeLarge
            implicitHeight: implicitWidth
            radius: width / 2
            color: Theme.accentSoft

            Icon {
                anchors.centerIn: parent
                width: Theme.iconSize
                height: width
                name: "lifebuoy"
                color: Theme.accent
            }
        }
        Label {
            Layout.fillWidth: true
            Layout.alignment: Qt.AlignVCenter
            text: qsTr("If things feel too heavy, you don't have to carry them alone. Here is what Hearth can and can't do, and where to turn.")
            color: Theme.textMuted
            wrapMode: Text.WordWrap
        }
    }

    Repeater {
        model: learn.safetySections

        delegate: Card {
            id: section

            required property var modelData
            readonly property bool urgent: modelData.id === "crisis"

            Layout.fillWidth: true
            spacing: Theme.spacingS
            tint: urgent ? Theme.primarySoft : Theme.surface
            outline: urgent ? Theme.primarySoft : Theme.border

            RowLayout {
                Layout.fillWidth: true
                spacing: Theme.spacingS

                Icon {
                    visible: section.urgent
                    Layout.alignment: Qt.AlignVCenter
                    implicitWidth: Theme.iconSize
                    implicitHeight: Theme.iconSize
                    name: "lifebuoy"
                    color: Theme.textOnPrimarySoft
                }
                Label {
                    Layout.fillWidth: true
                    text: section.modelData.heading
                    font.family: Theme.headingFamily
                    font.pixelSize: Theme.fontTitle
                    font.weight: Font.DemiBold
                    color: Theme.text
                    wrapMode: Text.WordWrap
                    Accessible.role: Accessible.Heading
                    Accessible.name: text
                }
            }
            Repeater {
                model: section.modelData.paragraphs

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
    }
}
