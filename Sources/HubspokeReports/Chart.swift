import HubspokeSupport

/// A chart drawn as inline SVG. Every chart is accessible the same way: the `<svg>` has
/// `role="img"` and `aria-labelledby` naming its `<title>` and `<desc>`, every mark has its own
/// `<title>` (shown on hover), and a `Figure` puts the table of the same numbers beside it.
public protocol Chart: Sendable {
    /// The chart; `id` must be unique in the page (it names the title and description).
    func svg(id: String) -> HTML
}

/// A named row of values, one per category, for bar and column charts.
public struct ChartSeries: Sendable {
    public var name: String
    public var values: [Double]
    public init(_ name: String, values: [Double]) { self.name = name; self.values = values }
}

/// A linear axis with round ticks: a step of 1, 2 or 5 times a power of ten, at most `maxSteps`
/// steps from `low` to `high`.
struct ChartScale: Equatable {
    var low: Double, high: Double, step: Double
    /// Decimals a tick label needs (1 for a step of 0.5, 0 for a step of 5).
    var decimals: Int

    static func nice(_ values: [Double], includeZero: Bool = true, maxSteps: Int = 5) -> ChartScale {
        let finite = values.filter(\.isFinite)
        var lo = finite.min() ?? 0, hi = finite.max() ?? 0
        if includeZero { lo = min(lo, 0); hi = max(hi, 0) }
        if hi <= lo {
            if hi == 0 { return ChartScale(low: 0, high: 1, step: 1, decimals: 0) }
            let pad = abs(hi) / 10
            lo -= pad; hi += pad
        }
        let span = hi - lo
        var magnitude = 1.0, exponent = 0
        while magnitude * 10 <= span { magnitude *= 10; exponent += 1 }
        while magnitude > span { magnitude /= 10; exponent -= 1 }
        for (m, shift) in [(0.1, -1), (0.2, -1), (0.5, -1), (1, 0), (2, 0), (5, 0), (10, 1)] {
            let step = m * magnitude
            let top = (hi / step).rounded(.up) * step, bottom = (lo / step).rounded(.down) * step
            if ((top - bottom) / step).rounded() <= Double(maxSteps) {
                return ChartScale(low: bottom, high: top, step: step, decimals: max(0, -(exponent + shift)))
            }
        }
        return ChartScale(low: lo, high: hi, step: span, decimals: 2)
    }

    var ticks: [Double] { (0...Int(((high - low) / step).rounded())).map { low + Double($0) * step } }

    /// Where `v` falls, from 0 at `low` to 1 at `high`.
    func fraction(_ v: Double) -> Double { (v - low) / (high - low) }
}

/// A colour and line style of a series: `series-k` fills, `stroke-k` strokes (with a dash pattern
/// of its own, so lines differ without colour). Six styles, then they repeat.
func seriesStyle(_ k: Int) -> Int { ((k % 6) + 6) % 6 }

/// Pixel coordinates with one decimal, so the same chart gives the same bytes.
func px(_ v: Double) -> String { fixed(v, 1) }

/// A rough width of text at the charts' 11px font, for laying out legends and margins.
func textWidth(_ s: String) -> Double { Double(s.count) * 6.2 }

/// What every chart shares: the `<svg>` element with its title and description, and the legend.
enum ChartFrame {
    static let width = 640.0

    static func svg(id: String, title: String, summary: String, width: Double = width, height: Double,
                    @HTMLBuilder _ content: () -> [HTML]) -> HTML {
        HTML.el("svg", ["xmlns": "http://www.w3.org/2000/svg", "class": "chart", "role": "img",
                        "viewBox": "0 0 \(px(width)) \(px(height))", "aria-labelledby": "\(id)-title \(id)-desc"]) {
            HTML.el("title", ["id": "\(id)-title"], text: title)
            HTML.el("desc", ["id": "\(id)-desc"], text: summary)
            content()
        }
    }

    /// Grid lines down the plot at each tick of a value axis along the bottom, the tick labels under it.
    static func ticksAcross(_ scale: ChartScale, x: (Double) -> Double, top: Double, bottom: Double, format: NumberFormat) -> HTML {
        .group(scale.ticks.flatMap { v in [
            HTML.empty("line", ["x1": px(x(v)), "x2": px(x(v)), "y1": px(top), "y2": px(bottom)]),
            HTML.el("text", ["x": px(x(v)), "y": px(bottom + 14), "text-anchor": "middle"], text: format.text(v, decimals: scale.decimals)),
        ] })
    }

    struct LegendEntry {
        enum Mark { case swatch, line, point, frontier }
        var name: String
        var style: Int
        var mark: Mark
    }

    /// The legend: entries left to right from `left`, wrapping before `right`, rows of 18 px from `top`.
    static func legend(_ entries: [LegendEntry], left: Double, right: Double = width, top: Double = 0) -> (html: HTML, height: Double) {
        guard !entries.isEmpty else { return (.group([]), 0) }
        var x = left, y = top
        var parts: [HTML] = []
        for e in entries {
            let advance = 18 + textWidth(e.name) + 18
            if x > left && x + advance > right { x = left; y += 18 }
            let mid = y + 12
            switch e.mark {
            case .swatch: parts.append(HTML.empty("rect", ["class": "series-\(e.style)", "x": px(x), "y": px(y + 6), "width": "12", "height": "12"]))
            case .line: parts.append(HTML.empty("line", ["class": "line stroke-\(e.style)", "x1": px(x - 2), "x2": px(x + 14), "y1": px(mid), "y2": px(mid)]))
            case .point: parts.append(HTML.empty("circle", ["class": "point series-\(e.style)", "cx": px(x + 6), "cy": px(mid), "r": "4"]))
            case .frontier:
                parts.append(HTML.empty("line", ["class": "frontier-line", "x1": px(x - 2), "x2": px(x + 14), "y1": px(mid), "y2": px(mid)]))
                parts.append(HTML.empty("circle", ["class": "frontier-point", "cx": px(x + 6), "cy": px(mid), "r": "4.5"]))
            }
            parts.append(HTML.el("text", ["x": px(x + 18), "y": px(y + 16)], text: e.name))
            x += advance
        }
        return (HTML.el("g", ["class": "legend", "aria-hidden": "true"]) { parts }, y - top + 26)
    }
}

/// The plotting rectangle of a chart with a value axis up the side and, for scatter and line
/// charts, one along the bottom: maps values to pixels and draws the grid, ticks and axis titles.
struct PlotArea {
    var left: Double, top: Double, width: Double, height: Double
    var xScale: ChartScale?
    var yScale: ChartScale
    var yFormat: NumberFormat

    static let titleRoom = 18.0, right = 20.0, bottomRoom = 44.0

    /// A plot filling the chart's width below `top`, leaving room on the left for the y tick labels.
    init(top: Double, height: Double, x: ChartScale?, y: ChartScale, yFormat: NumberFormat, chartWidth: Double = ChartFrame.width) {
        let labels = y.ticks.map { yFormat.text($0, decimals: y.decimals) }
        left = PlotArea.titleRoom + max(28, labels.map(textWidth).max() ?? 0) + 8
        self.top = top; self.height = height; xScale = x; yScale = y; self.yFormat = yFormat
        width = chartWidth - left - PlotArea.right
    }

    var bottom: Double { top + height }
    var right: Double { left + width }
    /// The height of the whole chart.
    var chartHeight: Double { bottom + PlotArea.bottomRoom }

    func x(_ v: Double) -> Double { left + width * (xScale?.fraction(v) ?? 0) }
    func y(_ v: Double) -> Double { top + height * (1 - yScale.fraction(v)) }

    /// Grid lines and tick labels for both axes (the x axis when it is numeric), the axis titles,
    /// and a darker line at zero when the y axis crosses it.
    func axes(xTitle: String, yTitle: String, xFormat: NumberFormat = .page()) -> HTML {
        HTML.el("g", ["class": "axis", "aria-hidden": "true"]) {
            for v in yScale.ticks {
                HTML.empty("line", ["x1": px(left), "x2": px(right), "y1": px(y(v)), "y2": px(y(v))])
                HTML.el("text", ["x": px(left - 6), "y": px(y(v) + 4), "text-anchor": "end"], text: yFormat.text(v, decimals: yScale.decimals))
            }
            if let xs = xScale { ChartFrame.ticksAcross(xs, x: x, top: top, bottom: bottom, format: xFormat) }
            if yScale.low < 0 && yScale.high > 0 {
                HTML.empty("line", ["class": "zero", "x1": px(left), "x2": px(right), "y1": px(y(0)), "y2": px(y(0))])
            }
            HTML.el("text", ["class": "axis-title", "x": px(left + width / 2), "y": px(bottom + 36), "text-anchor": "middle"], text: xTitle)
            HTML.el("text", ["class": "axis-title", "x": px(-(top + height / 2)), "y": "13", "transform": "rotate(-90)", "text-anchor": "middle"], text: yTitle)
        }
    }
}

/// A chart with the table of its numbers beside it, under one caption.
public struct Figure: Sendable {
    public var caption: String
    public var chart: any Chart
    public var table: DataTable
    public init(caption: String, chart: any Chart, table: DataTable) { self.caption = caption; self.chart = chart; self.table = table }

    public func html(id: String) -> HTML {
        HTML.el("figure", ["class": "chart-with-table", "id": id]) {
            HTML.el("figcaption", text: caption)
            HTML.el("div", ["class": "chart-box"]) { chart.svg(id: "\(id)-chart") }
            HTML.el("div", ["class": "table-box"]) { table.html }
        }
    }
}
