import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Hearth
import Hearth.Services

// Us: what each partner needs and what helps them, the moments they were activated, the signals
// and agreements the couple made, and short cards to learn from, one tab each. The safety page is
// one tap away from the header. `tab` picks the pane (showPage does); each pane scrolls on its own
// and opens its pages on this section's stack.
Page {
    id: page

    readonly property var tabKeys: ["needs", "moments", "signals", "agreements", "learn"]
    property string tab: "needs"
    readonly property real columnWidth: Theme.columnWidth(width)
    // Made the first time the section is shown, not at start-up.
    property bool opened: false
    readonly property Item needs: needsLoader.item
    readonly property Item moments: momentsLoader.item
    readonly property Item signalsPane: signalsLoader.item
    readonly property Item agreements: agreementsLoader.item
    readonly property Item learn: learnLoader.item

    function open(): void {
        opened = true
    }

    function pane(key: string): Item {
        switch (key) {
        case "needs": return needs
        case "moments": return moments
        case "signals": return signalsPane
        case "agreements": return agreements
        case "learn": return learn
        }
        return null
    }

    function closeDialogs(): void {
        for (const key of tabKeys) {
            const p = pane(key)
            if (p && typeof p.closeDialogs === "function")
                p.closeDialogs()
        }
    }

    function showSafety(immediate: bool): void {
        const stack = page.StackView.view
        if (!stack)
            return
        if (immediate)
            stack.push(Qt.resolvedUrl("SafetyPage.qml"), {}, StackView.Immediate)
        else
            stack.push(Qt.resolvedUrl("SafetyPage.qml"))
    }

    onVisibleChanged: if (visible) open()

    title: qsTr("Us")
    objectName: "usPage"
    implicitWidth: Theme.maxContentWidth
    implicitHeight: Theme.maxContentWidth

    background: Rectangle {
        color: Theme.background
    }

    header: ColumnLayout {
        spacing: 0

        PageHeader {
            Layout.fillWidth: true
            title: page.title
            inset: (page.width - page.columnWidth) / 2

            IconButton {
                objectName: "safetyButton"
                iconName: "lifebuoy"
                tip: qsTr("Safety and support")
                onClicked: page.showSafety(false)
            }
        }
        TabBar {
            id: tabs

            Layout.preferredWidth: page.columnWidth
            Layout.alignment: Qt.AlignHCenter
            currentIndex: Math.max(0, page.tabKeys.indexOf(page.tab))
            onCurrentIndexChanged: page.tab = page.tabKeys[currentIndex]
            background: Rectangle {
                color: Theme.background

                Rectangle {
                    anchors.left: parent.left
                    anchors.right: parent.right
                    anchors.bottom: parent.bottom
                    height: Theme.hairline
                    color: Theme.border
                }
            }

            Repeater {
                model: [qsTr("Needs"), qsTr("Moments"), qsTr("Signals"), qsTr("Agreements"), qsTr("Learn")]

                TabButton {
                    required property string modelData

                    text: modelData
                    // Five tabs fit a phone only in plain case with tighter padding.
                    font.capitalization: Font.MixedCase
                    leftPadding: 6
                    rightPadding: 6
                    // Equal shares on a wide column; on a phone each as wide as its words, as
                    // equal shares would push the last tab out of view.
                    width: page.columnWidth >= 500 ? page.columnWidth / 5 : implicitWidth
                    Accessible.name: text
                }
            }
        }
    }

    StackLayout {
        anchors.fill: parent
        currentIndex: Math.max(0, page.tabKeys.indexOf(page.tab))

        Loader {
            id: needsLoader

            active: page.opened
            sourceComponent: NeedsPane {
                stack: page.StackView.view
            }
        }
        Loader {
            id: momentsLoader

            active: page.opened
            sourceComponent: MomentsPane {
                stack: page.StackView.view
            }
        }
        Loader {
            id: signalsLoader

            active: page.opened
            sourceComponent: SignalsPane {
                stack: page.StackView.view
            }
        }
        Loader {
            id: agreementsLoader

            active: page.opened
            sourceComponent: AgreementsPane {
                stack: page.StackView.view
            }
        }
        Loader {
            id: learnLoader

            active: page.opened
            sourceComponent: LearnPane {
                stack: page.StackView.view
            }
        }
    }
}
