import QtQuick
import QtQuick.Controls
import Hearth

// A small rounded label for a kind, a need or a status. `tone` picks the colours:
// "neutral", "primary", "accent", "warning" or "danger".
Label {
    id: chip

    property string tone: "neutral"

    leftPadding: Theme.spacingS + Theme.spacingXs / 2
    rightPadding: leftPadding
    topPadding: Theme.spacingXs / 2
    bottomPadding: Theme.spacingXs / 2
    font.pixelSize: Theme.fontCaption
    font.weight: Font.DemiBold
    elide: Text.ElideRight
    color: {
        switch (tone) {
        case "primary": return Theme.textOnPrimarySoft
        case "accent": return Theme.textOnAccentSoft
        case "warning": return Theme.warning
        case "danger": return Theme.danger
        }
        return Theme.textMuted
    }

    background: Rectangle {
        radius: height / 2
        color: {
            switch (chip.tone) {
            case "primary": return Theme.primarySoft
            case "accent": return Theme.accentSoft
            case "warning": return Theme.warningSoft
            case "danger": return Theme.dangerSoft
            }
            return Theme.surfaceAlt
        }
    }
}
