import Foundation
import HubspokeModel
import HubspokeStaffing
import HubspokeSupport
import Testing
@testable import HubspokeReports

@Suite struct ChartTests {
    @Test func valuesAreWrittenWithoutTheLocale() {
        #expect(NumberFormat.page(prefix: "£")(1_234_567.4) == "£1,234,567")
        #expect(NumberFormat.page(decimals: 1, suffix: "%")(-1234.56) == "−1,234.6%")
        #expect(NumberFormat.page(decimals: 2)(999.999) == "1,000.00")
        #expect(NumberFormat.page()(12) == "12")
        #expect(NumberFormat.page(decimals: 1, plusSign: true)(2.34) == "+2.3" && NumberFormat.page(decimals: 1, plusSign: true)(-0.01) == "0.0")
    }

    /// One formatter for text, money and pages: only the minus sign, the separators and the signs
    /// differ, and a value that rounds to zero never shows a sign.
    @Test func oneFormatterForTextMoneyAndPages() {
        #expect(NumberFormat(decimals: 1)(-1234.56) == "-1234.6" && NumberFormat.page(decimals: 1)(-1234.56) == "−1,234.6")
        #expect(NumberFormat(decimals: 2)(-0.004) == "0.00" && NumberFormat.page(decimals: 2)(-0.004) == "0.00")
        #expect(NumberFormat(decimals: 3)(0.0005) == "0.001" && NumberFormat(decimals: 0)(2.5) == "3")
        #expect(NumberFormat.pounds(-12.4) == "-£12" && NumberFormat.pounds(46_148.2) == "£46,148")
        #expect(NumberFormat(decimals: 1, minus: .trueMinus, suffix: " days")(-2) == "−2.0 days")
        // The text and money helpers are this formatter, value for value.
        var g = SeededRandom(seed: 11)
        for _ in 0..<2_000 {
            let x = (g.unit() - 0.5) * pow(10, Double(Int(g.unit() * 9)))
            #expect(pounds(x) == NumberFormat.pounds(x), "\(x)")
            for d in 0...4 {
                let plain = fixed(x, d), page = NumberFormat.page(decimals: d)(x)
                #expect(page.replacingOccurrences(of: ",", with: "").replacingOccurrences(of: "−", with: "-") == plain, "\(x) \(d)")
            }
        }
        #expect(round4(1.23456) == 1.2346 && round4(-0.00004) == 0)
    }

    @Test func scalesHaveRoundTicksAndMayCrossZero() {
        #expect(ChartScale.nice([-3.5, 2.2]) == ChartScale(low: -4, high: 4, step: 2, decimals: 0))
        #expect(ChartScale.nice([0.12, 0.31]).step == 0.1)
        #expect(ChartScale.nice([0.12, 0.31]).decimals == 1)
        let cost = ChartScale.nice([310_000, 455_000], includeZero: false)
        #expect(cost.low == 300_000 && cost.high == 500_000 && cost.step == 50_000)
        #expect(ChartScale.nice([7, 7], includeZero: false).low < 7)
        #expect(ChartScale.nice([]) == ChartScale(low: 0, high: 1, step: 1, decimals: 0))
    }

    @Test func scatterChartFindsConnectsAndLabelsTheFrontier() {
        // Cost against wait (lower is better on both): C is beaten by B, D by A.
        let points: [ScatterChart.Point] = [
            .init(x: 100, y: 20, label: "A"), .init(x: 150, y: 12, label: "B", yLow: 10, yHigh: 14),
            .init(x: 160, y: 15, label: "C"), .init(x: 120, y: 25, label: "D"), .init(x: 200, y: 8, label: "E <best>"),
        ]
        let chart = ScatterChart(title: "Cost against wait", summary: "Five staffings.", xTitle: "Cost (£)", yTitle: "Mean wait (days)",
                                 xFormat: NumberFormat.page(prefix: "£"), yFormat: NumberFormat.page(decimals: 1),
                                 points: points, frontier: .pareto(xLowerIsBetter: true, yLowerIsBetter: true))
        #expect(chart.frontierIndices == [0, 1, 4])
        #expect(ScatterChart.pareto([(1, 1), (1, 1), (2, 0)], xLowerIsBetter: true, yLowerIsBetter: true) == [0, 1, 2])
        #expect(ScatterChart.pareto([(1, 5), (2, 9), (3, 7)], xLowerIsBetter: true, yLowerIsBetter: false) == [0, 1])
        let svg = chart.svg(id: "f").render()
        #expect(svg.contains("role=\"img\"") && svg.contains("aria-labelledby=\"f-title f-desc\""))
        #expect(svg.contains("<title id=\"f-title\">Cost against wait</title>") && svg.contains("<desc id=\"f-desc\">Five staffings.</desc>"))
        #expect(occurrences("<circle class=\"frontier-point\"", in: svg) == 3 + 1, "three points and the legend")
        #expect(occurrences("<circle class=\"point series-1\"", in: svg) == 2)
        #expect(occurrences("<path class=\"frontier-line\" d=\"M", in: svg) == 1)
        #expect(svg.contains("<title>B: Cost (£) £150; Mean wait (days) 12.0 (95% CI 10.0 to 14.0); on the frontier</title>"))
        #expect(svg.contains("<title>C: Cost (£) £160; Mean wait (days) 15.0</title>"))
        #expect(svg.contains(">E &lt;best&gt;</text>") && !svg.contains(">C</text>"), "frontier points are labelled")
        #expect(occurrences("class=\"error-bar\"", in: svg) == 1)

        var marked = chart
        marked.frontier = .marked
        marked.points[3].onFrontier = true
        #expect(marked.frontierIndices == [3])
        marked.frontier = .none
        #expect(!marked.svg(id: "g").render().contains("frontier"))
    }

    @Test func lineChartLeavesGapsAndMarksPoints() {
        let chart = LineChart(title: "T", summary: "S", x: [1, 2, 3, 4], series: [.init("a", values: [1, 2, nil, 4]), .init("b & c", values: [2, 2, 2, 2])],
                              xTitle: "Week", yTitle: "Children")
        let svg = chart.svg(id: "l").render()
        #expect(occurrences("<path class=\"line stroke-1\" d=\"M", in: svg) == 1)
        let d = String(svg.firstMatch(of: /class="line stroke-1" d="([^"]+)"/)!.1)
        #expect(d.filter { $0 == "M" }.count == 2 && d.filter { $0 == "L" }.count == 1, "\(d)")
        #expect(occurrences("<circle class=\"marker series-1\"", in: svg) == 3 && occurrences("<circle class=\"marker series-2\"", in: svg) == 4)
        #expect(svg.contains("<title>b &amp; c, week 4: 2</title>"))
        #expect(svg.contains("<title>a: 1 at week 1, 4 at week 4; lowest 1, highest 4</title>"))
    }

    @Test func intervalChartDrawsIntervalsAndAReference() {
        let chart = IntervalChart(title: "T", summary: "S", rows: [.init(label: "x", mean: -1, low: -2.5, high: 0.5),
                                                                    .init(label: "y", mean: 2, low: 1, high: 3, highlighted: true),
                                                                    .init(label: "z", mean: 1, low: nil, high: nil)],
                                  valueTitle: "Difference (days)", reference: (0, "no difference"), highlightMeaning: "excludes zero")
        let svg = chart.svg(id: "i").render()
        #expect(occurrences("<line class=\"interval stroke-", in: svg) == 2 * 3)
        #expect(occurrences("<circle class=\"point series-", in: svg) == 3)
        #expect(svg.contains("<title>y: 2.0 (95% CI 1.0 to 3.0); excludes zero</title>") && svg.contains("<title>z: 1.0</title>"))
        #expect(svg.contains("<g class=\"interval-row highlight\">"))
        #expect(svg.contains("<line class=\"reference\"") && svg.contains("<title>no difference: 0.0</title>"))
    }

    @Test func columnChartLabelsEveryCategoryThatFits() {
        let few = ColumnChart(title: "T", summary: "S", categories: ["a", "b", "c"], series: [.init("s", values: [1, 2, 3])], xTitle: "X", yTitle: "Y")
        #expect(occurrences("<rect class=\"series-1\"", in: few.svg(id: "c").render()) == 3 + 1)
        let names = (0..<40).map { "category \($0)" }
        let many = ColumnChart(title: "T", summary: "S", categories: names, series: [.init("s", values: names.map { _ in 1 })], xTitle: "X", yTitle: "Y")
        let svg = many.svg(id: "m").render()
        #expect(svg.contains(">category 0</text>") && !svg.contains(">category 1</text>"))
        #expect(svg.contains("<title>category 1, s: 1</title>"), "every column keeps its title")
    }
}
