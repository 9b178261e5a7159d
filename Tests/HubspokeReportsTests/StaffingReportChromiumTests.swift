import Foundation
import HubspokeModel
import HubspokeScenarioIO
import HubspokeStaffing
import Testing
@testable import HubspokeReports

/// The staffing sweep's HTML report, with its cost-against-service frontier chart, rendered in
/// headless Chromium like the rota and simulation reports.
@Suite(.serialized) struct StaffingReportChromiumTests {
    @Test func sweepReportLoadsWithoutConsoleErrorsAndShowsItsFrontier() throws {
        let km = try Scenario.embedded(sections: .all)
        let ranges = try RoleRange.parseAll(["EP=0.5..1.5:0.5", "SLT=0.6,1.2"], scenario: km)
        var evaluator = try Evaluator(base: km, plan: SimulationPlan(policy: "greedy", weeks: 13, replications: 3, seed: 5), threads: 2, ranges: ranges)
        let levels = try Sweep.levels(base: km, ranges: ranges)
        let header = Sweep.header(base: km, ranges: ranges, evaluator: evaluator, targets: [try Target.parse("seen_within_4_weeks>=90")],
                                  frontierKPI: "seen_within_4_weeks", optionCount: levels.count)
        let report = Sweep.assemble(header, try Sweep.run(levels, evaluator: &evaluator))
        #expect(report.options.count == 6 && !report.frontier.isEmpty)
        let file = temporaryFolder().appendingPathComponent("staffing.html")
        try report.html().write(to: file, atomically: true, encoding: .utf8)
        let page = try #require(try Chromium.load(file))
        #expect(page.consoleMessages == [])
        #expect(page.dom.contains("<html lang=\"en-GB\">"))
        let charts = page.dom.components(separatedBy: "class=\"chart\" role=\"img\"").count - 1
        #expect(charts >= 1, "the frontier chart is drawn as inline SVG")
        #expect(page.dom.contains("aria-labelledby="))
        #expect(page.dom.contains("<caption"))
        // Every option has a row in the report's tables.
        #expect(page.dom.components(separatedBy: "<tr").count - 1 > report.options.count)
    }
}
