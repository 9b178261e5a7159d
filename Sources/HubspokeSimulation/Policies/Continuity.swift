import HubspokeModel

// How the policies weigh continuity of practitioner (`SimulationSettings.continuityWeight`): the
// children bound to each post and waiting at each site (`WeekState.caseload`) pull the post there.

extension GreedyPolicy {
    /// The site post `p` goes to in half-day `hd`: among the sites where children bound to it wait
    /// not yet covered by its sessions (`own`, its caseload), then among all sites, the one whose
    /// longest-waiting uncovered child has waited longest (the first in site order on a tie).
    func site(for p: Int, halfDay hd: Int, _ b: AllocationBuilder, covered: [[Int]], own: [Caseload]) -> Int? {
        if !own.isEmpty, let s = longestWait(p, hd, b, covered: covered, among: own.lazy.filter { $0.children > 0 }.map(\.site)) {
            return s
        }
        return longestWait(p, hd, b, covered: covered, among: 0..<b.model.siteCount)
    }

    func longestWait(_ p: Int, _ hd: Int, _ b: AllocationBuilder, covered: [[Int]], among sites: some Sequence<Int>) -> Int? {
        let r = b.model.postRole[p]
        var best: Int?
        var bestWait = -1.0
        for s in sites where b.canPlace(p, s, hd) {
            let waits = b.state.waits[s][r], k = covered[s][r]
            guard k < waits.count, waits[k] > bestWait else { continue }
            best = s; bestWait = waits[k]
        }
        return best
    }
}

extension [Caseload] {
    /// A session at site `s` covers up to `n` of these children there.
    mutating func cover(site s: Int, _ n: Int) {
        guard let i = firstIndex(where: { $0.site == s }) else { return }
        self[i].children = Swift.max(0, self[i].children - n)
    }
}

extension OptimalPolicy {
    /// Continuity for the week's plan: at each site and role where children bound to a post wait,
    /// the post most of them are bound to (the first in post order on a tie) is the site's link post
    /// for the role this week, in place of the scenario's; every link weighs the continuity weight.
    static func weighContinuity(_ scenario: inout Scenario, state: WeekState, model: ServiceModel) {
        let weight = model.settings.continuityWeight
        guard weight > 0 else { return }
        // most[site][role]: the post and its children.
        var most = Array(repeating: [(post: Int, children: Int)?](repeating: nil, count: model.roleCount), count: model.siteCount)
        for p in 0..<model.postCount {
            let r = model.postRole[p]
            for c in state.caseload[p] where c.children > (most[c.site][r]?.children ?? 0) { most[c.site][r] = (p, c.children) }
        }
        var links = scenario.links.filter { link in
            guard let s = scenario.siteIndex(link.site), let r = scenario.roleIndex(link.role) else { return true }
            return most[s][r] == nil
        }
        for s in 0..<model.siteCount {
            for case let m? in most[s] {
                links.append(LinkPost(site: scenario.sites[s].id, role: scenario.posts[m.post].role, post: scenario.posts[m.post].id))
            }
        }
        scenario.links = links
        scenario.rules.weights.link = weight
    }
}
