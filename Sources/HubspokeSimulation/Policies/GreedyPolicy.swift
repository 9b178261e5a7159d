
/// Longest waits first: half-day by half-day, each available post goes to the eligible site where
/// the longest-waiting child not yet covered by this week's sessions of its role has waited longest.
/// A placed session covers as many children as it holds appointments. With continuity weighed
/// (`continuityWeight` above 0), a site where children bound to the post wait, not yet covered by
/// its sessions this week, comes before any other.
public struct GreedyPolicy: AllocationPolicy {
    public let name = "greedy"
    public let summary = "each session to the site whose longest-waiting uncovered child has waited longest"
    public init() {}

    public func allocate(_ state: WeekState, model: ServiceModel) -> WeekAllocation {
        var b = AllocationBuilder(state, model: model)
        var covered = Array(repeating: Array(repeating: 0, count: model.roleCount), count: model.siteCount)
        // [post]: its children still uncovered, by site (none when continuity is not weighed).
        var own = model.settings.continuityWeight > 0 ? state.caseload : Array(repeating: [], count: model.postCount)
        for hd in 0..<10 {
            for p in 0..<model.postCount {
                guard let best = site(for: p, halfDay: hd, b, covered: covered, own: own[p]) else { continue }
                let per = model.settings.appointmentsPerSession[model.postRole[p]]
                b.place(p, best, hd)
                covered[best][model.postRole[p]] += per
                if !own[p].isEmpty { own[p].cover(site: best, per) }
            }
        }
        return b.allocation
    }
}
