import HubspokeModel
import HubspokeSupport

/// An interval chart (a forest plot) drawn as inline SVG: one row per estimate, a dot at the mean
/// and a bar across its 95% confidence interval, on a shared horizontal axis; optionally a
/// reference line (0 for differences, a target for a KPI). Rows can be highlighted (e.g. a
/// difference whose interval excludes zero). Each row has a `<title>` with the mean and interval.
public struct IntervalChart: Chart {
    public struct Row: Sendable {
        public var label: String
        public var mean: Double
        /// The interval; nil draws the mean alone (fewer than two replications).
        public var low: Double?
        public var high: Double?
        /// Drawn bold, with "highlighted" in its title.
        public var highlighted: Bool
        /// The row's colour (a series index); nil gives row `i` colour `firstColour + i`.
        public var colour: Int?

        public init(label: String, mean: Double, low: Double?, high: Double?, highlighted: Bool = false, colour: Int? = nil) {
            self.label = label; self.mean = mean; self.low = low; self.high = high; self.highlighted = highlighted; self.colour = colour
        }
    }

    public var title: String
    /// One or two sentences saying what the chart shows, for screen readers.
    public var summary: String
    public var rows: [Row]
    /// The axis title, with the unit: "Mean wait (days)".
    public var valueTitle: String
    public var format: NumberFormat
    /// A vertical line at this value, with its name (e.g. 0, "no difference").
    public var reference: (value: Double, name: String)?
    public var fromZero: Bool
    public var firstColour: Int
    /// What a highlighted row means, added to its title ("the interval excludes zero").
    public var highlightMeaning: String

    public init(title: String, summary: String, rows: [Row], valueTitle: String, format: NumberFormat = .page(decimals: 1),
                reference: (value: Double, name: String)? = nil, fromZero: Bool = true, firstColour: Int = 1,
                highlightMeaning: String = "highlighted") {
        self.title = title; self.summary = summary; self.rows = rows; self.valueTitle = valueTitle; self.format = format
        self.reference = reference; self.fromZero = fromZero; self.firstColour = firstColour; self.highlightMeaning = highlightMeaning
    }

    static let labelWidth = 150.0, valueRoom = 64.0, rowHeight = 24.0, top = 8.0, bottomRoom = 40.0

    public func svg(id: String) -> HTML {
        let s = IntervalChart.self
        let values = rows.flatMap { [$0.mean, $0.low ?? $0.mean, $0.high ?? $0.mean] } + (reference.map { [$0.value] } ?? [])
        let scale = ChartScale.nice(values, includeZero: fromZero)
        let left = s.labelWidth, width = ChartFrame.width - s.labelWidth - s.valueRoom
        let x = { (v: Double) in left + width * scale.fraction(v) }
        let bottom = s.top + Double(rows.count) * s.rowHeight
        return ChartFrame.svg(id: id, title: title, summary: summary, height: bottom + s.bottomRoom) {
            HTML.el("g", ["class": "axis", "aria-hidden": "true"]) {
                ChartFrame.ticksAcross(scale, x: x, top: s.top, bottom: bottom, format: format)
                HTML.el("text", ["class": "axis-title", "x": px(left + width / 2), "y": px(bottom + 32), "text-anchor": "middle"], text: valueTitle)
            }
            if let r = reference {
                HTML.el("line", ["class": "reference", "x1": px(x(r.value)), "x2": px(x(r.value)), "y1": px(s.top - 4), "y2": px(bottom)]) {
                    HTML.el("title", text: "\(r.name): \(format(r.value))")
                }
            }
            for (i, row) in rows.enumerated() {
                let y = s.top + (Double(i) + 0.5) * s.rowHeight
                let style = seriesStyle(row.colour ?? firstColour + i)
                HTML.el("g", ["class": row.highlighted ? "interval-row highlight" : "interval-row"]) {
                    HTML.el("title", text: tooltip(row))
                    HTML.el("text", ["class": "row-label", "x": px(left - 8), "y": px(y + 4), "text-anchor": "end"],
                            text: row.label.count > 24 ? String(row.label.prefix(23)) + "…" : row.label)
                    if let lo = row.low, let hi = row.high {
                        HTML.empty("line", ["class": "interval stroke-\(style)", "x1": px(x(lo)), "x2": px(x(hi)), "y1": px(y), "y2": px(y)])
                        for end in [lo, hi] {
                            HTML.empty("line", ["class": "interval stroke-\(style)", "x1": px(x(end)), "x2": px(x(end)), "y1": px(y - 5), "y2": px(y + 5)])
                        }
                    }
                    HTML.empty("circle", ["class": "point series-\(style)", "cx": px(x(row.mean)), "cy": px(y), "r": "5"])
                    HTML.el("text", ["class": "value", "x": px(left + width + 8), "y": px(y + 4), "aria-hidden": "true"], text: format(row.mean))
                }
            }
        }
    }

    func tooltip(_ row: Row) -> String {
        var t = "\(row.label): \(format(row.mean))"
        if let lo = row.low, let hi = row.high { t += " (95% CI \(format(lo)) to \(format(hi)))" }
        if row.highlighted { t += "; \(highlightMeaning)" }
        return t
    }
}
