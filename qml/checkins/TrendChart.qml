pragma ComponentBehavior: Bound

import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Hearth

// One measure of the check-ins over the weeks (closeness, mood or stress) as a small line chart:
// weeks from left to right, the weekly average from low to high, one line per partner in their
// colour, and each one's latest value beside the title. `trends` is CheckInsModel.trends.
ColumnLayout {
    id: chart

    property var trends: ({})
    property string measure: "closeness"
    property string title
    property string hint

    readonly property var weeks: trends.weeks ?? []
    readonly property var people: trends.people ?? []
    readonly property int scaleMin: trends.scaleMin ?? 1
    readonly property int scaleMax: trends.scaleMax ?? 5
    readonly property bool hasPoints: {
        for (let i = 0; i < people.length; ++i) {
            if ((people[i][measure] ?? []).length > 0)
                return true
        }
        return false
    }

    function latest(person: var): string {
        const points = person[measure] ?? []
        if (points.length === 0)
            return "–"
        return Number(points[points.length - 1].average).toLocaleString(Qt.locale(), "f", 1).replace(/[.,]0$/, "")
    }

    function summary(): string {
        const parts = []
        for (let i = 0; i < people.length; ++i)
            parts.push(qsTr("%1 %2").arg(people[i].name).arg(latest(people[i])))
        return qsTr("%1, latest week: %2. %3").arg(title).arg(parts.join(", ")).arg(hint)
    }

    spacing: Theme.spacingXs
    Accessible.role: Accessible.Chart
    Accessible.name: summary()
    onTrendsChanged: canvas.requestPaint()
    onMeasureChanged: canvas.requestPaint()

    RowLayout {
        Layout.fillWidth: true
        spacing: Theme.spacingS

        Label {
            Layout.fillWidth: true
            text: chart.title
            font.weight: Font.DemiBold
            color: Theme.text
            elide: Text.ElideRight
        }
        Repeater {
            model: chart.people

            delegate: RowLayout {
                id: now

                required property var modelData

                spacing: Theme.spacingXs

                Rectangle {
                    implicitWidth: Theme.dotSize
                    implicitHeight: Theme.dotSize
                    radius: width / 2
                    color: now.modelData.colour
                }
                Label {
                    text: chart.latest(now.modelData)
                    font.pixelSize: Theme.fontSmall
                    font.weight: Font.DemiBold
                    color: Theme.text
                }
            }
        }
    }

    Canvas {
        id: canvas

        // Room for the numbers of the scale on the left.
        readonly property real axis: Theme.spacingL
        readonly property real pad: Theme.spacingXs + Theme.spacingXs / 2

        Layout.fillWidth: true
        Layout.preferredHeight: Theme.chartHeight
        visible: chart.hasPoints
        onWidthChanged: requestPaint()
        onHeightChanged: requestPaint()

        onPaint: {
            const ctx = getContext("2d")
            ctx.reset()
            const weeks = chart.weeks
            const span = chart.scaleMax - chart.scaleMin
            if (width <= 0 || height <= 0 || weeks.length === 0 || span <= 0)
                return
            const plotLeft = axis + pad
            const plotWidth = width - plotLeft - pad
            const plotTop = pad
            const plotHeight = height - 2 * pad
            const xAt = i => weeks.length === 1 ? plotLeft + plotWidth / 2 : plotLeft + i * plotWidth / (weeks.length - 1)
            const yAt = v => plotTop + (chart.scaleMax - v) / span * plotHeight
            const index = {}
            for (let w = 0; w < weeks.length; ++w)
                index[weeks[w].weekOf] = w

            // The scale: a faint line per whole number, the two ends numbered.
            ctx.lineWidth = Theme.hairline
            ctx.strokeStyle = Theme.border
            ctx.fillStyle = Theme.textFaint
            ctx.font = Theme.fontCaption + "px \"" + Theme.fontFamily + "\""
            ctx.textBaseline = "middle"
            for (let v = chart.scaleMin; v <= chart.scaleMax; ++v) {
                const y = Math.round(yAt(v)) + 0.5
                ctx.beginPath()
                ctx.moveTo(plotLeft, y)
                ctx.lineTo(plotLeft + plotWidth, y)
                ctx.stroke()
                if (v === chart.scaleMin || v === chart.scaleMax)
                    ctx.fillText(String(v), 0, y)
            }

            // One line per person, a dot per week while there is room for dots.
            const dots = weeks.length <= 16
            for (let p = 0; p < chart.people.length; ++p) {
                const person = chart.people[p]
                const points = (person[chart.measure] ?? []).filter(pt => index[pt.weekOf] !== undefined)
                if (points.length === 0)
                    continue
                ctx.strokeStyle = person.colour
                ctx.fillStyle = person.colour
                ctx.lineWidth = Theme.iconStrokeBold
                ctx.lineJoin = "round"
                ctx.lineCap = "round"
                ctx.beginPath()
                for (let i = 0; i < points.length; ++i) {
                    const x = xAt(index[points[i].weekOf])
                    const y = yAt(points[i].average)
                    if (i === 0)
                        ctx.moveTo(x, y)
                    else
                        ctx.lineTo(x, y)
                }
                ctx.stroke()
                if (dots || points.length === 1) {
                    for (let j = 0; j < points.length; ++j) {
                        ctx.beginPath()
                        ctx.arc(xAt(index[points[j].weekOf]), yAt(points[j].average), Theme.dotSize * 0.4, 0, 2 * Math.PI)
                        ctx.fill()
                    }
                }
            }
        }
    }

    RowLayout {
        Layout.fillWidth: true
        Layout.leftMargin: canvas.axis
        visible: chart.hasPoints

        Label {
            text: chart.weeks.length > 0 ? qsTr("Week of %1").arg(chart.weeks[0].label) : ""
            font.pixelSize: Theme.fontCaption
            color: Theme.textFaint
        }
        Item {
            Layout.fillWidth: true
        }
        Label {
            visible: chart.weeks.length > 1
            text: chart.weeks.length > 0 ? chart.weeks[chart.weeks.length - 1].label : ""
            font.pixelSize: Theme.fontCaption
            color: Theme.textFaint
        }
    }
    Label {
        Layout.fillWidth: true
        visible: chart.hint.length > 0 && chart.hasPoints
        text: chart.hint
        font.pixelSize: Theme.fontCaption
        color: Theme.textFaint
        wrapMode: Text.WordWrap
    }
    Label {
        Layout.fillWidth: true
        visible: !chart.hasPoints
        text: qsTr("No answers to chart yet.")
        font.pixelSize: Theme.fontSmall
        color: Theme.textFaint
        wrapMode: Text.WordWrap
    }
}
