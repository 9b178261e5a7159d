import Foundation
import HubspokeModel
import HubspokeScenarioIO
import HubspokeSimulation
import HubspokeStaffing

/// A 20-option staffing sweep of Kent and Medway (EP 0.5..2 by 0.5 x SLT 0.6..1.4 by 0.2), each option
/// 100 replications of 52 weeks with the greedy policy, on every core (target: within 10% of the
/// 5.16 s measured before issue 19). Alternating with the same sweep collecting each option's national
/// return and equity (which no staffing output uses, so the sweep leaves them out), median of 3 runs
/// each (a run takes a few seconds in release), or of --repeat N.
func benchStaffing(repeats: Int?) throws {
    let km = try Scenario.embedded(sections: .all)
    let ranges = try RoleRange.parseAll(["EP=0.5..2:0.5", "SLT=0.6..1.4:0.2"], scenario: km)
    let levels = try Sweep.levels(base: km, ranges: ranges)
    let plan = SimulationPlan(policy: "greedy", weeks: 52, replications: 100, seed: 1)
    let threads = ProcessInfo.processInfo.activeProcessorCount
    let runs = repeats ?? 3
    var times: [Bool: Timings] = [false: Timings(), true: Timings()]
    var report: SweepReport?
    for _ in 0..<runs {
        for withReturn in [false, true] {
            var evaluator = try Evaluator(base: km, plan: plan, threads: threads, ranges: ranges)
            evaluator.collectsNationalReturn = withReturn
            let header = Sweep.header(base: km, ranges: ranges, evaluator: evaluator, targets: [], frontierKPI: KPI.Key.seenWithin4Weeks.rawValue,
                                      optionCount: levels.count)
            try times[withReturn]!.time { report = Sweep.assemble(header, try Sweep.run(levels, evaluator: &evaluator)) }
        }
    }
    let t = median(times[false]!.wall)
    let replicationYears = Double(levels.count * plan.replications * plan.weeks) / 52
    print("Kent and Medway staffing sweep, \(levels.count) options x \(plan.replications) replications x \(plan.weeks) weeks "
          + "(greedy, \(threads) threads): \(times[false]!.summary); "
          + "\(f(t / Double(levels.count), 2)) s per option, \(f(t / replicationYears * 1000, 1)) ms per simulated replication-year; "
          + "\(report!.frontier.count) options on the frontier")
    print("  the same sweep collecting each option's national return and equity, alternating: \(times[true]!.summary); "
          + "ratio without/with \(times[false]!.ratio(to: times[true]!))")
    try benchStaffingByPrecision(km, ranges: ranges, levels: levels, threads: threads)
}

/// The same sweep by precision (wait_mean within 5%, at most 100 replications an option): one run,
/// with the replications each option took.
func benchStaffingByPrecision(_ km: Scenario, ranges: [RoleRange], levels: [StaffingLevel], threads: Int) throws {
    let rule = PrecisionRule(kpi: .waitMean, relativeHalfWidth: 0.05, maxReplications: 100)
    var evaluator = try Evaluator(base: km, plan: SimulationPlan(policy: "greedy", weeks: 52, replications: 100, seed: 1, precision: rule),
                                  threads: threads, ranges: ranges)
    var results: [OptionResult] = []
    let t = try seconds { results = try Sweep.run(levels, evaluator: &evaluator) }
    let reps = results.compactMap(\.replications)
    print("  the same sweep by precision (\(rule.summary), at most \(rule.maxReplications)): \(f(t, 2)) s, "
          + "\(reps.reduce(0, +)) replications in all (\(reps.min() ?? 0) to \(reps.max() ?? 0) an option), "
          + "\(results.filter { $0.converged == true }.count) of \(results.count) options converged")
}
