pragma ComponentBehavior: Bound

import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Hearth
import Hearth.Services

// The patterns of my moments in full, over the last 30 or 90 days or all of them: how many and
// how strong, the time of day, what happened, what I felt, what I needed and what my body did.
ScrollPage {
    id: page

    title: qsTr("Your patterns")
    objectName: "patternsPage"

    ActivationsModel {
        id: moments

        includePartner: false
    }

    Label {
        Layout.fillWidth: true
        text: qsTr("Only your own moments, in your time (%1). Patterns are not a verdict: they show where a little care, or a word to %2, could help.")
              .arg(Session.myTimeZone).arg(Session.partnerName.length > 0 ? Session.partnerName : qsTr("your partner"))
        color: Theme.textMuted
        wrapMode: Text.WordWrap
    }

    RangeSwitch {
        Layout.fillWidth: true
        days: moments.rangeDays
        onChosen: days => moments.rangeDays = days
    }

    Card {
        Layout.fillWidth: true
        visible: (moments.patterns.count ?? 0) > 0

        PatternsView {
            Layout.fillWidth: true
            patterns: moments.patterns
        }
    }

    EmptyState {
        Layout.fillWidth: true
        Layout.topMargin: Theme.spacingXl
        visible: (moments.patterns.count ?? 0) === 0
        icon: "chart"
        title: moments.myCount > 0 ? qsTr("No moments in this span") : qsTr("No moments yet")
        text: moments.myCount > 0 ? qsTr("Try a longer span to see your patterns.")
                                  : qsTr("Once you have noted a few moments, the patterns show here: when they tend to come, what sets them off and what you needed.")

        ActionButton {
            visible: moments.myCount > 0 && moments.rangeDays !== 0
            text: qsTr("Show all")
            flat: true
            onClicked: moments.rangeDays = 0
        }
    }
}
