import QtQuick
import Hearth

// A small line icon drawn from SVG path data in a 24x24 box. The shapes are Hearth's own, kept
// here so that the app needs neither an icon font nor the SVG image plugin.
Canvas {
    id: icon

    property string name
    property color color: Theme.text
    property real strokeWidth: Theme.iconStroke
    property bool filled: false

    readonly property var paths: ({
        "today": "M12 2v2 M12 20v2 M4.9 4.9l1.4 1.4 M17.7 17.7l1.4 1.4 M2 12h2 M20 12h2 M4.9 19.1l1.4-1.4 M17.7 6.3l1.4-1.4 M16 12a4 4 0 1 1 -8 0a4 4 0 1 1 8 0",
        "rituals": "M17 2l3 3-3 3 M4 11V9a4 4 0 0 1 4-4h12 M7 22l-3-3 3-3 M20 13v2a4 4 0 0 1-4 4H4",
        "library": "M2 5c3-1 7-1 10 1v14c-3-2-7-2-10-1z M22 5c-3-1-7-1-10 1v14c3-2 7-2 10-1z",
        "settings": "M4 6h10 M18 6h2 M18 6a2 2 0 1 1 -4 0a2 2 0 1 1 4 0 M4 12h4 M12 12h8 M12 12a2 2 0 1 1 -4 0a2 2 0 1 1 4 0 M4 18h11 M19 18h1 M19 18a2 2 0 1 1 -4 0a2 2 0 1 1 4 0",
        "flame": "M12 2.5c1 4 6 6 6 11a6 6 0 0 1-12 0c0-3 1.6-5 3-6.2c0 2 .9 3.2 2 3.4c0-3-1-5.6 1-8.2z",
        "back": "M15 5l-7 7 7 7",
        "forward": "M9 5l7 7-7 7",
        "add": "M12 5v14 M5 12h14",
        "more": "M12 5h.01 M12 12h.01 M12 19h.01",
        "check": "M5 12.5l4.5 4.5L19 7",
        "skip": "M6 5l7 7-7 7 M17 5v14",
        "clock": "M12 7v5l3 2 M21 12a9 9 0 1 1 -18 0a9 9 0 1 1 18 0",
        "edit": "M4 20h4L19 9l-4-4L4 16z M13 7l4 4",
        "play": "M8 5l11 7-11 7z",
        "bell": "M6 16v-5a6 6 0 0 1 12 0v5l2 2H4z M10 20.5a2 2 0 0 0 4 0",
        "close": "M6 6l12 12 M18 6L6 18",
        "search": "M17 11a6 6 0 1 1 -12 0a6 6 0 1 1 12 0 M15.5 15.5L20 20",
        "calendar": "M4 6h16v14H4z M4 10h16 M8 3v4 M16 3v4",
        "export": "M12 15V3 M7 8l5-5 5 5 M5 14v6h14v-6",
        "pause": "M9 5v14 M15 5v14",
        "resume": "M8 5l11 7-11 7z",
        "archive": "M3 4h18v4H3z M5 8v12h14V8 M10 12h4",
        "heart": "M12 20s-7.5-4.5-7.5-10.2A4.2 4.2 0 0 1 12 7.4a4.2 4.2 0 0 1 7.5 2.4C19.5 15.5 12 20 12 20z",
        "up": "M6 15l6-6 6 6",
        "down": "M6 9l6 6 6-6",
        "lock": "M6 11h12v9H6z M8.5 11V8a3.5 3.5 0 0 1 7 0v3 M12 14.5v2",
        "leave": "M13 4H5v16h8 M10 12h10 M17 9l3 3-3 3",
        "globe": "M21 12a9 9 0 1 1 -18 0a9 9 0 1 1 18 0 M3 12h18 M12 3c3.2 3 3.2 15 0 18 M12 3c-3.2 3-3.2 15 0 18",
        "delete": "M4 7h16 M9 7V4h6v3 M6 7l1 13h10l1-13",
        "note": "M5 4h14v16H5z M8 9h8 M8 13h8 M8 17h5",
        "people": "M12 8a3 3 0 1 1 -6 0a3 3 0 1 1 6 0 M3 20c0-3.5 2.5-6 6-6s6 2.5 6 6 M15 5a3 3 0 0 1 0 6 M17 14c2.5.5 4 2.8 4 6",
        "steps": "M9 6h11 M9 12h11 M9 18h11 M4 6h.01 M4 12h.01 M4 18h.01",
        "sync": "M19.5 10A8 8 0 0 0 5 7.5 M4.5 3.5v4h4 M4.5 14A8 8 0 0 0 19 16.5 M19.5 20.5v-4h-4",
        "copy": "M9 9h11v11H9z M5 15H4V4h11v1",
        "device": "M7 3h10v18H7z M11 18h2",
        "alert": "M12 3.5l9 16H3z M12 10v4 M12 17h.01",
        "lifebuoy": "M21 12a9 9 0 1 1 -18 0a9 9 0 1 1 18 0 M16 12a4 4 0 1 1 -8 0a4 4 0 1 1 8 0 M5.6 5.6l3.6 3.6 M14.8 14.8l3.6 3.6 M18.4 5.6l-3.6 3.6 M9.2 14.8l-3.6 3.6",
        "us": "M8.5 18.5s-5.5-3.3-5.5-7.5A3 3 0 0 1 8.5 9.3A3 3 0 0 1 14 11c0 4.2-5.5 7.5-5.5 7.5z M13.2 6.6A3 3 0 0 1 21 8c0 3.4-3.6 6.2-5 7.2",
        "talk": "M4 5h12v8H9l-4 3v-3H4z M16 9h4v8h-1v3l-4-3h-4v-2",
        "repair": "M12 20s-7.5-4.5-7.5-10.2A4.2 4.2 0 0 1 12 7.4 M12 7.4a4.2 4.2 0 0 1 7.5 2.4C19.5 15.5 12 20 12 20 M12 7.4l-1.5 4 3 2-1.5 4",
        "chart": "M4 4v16h16 M8 16v-4 M12 16V8 M16 16v-6",
        "eye": "M2 12s3.6-7 10-7 10 7 10 7-3.6 7-10 7S2 12 2 12z M15 12a3 3 0 1 1 -6 0a3 3 0 1 1 6 0",
        "hidden": "M3 3l18 18 M10.6 5.1A10 10 0 0 1 12 5c6.4 0 10 7 10 7a17 17 0 0 1-3.2 3.9 M6.6 6.6C3.8 8.4 2 12 2 12s3.6 7 10 7a9.7 9.7 0 0 0 5.4-1.6 M9.9 9.9a3 3 0 0 0 4.2 4.2",
        "reply": "M10 8L4 13l6 5 M4 13h10a6 6 0 0 1 6 6",
        "sparkle": "M11 3l1.8 5.2L18 10l-5.2 1.8L11 17l-1.8-5.2L4 10l5.2-1.8z M18.5 15l.8 1.7 1.7.8-1.7.8-.8 1.7-.8-1.7-1.7-.8 1.7-.8z",
        "filter": "M3 5h18l-7 8v6l-4 2v-8z",
        "breath": "M12 3v4 M12 17v4 M3 12h4 M17 12h4 M16 12a4 4 0 1 1 -8 0a4 4 0 1 1 8 0",
        "offline": "M3 3l18 18 M9 18h8.5a3.5 3.5 0 0 0 1.3-6.8 M16.6 8.2A6 6 0 0 0 8.4 6.4 M6.3 9A4.5 4.5 0 0 0 6.5 18H9"
    })

    implicitWidth: Theme.iconSize
    implicitHeight: Theme.iconSize
    Accessible.ignored: true

    onNameChanged: requestPaint()
    onColorChanged: requestPaint()
    onFilledChanged: requestPaint()
    onWidthChanged: requestPaint()
    onHeightChanged: requestPaint()
    onPaint: {
        const ctx = getContext("2d")
        ctx.reset()
        const d = paths[name]
        if (!d || width <= 0 || height <= 0)
            return
        ctx.scale(width / 24, height / 24)
        ctx.lineWidth = strokeWidth
        ctx.lineCap = "round"
        ctx.lineJoin = "round"
        ctx.strokeStyle = color
        ctx.fillStyle = color
        ctx.path = d
        if (filled)
            ctx.fill()
        ctx.stroke()
    }
}
