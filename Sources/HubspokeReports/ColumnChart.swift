import HubspokeModel
import HubspokeSupport

/// A column chart drawn as inline SVG: categories along the bottom (histogram bins, quarters),
/// one column per series in each, values up the side. Every column has a `<title>` giving the
/// category, series and value.
public struct ColumnChart: Chart {
    public typealias Series = ChartSeries

    public var title: String
    /// One or two sentences saying what the chart shows, for screen readers.
    public var summary: String
    public var categories: [String]
    public var series: [Series]
    /// Axis titles, with units: "Weeks from referral to first session", "Share of first sessions (%)".
    public var xTitle: String
    public var yTitle: String
    public var format: NumberFormat
    /// The colour of the first series; the others follow.
    public var firstColour: Int

    public init(title: String, summary: String, categories: [String], series: [Series], xTitle: String, yTitle: String,
                format: NumberFormat = .page(), firstColour: Int = 1) {
        self.title = title; self.summary = summary; self.categories = categories; self.series = series
        self.xTitle = xTitle; self.yTitle = yTitle; self.format = format; self.firstColour = firstColour
    }

    public func svg(id: String) -> HTML {
        let legend = ChartFrame.legend(series.enumerated().map { .init(name: $1.name, style: seriesStyle(firstColour + $0), mark: .swatch) }, left: 60)
        let plot = PlotArea(top: legend.height + 8, height: 260, x: nil, y: ChartScale.nice(series.flatMap(\.values)), yFormat: format)
        let group = plot.width / Double(max(1, categories.count))
        let column = group * 0.8 / Double(max(1, series.count))
        // Every category's label when they fit under their columns, else every k-th.
        let every = max(1, Int(((categories.map(textWidth).max() ?? 0) + 6) / group) + 1)
        return ChartFrame.svg(id: id, title: title, summary: summary, height: plot.chartHeight) {
            legend.html
            plot.axes(xTitle: xTitle, yTitle: yTitle)
            for (c, category) in categories.enumerated() {
                let left = plot.left + Double(c) * group + group * 0.1
                HTML.el("g", ["class": "category"]) {
                    if c % every == 0 {
                        HTML.el("text", ["x": px(left + group * 0.4), "y": px(plot.bottom + 14), "text-anchor": "middle", "aria-hidden": "true"], text: category)
                    }
                    for (i, s) in series.enumerated() {
                        let v = c < s.values.count ? s.values[c] : 0
                        let top = plot.y(max(0, v))
                        HTML.el("rect", ["class": "series-\(seriesStyle(firstColour + i))", "x": px(left + Double(i) * column), "y": px(top),
                                         "width": px(column), "height": px(plot.y(0) - top)]) {
                            HTML.el("title", text: "\(category), \(s.name): \(format(v))")
                        }
                    }
                }
            }
        }
    }
}
