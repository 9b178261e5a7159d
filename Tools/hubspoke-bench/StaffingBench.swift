import Foundation
import HubspokeModel
import HubspokeScenarioIO
import HubspokeSimulation
import HubspokeStaffing

/// A 20-option staffing sweep of Kent and Medway (EP 0.5..2 by 0.5 x SLT 0.6..1.4 by 0.2), each option
/// 100 replications of 52 weeks with the greedy policy, on every core. The median of 3 runs (a run takes
/// a few seconds in release), or of --repeat N.
func benchStaffing(repeats: Int?) throws {
    let km = try Scenario.embedded(sections: .all)
    let ranges = try RoleRange.parseAll(["EP=0.5..2:0.5", "SLT=0.6..1.4:0.2"], scenario: km)
    let levels = try Sweep.levels(base: km, ranges: ranges)
    let plan = SimulationPlan(policy: "greedy", weeks: 52, replications: 100, seed: 1)
    let threads = ProcessInfo.processInfo.activeProcessorCount
    let runs = repeats ?? 3
    var times: [Double] = []
    var report: SweepReport?
    for _ in 0..<runs {
        var evaluator = try Evaluator(base: km, plan: plan, threads: threads, ranges: ranges)
        let header = Sweep.header(base: km, ranges: ranges, evaluator: evaluator, targets: [], frontierKPI: KPI.Key.seenWithin4Weeks.rawValue,
                                  optionCount: levels.count)
        times.append(try seconds { report = Sweep.assemble(header, try Sweep.run(levels, evaluator: &evaluator)) })
    }
    let t = median(times)
    let replicationYears = Double(levels.count * plan.replications * plan.weeks) / 52
    print("Kent and Medway staffing sweep, \(levels.count) options x \(plan.replications) replications x \(plan.weeks) weeks "
          + "(greedy, \(threads) threads): \(runs == 1 ? "\(f(t, 2)) s, one run (use --repeat N for a median)" : "median \(f(t, 2)) s, min \(f(times.min()!, 2)) s, max \(f(times.max()!, 2)) s over \(runs) runs"); "
          + "\(f(t / Double(levels.count), 2)) s per option, \(f(t / replicationYears * 1000, 1)) ms per simulated replication-year; "
          + "\(report!.frontier.count) options on the frontier")
}
