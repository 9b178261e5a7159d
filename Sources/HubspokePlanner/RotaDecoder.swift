import LinearModel
import HubspokeModel

/// Turns chosen day plans into a `Rota`: assignments, coverage, unmet demand with its reason,
/// per-post totals and the objective term by term (recomputed from the plan, not read from the solver).
struct RotaDecoder {
    let inst: PlanningInstance
    init(_ inst: PlanningInstance) { self.inst = inst }

    /// What the rota delivers: where each post is ([post][slot.index] = site) and the sessions
    /// delivered at each site, for each role, in each week.
    private struct Delivery {
        let at: [[Int?]]
        let delivered: [[[Int]]]
        /// held[post][slot.index]: protected time then (not free for a session).
        let held: [[Bool]]
    }

    func rota(_ plans: [DayPlan], solver: SolverReport) -> Rota {
        let sc = inst.scenario
        let at = DayPlan.grid(plans, posts: sc.posts.count, slots: inst.slots.count)
        var delivered = Array(repeating: Array(repeating: Array(repeating: 0, count: inst.weeks), count: sc.roles.count), count: inst.siteCount)
        for p in sc.posts.indices {
            for slot in inst.slots { if let s = at[p][slot.index] { delivered[s][inst.postRole[p]][slot.week] += 1 } }
        }
        let kept = sc.protected.isEmpty ? nil : protectedSessions(at)
        var held = Array(repeating: [Bool](repeating: false, count: inst.slots.count), count: sc.posts.count)
        for s in kept ?? [] { if let p = sc.postIndex(s.post) { held[p][s.slot.index] = true } }
        let delivery = Delivery(at: at, delivered: delivered, held: held)
        let (unmet, coverage, unmetByPriority) = demandOutcome(delivery)
        let (summaries, travelMinutes) = postSummaries(at)
        let w = sc.rules.weights
        var terms: [ObjectiveBreakdown.Term] = Priority.allCases.map { prio in
            let q = Double(unmetByPriority[prio.rank])
            return .init(.unmet(prio), quantity: q, unit: "sessions", weight: w.unmet(prio), penalty: q * w.unmet(prio))
        }
        let (fairness, worstShare) = fairness(delivered)
        terms.append(.init(.fairness, quantity: fairness, unit: "points; worst PRU cover \(Int((worstShare * 100).rounded()))%", weight: w.fairness, penalty: fairness * w.fairness))
        let (changed, previousTotal) = continuity(at)
        terms.append(.init(.continuity, quantity: Double(changed), unit: "of \(previousTotal) sessions", weight: w.continuity, penalty: Double(changed) * w.continuity))
        let links = linkShares(at)
        if !sc.links.isEmpty {
            let off = Double(links.reduce(0) { $0 + $1.sessions - $1.byLink })
            terms.append(.init(.link, quantity: off, unit: "of \(links.reduce(0) { $0 + $1.sessions }) sessions at linked PRUs", weight: w.link, penalty: off * w.link))
        }
        let preferences = preferenceOutcomes(assignments(at))
        if !sc.preferences.isEmpty {
            let avoided = preferences.filter { $0.kind == "avoid" }, preferred = preferences.filter { $0.kind == "prefer" }
            let penalty = avoided.reduce(0) { $0 + $1.weight * Double($1.sessions) } - preferred.reduce(0) { $0 + $1.weight * Double($1.sessions) }
            let worked = avoided.reduce(0) { $0 + $1.sessions }, given = preferred.reduce(0) { $0 + $1.sessions }
            terms.append(.init(.preferences, quantity: Double(worked - given), unit: "\(worked) avoided, \(given) preferred (weighted)", weight: 1, penalty: penalty))
        }
        terms.append(.init(.travel, quantity: Double(travelMinutes), unit: "minutes", weight: w.travel, penalty: Double(travelMinutes) * w.travel))
        let total = terms.reduce(0) { $0 + $1.penalty }
        var rota = Rota(scenario: sc.name, startDate: sc.startDate, weeks: inst.weeks, assignments: assignments(at), unmet: unmet, coverage: coverage,
                        posts: summaries, objective: ObjectiveBreakdown(terms: terms, total: total), solver: solver)
        let closures = sc.closedDays()
        rota.closures = closures.isEmpty ? nil : closures
        rota.closedDemand = inst.closedDemand.isEmpty ? nil : inst.closedDemand
        rota.links = sc.links.isEmpty ? nil : links
        rota.preferences = sc.preferences.isEmpty ? nil : preferences
        if let kept {
            rota.protected = kept
            rota.protectedNotes = inst.protectedSchedule.notes.isEmpty ? nil : inst.protectedSchedule.notes
        }
        return rota
    }

    /// The sessions, slot by slot and post by post.
    private func assignments(_ at: [[Int?]]) -> [Assignment] {
        let sc = inst.scenario
        var out: [Assignment] = []
        for slot in inst.slots {
            for p in sc.posts.indices {
                guard let s = at[p][slot.index] else { continue }
                out.append(Assignment(week: slot.week + 1, date: sc.date(of: slot), day: slot.weekday, half: slot.half,
                                      post: sc.posts[p].id, role: sc.posts[p].role, site: sc.sites[s].id))
            }
        }
        return out
    }

    /// Each preference, in scenario order, with the sessions it names.
    private func preferenceOutcomes(_ sessions: [Assignment]) -> [PreferenceOutcome] {
        inst.scenario.preferences.map { pref in
            let n = sessions.filter { $0.post == pref.post && pref.matches(site: $0.site, weekday: $0.day, half: $0.half) }.count
            return PreferenceOutcome(post: pref.post, kind: pref.kind.rawValue, what: pref.what, weight: pref.weight, sessions: n)
        }
    }

    /// For each link, in scenario order: the sessions of its role at its PRU, those its post gave,
    /// and how many different posts gave them.
    private func linkShares(_ at: [[Int?]]) -> [LinkShare] {
        let sc = inst.scenario
        return sc.links.compactMap { link in
            guard let s = sc.siteIndex(link.site), let r = sc.roleIndex(link.role) else { return nil }
            var sessions = 0, byLink = 0
            var posts: [Int] = []
            for p in sc.posts.indices where inst.postRole[p] == r {
                let n = inst.slots.filter { at[p][$0.index] == s }.count
                guard n > 0 else { continue }
                sessions += n
                posts.append(p)
                if sc.posts[p].id == link.post { byLink += n }
            }
            return LinkShare(site: link.site, role: link.role, post: link.post, sessions: sessions, byLink: byLink, posts: posts.count)
        }
    }

    /// Unmet demand with its reason and coverage, by site and role, and unmet sessions by priority rank.
    private func demandOutcome(_ d: Delivery) -> (unmet: [UnmetDemand], coverage: [Coverage], byPriority: [Int]) {
        let sc = inst.scenario
        let w = sc.rules.weights
        let servingOrder = Priority.allCases.sorted { (w.unmet($0), $1.rank) > (w.unmet($1), $0.rank) }
        var unmetByPriority = [0, 0, 0]
        var unmet: [UnmetDemand] = []
        var coverage: [Coverage] = []
        for s in 0..<inst.siteCount {
            for r in sc.roles.indices {
                var requested = 0, planned = 0
                for week in 0..<inst.weeks {
                    var left = d.delivered[s][r][week]
                    planned += left
                    requested += inst.totalDemand(site: s, role: r, week: week)
                    // Delivered sessions serve the priorities in the order the model serves them:
                    // the highest weight first (the weights need not rank urgent above routine).
                    var served = [0, 0, 0]
                    for prio in servingOrder {
                        served[prio.rank] = min(inst.demand[s][r][week][prio.rank], left)
                        left -= served[prio.rank]
                    }
                    var reason: UnmetReason?
                    for prio in Priority.allCases {
                        let demand = inst.demand[s][r][week][prio.rank]
                        guard demand > served[prio.rank] else { continue }
                        unmetByPriority[prio.rank] += demand - served[prio.rank]
                        let why = reason ?? self.reason(site: s, role: r, week: week, at: d.at, held: d.held)
                        reason = why
                        unmet.append(UnmetDemand(site: sc.sites[s].id, role: sc.roles[r].id, week: week + 1, priority: prio,
                                                 sessions: demand - served[prio.rank], reason: why))
                    }
                }
                if requested > 0 || planned > 0 {
                    coverage.append(Coverage(site: sc.sites[s].id, role: sc.roles[r].id, requested: requested, planned: planned))
                }
            }
        }
        return (unmet, coverage, unmetByPriority)
    }

    /// Fairness: the convex shortfall penalty summed over PRUs and roles, and the worst PRU's cover share.
    private func fairness(_ delivered: [[[Int]]]) -> (penalty: Double, worstShare: Double) {
        let sc = inst.scenario
        var fairness = 0.0
        var worstShare = 1.0
        for r in sc.roles.indices {
            for s in 0..<inst.siteCount where sc.sites[s].kind == .pru {
                let d = inst.totalDemand(site: s, role: r)
                guard d > 0 else { continue }
                let servedTotal = (0..<inst.weeks).reduce(0) { $0 + min(delivered[s][r][$1], inst.totalDemand(site: s, role: r, week: $1)) }
                fairness += FairnessPenalty.penalty(unmet: d - servedTotal, demand: d)
                worstShare = min(worstShare, Double(servedTotal) / Double(d))
            }
        }
        return (fairness, worstShare)
    }

    /// Continuity: the previous rota's sessions (repeated every week) changed, out of how many.
    private func continuity(_ at: [[Int?]]) -> (changed: Int, total: Int) {
        guard let prev = inst.previous else { return (0, 0) }
        var changed = 0, total = 0
        for session in prev.sessions {
            for week in 0..<inst.weeks {
                total += 1
                let slot = Slot(week: week, weekday: session.halfDay.weekday, half: session.halfDay.half)
                if at[session.post][slot.index] != session.site { changed += 1 }
            }
        }
        return (changed, total)
    }

    /// Each post's totals and travel, and the travel minutes of all posts.
    private func postSummaries(_ at: [[Int?]]) -> (posts: [PostSummary], travelMinutes: Int) {
        let sc = inst.scenario
        var summaries: [PostSummary] = []
        var travelMinutes = 0
        for p in sc.posts.indices {
            var minutes = 0, km = 0.0
            for am in inst.slots where am.half == .am {
                let a = at[p][am.index], b = at[p][Slot(week: am.week, weekday: am.weekday, half: .pm).index]
                minutes += inst.travelMinutes(post: p, am: a, pm: b)
                km += inst.travelKilometres(post: p, am: a, pm: b)
            }
            travelMinutes += minutes
            let post = sc.posts[p]
            summaries.append(PostSummary(post: post.id, role: post.role, base: post.base, contracted: post.sessionsPerWeek,
                                         available: inst.available[p].filter { $0 }.count, planned: at[p].compactMap { $0 }.count,
                                         travelMinutes: minutes, travelMiles: (TravelMatrix.miles(km) * 10).rounded() / 10))
        }
        return (summaries, travelMinutes)
    }

    /// Why sessions of `role` at `site` in `week` were not all planned: the reason given for most
    /// of the eligible posts' free sessions there (ties to the reason listed first).
    /// Protected time (`held`) is neither free nor within the contract left.
    func reason(site s: Int, role r: Int, week: Int, at: [[Int?]], held: [[Bool]]) -> UnmetReason {
        let sc = inst.scenario
        var anyAvailable = false
        var counts: [UnmetReason: Int] = [:]
        let slots = inst.slots[(week * 10)..<(week * 10 + 10)]
        for p in sc.posts.indices where inst.postRole[p] == r && inst.eligible[p].contains(s) {
            let weekSessions = slots.filter { at[p][$0.index] != nil || held[p][$0.index] }.count + inst.fixedCount(post: p, week: week)
            for slot in slots where inst.available[p][slot.index] && !held[p][slot.index] {
                if inst.forbidden[p].contains(RoomKey(slot: slot, site: s)) { continue }
                anyAvailable = true
                let i = slot.index
                guard at[p][i] == nil else { continue }
                let other = at[p][i ^ 1]
                let roomsUsed = sc.posts.indices.filter { at[$0][i] == s }.count
                let why: UnmetReason
                if weekSessions >= sc.posts[p].sessionsPerWeek { why = .contract }
                else if roomsUsed >= sc.sites[s].rooms { why = .rooms }
                else if let o = other, !inst.dayFeasible(min(s, o), max(s, o)) || !inst.dayFeasible(o, s) { why = .travel }
                else { why = .travelCost }
                counts[why, default: 0] += 1
            }
        }
        if !anyAvailable { return .noPostAvailable }
        // The most frequent reason; on a tie, the one listed first.
        var best = UnmetReason.capacity, bestCount = 0
        for why in UnmetReason.allCases where (counts[why] ?? 0) > bestCount { best = why; bestCount = counts[why] ?? 0 }
        return best
    }
}
