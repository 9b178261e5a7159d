/// The fairness term: for each PRU and role, 100 × (share of its demand left unmet)², so a PRU
/// far behind the others costs more than the same shortfall spread over several PRUs.
///
/// It is modelled piecewise linear in unmet sessions with breakpoints every `step` sessions
/// (1 for demand up to 24 sessions over the horizon), so that it is exact at the breakpoints and
/// convex: the LP fills the cheapest segments first and no binary is needed.
enum FairnessPenalty {
    struct Segment { var sessions: Int; var costPerSession: Double }

    static func step(demand d: Int) -> Int { max(1, (d + 23) / 24) }

    static func segments(demand d: Int) -> [Segment] {
        let step = step(demand: d)
        var out: [Segment] = []
        var at = 0
        while at < d {
            let next = min(d, at + step)
            let cost = value(unmet: Double(next), demand: d) - value(unmet: Double(at), demand: d)
            out.append(Segment(sessions: next - at, costPerSession: cost / Double(next - at)))
            at = next
        }
        return out
    }

    /// The segments of the penalty of `d` sessions between `from` and `from + sessions` unmet
    /// sessions (past `d`, at the last segment's cost): a week's share of a horizon's penalty,
    /// the other weeks' `from` unmet sessions fixed.
    static func segments(demand d: Int, from: Int, sessions: Int) -> [Segment] {
        var out: [Segment] = []
        var at = 0, last = 0.0
        for seg in segments(demand: d) {
            let start = max(at, from), end = min(at + seg.sessions, from + sessions)
            if end > start { out.append(Segment(sessions: end - start, costPerSession: seg.costPerSession)) }
            at += seg.sessions
            last = seg.costPerSession
        }
        let covered = out.reduce(0) { $0 + $1.sessions }
        if covered < sessions { out.append(Segment(sessions: sessions - covered, costPerSession: last)) }
        return out
    }

    static func value(unmet u: Double, demand d: Int) -> Double {
        let share = u / Double(d)
        return 100 * share * share
    }

    /// The modelled (piecewise-linear) penalty for `unmet` of `demand` sessions, before the weight.
    static func penalty(unmet: Int, demand: Int) -> Double {
        var left = unmet, total = 0.0
        for seg in segments(demand: demand) {
            let take = min(left, seg.sessions)
            total += Double(take) * seg.costPerSession
            left -= take
            if left == 0 { break }
        }
        return total
    }
}
