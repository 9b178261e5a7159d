import HubspokeModel
import HubspokeSupport

/// A line chart drawn as inline SVG: one line per series over a shared numeric x axis (weeks, a
/// staffing level). Lines differ in dash pattern as well as colour, so they read in grey print.
/// With up to 60 points a line, each point is also a marker with its own `<title>`; every line
/// has a `<title>` summing it up (first, last, lowest and highest value).
public struct LineChart: Chart {
    public struct Series: Sendable {
        public var name: String
        /// One value per x; nil leaves a gap in the line.
        public var values: [Double?]
        public init(_ name: String, values: [Double?]) { self.name = name; self.values = values }
    }

    public var title: String
    /// One or two sentences saying what the chart shows, for screen readers.
    public var summary: String
    /// The x of each value, in increasing order.
    public var x: [Double]
    public var series: [Series]
    /// Axis titles, with units: "Week", "Children waiting".
    public var xTitle: String
    public var yTitle: String
    public var xFormat: NumberFormat
    public var yFormat: NumberFormat
    public var yFromZero: Bool
    /// The colour of the first series; the others follow.
    public var firstColour: Int

    public init(title: String, summary: String, x: [Double], series: [Series], xTitle: String, yTitle: String,
                xFormat: NumberFormat = .page(), yFormat: NumberFormat = .page(), yFromZero: Bool = true, firstColour: Int = 1) {
        self.title = title; self.summary = summary; self.x = x; self.series = series; self.xTitle = xTitle; self.yTitle = yTitle
        self.xFormat = xFormat; self.yFormat = yFormat; self.yFromZero = yFromZero; self.firstColour = firstColour
    }

    static let markerLimit = 60

    public func svg(id: String) -> HTML {
        let legend = ChartFrame.legend(series.enumerated().map { .init(name: $1.name, style: seriesStyle(firstColour + $0), mark: .line) }, left: 60)
        let plot = PlotArea(top: legend.height + 8, height: 280, x: ChartScale.nice(x, includeZero: false),
                            y: ChartScale.nice(series.flatMap { $0.values.compactMap { $0 } }, includeZero: yFromZero), yFormat: yFormat)
        return ChartFrame.svg(id: id, title: title, summary: summary, height: plot.chartHeight) {
            legend.html
            plot.axes(xTitle: xTitle, yTitle: yTitle, xFormat: xFormat)
            for (k, s) in series.enumerated() { line(s, style: seriesStyle(firstColour + k), plot: plot) }
        }
    }

    private func line(_ s: Series, style: Int, plot: PlotArea) -> HTML {
        let points = zip(x, s.values).compactMap { x, v in v.map { (x: x, y: $0) } }
        var d: [String] = [], pen = "M"
        for (x, v) in zip(x, s.values) {
            guard let v else { pen = "M"; continue }
            d.append("\(pen)\(px(plot.x(x))) \(px(plot.y(v)))")
            pen = "L"
        }
        var about = s.name
        if let first = points.first, let last = points.last, let lo = points.map(\.y).min(), let hi = points.map(\.y).max() {
            about += ": \(yFormat(first.y)) at \(xTitle.lowercased()) \(xFormat(first.x)), \(yFormat(last.y)) at \(xTitle.lowercased()) \(xFormat(last.x));"
                + " lowest \(yFormat(lo)), highest \(yFormat(hi))"
        }
        return HTML.el("g", ["class": "series"]) {
            HTML.el("title", text: about)
            HTML.empty("path", ["class": "line stroke-\(style)", "d": d.joined(separator: " ")])
            if points.count <= LineChart.markerLimit {
                for p in points {
                    HTML.el("circle", ["class": "marker series-\(style)", "cx": px(plot.x(p.x)), "cy": px(plot.y(p.y)), "r": "2.5"]) {
                        HTML.el("title", text: "\(s.name), \(xTitle.lowercased()) \(xFormat(p.x)): \(yFormat(p.y))")
                    }
                }
            }
        }
    }
}
