import ArgumentParser
import Foundation

/// How long and how often to simulate, shared by `simulate` and the staffing commands.
struct SimulationRunOptions: ParsableArguments {
    @Option(name: .long, help: "Weeks to simulate (default: the scenario's simulation.weeks).")
    var weeks: Int?

    @Option(name: .long, help: "Independent replications (of each policy or staffing option).")
    var replications: Int = 20

    @Option(name: .long, help: "Seed of the random streams; every policy and option uses it (common random numbers).")
    var seed: UInt64 = 1

    @Option(name: .long, help: "Replications run at once (default: the number of cores). Results do not depend on it.")
    var threads: Int?

    @Flag(name: .long, help: "No progress bar on standard error (it is drawn only on a terminal).")
    var quiet = false

    func validate() throws {
        if !(1...100_000).contains(replications) { throw ValidationError("--replications must be from 1 to 100000, got \(replications)") }
        if let w = weeks, !(1...520).contains(w) { throw ValidationError("--weeks must be from 1 to 520 (ten years), got \(w)") }
        if let n = threads, !(1...256).contains(n) { throw ValidationError("--threads must be from 1 to 256, got \(n)") }
    }

    var threadCount: Int { threads ?? ProcessInfo.processInfo.activeProcessorCount }

    /// The progress bar, on a terminal unless `--quiet`.
    func progressBar(_ label: String) -> ProgressBar? { quiet ? nil : ProgressBar(label: label) }
}
