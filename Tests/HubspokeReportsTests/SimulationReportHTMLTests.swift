import Foundation
import Testing
import HubspokeSupport
import HubspokeModel
import HubspokeScenarioIO
import HubspokeSimulation
@testable import HubspokeReports

/// A small simulation of Kent and Medway (greedy and proportional, 3 replications of 10 weeks, the
/// first 2 a warm-up), run once for the whole test run.
enum SmallSimulation {
    static let policies = ["greedy", "proportional"]
    static let options = SimulationOptions(weeks: 10, replications: 3, seed: 5)

    static func run(threads: Int = 2, policies names: [String] = policies) throws -> (Scenario, SimulationReport) {
        let sc = try Scenario.embedded(sections: .all)
        var settings = try #require(sc.simulation)
        settings.warmUpWeeks = 2
        let model = ServiceModel(sc, settings: settings)
        var options = options
        options.threads = threads
        return (sc, try Simulator.run(model, policies: try names.map { try PolicyCatalog.make($0, model: model) }, options: options))
    }

    private static let once = Result { try run() }
    static var scenario: Scenario { get throws { try once.get().0 } }
    static var report: SimulationReport { get throws { try once.get().1 } }

    /// The charts the page draws: one per key KPI, the change in mean wait, the waiting list, the
    /// distribution of waits, utilisation by post and waits by site; the national return's referrals
    /// against the national dataset, and the waits by ethnicity, age band and PRU.
    static let figureIDs = SimulationPage.keyKPIs.map { "kpi-\($0)" } + ["difference-wait_mean", "waiting-list", "wait-distribution", "utilisation", "site-waits",
                                                                          "return-referrals", "equity-ethnicity", "equity-age_band", "equity-pru"]
}

/// The part of `html` from `start` to the first `end` after it.
func slice(_ html: String, from start: String, to end: String) -> String? {
    guard let a = html.range(of: start), let b = html.range(of: end, range: a.upperBound..<html.endIndex) else { return nil }
    return String(html[a.lowerBound..<b.upperBound])
}

func occurrences(_ needle: String, in html: String) -> Int { html.components(separatedBy: needle).count - 1 }

@Suite struct SimulationReportHTMLTests {
    let sc: Scenario, report: SimulationReport, html: String
    init() throws { sc = try SmallSimulation.scenario; report = try SmallSimulation.report; html = report.html(scenario: sc) }

    @Test func everyChartIsAnAccessibleSVGWithItsTableBeside() throws {
        #expect(occurrences("<svg ", in: html) == SmallSimulation.figureIDs.count)
        #expect(occurrences("<figure class=\"chart-with-table\"", in: html) == SmallSimulation.figureIDs.count)
        for id in SmallSimulation.figureIDs {
            let figure = try #require(slice(html, from: "<figure class=\"chart-with-table\" id=\"\(id)\">", to: "</figure>"), "\(id)")
            #expect(figure.contains("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" role=\"img\""), "\(id)")
            #expect(figure.contains("aria-labelledby=\"\(id)-chart-title \(id)-chart-desc\""), "\(id)")
            let title = try #require(slice(figure, from: "<title id=\"\(id)-chart-title\">", to: "</title>"), "\(id)")
            let desc = try #require(slice(figure, from: "<desc id=\"\(id)-chart-desc\">", to: "</desc>"), "\(id)")
            #expect(title.count > 40 && desc.count > 60, "\(id): \(title) \(desc)")
            #expect(figure.contains("<figcaption>"), "\(id)")
            #expect(figure.contains("<div class=\"table-box\"><table><caption>"), "\(id)")
        }
        // Each policy keeps its colour: a line per policy in the waiting list, columns for every bin.
        let line = try #require(slice(html, from: "id=\"waiting-list\"", to: "</figure>"))
        #expect(line.contains("<path class=\"line stroke-1\" d=\"M") && line.contains("<path class=\"line stroke-2\" d=\"M"))
        #expect(line.contains("<title>greedy, week 3: "), "the first measured week follows the warm-up")
        #expect(occurrences("<tr><th scope=\"row\" class=\"num\">", in: line) == report.weeks - report.warmUpWeeks)
        let histogram = try #require(slice(html, from: "id=\"wait-distribution\"", to: "</figure>"))
        let bins = report.policies[0].waitHistogram.count
        #expect(occurrences("<rect class=\"series-1\"", in: histogram) == bins + 1 && occurrences("<rect class=\"series-2\"", in: histogram) == bins + 1,
                "a column per bin and policy, and the legend")
        #expect(histogram.contains("<th scope=\"row\">0–1</th>") && histogram.contains("<th scope=\"row\">16 or more</th>"))
        let kpi = try #require(slice(html, from: "id=\"kpi-wait_mean\"", to: "</figure>"))
        let wait = try #require(report.policies[0].kpi(.waitMean))
        #expect(kpi.contains("<title>greedy: \(fixed(wait.mean, 1)) (95% CI \(fixed(wait.low!, 1)) to \(fixed(wait.high!, 1)))</title>"))
        let posts = try #require(slice(html, from: "id=\"utilisation\"", to: "</figure>"))
        #expect(occurrences("<rect class=\"series-", in: posts) == 2 * sc.posts.count + 2, "a bar per post and policy, and the legend")
    }

    @Test func headerTablesDifferencesAndChecks() throws {
        #expect(html.contains("<h1>Simulation: \(HTML.escape(report.scenario))</h1>"))
        #expect(html.contains("<dt>Replications</dt><dd>3</dd>"))
        #expect(html.contains("<dd>10: the first 2 weeks a warm-up, not measured; 8 weeks measured</dd>"))
        #expect(html.contains("<dt>Seed</dt><dd>5 "))
        for p in report.policies { #expect(html.contains("<tr><th scope=\"row\">\(p.name)</th><td>\(HTML.escape(p.summary))</td></tr>")) }

        // Key figures: every KPI, each mean with its interval.
        let kpis = try #require(slice(html, from: "<table class=\"kpi-table\">", to: "</table>"))
        for kpi in KPI.all { #expect(kpis.contains("<th scope=\"row\">\(HTML.escape(kpi.label))</th>")) }
        let seen = try #require(report.policies[1].kpi(.seen))
        #expect(kpis.contains("<td class=\"num\">\(fixed(seen.mean, 1))<span class=\"ci\">\(fixed(seen.low!, 1)) to \(fixed(seen.high!, 1))</span></td>"))
        #expect(!html.contains("<span class=\"ci\">-"), "a true minus sign")

        // Differences: proportional minus greedy (the report holds greedy minus proportional), marked where the interval excludes zero.
        let table = try #require(slice(html, from: "<table class=\"differences\">", to: "</table>"))
        #expect(table.contains("<th scope=\"col\" class=\"num\">proportional − greedy</th>"))
        let significant = report.differences.filter { $0.first == "greedy" && $0.significant }
        #expect(!significant.isEmpty)
        #expect(occurrences("<td class=\"num better\">", in: table) + occurrences("<td class=\"num worse\">", in: table) == significant.count)
        let seenDiff = try #require(report.differences.first { $0.kpi == .seen })
        let shown = fixed(-seenDiff.estimate.mean, 1).replacingOccurrences(of: "-", with: "−")
        #expect(table.contains(">\(seenDiff.estimate.mean < 0 ? "+" : "")\(shown)<span class=\"ci\">"))
        #expect(html.contains("id=\"difference-wait_mean\"") && html.contains("class=\"reference\""))

        // Sites, the quarterly return of each policy, accounting and Little's law.
        for site in report.policies[0].sites where (site.referrals?.mean ?? 0) > 0 {
            #expect(html.contains("<span class=\"id\">\(site.site)</span><span class=\"sub\">\(HTML.escape(site.name))</span>"))
        }
        for p in report.policies {
            #expect(html.contains("<caption>Quarterly return, \(p.name): referrals, and children seen by each role</caption>"))
            let a = p.accounting
            #expect(html.contains("<li>\(p.name): arrived \(a.arrived) = completed \(a.completed) + dropped out \(a.droppedOut) + waiting \(a.waiting) + in treatment \(a.inTreatment) (balances).</li>"))
            #expect(html.contains("<tr><th scope=\"row\">\(p.name)</th><td class=\"num\">\(fixed(p.littlesLaw.timeAverage, 2))</td>"))
        }
        #expect(html.contains("<th scope=\"col\" class=\"num\">Educational Psychologist</th>"), "roles by name")
    }

    @Test func isSelfContainedAndAccessible() {
        #expect(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"en-GB\">"))
        #expect(html.contains("<meta http-equiv=\"Content-Security-Policy\""))
        #expect(html.contains("@media print") && html.contains("<nav aria-label=\"Contents\">"))
        for banned in ["<script", "<link", "<img", "src=", "url(", "@import", "href=\"http", "href=\"//"] {
            #expect(!html.contains(banned), "\(banned)")
        }
        #expect(html.components(separatedBy: "href=\"").dropFirst().allSatisfy { $0.hasPrefix("#") })
        #expect(occurrences("<table", in: html) == occurrences("<caption>", in: html))
        #expect(!html.contains("<th>"), "every header cell has a scope")
        let ids = html.matches(of: #/ id="([^"]+)"/#).map { String($0.1) }
        #expect(Set(ids).count == ids.count, "ids are unique")
        for target in html.matches(of: /href="#([^"]+)"/).map({ String($0.1) }) { #expect(ids.contains(target), "\(target)") }
    }

    /// The same simulation gives the same page, whatever the number of threads.
    @Test func sameReportSameBytes() throws {
        let (_, again) = try SmallSimulation.run(threads: 1)
        #expect(again.html(scenario: sc) == html)
        #expect(report.html(scenario: sc) == html)
    }

    @Test func scenarioAndPolicyTextIsEscaped() throws {
        var hostile = report
        hostile.scenario = "A & B <i>"
        hostile.policies[0].summary = "<script>alert(\"x\")</script>"
        hostile.policies[0].sites[0].name = "O'Brien & \"Sons\""
        hostile.policies[0].sites[0].referrals = Estimate(mean: 1, halfWidth: 0.5, n: 3)
        let page = hostile.html()
        #expect(!page.contains("<script>") && !page.contains("<i>"))
        #expect(page.contains("<h1>Simulation: A &amp; B &lt;i&gt;</h1>"))
        #expect(page.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"))
        #expect(page.contains("O&#39;Brien &amp; &quot;Sons&quot;"))
    }

    @Test func onePolicyHasNoDifferences() throws {
        let (_, one) = try SmallSimulation.run(policies: ["greedy"])
        let page = one.html()
        #expect(!page.contains("id=\"differences\"") && !page.contains("<ul class=\"headlines\">"))
        #expect(occurrences("<svg ", in: page) == SmallSimulation.figureIDs.count - 1)
        #expect(page.contains("<th scope=\"col\" class=\"num\">EP</th>"), "role ids without a scenario")
    }
}

@Suite(.serialized) struct SimulationReportChromiumTests {
    @Test func loadsWithoutConsoleErrorsAndShowsEveryChart() throws {
        let report = try SmallSimulation.report
        let file = temporaryFolder().appendingPathComponent("simulation.html")
        try report.html(scenario: try SmallSimulation.scenario).write(to: file, atomically: true, encoding: .utf8)
        let page = try #require(try Chromium.load(file))
        #expect(page.consoleMessages == [])
        let dom = page.dom
        #expect(dom.contains("<h1>Simulation: \(HTML.escape(report.scenario))</h1>"))
        #expect(occurrences("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" role=\"img\"", in: dom) == SmallSimulation.figureIDs.count)
        for id in SmallSimulation.figureIDs {
            #expect(dom.contains("<figure class=\"chart-with-table\" id=\"\(id)\">"), "\(id)")
            #expect(dom.contains("<title id=\"\(id)-chart-title\">") && dom.contains("<desc id=\"\(id)-chart-desc\">"), "\(id)")
        }
        #expect(dom.contains("<table class=\"kpi-table\">") && dom.contains("<table class=\"differences\">"))
        #expect(occurrences("<table class=\"quarterly\">", in: dom) == report.policies.count)

        // In print, every section starts a page of its own.
        let pages = try #require(try Chromium.printedPages(file))
        #expect(pages >= 7 && pages <= 40, "\(pages) pages")
    }
}
