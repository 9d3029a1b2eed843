import QtQuick
import QtQuick.Controls
import Hearth

// A quiet text button for a card's second and third actions: as wide as its words, so a row of
// them wraps neatly on a phone.
ActionButton {
    flat: true
    leftPadding: Theme.spacingS + Theme.spacingXs / 2
    rightPadding: Theme.spacingS + Theme.spacingXs / 2
    implicitWidth: Math.max(Theme.touchTarget, implicitContentWidth + leftPadding + rightPadding)
}
