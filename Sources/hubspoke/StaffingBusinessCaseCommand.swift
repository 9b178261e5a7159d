import ArgumentParser
import Foundation
import HubspokeReports
import HubspokeStaffing

struct StaffingBusinessCaseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "business-case",
        abstract: "Year by year: staffing, cost and expected KPIs, with referrals growing and pay rising.",
        discussion: """
        Example: hubspoke staffing business-case --years 5 --growth 0.05 --pay-uplift 0.03 --format csv. The staffing \
        is the scenario's, changed by --staffing ROLE=FTE; or, with --target and --vary, each year's cheapest staffing \
        that meets the targets (never fewer staff than the year before). Defaults come from the scenario's costs: \
        section. Exit status \(ExitStatus.targetsNotMet.rawValue) when a year's targets cannot be met in the ranges.
        """
    )

    @OptionGroup var scenarioOptions: ScenarioOptions
    @OptionGroup var staffing: StaffingOptions

    @Option(name: .customLong("staffing"), help: ArgumentHelp("A role's FTE every year, ROLE=FTE (repeatable; other roles as in the scenario).", valueName: "ROLE=FTE"))
    var fixedStaffing: [String] = []

    @Option(name: .long, help: "Years of the business case (default: costs.years, else 3).")
    var years: Int?

    @Option(name: .long, help: "Referral growth a year, e.g. 0.05 (default: costs.demand_growth).")
    var growth: Double?

    @Option(name: .long, help: "Pay rise a year, e.g. 0.03 (default: costs.pay_uplift).")
    var payUplift: Double?

    @Option(name: .long, help: "Non-pay rise a year (default: costs.non_pay_uplift).")
    var nonPayUplift: Double?

    @Option(name: .long, help: "With targets: most options to simulate a year.")
    var maxSimulations: Int = LeastCost.defaultMaxSimulations

    @OptionGroup var outputOptions: OutputOptions

    func run() throws {
        let (scenario, ranges, targets) = try staffing.request(scenarioOptions, outputOptions)
        let costs = scenario.costs
        let years = self.years ?? costs?.years ?? 3
        let growth = self.growth ?? costs?.demandGrowth ?? 0
        let payUplift = self.payUplift ?? costs?.payUplift ?? 0
        let nonPayUplift = self.nonPayUplift ?? costs?.nonPayUplift ?? 0
        if !(1...30).contains(years) { throw Fail.message("--years must be from 1 to 30, got \(years)", .badInput) }
        if !(-0.9...5).contains(growth) { throw Fail.message("--growth must be from -0.9 to 5 (a share a year: 0.05 is 5%), got \(growth)", .badInput) }
        for (name, x) in [("--pay-uplift", payUplift), ("--non-pay-uplift", nonPayUplift)] where !(-0.5...1).contains(x) {
            throw Fail.message("\(name) must be from -0.5 to 1 (a share a year: 0.03 is 3%), got \(x)", .badInput)
        }
        if !ranges.isEmpty && targets.isEmpty {
            throw Fail.message("--vary sets the search range of each year's least-cost staffing and needs --target; to fix the staffing, use --staffing ROLE=FTE", .badInput)
        }
        if !targets.isEmpty && !fixedStaffing.isEmpty {
            throw Fail.message("--staffing fixes the staffing, --target searches for it: give one or the other", .badInput)
        }
        let bar = staffing.runs.progressBar("simulating")
        let started = Date()
        let report = try Fail.staffing { () throws(StaffingError) in
            try BusinessCase.run(base: scenario, plan: staffing.plan(scenario), threads: staffing.threadCount, years: years, growth: growth,
                                 payUplift: payUplift, nonPayUplift: nonPayUplift,
                                 staffing: try BusinessCase.level(fixedStaffing, scenario: scenario), ranges: ranges, targets: targets,
                                 maxSimulations: maxSimulations, log: { line in bar?.finish(); Fail.note(line) })
        }
        bar?.finish()
        try outputOptions.emit(report)
        Fail.note("\(years) year(s) in \(String(format: "%.2f", Date().timeIntervalSince(started))) s")
        if report.years.contains(where: { !$0.missed.isEmpty }) {
            throw Fail.message("no staffing in the ranges meets the targets in year(s) \(report.years.filter { !$0.missed.isEmpty }.map { String($0.year) }.joined(separator: ", ")); those years show the top of the ranges", .targetsNotMet)
        }
    }
}
