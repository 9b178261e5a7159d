import Foundation
import HubspokeModel
import HubspokePlanner
import HubspokeTestSupport

/// Issue 14's region target: the 40-site, 60-post region over four weeks (`generate-region --sites 40
/// --posts 60 --weeks 4 --seed 1`) within 1% of a valid bound in at most 60 s, under 500 MB. Plans
/// it with no options and with `--time-limit 60` (`HUBSPOKE_BENCH_ONLY=default` or `timed` for one
/// of them: the peak memory printed is the process's so far, so run one per process to measure each),
/// printing the time, how it ended, the gap, the bound and the peak resident memory; then HiGHS on
/// the exported MPS, stopped after `HUBSPOKE_BENCH_HIGHS_CAP` seconds (default 120; 0: not run).
func benchRegionHorizon(repeats: Int?) throws {
    let env = ProcessInfo.processInfo.environment
    let only = env["HUBSPOKE_BENCH_ONLY"]
    let g = try ScenarioGenerator(sites: 40, posts: 60, weeks: 4, seed: 1).scenario()
    var hubspokeTime = 0.0
    for (label, options, name) in [("no options", benchOptions(), "default"), ("time limit 60 s", timed(60), "timed")] where only == nil || only == name {
        var times: [Double] = []
        var last: Rota?
        for _ in 0..<(repeats ?? 1) { times.append(try seconds { last = try RotaPlanner.plan(g, options: options) }) }
        guard let rota = last else { return }
        hubspokeTime = median(times)
        report("Region 40 sites x 60 posts, 4 weeks, \(label)", times, rota, extra: ", peak memory \(f(peakResidentMB(), 0)) MB so far")
        logParts(rota)
    }
    let cap = Double(env["HUBSPOKE_BENCH_HIGHS_CAP"] ?? "") ?? 120
    if cap > 0 { try highsBeside(g, hubspoke: hubspokeTime, cap: cap) }
}

/// The bench's options with a time limit.
func timed(_ limit: Double) -> PlanOptions {
    var options = benchOptions()
    options.timeLimit = limit
    return options
}
