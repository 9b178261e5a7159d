
/// Longest waits first: half-day by half-day, each available post goes to the eligible site where
/// the longest-waiting child not yet covered by this week's sessions of its role has waited longest.
/// A placed session covers as many children as it holds appointments. With continuity weighed
/// (`continuityWeight` above 0), posts of a role then swap sites where that sends them to more of
/// the children bound to them (`swapForContinuity`): the same sites are covered.
public struct GreedyPolicy: AllocationPolicy {
    public let name = "greedy"
    public let summary = "each session to the site whose longest-waiting uncovered child has waited longest"
    public init() {}

    public func allocate(_ state: WeekState, model: ServiceModel) -> WeekAllocation {
        var b = AllocationBuilder(state, model: model)
        var covered = Array(repeating: Array(repeating: 0, count: model.roleCount), count: model.siteCount)
        for hd in 0..<10 {
            for p in 0..<model.postCount {
                let r = model.postRole[p]
                var best = -1
                var bestWait = -1.0
                for s in 0..<model.siteCount where b.canPlace(p, s, hd) {
                    let waits = state.waits[s][r]
                    let k = covered[s][r]
                    guard k < waits.count, waits[k] > bestWait else { continue }
                    best = s; bestWait = waits[k]
                }
                guard best >= 0 else { continue }
                b.place(p, best, hd)
                covered[best][r] += model.settings.appointmentsPerSession[r]
            }
        }
        if model.settings.continuityWeight > 0 { Self.swapForContinuity(&b.allocation, caseload: state.caseload, model: model) }
        return b.allocation
    }
}
