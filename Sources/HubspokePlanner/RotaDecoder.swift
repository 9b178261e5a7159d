import LinearModel
import HubspokeModel

/// Turns chosen day plans into a `Rota`: assignments, coverage, unmet demand with its reason,
/// per-post totals and the objective term by term (recomputed from the plan, not read from the solver).
struct RotaDecoder {
    let inst: PlanningInstance
    init(_ inst: PlanningInstance) { self.inst = inst }

    func rota(_ plans: [DayPlan], solver: SolverReport) -> Rota {
        let sc = inst.scenario
        let S = sc.sites.count, W = inst.weeks
        // where[post][slot.index] = site
        var at = Array(repeating: [Int?](repeating: nil, count: W * 10), count: sc.posts.count)
        for plan in plans {
            if let a = plan.am { at[plan.post][plan.day * 2] = a }
            if let b = plan.pm { at[plan.post][plan.day * 2 + 1] = b }
        }
        var assignments: [Assignment] = []
        for slot in sc.slots {
            for p in sc.posts.indices {
                guard let s = at[p][slot.index] else { continue }
                assignments.append(Assignment(week: slot.week + 1, date: sc.date(of: slot), day: slot.weekday, half: slot.half,
                                              post: sc.posts[p].id, role: sc.posts[p].role, site: sc.sites[s].id))
            }
        }
        // Delivered sessions by site, role, week.
        var delivered = Array(repeating: Array(repeating: Array(repeating: 0, count: W), count: sc.roles.count), count: S)
        for p in sc.posts.indices {
            for i in at[p].indices { if let s = at[p][i] { delivered[s][inst.postRole[p]][i / 10] += 1 } }
        }
        let w = sc.rules.weights
        let servingOrder = Priority.allCases.sorted { (w.unmet($0), $1.rank) > (w.unmet($1), $0.rank) }
        var unmetByPriority = [0, 0, 0]
        var unmet: [UnmetDemand] = []
        var coverage: [Coverage] = []
        for s in 0..<S {
            for r in sc.roles.indices {
                var requested = 0, planned = 0
                for week in 0..<W {
                    var left = delivered[s][r][week]
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
                        let d = inst.demand[s][r][week][prio.rank]
                        let served = served[prio.rank]
                        guard d > served else { continue }
                        unmetByPriority[prio.rank] += d - served
                        if reason == nil { reason = self.reason(site: s, role: r, week: week, at: at) }
                        unmet.append(UnmetDemand(site: sc.sites[s].id, role: sc.roles[r].id, week: week + 1, priority: prio,
                                                 sessions: d - served, reason: reason!))
                    }
                }
                if requested > 0 || planned > 0 {
                    coverage.append(Coverage(site: sc.sites[s].id, role: sc.roles[r].id, requested: requested, planned: planned))
                }
            }
        }
        // Fairness: the convex shortfall penalty per PRU and role, and the worst PRU's cover share.
        var fairness = 0.0
        var worstShare = 1.0
        for r in sc.roles.indices {
            for s in 0..<S where sc.sites[s].kind == .pru {
                let d = inst.totalDemand(site: s, role: r)
                guard d > 0 else { continue }
                let servedTotal = (0..<W).reduce(0) { $0 + min(delivered[s][r][$1], inst.totalDemand(site: s, role: r, week: $1)) }
                fairness += FairnessPenalty.penalty(unmet: d - servedTotal, demand: d)
                worstShare = min(worstShare, Double(servedTotal) / Double(d))
            }
        }
        // Continuity.
        var changed = 0, previousTotal = 0
        if let prev = inst.previous {
            for session in prev.sessions {
                for week in 0..<W {
                    previousTotal += 1
                    let slot = Slot(week: week, weekday: session.halfDay.weekday, half: session.halfDay.half)
                    if at[session.post][slot.index] != session.site { changed += 1 }
                }
            }
        }
        // Posts and travel.
        var summaries: [PostSummary] = []
        var travelMinutes = 0
        for p in sc.posts.indices {
            var minutes = 0, km = 0.0
            for day in 0..<inst.days {
                let a = at[p][day * 2], b = at[p][day * 2 + 1]
                minutes += inst.travelMinutes(post: p, am: a, pm: b)
                km += inst.travelKilometres(post: p, am: a, pm: b)
            }
            travelMinutes += minutes
            let post = sc.posts[p]
            summaries.append(PostSummary(post: post.id, role: post.role, base: post.base, contracted: post.sessionsPerWeek,
                                         available: inst.available[p].filter { $0 }.count, planned: at[p].compactMap { $0 }.count,
                                         travelMinutes: minutes, travelMiles: (TravelMatrix.miles(km) * 10).rounded() / 10))
        }
        var terms: [ObjectiveBreakdown.Term] = []
        for prio in Priority.allCases {
            let q = Double(unmetByPriority[prio.rank])
            terms.append(.init(name: "unmet \(prio.rawValue) sessions", quantity: q, unit: "sessions", weight: w.unmet(prio), penalty: q * w.unmet(prio)))
        }
        terms.append(.init(name: "fairness: PRU shortfall (sum of 100 x share unmet squared)", quantity: fairness, unit: "points; worst PRU cover \(Int((worstShare * 100).rounded()))%", weight: w.fairness, penalty: fairness * w.fairness))
        terms.append(.init(name: "continuity: previous sessions changed", quantity: Double(changed), unit: "of \(previousTotal) sessions", weight: w.continuity, penalty: Double(changed) * w.continuity))
        terms.append(.init(name: "travel", quantity: Double(travelMinutes), unit: "minutes", weight: w.travel, penalty: Double(travelMinutes) * w.travel))
        let total = terms.reduce(0) { $0 + $1.penalty }
        return Rota(scenario: sc.name, startDate: sc.startDate, weeks: W, assignments: assignments, unmet: unmet, coverage: coverage,
                    posts: summaries, objective: ObjectiveBreakdown(terms: terms, total: total), solver: solver)
    }

    /// Why sessions of `role` at `site` in `week` were not all planned.
    func reason(site s: Int, role r: Int, week: Int, at: [[Int?]]) -> UnmetReason {
        let sc = inst.scenario
        var anyAvailable = false
        var counts: [UnmetReason: Int] = [:]
        for p in sc.posts.indices where inst.postRole[p] == r && inst.eligible[p].contains(s) {
            let weekSessions = (week * 10..<(week * 10 + 10)).filter { at[p][$0] != nil }.count
            for i in (week * 10)..<(week * 10 + 10) where inst.available[p][i] {
                if inst.forbidden[p].contains(i * inst.siteCount + s) { continue }
                anyAvailable = true
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
        if counts.isEmpty { return .capacity }
        return UnmetReason.allCases.max { (counts[$0] ?? 0, -UnmetReason.allCases.firstIndex(of: $0)!) < (counts[$1] ?? 0, -UnmetReason.allCases.firstIndex(of: $1)!) }!
    }
}
