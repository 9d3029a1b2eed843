pragma ComponentBehavior: Bound

import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Hearth
import Hearth.Services

// The couple's commitments: the one thing each partner said they would do differently at the
// end of a repair, grouped by repair (newest first), each with who and when, how it stands, and
// a way to make it one of the couple's agreements.
ScrollPage {
    id: page

    // [{repairId, repairTitle, repairDateText, items: [commitment]}], in the order they come.
    readonly property var groups: {
        const out = []
        const at = {}
        const list = repairs.commitments
        for (let i = 0; i < list.length; ++i) {
            const c = list[i]
            if (at[c.repairId] === undefined) {
                at[c.repairId] = out.length
                out.push({ repairId: c.repairId, repairTitle: c.repairTitle, repairDateText: c.repairDateText, items: [] })
            }
            out[at[c.repairId]].items.push(c)
        }
        return out
    }

    function statusTone(status: string): string {
        switch (status) {
        case "kept": return "accent"
        case "retired": return "neutral"
        }
        return "primary"
    }

    title: qsTr("Your commitments")
    objectName: "commitmentsPage"

    RepairsModel {
        id: repairs
    }
    AgreementsModel {
        id: agreements
    }

    Label {
        Layout.fillWidth: true
        visible: page.groups.length > 0
        text: qsTr("What each of you said you'd do differently, at the end of a repair. Look back at them together now and then: which ones are you keeping?")
        color: Theme.textMuted
        wrapMode: Text.WordWrap
    }

    EmptyState {
        Layout.fillWidth: true
        Layout.topMargin: Theme.spacingXxl
        visible: page.groups.length === 0
        icon: "heart"
        title: qsTr("No commitments yet")
        text: qsTr("When you finish a repair, the one thing each of you will do differently next time is kept here, so you can look back at it together.")
    }

    Repeater {
        model: page.groups

        delegate: Card {
            id: group

            required property var modelData

            Layout.fillWidth: true
            spacing: Theme.spacingM
            clickable: false

            RowLayout {
                Layout.fillWidth: true
                spacing: Theme.spacingS

                ColumnLayout {
                    Layout.fillWidth: true
                    spacing: Theme.spacingXs / 2

                    Label {
                        Layout.fillWidth: true
                        text: group.modelData.repairTitle.length > 0 ? group.modelData.repairTitle : qsTr("A repair")
                        font.family: Theme.headingFamily
                        font.pixelSize: Theme.fontTitle
                        font.weight: Font.DemiBold
                        color: Theme.text
                        wrapMode: Text.WordWrap
                        Accessible.role: Accessible.Heading
                        Accessible.name: text
                    }
                    Label {
                        Layout.fillWidth: true
                        visible: group.modelData.repairDateText.length > 0
                        text: qsTr("The fight: %1").arg(group.modelData.repairDateText)
                        color: Theme.textMuted
                        font.pixelSize: Theme.fontSmall
                    }
                }
                IconButton {
                    Layout.alignment: Qt.AlignTop
                    visible: group.modelData.repairTitle.length > 0
                    iconName: "forward"
                    tip: qsTr("Open the repair")
                    onClicked: page.stack.push(Qt.resolvedUrl("RepairPage.qml"), { repairId: group.modelData.repairId })
                }
            }

            Repeater {
                model: group.modelData.items

                delegate: RowLayout {
                    id: item

                    required property var modelData
                    readonly property bool madeAgreement: {
                        agreements.revision
                        return agreements.hasAgreementFrom(modelData.repairId, modelData.text)
                    }

                    Layout.fillWidth: true
                    spacing: Theme.spacingM

                    Rectangle {
                        Layout.alignment: Qt.AlignTop
                        Layout.topMargin: Theme.spacingXs
                        implicitWidth: Theme.dotSize
                        implicitHeight: Theme.dotSize
                        radius: width / 2
                        color: item.modelData.mine ? (Session.myColour.length > 0 ? Session.myColour : Theme.primary)
                                                   : (Session.partnerColour.length > 0 ? Session.partnerColour : Theme.accent)
                    }
                    ColumnLayout {
                        Layout.fillWidth: true
                        spacing: Theme.spacingXs

                        Label {
                            Layout.fillWidth: true
                            text: item.modelData.text
                            color: Theme.text
                            font.pixelSize: Theme.fontBodyLarge
                            wrapMode: Text.WordWrap
                        }
                        Flow {
                            Layout.fillWidth: true
                            spacing: Theme.spacingS

                            Label {
                                text: qsTr("%1 · %2").arg(item.modelData.mine ? qsTr("You") : item.modelData.memberName)
                                                     .arg(item.modelData.createdText)
                                color: Theme.textMuted
                                font.pixelSize: Theme.fontSmall
                            }
                            Chip {
                                text: item.modelData.statusText
                                tone: page.statusTone(item.modelData.status)
                            }
                            Chip {
                                visible: item.madeAgreement
                                text: qsTr("One of your agreements")
                                tone: "accent"
                            }
                        }
                        // A plan worth keeping for good: the couple's agreement, once both agree.
                        ActionButton {
                            // Its icon lines up with the text above.
                            Layout.leftMargin: -Theme.spacingS
                            visible: !Session.readOnly && item.modelData.status !== "retired" && !item.madeAgreement
                            objectName: "makeAgreementButton"
                            text: qsTr("Make it an agreement")
                            iconName: "heart"
                            flat: true
                            leftPadding: Theme.spacingS
                            Accessible.name: qsTr("Make “%1” an agreement").arg(item.modelData.text)
                            onClicked: page.stack.push(Qt.resolvedUrl("../us/AgreementEditorPage.qml"),
                                                       { commitmentId: item.modelData.id })
                        }
                    }
                }
            }
        }
    }
}
