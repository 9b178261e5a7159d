import ArgumentParser
import Foundation
import HubspokeReports
import HubspokeStaffing

struct StaffingLeastCostCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "least-cost",
        abstract: "Find the cheapest staffing in the ranges that meets the targets: a GLPK capacity model proposes, the simulator confirms.",
        discussion: """
        Example: hubspoke staffing least-cost --vary EP=0.5..3:0.5 --vary SLT=0.6..2:0.2 \
        --target seen_within_4_weeks>=90 --target utilisation<=85. Reports the chosen staffing, its cost and KPIs, \
        and the next cheaper option with the target it misses. Exit status \(ExitStatus.targetsNotMet.rawValue) when nothing in the ranges meets the \
        targets (the report shows the best reached). Each simulation is logged on standard error.
        """
    )

    @OptionGroup var scenarioOptions: ScenarioOptions
    @OptionGroup var staffing: StaffingOptions

    @Option(name: .long, help: "Most options to simulate before stopping the search for cheaper ones.")
    var maxSimulations: Int = LeastCost.defaultMaxSimulations

    @OptionGroup var outputOptions: OutputOptions

    func run() throws {
        let (scenario, ranges, targets) = try staffing.request(scenarioOptions, outputOptions)
        var evaluator = try staffing.evaluator(scenario, ranges: ranges)
        let bar = staffing.runs.progressBar("simulating")
        evaluator.progress = Fail.progress(bar)
        let started = Date()
        let report = try Fail.staffing { () throws(StaffingError) in
            var search = try LeastCost(base: scenario, ranges: ranges, targets: targets, evaluator: evaluator, maxSimulations: maxSimulations,
                                       log: { line in bar?.finish(); Fail.note(line) })
            return try search.run()
        }
        bar?.finish()
        try outputOptions.emit(report)
        Fail.note("\(report.steps.count) option(s) simulated in \(String(format: "%.2f", Date().timeIntervalSince(started))) s")
        if !report.met {
            throw Fail.message("no staffing in the ranges meets \(targets.map(\.description).joined(separator: ", ")); the report shows the best reached", .targetsNotMet)
        }
    }
}
