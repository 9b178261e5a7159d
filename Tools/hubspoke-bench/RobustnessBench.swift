import Foundation
import HubspokeModel
import HubspokeScenarioIO
import HubspokePlanner
import GLPKSolver
import HubspokeSimulation

/// How one plan of the robustness benchmark ended.
struct PlanRun {
    var seconds: Double
    /// CPU time of the plan (every thread): steadier than the wall clock on a loaded machine.
    var cpu = 0.0
    var words: String
    var proven: Bool
    var withinTolerance: Bool
    var gap: Double?
    var objective: Double?
    var parts = 0
    var rounds = 0
}

/// Plans `scenario` with the default options (no limits: the default stopping rule applies).
func timedPlan(_ scenario: Scenario) -> PlanRun {
    var rota: Rota?
    var failure: String?
    let cpu0 = cpuSeconds()
    let t = seconds {
        do { rota = try RotaPlanner.plan(scenario, options: benchOptions()) } catch { failure = error is PlanConflict ? "conflict" : "failed" }
    }
    let cpu = cpuSeconds() - cpu0
    guard let r = rota else { return PlanRun(seconds: t, cpu: cpu, words: failure ?? "failed", proven: false, withinTolerance: false, gap: nil) }
    let proven = r.solver.status == .optimal && r.solver.tolerance == nil
    logParts(r)
    return PlanRun(seconds: t, cpu: cpu, words: r.solver.statusWords, proven: proven, withinTolerance: r.solver.status == .optimal && !proven, gap: r.solver.gap,
                   objective: r.solver.objective, parts: r.solver.parts, rounds: r.solver.rounds)
}

/// `HUBSPOKE_BENCH_LOG=1`: one line per plan on standard error (seed, time, how it ended, objective,
/// gap, parts and rounds), to find the slow seeds. `HUBSPOKE_BENCH_EXPORT=DIR`: the combined model of
/// every plan slower than 1 s written there as MPS (`<label>-<seed>.mps`), to study it in other solvers.
func logRun(_ label: String, seed: UInt64, _ run: PlanRun, scenario: Scenario) {
    let env = ProcessInfo.processInfo.environment
    if env["HUBSPOKE_BENCH_LOG"] != nil {
        let line = "\(label) seed \(seed): \(f(run.seconds, 3)) s (CPU \(f(run.cpu, 3)) s), \(run.words), objective \(run.objective.map { f($0, 4) } ?? "-"), "
            + "gap \(run.gap.map { f($0 * 100, 4) } ?? "-")%, \(run.parts) parts, \(run.rounds) rounds\n"
        FileHandle.standardError.write(Data(line.utf8))
    }
    if let dir = env["HUBSPOKE_BENCH_EXPORT"], run.seconds > 1 {
        try? GLPKSolver.write(RotaPlanner.combinedModel(scenario), format: .mps, to: "\(dir)/\(label)-\(seed).mps")
    }
}

/// The default plan options, with `HUBSPOKE_BENCH_TUNING=key=value,...` applied, to compare the
/// planner's tunings in one run: `quick` (quick-try nodes), `nodes` (the default node limit), `tol`
/// (tolerance), `heur` (the rounding heuristic, 0 or 1), `horizon` (the week-by-week search of
/// several weeks, 0 or 1), `weeknodes` (its sub-problems' node limit), `hfirst` (a horizon's first-round node limit), `wkeep` (the week search's kept gap), `wfall` (its fallback's node limit), `wstop` (the gap at which it stops without a --gap), `wpasses` (its passes), `woffer` (its sub-problems start from the rota, 0 or 1), `wcap` (it stops at `wkeep` where a role was capped, 0 or 1), `wrelaxed`, `wprice` and `wsteps` (a horizon planned a week at a time: the week without leave's share of the time, the share kept for the fairness price steps, and their number), `abposts` and `absteps` (the
/// search at the bound's posts and steps), and the cut families `gmi`, `mir`, `cov`, `clq` and `bt` (`blb`, `bph`, `dfs`) of both
/// rota solvers, `br1` and `brw` (the branching of the rota solver and of the whole-model solver:
/// `pch`, `mfv`, `ffv`, `lfv`, otherwise Driebeck and Tomlin), `whole` (`PlanOptions.wholeModelBelow`)
/// `servint` (`PlannerTuning.integralService`, 0 or 1), and `blossom`, `blossomplans` and `blossomgain`
/// (the blossom cuts' rounds, 0 for none, the largest model that gets them, the LP gain that keeps them),
/// `hblossom` (their rounds on horizons, in the roles' models alone).
func benchOptions() -> PlanOptions {
    var options = PlanOptions()
    options.captureLog = ["parts", "full"].contains(ProcessInfo.processInfo.environment["HUBSPOKE_BENCH_LOG"])
    // `HUBSPOKE_BENCH_LOG=phases`: each phase of the plan as it begins, with the seconds since the
    // plan started, to see where its time goes.
    if ProcessInfo.processInfo.environment["HUBSPOKE_BENCH_LOG"] == "phases" {
        let phases = PhaseLog()
        options.progress = { phases.note($0) }
    }
    let spec = ProcessInfo.processInfo.environment["HUBSPOKE_BENCH_TUNING"] ?? ""
    for item in spec.split(separator: ",") {
        let kv = item.split(separator: "=").map(String.init)
        guard kv.count == 2 else { continue }
        let (k, v) = (kv[0], kv[1])
        let on = v == "1"
        func cuts(_ change: (inout GLPKSolver.Tuning) -> Void) {
            change(&options.tuning.solver.tuning); change(&options.tuning.pseudocostSolver.tuning)
        }
        switch k {
        case "quick": options.tuning.quickNodeLimit = Int(v) ?? options.tuning.quickNodeLimit
        case "nodes": options.tuning.defaultNodeLimit = Int(v) ?? options.tuning.defaultNodeLimit
        case "tol": options.tuning.tolerance = Double(v) ?? options.tuning.tolerance
        case "heur": options.heuristic = on
        case "horizon": options.tuning.horizonSearch = on
        case "weeknodes": options.tuning.weekNodeLimit = Int(v) ?? options.tuning.weekNodeLimit
        case "hfirst": options.tuning.horizonFirstRoundNodeLimit = Int(v) ?? options.tuning.horizonFirstRoundNodeLimit
        case "wkeep": options.tuning.weekSearchKeepGap = Double(v) ?? options.tuning.weekSearchKeepGap
        case "wfall": options.tuning.weekFallbackNodeLimit = Int(v) ?? options.tuning.weekFallbackNodeLimit
        case "wstop": options.tuning.weekSearchStopGap = Double(v)
        case "wpasses": options.tuning.weekPasses = Int(v) ?? options.tuning.weekPasses
        case "woffer": options.tuning.weekOffersCurrent = on
        case "wcap": options.tuning.weekCappedStop = on
        case "abposts": options.tuning.atBoundPosts = Int(v) ?? options.tuning.atBoundPosts
        case "absteps": options.tuning.atBoundSteps = Int(v) ?? options.tuning.atBoundSteps
        case "wrelaxed": options.tuning.byWeekRelaxedShare = Double(v) ?? options.tuning.byWeekRelaxedShare
        case "wprice": options.tuning.byWeekPriceShare = Double(v) ?? options.tuning.byWeekPriceShare
        case "wsteps": options.tuning.byWeekPriceSteps = Int(v) ?? options.tuning.byWeekPriceSteps
        case "gmi": cuts { $0.gomoryCuts = on }
        case "mir": cuts { $0.mirCuts = on }
        case "cov": cuts { $0.coverCuts = on }
        case "clq": cuts { $0.cliqueCuts = on }
        case "servint": options.tuning.integralService = on
        case "blossom": options.tuning.blossomRounds = Int(v) ?? options.tuning.blossomRounds
        case "hblossom": options.tuning.horizonBlossomRounds = Int(v) ?? options.tuning.horizonBlossomRounds
        case "blossomplans": options.tuning.blossomPlanLimit = Int(v) ?? options.tuning.blossomPlanLimit
        case "blossomgain": options.tuning.blossomMinGain = Double(v) ?? options.tuning.blossomMinGain
        case "whole": options.wholeModelBelow = Int(v) ?? options.wholeModelBelow
        case "br1": options.tuning.solver.tuning.branching = branching(v)
        case "brw": options.tuning.wholeModelSolver.tuning.branching = branching(v)
        case "bt": cuts { $0.backtracking = v == "dfs" ? .depthFirst : v == "bph" ? .bestProjection : .bestLocalBound }
        default: FileHandle.standardError.write(Data("unknown tuning key \(k)\n".utf8))
        }
    }
    return options
}

/// Prints each new phase of a plan with the seconds since the first, and the best rota and bound then.
final class PhaseLog: @unchecked Sendable {
    private let lock = NSLock()
    private var started: Double?
    private var phase = ""

    func note(_ p: PlanProgress) {
        lock.lock(); defer { lock.unlock() }
        let now = Double(DispatchTime.now().uptimeNanoseconds) / 1e9
        let t0 = started ?? now
        started = t0
        guard p.phase != phase else { return }
        phase = p.phase
        let line = "    \(f(now - t0, 2)) s: \(p.phase) (best \(p.best.map { f($0, 3) } ?? "-"), bound \(p.bound.map { f($0, 3) } ?? "-"))\n"
        FileHandle.standardError.write(Data(line.utf8))
    }
}

/// A branching rule by its short name (`pch`, `mfv`, `ffv`, `lfv`; otherwise Driebeck and Tomlin).
private func branching(_ name: String) -> GLPKSolver.Tuning.Branching {
    switch name {
    case "pch": .hybridPseudocost
    case "mfv": .mostFractional
    case "ffv": .firstFractional
    case "lfv": .lastFractional
    default: .driebeckTomlin
    }
}

/// Prints the distribution of solve times and how the plans ended.
func summarise(_ label: String, _ runs: [PlanRun], slowest: [(UInt64, PlanRun)]) {
    let times = runs.map(\.seconds), cpu = runs.map(\.cpu).sorted()
    let proven = runs.filter(\.proven).count, tolerance = runs.filter(\.withinTolerance).count
    print("\(label): \(runs.count) plans; median \(f(median(times))) s, 99th percentile \(f(Statistics.quantile(sorted: times.sorted(), 0.99) ?? .nan)) s, max \(f(times.max() ?? .nan)) s (CPU: median \(f(median(cpu))) s, "
          + "99th percentile \(f(Statistics.quantile(sorted: cpu, 0.99) ?? .nan)) s, max \(f(cpu.last ?? .nan)) s); "
          + "proven optimal \(proven), optimal within the 0.01% tolerance \(tolerance), other \(runs.count - proven - tolerance); "
          + "largest gap \(f((runs.compactMap(\.gap).max() ?? .nan) * 100, 3))%")
    var ends: [String: Int] = [:]
    for r in runs { ends[r.words, default: 0] += 1 }
    print("  ends: " + ends.keys.sorted().map { "\($0) \(ends[$0]!)" }.joined(separator: ", "))
    print("  slowest: " + slowest.map { "seed \($0.0) \(f($0.1.seconds, 2)) s (\($0.1.words))" }.joined(separator: ", "))
}

/// Kent and Medway over `weeks` weeks, each request repeated every week with its own `week`
/// (so each week's sessions vary on their own), with minimum presence of 1 session a fortnight and
/// no protected time (as issue 14 measured it, before the team meeting and write-up time).
func kentMedwayWeeks(_ weeks: Int) throws -> Scenario {
    var sc = try Scenario.embedded()
    sc.protected = ProtectedTime()
    sc.weeks = weeks
    sc.rules.minimumPresence = MinimumPresence(sessions: 1, weeks: 2)
    sc.demand = (1...weeks).flatMap { w in sc.demand.map { var d = $0; d.week = w; return d } }
    return sc
}

/// 500 (or `count`) random Kent and Medway weeks and 50 (or `count / 10`) four-week variants with
/// minimum presence, each planned with no options: times, and how each plan ended.
func benchRobustness(count: Int?) throws {
    let weeks = count ?? 500, months = max(1, (count ?? 500) / 10)
    let variation = ScenarioVariation()
    for (label, base, n) in [("Kent and Medway weeks, random changes", try Scenario.embedded(), weeks),
                             ("Kent and Medway four term weeks, minimum presence, random changes", try kentMedwayTermMonth(), months)] {
        // `HUBSPOKE_BENCH_ONLY=week` or `month`: one of the two sets.
        if let only = ProcessInfo.processInfo.environment["HUBSPOKE_BENCH_ONLY"], only != (base.weeks == 1 ? "week" : "month") { continue }
        var runs: [PlanRun] = []
        var slowest: [(UInt64, PlanRun)] = []
        let first = UInt64(ProcessInfo.processInfo.environment["HUBSPOKE_BENCH_FIRST_SEED"].flatMap { Int($0) } ?? 1)
        for seed in first...(first + UInt64(n) - 1) {
            let scenario = variation.apply(to: base, seed: seed)
            let run = timedPlan(scenario)
            logRun(base.weeks == 1 ? "week" : "month", seed: seed, run, scenario: scenario)
            runs.append(run)
            slowest = Array((slowest + [(seed, run)]).sorted { $0.1.seconds > $1.1.seconds }.prefix(5))
            if isatty(STDERR_FILENO) == 1 { FileHandle.standardError.write(Data("\r\(label): \(seed)/\(n)".utf8)) }
        }
        if isatty(STDERR_FILENO) == 1 { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        summarise(label, runs, slowest: slowest)
    }
}

/// The four-week Kent and Medway models (the week's demand every week, and issue 14's case with
/// demand varied per week, leave, a pin and a forbid) solved by hubspoke and, where Python's
/// `highspy` is installed, by HiGHS on the exported MPS (the yardstick): both times and their ratio.
func benchHiGHS(repeats: Int?) throws {
    let only = ProcessInfo.processInfo.environment["HUBSPOKE_BENCH_ONLY"]
    for (label, sc) in [("Kent and Medway, 4 term weeks, minimum presence, no options", try kentMedwayTermMonth()),
                        ("Kent and Medway, 4 weeks, issue 14's case (demand per week, leave, pin, forbid), no options", try kentMedwayIssueMonth())] {
        // `HUBSPOKE_BENCH_ONLY=issue`: only issue 14's case.
        if only == "issue" && !label.contains("issue") { continue }
        var times: [Double] = []
        var last: Rota?
        for _ in 0..<(repeats ?? 3) { times.append(try seconds { last = try RotaPlanner.plan(sc, options: benchOptions()) }) }
        guard let rota = last else { return }
        report(label, times, rota)
        logParts(rota)
        try highsBeside(sc, hubspoke: median(times))
    }
}

/// HiGHS (Python's `highspy`, 1 thread) on the exported MPS of `sc`'s combined model, with the ratio
/// of hubspoke's median time to it; says so when highspy is not installed. `cap`: HiGHS's time limit
/// in seconds (then "no answer in N s" where it has not proven the optimum by then).
func highsBeside(_ sc: Scenario, hubspoke: Double, cap: Double? = nil) throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hubspoke-bench-highs-\(ProcessInfo.processInfo.processIdentifier)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let mps = dir.appendingPathComponent("km4.mps").path
    try GLPKSolver.write(RotaPlanner.combinedModel(sc), format: .mps, to: mps)
    let script = """
    import sys, time
    try:
        import highspy
    except ImportError:
        print("no highspy"); sys.exit(0)
    h = highspy.Highs(); h.setOptionValue("output_flag", False); h.setOptionValue("threads", 1)
    if len(sys.argv) > 2: h.setOptionValue("time_limit", float(sys.argv[2]))
    h.readModel(sys.argv[1]); t = time.time(); h.run(); s = time.time() - t
    i = h.getInfo()
    print("%s %.4f %.6f %.6f" % (h.modelStatusToString(h.getModelStatus()).replace(" ", "_"), s, i.objective_function_value, i.mip_gap))
    """
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    p.arguments = ["python3", "-c", script, mps] + (cap.map { [String($0)] } ?? [])
    let out = Pipe()
    p.standardOutput = out
    try p.run()
    let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    p.waitUntilExit()
    // HiGHS prints its banner on standard output first: the figures are the last line.
    let fields = (text.split(separator: "\n").last ?? "").split(separator: " ")
    guard fields.count == 4, let highs = Double(fields[1]) else { print("HiGHS: not run (\(text.isEmpty ? "python3 failed" : text))"); return }
    if let cap, fields[0] != "Optimal" {
        print("HiGHS (highspy, 1 thread) on the exported MPS: no answer in \(f(cap, 0)) s (\(fields[0]), best \(fields[2]), gap \(fields[3]))")
        return
    }
    print("HiGHS (highspy, 1 thread) on the exported MPS: \(fields[0]) in \(f(highs)) s, objective \(fields[2]), gap \(fields[3]); "
          + "hubspoke median / HiGHS = \(f(hubspoke / highs, 2))")
}
