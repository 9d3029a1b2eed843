import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Hearth
import Hearth.Services

// The Agreements tab of Us: what the couple does in a moment that is hard for one of them. The
// proposed ones first (with their answers), then the ones we keep with their review dates
// (a review due stands out), then the retired ones, folded away. Each opens its own page.
Item {
    id: pane

    property var stack
    property bool showRetired: false
    readonly property real columnWidth: Theme.columnWidth(width)
    readonly property int margin: Theme.pageMargin(width)
    readonly property string partner: Session.partnerName.length > 0 ? Session.partnerName : qsTr("your partner")

    function push(file: string, properties: var, immediate: bool): bool {
        if (!stack)
            return false
        if (immediate)
            stack.push(Qt.resolvedUrl(file), properties, StackView.Immediate)
        else
            stack.push(Qt.resolvedUrl(file), properties)
        return true
    }

    function notify(message: string): void {
        const window = ApplicationWindow.window
        if (window && message.length > 0)
            window.notify(message)
    }

    // Called by the window's showPage: "agreements", "agreement" ({agreementId}, else the first)
    // and "propose-agreement" ({commitmentId} to start from a repair's plan).
    function show(name: string, options: var): bool {
        const opts = options ?? {}
        switch (name) {
        case "agreements":
            return true
        case "agreement": {
            all.refresh()
            const id = opts.agreementId ?? all.firstId
            if (id.length === 0)
                return false
            return push("AgreementPage.qml", { agreementId: id }, true)
        }
        case "propose-agreement":
            return push("AgreementEditorPage.qml", { commitmentId: opts.commitmentId ?? "" }, true)
        }
        return false
    }

    function closeDialogs(): void {
        retireDialog.close()
    }

    function open(agreementId: string): void {
        push("AgreementPage.qml", { agreementId: agreementId }, false)
    }

    function agree(agreementId: string): void {
        const error = all.agree(agreementId)
        notify(error.length > 0 ? error : qsTr("Agreed. It's one of yours now."))
    }

    AgreementsModel {
        id: all
    }
    AgreementsModel {
        id: proposed

        filter: "proposed"
    }
    AgreementsModel {
        id: current

        filter: "current"
    }
    AgreementsModel {
        id: retired

        filter: "retired"
    }

    // A review comes due at midnight: read again when the tab is shown.
    onVisibleChanged: if (visible) all.refresh()

    Flickable {
        id: flick

        anchors.fill: parent
        contentWidth: width
        contentHeight: column.implicitHeight + 2 * pane.margin
        boundsBehavior: Flickable.StopAtBounds
        ScrollBar.vertical: ScrollBar {}

        ColumnLayout {
            id: column

            x: (flick.width - width) / 2
            y: pane.margin
            width: pane.columnWidth
            spacing: Theme.spacingL

            Label {
                Layout.fillWidth: true
                text: qsTr("What you'll do when a moment is hard for one of you, agreed by both, and looked at again now and then.")
                color: Theme.textMuted
                wrapMode: Text.WordWrap
            }
            ReadOnlyBanner {
                Layout.fillWidth: true
            }
            ActionButton {
                visible: !Session.readOnly && all.totalCount > 0
                objectName: "proposeAgreementButton"
                text: qsTr("Propose an agreement")
                iconName: "add"
                highlighted: true
                onClicked: pane.push("AgreementEditorPage.qml", {}, false)
            }

            EmptyState {
                Layout.fillWidth: true
                Layout.topMargin: Theme.spacingL
                visible: all.totalCount === 0
                icon: "heart"
                title: qsTr("No agreements yet")
                text: qsTr("An agreement says what you'll do in a situation that's hard for one of you, like “If I'm running late, I text before six.” One of you proposes it; it counts once you both agree.")

                ActionButton {
                    visible: !Session.readOnly
                    objectName: "proposeFirstAgreementButton"
                    text: qsTr("Propose an agreement")
                    iconName: "add"
                    highlighted: true
                    onClicked: pane.push("AgreementEditorPage.qml", {}, false)
                }
            }

            // --- Proposed -------------------------------------------------------------------------
            SectionHeader {
                Layout.fillWidth: true
                Layout.topMargin: Theme.spacingS
                visible: proposed.count > 0
                text: qsTr("Waiting for an answer")
                subtitle: qsTr("An agreement counts once you both say yes to the same words.")
            }
            Repeater {
                model: proposed

                delegate: AgreementCard {
                    Layout.fillWidth: true
                    onOpenClicked: id => pane.open(id)
                    onAgreeClicked: id => pane.agree(id)
                    onChangeClicked: id => pane.push("AgreementEditorPage.qml", { agreementId: id }, false)
                    onRetireClicked: id => retireDialog.openFor(id)
                }
            }

            // --- Current ---------------------------------------------------------------------------
            SectionHeader {
                Layout.fillWidth: true
                Layout.topMargin: Theme.spacingS
                visible: current.count > 0
                text: qsTr("Our agreements")
                subtitle: all.dueCount > 0
                          ? (all.dueCount === 1 ? qsTr("One is due for a look together.")
                                                : qsTr("%1 are due for a look together.").arg(all.dueCount))
                          : qsTr("Each has a day to look at it again together.")
            }
            Repeater {
                model: current

                delegate: AgreementCard {
                    Layout.fillWidth: true
                    onOpenClicked: id => pane.open(id)
                    onAgreeClicked: id => pane.agree(id)
                    onChangeClicked: id => pane.push("AgreementEditorPage.qml", { agreementId: id }, false)
                    onRetireClicked: id => retireDialog.openFor(id)
                }
            }

            // Examples, while there are few.
            ColumnLayout {
                Layout.fillWidth: true
                Layout.topMargin: Theme.spacingS
                visible: !Session.readOnly && proposed.count + current.count < 3 && all.suggestions.length > 0
                spacing: Theme.spacingS

                Label {
                    Layout.fillWidth: true
                    text: qsTr("Start from an example")
                    color: Theme.textMuted
                    font.pixelSize: Theme.fontSmall
                    font.weight: Font.DemiBold
                }
                Repeater {
                    model: all.suggestions.slice(0, 3)

                    delegate: Card {
                        required property var modelData

                        Layout.fillWidth: true
                        clickable: true
                        padding: Theme.spacingM
                        spacing: Theme.spacingXs / 2
                        Accessible.name: qsTr("Start from: %1, %2").arg(modelData.situation).arg(modelData.action)
                        onClicked: pane.push("AgreementEditorPage.qml",
                                             { situation: modelData.situation, action: modelData.action }, false)

                        RowLayout {
                            Layout.fillWidth: true
                            spacing: Theme.spacingM

                            ColumnLayout {
                                Layout.fillWidth: true
                                spacing: Theme.spacingXs / 2

                                Label {
                                    Layout.fillWidth: true
                                    text: modelData.situation
                                    font.pixelSize: Theme.fontSmall
                                    font.weight: Font.DemiBold
                                    color: Theme.textMuted
                                    wrapMode: Text.WordWrap
                                }
                                Label {
                                    Layout.fillWidth: true
                                    text: modelData.action
                                    color: Theme.text
                                    wrapMode: Text.WordWrap
                                }
                            }
                            Icon {
                                name: "add"
                                color: Theme.primary
                            }
                        }
                    }
                }
            }

            // --- Retired ---------------------------------------------------------------------------
            ActionButton {
                Layout.topMargin: Theme.spacingS
                visible: retired.count > 0
                objectName: "retiredToggle"
                text: pane.showRetired ? qsTr("Hide retired (%1)").arg(retired.count) : qsTr("Retired (%1)").arg(retired.count)
                iconName: pane.showRetired ? "up" : "down"
                flat: true
                leftPadding: Theme.spacingS
                onClicked: pane.showRetired = !pane.showRetired
            }
            Repeater {
                model: pane.showRetired ? retired : null

                delegate: AgreementCard {
                    Layout.fillWidth: true
                    opacity: 0.85
                    onOpenClicked: id => pane.open(id)
                }
            }
        }
    }

    AppDialog {
        id: retireDialog

        property string agreementId

        function openFor(id: string): void {
            agreementId = id
            open()
        }

        title: qsTr("Retire this agreement?")
        primaryText: qsTr("Retire")
        primaryTone: "danger"
        onPrimaryClicked: {
            const error = all.setStatus(agreementId, "retired")
            if (error.length > 0) {
                retireDialog.error = error
                return
            }
            close()
            pane.notify(qsTr("Retired. You'll find it at the end of the list."))
        }

        Label {
            Layout.fillWidth: true
            text: qsTr("It stays in your list, folded away with the retired ones, on both your devices.")
            color: Theme.textMuted
            wrapMode: Text.WordWrap
        }
    }
}
