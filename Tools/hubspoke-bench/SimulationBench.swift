import Foundation
import HubspokeModel
import HubspokeScenarioIO
import HubspokePlanner
import HubspokeTestSupport
import HubspokeSimulation

/// Kent and Medway over 52 weeks: 1,000 replications with `greedy` and 100 with `optimal`, on every
/// core; each a full `Simulator.run` (replications, statistics, report), as `hubspoke simulate` runs it.
func benchSimulate(repeats: Int?) throws {
    let sc = try Scenario.embedded(sections: .all)
    let model = ServiceModel(sc, settings: sc.simulation!)
    let threads = ProcessInfo.processInfo.activeProcessorCount
    for (policy, replications, runs) in [("greedy", 1000, repeats ?? 5), ("optimal", 100, repeats ?? 1)] {
        let p = try PolicyCatalog.make(policy, model: model)
        var times: [Double] = []
        var report: SimulationReport?
        for _ in 0..<runs {
            times.append(try seconds {
                report = try Simulator.run(model, policies: [p], options: SimulationOptions(weeks: 52, replications: replications, seed: 1, threads: threads))
            })
        }
        let r = report!.policies[0]
        print("Kent and Medway simulation, \(policy), \(replications) replications x 52 weeks on \(threads) threads: "
              + "median \(f(median(times), 2)) s, min \(f(times.min()!, 2)) s, max \(f(times.max()!, 2)) s over \(runs) run(s); "
              + "\(f(Double(replications * 52) / median(times), 0)) replication-weeks/s; mean wait \(f(r.kpi(.waitMean)!.mean, 2)) days, "
              + "referrals \(f(r.kpi(.referrals)!.mean, 1)) per replication")
    }
}

/// What the national return and equity by group cost `hubspoke simulate`: Kent and Medway, `greedy`,
/// 1,000 replications x 52 weeks on every core, with them (as the table, JSON and HTML need) and
/// without (`SimulationOptions.nationalReturn` off, as a CSV of KPIs or a staffing sweep runs),
/// alternating in one process, median of 5 (or --repeat N, at least 5), and the ratio.
func benchReturn(repeats: Int?) throws {
    let sc = try Scenario.embedded(sections: .all)
    let model = ServiceModel(sc, settings: sc.simulation!)
    let threads = ProcessInfo.processInfo.activeProcessorCount
    var times: [Bool: Timings] = [true: Timings(), false: Timings()]
    var waits: [Bool: String] = [:]
    for _ in 0..<max(5, repeats ?? 5) {
        for on in [true, false] {
            var report: SimulationReport?
            let options = SimulationOptions(weeks: 52, replications: 1000, seed: 1, threads: threads, nationalReturn: on)
            try times[on]!.time { report = try Simulator.run(model, policies: [GreedyPolicy()], options: options) }
            let p = report!.policies[0]
            waits[on] = "mean wait \(f(p.kpi(.waitMean)!.mean, 4)) days, \(p.nationalReturn.count) return rows, \(p.equity.count) equity groups"
        }
    }
    for on in [true, false] {
        print("Kent and Medway simulation, greedy, 1000 replications x 52 weeks on \(threads) threads, \(on ? "with" : "without") the national return and equity: "
              + "\(times[on]!.summary); \(waits[on]!)")
    }
    print("  ratio with/without: \(times[true]!.ratio(to: times[false]!)) (target: at most 1.10)")
}

/// The engine's throughput on an M/M/3 queue at 80% load (continuous service): children served per
/// second of wall clock, one thread and every core, against Erlang C's mean wait.
func benchQueue(repeats: Int?) throws {
    let lambda = 2.4, mu = 1.0
    let sc = try QueueingScenario.mmc(servers: 3, arrivalsPerHour: lambda, meanServiceHours: 1 / mu, weeks: 520, warmUpWeeks: 4)
    let model = ServiceModel(sc, settings: sc.simulation!)
    let theory = Statistics.erlangCMeanWait(lambda: lambda, mu: mu, servers: 3)! * 60
    for threads in [1, ProcessInfo.processInfo.activeProcessorCount] {
        var times: [Double] = []
        var report: SimulationReport?
        for _ in 0..<(repeats ?? 5) {
            times.append(try seconds {
                report = try Simulator.run(model, policies: [GreedyPolicy()], options: SimulationOptions(weeks: 520, replications: 4 * threads, seed: 1, threads: threads))
            })
        }
        let p = report!.policies[0]
        let customers = Double(p.accounting.arrived)
        let wait = p.kpi(.waitMean)!
        print("M/M/3 at 80% load, \(4 * threads) replications x 520 weeks on \(threads) thread(s): \(Int(customers)) children; "
              + "median \(f(median(times), 2)) s (min \(f(times.min()!, 2)), max \(f(times.max()!, 2)), \(times.count) runs): "
              + "\(f(customers / median(times), 0)) children/s; mean wait \(f(wait.mean * 24 * 60, 2)) ± \(f((wait.halfWidth ?? .nan) * 24 * 60, 2)) min, Erlang C \(f(theory, 2)) min")
    }
}

/// The rounding heuristic's effect, measured in one run so the ratio is fair on a shared machine:
/// Kent and Medway's `optimal` policy (20 replications × 52 weeks) and the generated 40-site region,
/// each with and without it, alternating.
func benchHeuristic(repeats: Int?) throws {
    let sc = try Scenario.embedded(sections: .all)
    let model = ServiceModel(sc, settings: sc.simulation!)
    let threads = ProcessInfo.processInfo.activeProcessorCount
    var times: [Bool: [Double]] = [true: [], false: []]
    var waits: [Bool: String] = [:]
    for _ in 0..<(repeats ?? 2) {
        for on in [true, false] {
            var report: SimulationReport?
            times[on]!.append(try seconds {
                report = try Simulator.run(model, policies: [OptimalPolicy(roundingHeuristic: on)],
                                           options: SimulationOptions(weeks: 52, replications: 20, seed: 1, threads: threads))
            })
            let w = report!.policies[0].kpi(.waitMean)!
            waits[on] = "mean wait \(f(w.mean, 2)) ± \(f(w.halfWidth ?? .nan, 2)) days"
        }
    }
    for on in [true, false] {
        print("Kent and Medway simulation, optimal \(on ? "with" : "without") the rounding heuristic, 20 replications x 52 weeks: "
              + "median \(f(median(times[on]!), 2)) s over \(times[on]!.count) runs (\(times[on]!.map { f($0, 2) }.joined(separator: ", "))); \(waits[on]!)")
    }
    print("  ratio with/without: \(f(median(times[true]!) / median(times[false]!), 2))")

    let g = try ScenarioGenerator(sites: 40, posts: 60, weeks: 1, seed: 1).scenario()
    for on in [true, false] {
        // The role-by-role parts, where the heuristic acts; the joint search after them is left out.
        var options = PlanOptions(gap: 0.01)
        options.heuristic = on
        options.searchSteps = 0
        try bench("Region 40 sites x 60 posts, 1 week, gap 1%, no time limit, no joint search, \(on ? "with" : "without") the rounding heuristic", g, options: options, repeats: repeats ?? 2)
    }
}

/// Peak resident memory of the process (getrusage ru_maxrss; kilobytes on Linux, bytes on macOS), in MB.
func peakResidentMB() -> Double {
    let usage = selfUsage()
    #if os(macOS)
    return Double(usage.ru_maxrss) / 1_048_576
    #else
    return Double(usage.ru_maxrss) / 1024
    #endif
}

/// Memory does not grow with replications: `greedy` on Kent and Medway for 4 weeks, 100,000
/// replications by default, on every core, as `hubspoke simulate` runs it. The peak is the process's
/// (ru_maxrss), so run this case on its own: `hubspoke-bench simulate-memory [--replications N]`.
func benchSimulateMemory(replications: Int) throws {
    let sc = try Scenario.embedded(sections: .all)
    let model = ServiceModel(sc, settings: sc.simulation!)
    let threads = ProcessInfo.processInfo.activeProcessorCount
    let before = peakResidentMB()
    var report: SimulationReport?
    let time = try seconds {
        report = try Simulator.run(model, policies: [GreedyPolicy()], options: SimulationOptions(weeks: 4, replications: replications, seed: 1, threads: threads))
    }
    let r = report!.policies[0]
    print("Kent and Medway simulation, greedy, \(replications) replications x 4 weeks on \(threads) threads: \(f(time, 2)) s, "
          + "peak resident memory \(f(peakResidentMB(), 1)) MB (\(f(before, 1)) MB before the run); "
          + "mean wait \(f(r.kpi(.waitMean)!.mean, 2)) days over \(r.kpi(.waitMean)!.n) replications")
}
