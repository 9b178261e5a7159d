import HubspokeModel

// How the policies weigh continuity of practitioner (`SimulationSettings.continuityWeight`): the
// children bound to each post and waiting at each site (`WeekState.caseload`) pull the post there.

extension [Caseload] {
    /// Children bound to post `p` in this (site's) list.
    public func children(of p: Int) -> Int { first { $0.post == p }?.children ?? 0 }

    /// A session of post `p` covers up to `n` of its own children here.
    mutating func cover(post p: Int, _ n: Int) {
        guard let i = firstIndex(where: { $0.post == p }) else { return }
        self[i].children = Swift.max(0, self[i].children - n)
    }
}

extension GreedyPolicy {
    /// The site post `p` goes to in half-day `hd`: the one whose longest-waiting uncovered child has
    /// waited longest, where children bound to the post and not yet covered by its sessions (`own`,
    /// by site) come first.
    func site(for p: Int, halfDay hd: Int, _ b: AllocationBuilder, covered: [[Int]], own: [[Caseload]]) -> Int? {
        let r = b.model.postRole[p]
        var best: (site: Int, own: Int, wait: Double)?
        for s in 0..<b.model.siteCount where b.canPlace(p, s, hd) {
            let waits = b.state.waits[s][r], k = covered[s][r]
            guard k < waits.count else { continue }
            let mine = own[s].children(of: p) > 0 ? 1 : 0
            if let x = best, (x.own, x.wait) >= (mine, waits[k]) { continue }
            best = (s, mine, waits[k])
        }
        return best?.site
    }
}

extension OptimalPolicy {
    /// Continuity for the week's plan: at each site and role where children bound to a post wait,
    /// the post most of them are bound to (the first in post order on a tie) is the site's link post
    /// for the role this week, in place of the scenario's; every link weighs the continuity weight.
    static func weighContinuity(_ scenario: inout Scenario, state: WeekState, model: ServiceModel) {
        let weight = model.settings.continuityWeight
        guard weight > 0 else { return }
        var most = Array(repeating: [Caseload?](repeating: nil, count: model.roleCount), count: model.siteCount)
        for s in 0..<model.siteCount {
            for c in state.caseload[s] {
                let r = model.postRole[c.post]
                if c.children > (most[s][r]?.children ?? 0) { most[s][r] = c }
            }
        }
        var links = scenario.links.filter { link in
            guard let s = scenario.siteIndex(link.site), let r = scenario.roleIndex(link.role) else { return true }
            return most[s][r] == nil
        }
        for s in 0..<model.siteCount {
            for case let c? in most[s] {
                links.append(LinkPost(site: scenario.sites[s].id, role: scenario.posts[c.post].role, post: scenario.posts[c.post].id))
            }
        }
        scenario.links = links
        scenario.rules.weights.link = weight
    }
}
