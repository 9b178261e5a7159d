import ArgumentParser
import HubspokePlanner

/// The solver limits of `rota`, `plan` and `repair`.
struct SolverOptions: ParsableArguments {
    @Option(name: .long, help: "Stop after this many seconds with the best rota found.")
    var timeLimit: Double?

    @Option(name: .long, help: "Stop when the relative gap to the best bound is at most this (e.g. 0.01).")
    var gap: Double?

    @Option(name: .long, help: "Independent parts solved at once (default: the number of cores).")
    var threads: Int?

    @Flag(name: .long, help: "No live progress line on standard error while solving (it is drawn only on a terminal).")
    var quiet = false

    func validate() throws {
        if let t = timeLimit, !(t > 0 && t <= 86_400) { throw ValidationError("--time-limit must be more than 0 and at most 86400 seconds, got \(t)") }
        if let g = gap, !(g >= 0 && g < 1) { throw ValidationError("--gap must be at least 0 and less than 1, got \(g)") }
        if let n = threads, !(1...256).contains(n) { throw ValidationError("--threads must be from 1 to 256, got \(n)") }
    }

    var planOptions: PlanOptions {
        var o = PlanOptions(timeLimit: timeLimit, gap: gap)
        o.startedAt = CommandClock.started
        if let threads { o.threads = threads }
        return o
    }

    /// The live progress line, on a terminal unless `--quiet`; the caller finishes it once the plan
    /// is made (and on every way out: `finish` may be called again).
    func progressLine() -> PlanProgressLine? { PlanProgressLine(quiet: quiet) }

    /// The plan options, telling `line` the planner's progress.
    func planOptions(progress line: PlanProgressLine?) -> PlanOptions {
        var o = planOptions
        o.progress = line?.observer
        return o
    }
}

/// When the command started, on the planner's clock: `--time-limit` counts from here, so that it
/// bounds the whole command (reading the input, the plan, writing the output), not each solve.
enum CommandClock {
    static let started = PlanOptions.now()
    /// Reads the clock (a static `let` is set when first read): called first thing in `main`.
    static func start() { _ = started }
}
