import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Hearth
import Hearth.Services

// The Moments tab of Us: a quick way to note a moment when my attachment system was activated,
// the patterns of my moments as pictures (over 30 or 90 days, or all), and the moments
// themselves, newest first, with those my partner chose to share.
// (No `pragma ComponentBehavior: Bound`: UsPage loads this pane with a Loader.)
Item {
    id: pane

    property var stack
    readonly property real columnWidth: Theme.columnWidth(width)
    readonly property int margin: Theme.pageMargin(width)
    readonly property bool hasPatterns: (moments.patterns.count ?? 0) > 0

    function push(file: string, properties: var, immediate: bool): bool {
        if (!stack)
            return false
        if (immediate)
            stack.push(Qt.resolvedUrl(file), properties, StackView.Immediate)
        else
            stack.push(Qt.resolvedUrl(file), properties)
        return true
    }

    // Called by the window's showPage: "moments", "log-moment", "moment" ({activationId}, else my
    // newest) and "patterns". False when there is no moment to show.
    function show(name: string, options: var): bool {
        const opts = options ?? {}
        switch (name) {
        case "moments":
            list.positionViewAtBeginning()
            return true
        case "log-moment":
            return push("LogMomentPage.qml", {}, true)
        case "moment": {
            moments.refresh()
            const id = opts.activationId ?? moments.newestId
            if (id.length === 0)
                return false
            return push("MomentPage.qml", { activationId: id }, true)
        }
        case "patterns":
            return push("PatternsPage.qml", {}, true)
        }
        return false
    }

    ActivationsModel {
        id: moments
    }

    PageListView {
        id: list

        anchors.fill: parent
        // Scrolled content stays under the tab bar.
        clip: true
        columnWidth: pane.columnWidth
        margin: pane.margin
        spacing: Theme.spacingM
        model: moments

        header: ColumnLayout {
            x: (list.width - width) / 2
            width: pane.columnWidth
            spacing: Theme.spacingM

            Item {
                implicitHeight: Theme.spacingS
            }
            Label {
                Layout.fillWidth: true
                text: qsTr("When something stirs you up, note it here. Over time the pictures show what tends to set you off, and when. Your moments are private unless you share one.")
                color: Theme.textMuted
                wrapMode: Text.WordWrap
            }
            ReadOnlyBanner {
                Layout.fillWidth: true
            }
            ActionButton {
                Layout.fillWidth: true
                Layout.maximumWidth: Theme.fieldMinWidth * 3
                visible: !Session.readOnly
                objectName: "noteMomentButton"
                text: qsTr("Note a moment")
                iconName: "add"
                highlighted: true
                onClicked: pane.push("LogMomentPage.qml", {}, false)
            }

            EmptyState {
                Layout.fillWidth: true
                Layout.topMargin: Theme.spacingXl
                visible: moments.count === 0
                icon: "note"
                title: qsTr("No moments yet")
                text: qsTr("The next time you feel a jolt (a message unanswered, a sharp word, a plan that changed), take a minute to note it. Naming it helps it settle.")
            }

            Card {
                Layout.fillWidth: true
                visible: moments.myCount > 0
                spacing: Theme.spacingM

                SectionHeader {
                    Layout.fillWidth: true
                    text: qsTr("Your patterns")

                    ActionButton {
                        text: qsTr("All patterns")
                        iconName: "chart"
                        flat: true
                        onClicked: pane.push("PatternsPage.qml", {}, false)
                    }
                }
                RangeSwitch {
                    Layout.fillWidth: true
                    days: moments.rangeDays
                    onChosen: days => moments.rangeDays = days
                }
                PatternsView {
                    Layout.fillWidth: true
                    visible: pane.hasPatterns
                    compact: true
                    patterns: moments.patterns
                }
                Label {
                    Layout.fillWidth: true
                    visible: !pane.hasPatterns
                    text: qsTr("No moments in this span. Try a longer one.")
                    color: Theme.textMuted
                    font.pixelSize: Theme.fontSmall
                    wrapMode: Text.WordWrap
                }
            }

            SectionHeader {
                Layout.fillWidth: true
                Layout.topMargin: Theme.spacingS
                visible: moments.count > 0
                text: qsTr("Your moments")
                subtitle: moments.count === 1 ? qsTr("1 moment, newest first") : qsTr("%1 moments, newest first").arg(moments.count)
            }
            Item {
                implicitHeight: Theme.spacingXs
            }
        }

        delegate: MomentDelegate {
            x: (list.width - width) / 2
            width: pane.columnWidth
            onOpenMoment: id => pane.push("MomentPage.qml", { activationId: id }, false)
        }
    }
}
