import ArgumentParser
import Foundation
import HubspokeSimulation

/// How long and how often to simulate, shared by `simulate` and the staffing commands.
struct SimulationRunOptions: ParsableArguments {
    @Option(name: .long, help: "Weeks to simulate (default: the scenario's simulation.weeks).")
    var weeks: Int?

    @Option(name: .long, help: "Independent replications (of each policy or staffing option; default 20).")
    var replications: Int?

    @Option(name: .long, help: ArgumentHelp("Replications by precision: add replications until the 95% interval's half-width on --precision-kpi is within this share of its mean (0.05: 5%), confirmed over a look-ahead (Hoad, Robinson and Davies 2010).", valueName: "SHARE"))
    var precision: Double?

    @Option(name: .long, help: "The KPI of --precision (default wait_mean).")
    var precisionKpi: String?

    @Option(name: .long, help: "With --precision: at most this many replications (default 1000).")
    var maxReplications: Int?

    @Option(name: .long, help: "Seed of the random streams; every policy and option uses it (common random numbers).")
    var seed: UInt64 = 1

    @Option(name: .long, help: "Replications run at once (default: the number of cores). Results do not depend on it.")
    var threads: Int?

    @Flag(name: .long, help: "No progress bar on standard error (it is drawn only on a terminal).")
    var quiet = false

    func validate() throws {
        if let n = replications, !(1...100_000).contains(n) { throw ValidationError("--replications must be from 1 to 100000, got \(n)") }
        if precision == nil {
            if precisionKpi != nil { throw ValidationError("--precision-kpi needs --precision SHARE (e.g. --precision 0.05)") }
            if maxReplications != nil { throw ValidationError("--max-replications needs --precision SHARE (e.g. --precision 0.05)") }
        } else if replications != nil {
            throw ValidationError("--replications fixes the number of replications, --precision chooses it: give one or the other")
        }
        _ = try precisionRule()
        if let w = weeks, !(1...520).contains(w) { throw ValidationError("--weeks must be from 1 to 520 (ten years), got \(w)") }
        if let n = threads, !(1...256).contains(n) { throw ValidationError("--threads must be from 1 to 256, got \(n)") }
    }

    var threadCount: Int { threads ?? ProcessInfo.processInfo.activeProcessorCount }

    /// Replications of each policy or option: as given, 20 by default (the cap with --precision).
    var replicationCount: Int { precision == nil ? replications ?? 20 : maxReplications ?? PrecisionRule.defaultMaxReplications }

    /// The rule of --precision, checked (nil without it).
    func precisionRule() throws -> PrecisionRule? {
        guard let precision else { return nil }
        do {
            return try PrecisionRule.checked(precision: precision, kpi: precisionKpi ?? KPI.Key.waitMean.rawValue,
                                             maxReplications: maxReplications ?? PrecisionRule.defaultMaxReplications)
        } catch {
            throw ValidationError(error.description)
        }
    }

    /// The progress bar, on a terminal unless `--quiet`.
    func progressBar(_ label: String) -> ProgressBar? { quiet ? nil : ProgressBar(label: label) }
}
