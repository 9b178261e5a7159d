import Foundation
import HubspokeModel
import HubspokeScenarioIO
import HubspokePlanner
import GLPKSolver
import HubspokeSimulation

/// How one plan of the robustness benchmark ended.
struct PlanRun {
    var seconds: Double
    var words: String
    var proven: Bool
    var withinTolerance: Bool
    var gap: Double?
}

/// Plans `scenario` with the default options (no limits: the default stopping rule applies).
func timedPlan(_ scenario: Scenario) -> PlanRun {
    var rota: Rota?
    var failure: String?
    let t = seconds {
        do { rota = try RotaPlanner.plan(scenario) } catch { failure = error is PlanConflict ? "conflict" : "failed" }
    }
    guard let r = rota else { return PlanRun(seconds: t, words: failure ?? "failed", proven: false, withinTolerance: false, gap: nil) }
    let proven = r.solver.status == .optimal && r.solver.tolerance == nil
    return PlanRun(seconds: t, words: r.solver.statusWords, proven: proven, withinTolerance: r.solver.status == .optimal && !proven, gap: r.solver.gap)
}

/// Prints the distribution of solve times and how the plans ended.
func summarise(_ label: String, _ runs: [PlanRun], slowest: [(UInt64, PlanRun)]) {
    let times = runs.map(\.seconds)
    let proven = runs.filter(\.proven).count, tolerance = runs.filter(\.withinTolerance).count
    print("\(label): \(runs.count) plans; median \(f(median(times))) s, 99th percentile \(f(Statistics.quantile(sorted: times.sorted(), 0.99) ?? .nan)) s, max \(f(times.max() ?? .nan)) s; "
          + "proven optimal \(proven), optimal within the 0.01% tolerance \(tolerance), other \(runs.count - proven - tolerance); "
          + "largest gap \(f((runs.compactMap(\.gap).max() ?? .nan) * 100, 3))%")
    var ends: [String: Int] = [:]
    for r in runs { ends[r.words, default: 0] += 1 }
    print("  ends: " + ends.keys.sorted().map { "\($0) \(ends[$0]!)" }.joined(separator: ", "))
    print("  slowest: " + slowest.map { "seed \($0.0) \(f($0.1.seconds, 2)) s (\($0.1.words))" }.joined(separator: ", "))
}

/// Kent and Medway over `weeks` weeks, each request repeated every week with its own `week`
/// (so each week's sessions vary on their own), with minimum presence of 1 session a fortnight.
func kentMedwayWeeks(_ weeks: Int) throws -> Scenario {
    var sc = try Scenario.embedded()
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
                             ("Kent and Medway four weeks, minimum presence, random changes", try kentMedwayWeeks(4), months)] {
        var runs: [PlanRun] = []
        var slowest: [(UInt64, PlanRun)] = []
        for seed in 1...UInt64(n) {
            let run = timedPlan(variation.apply(to: base, seed: seed))
            runs.append(run)
            slowest = Array((slowest + [(seed, run)]).sorted { $0.1.seconds > $1.1.seconds }.prefix(5))
            if isatty(STDERR_FILENO) == 1 { FileHandle.standardError.write(Data("\r\(label): \(seed)/\(n)".utf8)) }
        }
        if isatty(STDERR_FILENO) == 1 { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        summarise(label, runs, slowest: slowest)
    }
}

/// The four-week Kent and Medway model solved by hubspoke and, where Python's `highspy` is
/// installed, by HiGHS on the exported MPS (the yardstick): both times and their ratio.
func benchHiGHS(repeats: Int?) throws {
    let sc = try kentMedwayWeeks(4)
    var times: [Double] = []
    var last: Rota?
    for _ in 0..<(repeats ?? 3) { times.append(try seconds { last = try RotaPlanner.plan(sc) }) }
    guard let rota = last else { return }
    report("Kent and Medway, 4 weeks, minimum presence, no options", times, rota)
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
    h.readModel(sys.argv[1]); t = time.time(); h.run(); s = time.time() - t
    i = h.getInfo()
    print("%s %.4f %.6f %.6f" % (h.modelStatusToString(h.getModelStatus()), s, i.objective_function_value, i.mip_gap))
    """
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    p.arguments = ["python3", "-c", script, mps]
    let out = Pipe()
    p.standardOutput = out
    try p.run()
    let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    p.waitUntilExit()
    // HiGHS prints its banner on standard output first: the figures are the last line.
    let fields = (text.split(separator: "\n").last ?? "").split(separator: " ")
    guard fields.count == 4, let highs = Double(fields[1]) else { print("HiGHS: not run (\(text.isEmpty ? "python3 failed" : text))"); return }
    print("HiGHS (highspy, 1 thread) on the exported MPS: \(fields[0]) in \(f(highs)) s, objective \(fields[2]), gap \(fields[3]); "
          + "hubspoke median / HiGHS = \(f(median(times) / highs, 2))")
}
