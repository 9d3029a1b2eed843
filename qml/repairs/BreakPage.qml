pragma ComponentBehavior: Bound

import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Hearth
import Hearth.Services

// A flooding break. With none going on: why a break helps, how long (at least the content's
// minimum, up to its maximum), when you'll be back and what to say; calling it starts the
// countdown, on both devices. During one: a calm countdown in a slowly breathing circle (it moves
// only while the page is in view), something soothing to do, when you'll be back, and what to
// say then. The partner's device says who asked for the break and until when. Once the time is
// up (and the break was not ended): what to say, and "We're back", which ends it and takes the
// repair back to talking; or another break.
ScrollPage {
    id: page

    // The repair it is called from; "" from anywhere else.
    property string repairId
    property int minutes: breakState.defaultMinutes
    // Time is up, and another break is wanted instead.
    property bool another: false
    readonly property var presets: [20, 30, 45, 60, 120].filter(m => m >= breakState.minimumMinutes && m <= breakState.maximumMinutes)
    readonly property real circleSize: Math.min(columnWidth * 0.72, Theme.maxContentWidth / 2.6)

    function notify(message: string): void {
        const window = ApplicationWindow.window
        if (window && message.length > 0)
            window.notify(message)
    }

    function callBreak(): void {
        const error = breakState.call(repairId, minutes)
        if (error.length > 0) {
            callError.text = error
            return
        }
        callError.text = ""
        another = false
        notify(Session.partnerName.length > 0
               ? qsTr("Break started. %1's device will show when you'll be back.").arg(Session.partnerName)
               : qsTr("Break started."))
    }

    function comeBack(): void {
        const error = breakState.end()
        if (error.length > 0) {
            notify(error)
            return
        }
        notify(qsTr("Welcome back. Go gently with each other."))
        if (stack && stack.depth > 1)
            stack.pop()
    }

    title: breakState.active ? qsTr("A break") : (breakState.timeUp ? qsTr("Back from a break") : qsTr("Take a break"))
    objectName: "breakPage"
    titleInContent: !breakState.active

    BreakState {
        id: breakState

        // The countdown ticks only while this page is seen.
        ticking: page.visible
        forRepair: page.repairId
    }

    // --- Time is up --------------------------------------------------------------------------

    Card {
        Layout.fillWidth: true
        objectName: "timeUpCard"
        visible: breakState.timeUp && !page.another
        tint: Theme.accentSoft
        outline: Theme.accentSoft

        SectionHeader {
            Layout.fillWidth: true
            text: qsTr("It's time to come back")
            subtitle: breakState.headline
        }
        Label {
            Layout.fillWidth: true
            visible: breakState.repairTitle.length > 0
            text: qsTr("From the repair “%1”.").arg(breakState.repairTitle)
            color: Theme.textOnAccentSoft
            font.pixelSize: Theme.fontSmall
            wrapMode: Text.WordWrap
        }
        Label {
            Layout.fillWidth: true
            text: qsTr("You could say: “%1”").arg(breakState.returnPrompt)
            color: Theme.textOnAccentSoft
            wrapMode: Text.WordWrap
        }
        Flow {
            Layout.fillWidth: true
            visible: !Session.readOnly
            spacing: Theme.spacingS

            ActionButton {
                objectName: "backFromBreakButton"
                text: qsTr("We're back")
                iconName: "talk"
                highlighted: true
                tone: "accent"
                onClicked: page.comeBack()
            }
            ActionButton {
                text: qsTr("I need longer")
                iconName: "pause"
                flat: true
                tone: "accent"
                onClicked: page.another = true
            }
        }
    }

    // --- During a break ------------------------------------------------------------------

    Item {
        Layout.fillWidth: true
        Layout.preferredHeight: page.circleSize + Theme.spacingXl
        visible: breakState.active

        Rectangle {
            id: circle

            anchors.centerIn: parent
            width: page.circleSize
            height: width
            radius: width / 2
            color: Theme.accentSoft

            // Out as it shrinks (6 s), in as it grows (4 s); it moves only while it can be seen.
            SequentialAnimation on scale {
                running: breakState.active && page.visible && page.StackView.status === StackView.Active
                         && Qt.application.state === Qt.ApplicationActive
                loops: Animation.Infinite

                NumberAnimation {
                    to: 0.84
                    duration: 6000
                    easing.type: Easing.InOutSine
                }
                NumberAnimation {
                    to: 1
                    duration: 4000
                    easing.type: Easing.InOutSine
                }
            }
        }
        Rectangle {
            anchors.centerIn: parent
            width: page.circleSize * 0.7
            height: width
            radius: width / 2
            color: Theme.surface
            border.width: Theme.hairline
            border.color: Theme.accentSoft
        }
        ColumnLayout {
            anchors.centerIn: parent
            width: page.circleSize * 0.6
            spacing: Theme.spacingXs

            Label {
                Layout.fillWidth: true
                objectName: "countdown"
                text: breakState.countdownText
                horizontalAlignment: Text.AlignHCenter
                font.family: Theme.headingFamily
                font.pixelSize: Theme.fontDisplay * 1.4
                color: Theme.text
                Accessible.role: Accessible.StaticText
                Accessible.name: qsTr("%1 left").arg(text)
            }
            Label {
                Layout.fillWidth: true
                text: qsTr("Back at %1").arg(breakState.returnText)
                horizontalAlignment: Text.AlignHCenter
                color: Theme.textMuted
                font.pixelSize: Theme.fontSmall
                wrapMode: Text.WordWrap
            }
        }
    }
    Label {
        Layout.fillWidth: true
        visible: breakState.active
        text: qsTr("Breathe in as the circle grows, and out as it shrinks.")
        horizontalAlignment: Text.AlignHCenter
        color: Theme.textFaint
        font.pixelSize: Theme.fontSmall
        wrapMode: Text.WordWrap
    }
    Label {
        Layout.fillWidth: true
        visible: breakState.active
        text: breakState.headline
        horizontalAlignment: Text.AlignHCenter
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
        visible: breakState.active && breakState.repairTitle.length > 0
        text: qsTr("From the repair “%1”.").arg(breakState.repairTitle)
        horizontalAlignment: Text.AlignHCenter
        color: Theme.textMuted
        font.pixelSize: Theme.fontSmall
        wrapMode: Text.WordWrap
    }
    Label {
        Layout.fillWidth: true
        visible: breakState.active && !breakState.calledByMe
        text: qsTr("Give %1 this time, and use it to settle too. Try not to go over the argument in your head.").arg(breakState.calledByName)
        horizontalAlignment: Text.AlignHCenter
        color: Theme.textMuted
        wrapMode: Text.WordWrap
    }

    Card {
        Layout.fillWidth: true
        visible: breakState.active && breakState.soothingText.length > 0

        RowLayout {
            Layout.fillWidth: true
            spacing: Theme.spacingM

            Icon {
                Layout.alignment: Qt.AlignTop
                implicitWidth: Theme.iconSize
                implicitHeight: Theme.iconSize
                name: "breath"
                color: Theme.accent
            }
            ColumnLayout {
                Layout.fillWidth: true
                spacing: Theme.spacingXs

                Label {
                    Layout.fillWidth: true
                    text: qsTr("Something to do meanwhile")
                    color: Theme.textMuted
                    font.pixelSize: Theme.fontSmall
                    font.weight: Font.DemiBold
                }
                Label {
                    Layout.fillWidth: true
                    text: breakState.soothingText
                    color: Theme.text
                    wrapMode: Text.WordWrap
                }
            }
        }
    }
    Card {
        Layout.fillWidth: true
        visible: breakState.active

        Label {
            Layout.fillWidth: true
            text: qsTr("When you come back, you could say")
            color: Theme.textMuted
            font.pixelSize: Theme.fontSmall
            font.weight: Font.DemiBold
        }
        Label {
            Layout.fillWidth: true
            text: qsTr("“%1”").arg(breakState.returnPrompt)
            font.family: Theme.headingFamily
            font.italic: true
            color: Theme.text
            wrapMode: Text.WordWrap
        }
    }
    ActionButton {
        Layout.alignment: Qt.AlignHCenter
        objectName: "comeBackButton"
        visible: breakState.active && breakState.calledByMe && !Session.readOnly
        text: qsTr("I'm ready to come back")
        highlighted: true
        tone: "accent"
        onClicked: page.comeBack()
    }

    // --- Calling a break -----------------------------------------------------------------

    ColumnLayout {
        Layout.fillWidth: true
        visible: !breakState.active && (!breakState.timeUp || page.another)
        spacing: Theme.spacingL

        Label {
            Layout.fillWidth: true
            text: qsTr("Take a break")
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
            text: breakState.explanation
            font.pixelSize: Theme.fontBodyLarge
            color: Theme.textMuted
            wrapMode: Text.WordWrap
            lineHeight: 1.15
        }

        Card {
            Layout.fillWidth: true
            spacing: Theme.spacingM

            FormField {
                label: qsTr("How long?")
                hint: qsTr("At least %1 minutes: that is about how long a racing heart takes to settle.").arg(breakState.minimumMinutes)

                Flow {
                    Layout.fillWidth: true
                    spacing: Theme.spacingXs

                    Repeater {
                        model: page.presets

                        delegate: ChoiceChip {
                            id: preset

                            required property int modelData

                            text: breakState.lengthText(modelData)
                            checked: page.minutes === modelData
                            onClicked: {
                                page.minutes = modelData
                                checked = Qt.binding(() => page.minutes === preset.modelData)
                            }
                        }
                    }
                }
                RowLayout {
                    spacing: Theme.spacingS

                    Label {
                        text: qsTr("Or in minutes:")
                        color: Theme.textMuted
                        font.pixelSize: Theme.fontSmall
                    }
                    SpinBox {
                        from: breakState.minimumMinutes
                        to: breakState.maximumMinutes
                        stepSize: 5
                        editable: true
                        value: page.minutes
                        Accessible.name: qsTr("Minutes")
                        onValueModified: page.minutes = value
                    }
                }
            }
            RowLayout {
                Layout.fillWidth: true
                spacing: Theme.spacingS

                Icon {
                    implicitWidth: Theme.iconSizeSmall
                    implicitHeight: Theme.iconSizeSmall
                    name: "clock"
                    color: Theme.accent
                }
                Label {
                    Layout.fillWidth: true
                    objectName: "backAtLabel"
                    text: qsTr("Back at %1").arg(breakState.returnTextFor(page.minutes))
                    font.weight: Font.DemiBold
                    color: Theme.text
                }
            }
        }

        Card {
            Layout.fillWidth: true
            tint: Theme.surfaceAlt

            Label {
                Layout.fillWidth: true
                text: Session.partnerName.length > 0 ? qsTr("What to say to %1").arg(Session.partnerName) : qsTr("What to say")
                color: Theme.textMuted
                font.pixelSize: Theme.fontSmall
                font.weight: Font.DemiBold
            }
            Label {
                Layout.fillWidth: true
                text: qsTr("“%1”").arg(breakState.callPromptFor(page.minutes))
                font.family: Theme.headingFamily
                font.pixelSize: Theme.fontBodyLarge
                font.italic: true
                color: Theme.text
                wrapMode: Text.WordWrap
            }
            Label {
                Layout.fillWidth: true
                text: qsTr("Say where you'll be and that you're coming back. Then really take the time apart.")
                color: Theme.textMuted
                font.pixelSize: Theme.fontSmall
                wrapMode: Text.WordWrap
            }
        }

        FieldError {
            id: callError

            Layout.fillWidth: true
        }
        ActionButton {
            Layout.alignment: Qt.AlignRight
            objectName: "startBreakButton"
            visible: !Session.readOnly
            text: qsTr("Start the break")
            iconName: "pause"
            highlighted: true
            tone: "accent"
            onClicked: page.callBreak()
        }
    }
}
