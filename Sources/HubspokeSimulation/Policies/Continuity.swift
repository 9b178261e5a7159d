import HubspokeModel

// How the policies weigh continuity of practitioner (`SimulationSettings.continuityWeight`): the
// children bound to each post and waiting at each site (`WeekState.caseload`) pull the post there.

extension GreedyPolicy {
    /// Continuity once the sites are chosen, so that the same sites are covered: in each half-day,
    /// two posts of a role swap sites when more of the children bound to them wait at each other's
    /// site, and each may serve the other's site that day (eligibility, morning and afternoon travel).
    static func swapForContinuity(_ a: inout WeekAllocation, caseload: [[Caseload]], model: ServiceModel) {
        var byRole = Array(repeating: [Int](), count: model.roleCount)
        for p in 0..<model.postCount { byRole[model.postRole[p]].append(p) }
        func own(_ p: Int, _ s: Int) -> Int { caseload[p].first { $0.site == s }?.children ?? 0 }
        for hd in 0..<10 {
            for p in 0..<model.postCount where !caseload[p].isEmpty && byRole[model.postRole[p]].count > 1 {
                guard let sp = a.site[p][hd] else { continue }
                search: for c in caseload[p] where c.site != sp {
                    for q in byRole[model.postRole[p]] where q != p && a.site[q][hd] == c.site {
                        guard c.children + own(q, sp) > own(p, sp) + own(q, c.site),
                              fits(model, p, c.site, hd, other: a.site[p][hd ^ 1]), fits(model, q, sp, hd, other: a.site[q][hd ^ 1]) else { continue }
                        a.site[p][hd] = c.site; a.site[q][hd] = sp
                        break search
                    }
                }
            }
        }
    }

    /// Whether post `p` may serve site `s` in half-day `hd`, with `other` its site in the other half of the day.
    static func fits(_ model: ServiceModel, _ p: Int, _ s: Int, _ hd: Int, other: Int?) -> Bool {
        guard model.eligible[p][s] else { return false }
        guard let o = other else { return true }
        return hd & 1 == 0 ? model.dayFeasible[s][o] : model.dayFeasible[o][s]
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
