pragma ComponentBehavior: Bound

import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts
import Hearth
import Hearth.Services

// A ComboBox for IANA time zones with a search field: typing "berlin", "new york" or "+05"
// narrows the list; Enter picks the first match. `value` is the chosen zone; `picked` is sent
// when the person chooses one.
ComboBox {
    id: picker

    property string value
    property string label: qsTr("Time zone")
    property string filterText
    readonly property var zones: Session.timeZones
    readonly property var matches: {
        const needle = filterText.trim().toLowerCase().replace(/ /g, "_")
        if (needle.length === 0)
            return zones
        // "+05", "utc-3": match the offset, which costs a look-up per zone, so only then.
        if (/^(utc|gmt)?[+-]/.test(needle))
            return zones.filter(z => Session.offsetLabel(z).toLowerCase().indexOf(needle.replace(/^(utc|gmt)/, "")) >= 0)
        return zones.filter(z => z.toLowerCase().indexOf(needle) >= 0)
    }

    signal picked(string zone)

    function choose(zone: string): void {
        value = zone
        popup.close()
        picked(zone)
    }

    function pretty(zone: string): string {
        return zone.replace(/_/g, " ").replace(/\//g, " / ")
    }

    model: zones
    currentIndex: zones.indexOf(value)
    displayText: value.length > 0 ? pretty(value) + "  ·  " + Session.offsetLabel(value) : qsTr("Choose a time zone")
    Accessible.name: label + ": " + displayText
    Layout.fillWidth: true

    onActivated: index => picker.choose(picker.zones[index])

    // Centred over the window rather than hanging under the field: with its search field it is
    // a small dialog, and that is what fits on a phone.
    popup: Popup {
        parent: Overlay.overlay
        anchors.centerIn: parent
        width: parent ? Math.min(parent.width - 2 * Theme.spacingL, Theme.dialogWidth) : Theme.dialogWidth
        height: parent ? Math.min(parent.height - 2 * Theme.spacingXxl, Theme.popupMaxHeight) : Theme.popupMaxHeight
        padding: Theme.spacingM
        modal: true
        focus: true

        background: Rectangle {
            radius: Theme.radiusL
            color: Theme.surface
            border.width: Theme.hairline
            border.color: Theme.border
        }

        Overlay.modal: Rectangle {
            color: Theme.scrim
        }

        onOpened: {
            picker.filterText = ""
            search.text = ""
            search.forceActiveFocus()
            list.currentIndex = Math.max(0, picker.matches.indexOf(picker.value))
            list.positionViewAtIndex(list.currentIndex, ListView.Center)
        }

        contentItem: ColumnLayout {
            spacing: Theme.spacingS

            Label {
                Layout.fillWidth: true
                Layout.leftMargin: Theme.spacingXs
                text: picker.label
                font.family: Theme.headingFamily
                font.pixelSize: Theme.fontTitle
                font.weight: Font.DemiBold
                color: Theme.text
                wrapMode: Text.WordWrap
            }
            TextField {
                id: search

                Layout.fillWidth: true
                placeholderText: qsTr("Search a city or region")
                Accessible.name: qsTr("Search time zones")
                inputMethodHints: Qt.ImhNoPredictiveText
                onTextEdited: {
                    picker.filterText = text
                    list.currentIndex = 0
                }
                Keys.onDownPressed: {
                    list.forceActiveFocus()
                    list.currentIndex = Math.min(1, list.count - 1)
                }
                Keys.onReturnPressed: if (picker.matches.length > 0) picker.choose(picker.matches[Math.max(0, list.currentIndex)])
                Keys.onEnterPressed: if (picker.matches.length > 0) picker.choose(picker.matches[Math.max(0, list.currentIndex)])
                Keys.onEscapePressed: picker.popup.close()
            }

            ListView {
                id: list

                Layout.fillWidth: true
                Layout.fillHeight: true
                clip: true
                model: picker.matches
                currentIndex: 0
                keyNavigationEnabled: true
                highlightMoveDuration: 0
                ScrollIndicator.vertical: ScrollIndicator {}
                Keys.onReturnPressed: if (currentIndex >= 0) picker.choose(picker.matches[currentIndex])
                Keys.onEnterPressed: if (currentIndex >= 0) picker.choose(picker.matches[currentIndex])
                Keys.onUpPressed: {
                    if (currentIndex <= 0)
                        search.forceActiveFocus()
                    else
                        decrementCurrentIndex()
                }

                delegate: ItemDelegate {
                    id: zoneDelegate

                    required property string modelData
                    required property int index

                    width: ListView.view.width
                    highlighted: ListView.isCurrentItem
                    Accessible.name: picker.pretty(modelData) + ", " + Session.offsetLabel(modelData)
                    onClicked: picker.choose(modelData)

                    background: Rectangle {
                        color: zoneDelegate.highlighted ? Theme.primarySoft : (zoneDelegate.hovered ? Theme.surfaceAlt : Theme.transparent)
                        radius: Theme.radiusS
                    }

                    contentItem: RowLayout {
                        spacing: Theme.spacingS

                        Label {
                            Layout.fillWidth: true
                            text: picker.pretty(zoneDelegate.modelData)
                            elide: Text.ElideRight
                            color: Theme.text
                            font.weight: zoneDelegate.modelData === picker.value ? Font.DemiBold : Font.Normal
                        }
                        Label {
                            text: Session.offsetLabel(zoneDelegate.modelData)
                            color: Theme.textMuted
                            font.pixelSize: Theme.fontSmall
                        }
                    }
                }

                Label {
                    anchors.centerIn: parent
                    width: parent.width - 2 * Theme.spacingL
                    visible: list.count === 0
                    horizontalAlignment: Text.AlignHCenter
                    wrapMode: Text.WordWrap
                    text: qsTr("No time zone matches “%1”.").arg(picker.filterText)
                    color: Theme.textMuted
                }
            }
        }
    }
}
