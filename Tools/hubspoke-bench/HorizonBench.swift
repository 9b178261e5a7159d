import Foundation
import HubspokeModel
import HubspokeScenarioIO
import HubspokePlanner
import HubspokeSupport

/// Issue 14's four-week case: Kent and Medway over the four term weeks from 2026-11-16 (the
/// default start's week is the third, so EP-1's leave on 2026-12-02 and SLT-1's on 2026-12-03 pm
/// fall in week 3; the fourth week from 2026-11-30 would be the Christmas holiday), each request
/// repeated every week with its sessions scaled on its own (x0.5 to x1.5, seeded, at least 1),
/// minimum presence of 1 session a fortnight, a pin in week 2 (MHT-1 at PRU-CANT, Tuesday
/// morning) and a forbid in week 4 (FSW-E at PRU-MARG, Thursday morning).
func kentMedwayIssueMonth() throws -> Scenario {
    var sc = try kentMedwayTermMonth()
    var random = SeededRandom(seed: 14)
    for i in sc.demand.indices {
        let factor = 0.5 + random.unit()
        sc.demand[i].sessions = max(1, Int((Double(sc.demand[i].sessions) * factor).rounded()))
    }
    sc.pins.append(SessionRule(post: "MHT-1", site: "PRU-CANT", weekday: .tue, half: .am, week: 2))
    sc.forbids.append(SessionRule(post: "FSW-E", site: "PRU-MARG", weekday: .thu, half: .am, week: 4))
    let problems = sc.validate()
    guard problems.isEmpty else { throw BenchFailure("the four-week case is not valid: \(problems)") }
    return sc
}

/// `kentMedwayWeeks(4)` over the four term weeks from 2026-11-16 (from the default start of
/// 2026-11-30 the fourth week is the Christmas holiday, and the EP's minimum presence in weeks 3
/// and 4 cannot be met).
func kentMedwayTermMonth() throws -> Scenario {
    var sc = try kentMedwayWeeks(4)
    guard let start = CalendarDate(year: 2026, month: 11, day: 16) else { throw BenchFailure("bad start date") }
    sc.startDate = start
    return sc
}

/// `HUBSPOKE_BENCH_LOG=parts`: each part's line of the plan's solver log on standard error (how
/// the plan was split, and how each part ended), to see where the time goes.
/// `HUBSPOKE_BENCH_LOG=full`: the whole solver log.
func logParts(_ rota: Rota) {
    let log = ProcessInfo.processInfo.environment["HUBSPOKE_BENCH_LOG"]
    guard log == "parts" || log == "full" else { return }
    let parts = rota.solverLog.split(separator: "\n").filter { log == "full" || $0.hasPrefix("--- part") }
    FileHandle.standardError.write(Data(parts.map { "  \($0)\n" }.joined().utf8))
}
