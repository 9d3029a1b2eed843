import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Hearth
import Hearth.Services

// The Learn tab of Us: short cards about attachment between adults, grouped by topic, each
// opening in full with its sources and a private reflection; and, at the end, the way to safety
// and support.
// (No `pragma ComponentBehavior: Bound`: UsPage loads this pane with a Loader.)
Item {
    id: pane

    property var stack
    readonly property real columnWidth: Theme.columnWidth(width)
    readonly property int margin: Theme.pageMargin(width)

    function push(file: string, properties: var, immediate: bool): bool {
        if (!stack)
            return false
        if (immediate)
            stack.push(Qt.resolvedUrl(file), properties, StackView.Immediate)
        else
            stack.push(Qt.resolvedUrl(file), properties)
        return true
    }

    // Called by the window's showPage: "learn" and "card" ({cardId}, else the first).
    function show(name: string, options: var): bool {
        const opts = options ?? {}
        switch (name) {
        case "learn":
            flick.contentY = 0
            return true
        case "card": {
            const id = opts.cardId ?? learn.firstCardId
            if (id.length === 0)
                return false
            return push("CardPage.qml", { cardId: id }, true)
        }
        }
        return false
    }

    LearnModel {
        id: learn
    }

    Flickable {
        id: flick

        anchors.fill: parent
        // Scrolled content stays under the tab bar.
        clip: true
        contentWidth: width
        contentHeight: column.implicitHeight + 2 * pane.margin
        boundsBehavior: Flickable.StopAtBounds
        ScrollBar.vertical: ScrollBar {}

        ColumnLayout {
            id: column

            x: (flick.width - width) / 2
            y: pane.margin / 2
            width: pane.columnWidth
            spacing: Theme.spacingM

            Item {
                implicitHeight: Theme.spacingXs
            }
            Label {
                Layout.fillWidth: true
                text: qsTr("Short reads about how closeness works between two adults: why we reach for each other, what happens when that feels unsure, and how couples grow steadier together. They describe patterns, never people.")
                color: Theme.textMuted
                wrapMode: Text.WordWrap
            }

            EmptyState {
                Layout.fillWidth: true
                Layout.topMargin: Theme.spacingXl
                visible: learn.count === 0
                icon: "library"
                title: qsTr("No cards to read")
                text: qsTr("The cards could not be loaded.")
            }

            Repeater {
                model: learn.groups

                delegate: ColumnLayout {
                    id: group

                    required property var modelData

                    Layout.fillWidth: true
                    Layout.topMargin: Theme.spacingS
                    spacing: Theme.spacingS

                    SectionHeader {
                        Layout.fillWidth: true
                        text: group.modelData.label
                    }
                    Repeater {
                        model: group.modelData.cards

                        delegate: Card {
                            id: card

                            required property var modelData

                            Layout.fillWidth: true
                            clickable: true
                            spacing: Theme.spacingXs
                            Accessible.name: qsTr("%1. %2").arg(modelData.title).arg(modelData.summary)
                            onClicked: pane.push("CardPage.qml", { cardId: card.modelData.cardId }, false)

                            RowLayout {
                                Layout.fillWidth: true
                                spacing: Theme.spacingS

                                Label {
                                    Layout.fillWidth: true
                                    text: card.modelData.title
                                    font.pixelSize: Theme.fontBodyLarge
                                    font.weight: Font.DemiBold
                                    color: Theme.text
                                    wrapMode: Text.WordWrap
                                }
                                Icon {
                                    Layout.alignment: Qt.AlignTop
                                    Layout.topMargin: Theme.spacingXs / 2
                                    implicitWidth: Theme.iconSizeSmall
                                    implicitHeight: Theme.iconSizeSmall
                                    name: "forward"
                                    color: Theme.textFaint
                                }
                            }
                            Label {
                                Layout.fillWidth: true
                                text: card.modelData.summary
                                color: Theme.textMuted
                                font.pixelSize: Theme.fontSmall
                                wrapMode: Text.WordWrap
                            }
                            RowLayout {
                                visible: card.modelData.hasReflection
                                spacing: Theme.spacingXs

                                Icon {
                                    implicitWidth: Theme.iconSizeSmall
                                    implicitHeight: Theme.iconSizeSmall
                                    name: "note"
                                    color: Theme.accent
                                }
                                Label {
                                    text: qsTr("You wrote a reflection")
                                    color: Theme.accent
                                    font.pixelSize: Theme.fontCaption
                                    font.weight: Font.DemiBold
                                }
                            }
                        }
                    }
                }
            }

            Card {
                Layout.fillWidth: true
                Layout.topMargin: Theme.spacingL
                objectName: "safetyLink"
                clickable: true
                tint: Theme.accentSoft
                outline: Theme.accentSoft
                Accessible.name: qsTr("Safety and support")
                onClicked: pane.push("SafetyPage.qml", {}, false)

                RowLayout {
                    Layout.fillWidth: true
                    spacing: Theme.spacingM

                    Icon {
                        Layout.alignment: Qt.AlignTop
                        implicitWidth: Theme.iconSize
                        implicitHeight: Theme.iconSize
                        name: "lifebuoy"
                        color: Theme.textOnAccentSoft
                    }
                    ColumnLayout {
                        Layout.fillWidth: true
                        spacing: Theme.spacingXs

                        Label {
                            Layout.fillWidth: true
                            text: qsTr("Safety and support")
                            color: Theme.textOnAccentSoft
                            font.weight: Font.DemiBold
                            wrapMode: Text.WordWrap
                        }
                        Label {
                            Layout.fillWidth: true
                            text: qsTr("Hearth is not therapy or crisis support. What to do when things are hard, and how to find a couples therapist.")
                            color: Theme.textOnAccentSoft
                            font.pixelSize: Theme.fontSmall
                            wrapMode: Text.WordWrap
                        }
                    }
                    Icon {
                        Layout.alignment: Qt.AlignVCenter
                        implicitWidth: Theme.iconSizeSmall
                        implicitHeight: Theme.iconSizeSmall
                        name: "forward"
                        color: Theme.textOnAccentSoft
                    }
                }
            }
            Item {
                implicitHeight: Theme.spacingS
            }
        }
    }
}
