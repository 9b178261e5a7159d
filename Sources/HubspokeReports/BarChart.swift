import HubspokeSupport

/// A horizontal bar chart drawn as inline SVG: one group of bars per category, one bar per
/// series. Accessible like every `Chart`: every bar has its own `<title>` giving the category,
/// series and value. Pair it with a `DataTable` of the same numbers (see `Figure`), which is
/// what screen readers and spreadsheets use.
public struct BarChart: Chart {
    public typealias Series = ChartSeries

    public var title: String
    /// One or two sentences saying what the chart shows, for screen readers.
    public var summary: String
    public var categories: [String]
    public var series: [Series]
    /// Unit of the values, shown under the axis ("sessions").
    public var unit: String
    /// Decimals shown in value labels.
    public var decimals: Int

    /// The colour of the first series; the others follow.
    public var firstColour: Int

    public init(title: String, summary: String, categories: [String], series: [Series], unit: String, decimals: Int = 0, firstColour: Int = 0) {
        self.title = title; self.summary = summary; self.categories = categories; self.series = series; self.unit = unit; self.decimals = decimals
        self.firstColour = firstColour
    }

    static let labelWidth = 170.0, valueRoom = 48.0, bar = 12.0, barGap = 2.0, groupGap = 10.0, axisHeight = 40.0

    public func svg(id: String) -> HTML {
        let s = BarChart.self
        let legend = ChartFrame.legend(series.enumerated().map { .init(name: $1.name, style: seriesStyle(firstColour + $0), mark: .swatch) },
                                       left: s.labelWidth)
        let groupHeight = Double(series.count) * (s.bar + s.barGap) - s.barGap + s.groupGap
        let plotTop = legend.height, plotHeight = Double(categories.count) * groupHeight
        let height = plotTop + plotHeight + s.axisHeight
        let plotWidth = ChartFrame.width - s.labelWidth - s.valueRoom
        let scale = ChartScale.nice(series.flatMap(\.values))
        let x = { (v: Double) in s.labelWidth + plotWidth * max(0, v) / scale.high }
        return ChartFrame.svg(id: id, title: title, summary: summary, height: height) {
            legend.html
            HTML.el("g", ["class": "axis", "aria-hidden": "true"]) {
                ChartFrame.ticksAcross(scale, x: x, top: plotTop, bottom: plotTop + plotHeight, format: .page())
                HTML.el("text", ["x": px(s.labelWidth + plotWidth / 2), "y": px(height - 6), "text-anchor": "middle"], text: unit)
            }
            for (c, category) in categories.enumerated() {
                let top = plotTop + Double(c) * groupHeight + s.groupGap / 2
                HTML.el("g", ["class": "category"]) {
                    HTML.el("text", ["x": px(s.labelWidth - 6), "y": px(top + (groupHeight - s.groupGap) / 2 + 4), "text-anchor": "end"],
                            text: category.count > 26 ? String(category.prefix(25)) + "…" : category)
                    for (i, se) in series.enumerated() {
                        let v = c < se.values.count ? se.values[c] : 0
                        let y = top + Double(i) * (s.bar + s.barGap)
                        HTML.el("rect", ["class": "series-\(seriesStyle(firstColour + i))", "x": px(s.labelWidth), "y": px(y),
                                         "width": px(x(v) - s.labelWidth), "height": px(s.bar)]) {
                            HTML.el("title", text: "\(category), \(se.name): \(fixed(v, decimals)) \(unit)")
                        }
                        HTML.el("text", ["class": "value", "x": px(x(v) + 4), "y": px(y + s.bar - 2), "aria-hidden": "true"], text: fixed(v, decimals))
                    }
                }
            }
        }
    }

    /// The axis end and tick step: a step of 1, 2 or 5 times a power of ten, at most five steps.
    static func axis(_ maxValue: Double) -> (max: Double, step: Double) {
        let s = ChartScale.nice([maxValue])
        return (s.high, s.step)
    }
}
