import ArgumentParser
import Foundation
import HubspokeModel
import HubspokeReports
import HubspokeSimulation
import HubspokeStaffing

struct StaffingCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "staffing",
        abstract: "Staffing and cost: what-if sweeps, least-cost staffing that meets targets, the year-by-year business case.",
        discussion: """
        Staffing is given as FTE per role (0.1 FTE = one session a week). Posts based at spokes stay as they are; \
        the rest of a role's FTE is at the hub: its hub posts kept while they fit, and new posts cloned from the \
        first. Every option is simulated with the same seed (common random numbers) and costed from the \
        scenario's costs: section.

        \(ExitStatus.help([.success, .badInput, .targetsNotMet, .noResult, .usage]))
        """,
        subcommands: [StaffingSweepCommand.self, StaffingLeastCostCommand.self, StaffingBusinessCaseCommand.self],
        defaultSubcommand: StaffingSweepCommand.self
    )
}

/// What the staffing commands share: the ranges, the targets and how each option is simulated.
struct StaffingOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("A role's FTE to try: ROLE=LOW..HIGH:STEP (step 0.5 if left out), ROLE=A,B,C or ROLE=FTE. Repeat for each role.", valueName: "ROLE=RANGE"))
    var vary: [String] = []

    @Option(name: .long, help: ArgumentHelp("A target: KEY>=VALUE or KEY<=VALUE, e.g. seen_within_4_weeks>=90, worst_pru_seen_within_4_weeks>=80 (every PRU), utilisation<=85, annual_cost<=500000. Repeatable.", valueName: "KEY>=VALUE"))
    var target: [String] = []

    @Option(name: .long, help: "Allocation policy simulated: greedy (fast), proportional, fixed or optimal.")
    var policy: String = "greedy"

    @OptionGroup var runs: SimulationRunOptions

    func validate() throws {
        if !PolicyCatalog.names.contains(policy) {
            throw ValidationError("unknown policy \"\(policy)\" (expected one of: \(PolicyCatalog.names.joined(separator: ", ")))")
        }
    }

    func plan(_ scenario: Scenario) -> SimulationPlan {
        SimulationPlan(policy: policy, weeks: runs.weeks ?? scenario.simulation?.weeks ?? 52, replications: runs.replicationCount, seed: runs.seed,
                       precision: try? runs.precisionRule())
    }

    var threadCount: Int { runs.threadCount }

    func ranges(_ scenario: Scenario) throws -> [RoleRange] { try Fail.staffing { () throws(StaffingError) in try RoleRange.parseAll(vary, scenario: scenario) } }

    func targets() throws -> [Target] { try Fail.staffing { () throws(StaffingError) in try target.map { t throws(StaffingError) in try Target.parse(t) } } }

    /// The scenario, the ranges and the targets, after checking the output format.
    func request(_ scenarioOptions: ScenarioOptions, _ output: OutputOptions) throws -> (Scenario, [RoleRange], [Target]) {
        if output.format == .ics { throw Fail.message("--format ics is for rotas; staffing writes table, csv, json or html", .usage) }
        let scenario = try scenarioOptions.load()
        let request = (scenario, try ranges(scenario), try targets())
        try output.checkDestinations()
        return request
    }

    func evaluator(_ scenario: Scenario, ranges: [RoleRange]) throws -> Evaluator {
        try Fail.staffing { () throws(StaffingError) in try Evaluator(base: scenario, plan: plan(scenario), threads: threadCount, ranges: ranges) }
    }
}

extension Fail {
    /// Runs staffing work, turning its errors into a message and their exit status.
    static func staffing<T>(_ body: () throws(StaffingError) -> T) throws -> T {
        do { return try body() } catch { throw message(error.description, ExitStatus(error)) }
    }

    /// A progress bar over replications, as a callback (nil when standard error is not a terminal).
    static func progress(_ bar: ProgressBar?) -> (@Sendable (Int, Int) -> Void)? {
        guard let bar else { return nil }
        return { done, total in bar.update(done, total) }
    }
}

/// A staffing report, in every format it has.
protocol StaffingReportFormats {
    func table() -> String
    func csv() -> String
    func json() -> String
    func html() -> String
}

extension SweepReport: StaffingReportFormats {}
extension LeastCostReport: StaffingReportFormats {}
extension BusinessCaseReport: StaffingReportFormats {}

extension OutputOptions {
    /// Writes a staffing report in the chosen format (a sweep's single run and `hubspoke merge` both write through here).
    func emit(_ report: some StaffingReportFormats) throws {
        switch format {
        case .table: try emit(report.table())
        case .csv: try emit(report.csv())
        case .json: try emit(report.json())
        case .html: try emit(report.html())
        case .ics: throw Fail.message("--format ics is for rotas; staffing writes table, csv, json or html", .usage)
        }
    }
}
