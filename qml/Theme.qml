pragma Singleton

import QtQuick
import Hearth.Services

// Hearth's look in one place: a warm palette (terracotta, clay, cream and a soft teal) in a light
// and a dark variant, spacing, radii, sizes and the type scale. No colour or pixel size is written
// anywhere else.
QtObject {
    id: theme

    // "system" follows the desktop: Qt.styleHints.colorScheme where Qt has it (6.5+), else the
    // lightness of the system palette's window colour, which is what Material.System reads in 6.4.
    readonly property bool systemDark: {
        const hints = Qt.styleHints
        if (hints && hints.colorScheme !== undefined && hints.colorScheme !== 0)
            return hints.colorScheme === 2
        return systemPalette.window.hslLightness < 0.5
    }
    readonly property SystemPalette systemPalette: SystemPalette {}
    readonly property bool dark: Session.theme === "dark" || (Session.theme === "system" && systemDark)

    // Colours.
    readonly property color background: dark ? "#1d1815" : "#fbf5ee"
    readonly property color surface: dark ? "#292220" : "#fffcf8"
    readonly property color surfaceAlt: dark ? "#342b27" : "#f5ebe0"
    readonly property color surfaceSunken: dark ? "#171311" : "#f1e5d8"
    readonly property color railBackground: dark ? "#231d1a" : "#f6ece2"
    readonly property color border: dark ? "#46392f" : "#e8d9ca"
    readonly property color borderStrong: dark ? "#6a5648" : "#d2bba7"
    readonly property color text: dark ? "#f4ebe3" : "#2f2520"
    readonly property color textMuted: dark ? "#c2b2a6" : "#6b5a50"
    readonly property color textFaint: dark ? "#968679" : "#93817a"
    readonly property color primary: dark ? "#e6906c" : "#b9583a"
    readonly property color primaryHover: dark ? "#eea383" : "#a44b2f"
    readonly property color textOnPrimary: dark ? "#2b160d" : "#ffffff"
    readonly property color primarySoft: dark ? "#4a3126" : "#f8e0d3"
    readonly property color textOnPrimarySoft: dark ? "#f7cdb8" : "#7c3a24"
    readonly property color accent: dark ? "#7cc4bb" : "#3a8078"
    readonly property color accentSoft: dark ? "#24403d" : "#dcefeb"
    readonly property color textOnAccentSoft: dark ? "#a9e0d8" : "#245a54"
    readonly property color clay: dark ? "#c59a7b" : "#a8795a"
    readonly property color clayTrack: dark ? "#3d322c" : "#efe2d5"
    readonly property color warning: dark ? "#e7b564" : "#9a6412"
    readonly property color warningSoft: dark ? "#45371f" : "#fbecd0"
    readonly property color danger: dark ? "#f08c80" : "#b23a30"
    readonly property color dangerSoft: dark ? "#4d2824" : "#fadcd6"
    readonly property color focus: dark ? "#7cc4bb" : "#2f6f68"
    readonly property color scrim: dark ? "#99000000" : "#66301c12"
    readonly property color transparent: "transparent"

    // Spacing (a 4-pixel grid).
    readonly property int spacingXs: 4
    readonly property int spacingS: 8
    readonly property int spacingM: 12
    readonly property int spacingL: 16
    readonly property int spacingXl: 24
    readonly property int spacingXxl: 32

    // Radii.
    readonly property int radiusS: 8
    readonly property int radiusM: 12
    readonly property int radiusL: 18
    readonly property int radiusPill: 999

    // Lines and sizes.
    readonly property int hairline: 1
    readonly property int focusLine: 2
    readonly property int touchTarget: 44
    readonly property int iconSize: 22
    readonly property int iconSizeSmall: 16
    readonly property int iconSizeLarge: 48
    readonly property int progressHeight: 8
    readonly property int dotSize: 10
    readonly property int chartHeight: 96
    readonly property int chartBarMaxWidth: 28
    readonly property int chartBarMinHeight: 3
    readonly property int ratingButtonSize: 44
    readonly property int timeColumnWidth: 64
    readonly property int weekdayButtonSize: 42
    readonly property int fieldMinWidth: 120
    readonly property int popupMaxHeight: 420
    readonly property int dialogWidth: 460

    // Icons are drawn in a 24-unit box; their line widths are in those units.
    readonly property real iconStroke: 2
    readonly property real iconStrokeBold: 2.5
    readonly property real letterSpacingCaps: 1

    // Layout.
    readonly property int windowWidth: 1280
    readonly property int windowHeight: 800
    readonly property int windowMinimumWidth: 360
    readonly property int windowMinimumHeight: 560
    readonly property int wideBreakpoint: 900
    readonly property int railWidth: 236
    readonly property int maxContentWidth: 760
    readonly property int pageMarginNarrow: 16
    readonly property int pageMarginWide: 32

    // Type scale.
    readonly property string fontFamily: "Noto Sans"
    readonly property string headingFamily: "Noto Serif"
    readonly property string monoFamily: "DejaVu Sans Mono"
    readonly property int fontCaption: 12
    readonly property int fontSmall: 13
    readonly property int fontBody: 15
    readonly property int fontBodyLarge: 17
    readonly property int fontTitle: 19
    readonly property int fontHeadline: 24
    readonly property int fontDisplay: 30
    readonly property int fontStep: 22
    readonly property int fontCode: 26
    readonly property int fontCodeSmall: 21

    // Motion.
    readonly property int durationShort: 120
    readonly property int durationMedium: 220

    // The colour of sync's dot: teal when up to date, terracotta while syncing, amber offline,
    // red on a problem, faint when sync is off or this person left the space.
    function syncColour(state: string): color {
        switch (state) {
        case "upToDate": return accent
        case "syncing": return primary
        case "offline": return warning
        case "error": return danger
        }
        return textFaint
    }

    function pageMargin(width: real): int {
        return width >= wideBreakpoint ? pageMarginWide : pageMarginNarrow
    }

    function columnWidth(width: real): real {
        return Math.min(width - 2 * pageMargin(width), maxContentWidth)
    }
}
