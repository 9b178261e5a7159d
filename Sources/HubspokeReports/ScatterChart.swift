import HubspokeModel
import HubspokeSupport

/// A scatter chart drawn as inline SVG: one point per option (a staffing, a policy), optionally
/// with a vertical 95% interval, and optionally a frontier: the points no other point beats on
/// both axes, drawn larger, labelled and joined by a line. For a cost-against-service frontier:
///
///     ScatterChart(title: "Cost against mean wait", summary: "...",
///                  xTitle: "Cost a year (£)", yTitle: "Mean wait (days)",
///                  xFormat: NumberFormat.page(prefix: "£"), yFormat: NumberFormat.page(decimals: 1, suffix: " days"),
///                  points: options.map { .init(x: $0.cost, y: $0.wait.mean, label: $0.name, yLow: $0.wait.low, yHigh: $0.wait.high) },
///                  frontier: .pareto(xLowerIsBetter: true, yLowerIsBetter: true))
///
/// `frontierIndices` says which points are on the frontier, so a table beside the chart can mark
/// the same rows. Accessible like every `Chart`: each point has a `<title>` with its label and values.
public struct ScatterChart: Chart {
    public struct Point: Sendable {
        public var x: Double
        public var y: Double
        /// Names the point in its tooltip, and beside it when `labels` asks for it.
        public var label: String
        /// Index into `seriesNames` (its colour).
        public var series: Int
        /// A vertical interval (e.g. the 95% confidence interval of `y`), drawn as an error bar.
        public var yLow: Double?
        public var yHigh: Double?
        /// On the frontier, for `Frontier.marked`.
        public var onFrontier: Bool

        public init(x: Double, y: Double, label: String = "", series: Int = 0, yLow: Double? = nil, yHigh: Double? = nil, onFrontier: Bool = false) {
            self.x = x; self.y = y; self.label = label; self.series = series; self.yLow = yLow; self.yHigh = yHigh; self.onFrontier = onFrontier
        }
    }

    /// Which points form the frontier.
    public enum Frontier: Sendable, Equatable {
        case none
        /// The points marked `onFrontier`.
        case marked
        /// The points no other point beats: another point is at least as good on both axes and
        /// better on one (Pareto efficiency), given which direction is better on each axis.
        case pareto(xLowerIsBetter: Bool, yLowerIsBetter: Bool)
    }

    /// Which points carry their label beside them (every point has it in its tooltip).
    public enum Labels: Sendable { case none, frontier, all }

    public var title: String
    /// One or two sentences saying what the chart shows, for screen readers.
    public var summary: String
    /// Axis titles, with units: "Cost a year (£)".
    public var xTitle: String
    public var yTitle: String
    public var xFormat: NumberFormat
    public var yFormat: NumberFormat
    public var points: [Point]
    /// Legend names of the series; none (or one) draws no series legend.
    public var seriesNames: [String]
    public var frontier: Frontier
    /// The frontier's name in the legend.
    public var frontierName: String
    public var labels: Labels
    /// Whether each axis starts at zero (a cost axis usually should not).
    public var xFromZero: Bool
    public var yFromZero: Bool
    /// The colour of series 0; the others follow.
    public var firstColour: Int

    public init(title: String, summary: String, xTitle: String, yTitle: String, xFormat: NumberFormat = .page(),
                yFormat: NumberFormat = .page(), points: [Point], seriesNames: [String] = [], frontier: Frontier = .none,
                frontierName: String = "frontier", labels: Labels = .frontier, xFromZero: Bool = false, yFromZero: Bool = true,
                firstColour: Int = 1) {
        self.title = title; self.summary = summary; self.xTitle = xTitle; self.yTitle = yTitle; self.xFormat = xFormat; self.yFormat = yFormat
        self.points = points; self.seriesNames = seriesNames; self.frontier = frontier; self.frontierName = frontierName; self.labels = labels
        self.xFromZero = xFromZero; self.yFromZero = yFromZero; self.firstColour = firstColour
    }

    /// The indices of the frontier's points, from the smallest x to the largest.
    public var frontierIndices: [Int] {
        let chosen: [Int]
        switch frontier {
        case .none: return []
        case .marked: chosen = points.indices.filter { points[$0].onFrontier }
        case .pareto(let xLower, let yLower): chosen = ScatterChart.pareto(points.map { ($0.x, $0.y) }, xLowerIsBetter: xLower, yLowerIsBetter: yLower)
        }
        return chosen.sorted { (points[$0].x, points[$0].y, $0) < (points[$1].x, points[$1].y, $1) }
    }

    /// The indices of the points that no other point beats (at least as good on both axes and
    /// better on one), in their order. Equal points are all kept.
    public static func pareto(_ xy: [(x: Double, y: Double)], xLowerIsBetter: Bool, yLowerIsBetter: Bool) -> [Int] {
        let sx = xLowerIsBetter ? 1.0 : -1.0, sy = yLowerIsBetter ? 1.0 : -1.0
        return xy.indices.filter { i in
            let (xi, yi) = (sx * xy[i].x, sy * xy[i].y)
            return !xy.indices.contains { j in
                let (xj, yj) = (sx * xy[j].x, sy * xy[j].y)
                return xj <= xi && yj <= yi && (xj < xi || yj < yi)
            }
        }
    }

    public func svg(id: String) -> HTML {
        let onFrontier = frontierIndices
        let frontierSet = Set(onFrontier)
        var entries = seriesNames.count > 1
            ? seriesNames.enumerated().map { ChartFrame.LegendEntry(name: $1, style: seriesStyle(firstColour + $0), mark: .point) } : []
        if frontier != .none { entries.append(.init(name: frontierName, style: 0, mark: .frontier)) }
        let legend = ChartFrame.legend(entries, left: 60)
        let ys = points.flatMap { [$0.y, $0.yLow ?? $0.y, $0.yHigh ?? $0.y] }
        let plot = PlotArea(top: legend.height + 8, height: 300, x: ChartScale.nice(points.map(\.x), includeZero: xFromZero),
                            y: ChartScale.nice(ys, includeZero: yFromZero), yFormat: yFormat)
        return ChartFrame.svg(id: id, title: title, summary: summary, height: plot.chartHeight) {
            legend.html
            plot.axes(xTitle: xTitle, yTitle: yTitle, xFormat: xFormat)
            if onFrontier.count > 1 {
                HTML.empty("path", ["class": "frontier-line",
                                    "d": onFrontier.enumerated().map { k, i in "\(k == 0 ? "M" : "L")\(px(plot.x(points[i].x))) \(px(plot.y(points[i].y)))" }.joined(separator: " ")])
            }
            // Ordinary points first, so the frontier's are drawn over them.
            for i in points.indices.filter({ !frontierSet.contains($0) }) + onFrontier {
                mark(points[i], frontier: frontierSet.contains(i), plot: plot)
            }
        }
    }

    private func mark(_ p: Point, frontier isOnFrontier: Bool, plot: PlotArea) -> HTML {
        let cx = plot.x(p.x), cy = plot.y(p.y)
        var tooltip = "\(p.label.isEmpty ? "" : p.label + ": ")\(xTitle) \(xFormat(p.x)); \(yTitle) \(yFormat(p.y))"
        if let lo = p.yLow, let hi = p.yHigh { tooltip += " (95% CI \(yFormat(lo)) to \(yFormat(hi)))" }
        if isOnFrontier { tooltip += "; on the \(frontierName)" }
        let labelled = !p.label.isEmpty && (labels == .all || (labels == .frontier && isOnFrontier))
        let nearRight = cx > plot.right - textWidth(p.label) - 10
        return HTML.el("g", ["class": isOnFrontier ? "mark on-frontier" : "mark"]) {
            HTML.el("title", text: tooltip)
            if let lo = p.yLow, let hi = p.yHigh {
                HTML.empty("line", ["class": "error-bar", "x1": px(cx), "x2": px(cx), "y1": px(plot.y(lo)), "y2": px(plot.y(hi))])
            }
            HTML.empty("circle", ["class": isOnFrontier ? "frontier-point" : "point series-\(seriesStyle(firstColour + p.series))",
                                  "cx": px(cx), "cy": px(cy), "r": isOnFrontier ? "5.5" : "4"])
            if labelled {
                HTML.el("text", ["class": "point-label", "x": px(nearRight ? cx - 8 : cx + 8), "y": px(cy - 7),
                                 "text-anchor": nearRight ? "end" : nil], text: p.label)
            }
        }
    }
}
