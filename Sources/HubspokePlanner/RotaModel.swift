import LinearModel
import HubspokeModel

/// One day's plan for a post: where it is in the morning and in the afternoon (nil = not at a site).
struct DayPlan: Hashable {
    let post: Int
    let day: Int          // week * 5 + weekday
    let am: Int?
    let pm: Int?
    var sessions: Int { (am == nil ? 0 : 1) + (pm == nil ? 0 : 1) }
    func site(_ half: Half) -> Int? { half == .am ? am : pm }
}

/// The rota MIP for one independent part of the scenario (a set of roles that share no binding rule),
/// in day-plan form: one binary per post, day and (morning site, afternoon site) pair that respects
/// availability, eligibility, travel and the sites-per-day rule. Coverage, contract, rooms, fairness,
/// minimum presence and continuity are linear in these binaries.
struct RotaModel {
    /// The roles this part covers, in scenario order.
    let roles: [Int]
    var model: Model
    /// Day-plan binaries, in post, day, option order.
    var plans: [(DayPlan, Variable)] = []
    /// served[site, role, week, priority] sessions.
    var served: [SRWP: Variable] = [:]
    /// Elastic slack of pins and minimum presence, when built for conflict diagnosis.
    var slacks: [(String, Variable)] = []
    /// The rounding heuristic for this model (not for the elastic variant).
    var heuristic: RotaHeuristic?
    /// The room rows: key (slot index × sites + site), the row, and the rooms it allows.
    var roomRows: [(key: Int, row: ConstraintRef, rooms: Int)] = []

    struct SRWP: Hashable { let site: Int; let role: Int; let week: Int; let priority: Int }

    /// - Parameter elastic: build the conflict-diagnosis variant: pins and minimum presence become
    ///   constraints with slack, and the objective is the total slack.
    /// - Parameter roomsLeft: rooms this part may use per site and session (key slot.index × sites + site),
    ///   where other parts already hold some; missing keys mean the site's full rooms.
    /// - Parameter roomPrices: a price per session spent at a site (same keys), added to each day
    ///   plan's cost: the room rule of a larger model moved into the objective (see `LagrangianBound`).
    init(_ inst: PlanningInstance, roles: [Int], elastic: Bool = false, roomsLeft: [Int: Int] = [:], roomPrices: [Int: Double] = [:]) {
        let sc = inst.scenario
        self.roles = roles
        let roleSet = Set(roles)
        let posts = sc.posts.indices.filter { roleSet.contains(inst.postRole[$0]) }
        model = Model(name: "rota_" + roles.map { sc.roles[$0].id }.joined(separator: "_"))
        let w = sc.rules.weights
        var objective = LinearExpression()

        // Sessions a site may receive from a role in a week (the no-surplus cap), cached: it prunes
        // day plans and bounds the no-surplus rows.
        var caps: [Int: Int] = [:]
        func sessionCap(_ site: Int, _ week: Int, role: Int) -> Int {
            let key = (site * sc.roles.count + role) * inst.weeks + week
            if let c = caps[key] { return c }
            let c = inst.totalDemand(site: site, role: role, week: week) + inst.pinnedCount(site: site, role: role, week: week)
            caps[key] = c
            return c
        }

        let S = inst.siteCount, R = sc.roles.count, W = inst.weeks
        var h = RotaHeuristic(postDays: posts.count * inst.days, days: inst.days,
                              contractKeys: sc.posts.count * W, roomKeys: inst.days * 2 * S, coverageKeys: S * R * W)

        // Day plans.
        var byPostDay: [[(DayPlan, Variable)]] = []
        var pinsToEnforce: [(Int, Slot, Int)] = []
        for p in posts {
            let postID = sc.posts[p].id
            for day in 0..<inst.days {
                let week = day / 5, weekday = Weekday(rawValue: day % 5)!
                let amSlot = Slot(week: week, weekday: weekday, half: .am), pmSlot = Slot(week: week, weekday: weekday, half: .pm)
                let amPin = inst.pinned[p][amSlot.index], pmPin = inst.pinned[p][pmSlot.index]
                var amSites: [Int?] = inst.candidateSites(post: p, slot: amSlot).map { $0 }
                var pmSites: [Int?] = inst.candidateSites(post: p, slot: pmSlot).map { $0 }
                if elastic {
                    // Pins become constraints below; the day may also leave them out.
                    if let s = amPin { pinsToEnforce.append((p, amSlot, s)) }
                    if let s = pmPin { pinsToEnforce.append((p, pmSlot, s)) }
                    amSites.append(nil); pmSites.append(nil)
                } else {
                    if amPin == nil { amSites.append(nil) }
                    if pmPin == nil { pmSites.append(nil) }
                }
                var options: [(DayPlan, Variable)] = []
                for a in amSites {
                    for b in pmSites {
                        if a == nil && b == nil { continue }
                        if let a, let b, !inst.dayFeasible(a, b) { continue }
                        // A whole day at a site that may receive only one session of the role this
                        // week breaks the no-surplus rule. Left in, such plans let the LP relaxation
                        // cover two far-apart sites in one day with half of each site's whole day.
                        if let a, a == b, sessionCap(a, week, role: inst.postRole[p]) < 2 { continue }
                        let plan = DayPlan(post: p, day: day, am: a, pm: b)
                        let name = "plan[\(postID),\(day + 1),\(a.map { sc.sites[$0].id } ?? "off"),\(b.map { sc.sites[$0].id } ?? "off")]"
                        let v = model.addVariable(name, .binary, lower: 0, upper: 1)
                        options.append((plan, v))
                        if !elastic {
                            var cost = w.travel * Double(inst.travelMinutes(post: p, am: a, pm: b))
                            if let a { cost += roomPrices[amSlot.index * inst.siteCount + a] ?? 0 }
                            if let b { cost += roomPrices[pmSlot.index * inst.siteCount + b] ?? 0 }
                            objective.add(v, cost)
                        }
                    }
                }
                let mustWork = !elastic && (amPin != nil || pmPin != nil)
                if mustWork { h.mustWork.insert(byPostDay.count) }
                if !options.isEmpty || mustWork {
                    let sum = LinearExpression.sum(options.map(\.1))
                    model.addConstraint("one_plan", "\(postID),\(day + 1)", sum, mustWork ? .equal(1) : .lessOrEqual(1))
                }
                byPostDay.append(options)
                plans += options
            }
        }
        if elastic {
            for (p, slot, s) in pinsToEnforce {
                let slack = model.addVariable("pin_slack[\(sc.posts[p].id),\(slot.week + 1),\(slot.weekday.key),\(slot.half.key)]", .continuous, lower: 0, upper: 1)
                var e = LinearExpression(slack)
                for (plan, v) in plans where plan.post == p && plan.day == slot.dayIndex && plan.site(slot.half) == s { e.add(v) }
                model.addConstraint("pin", "\(sc.posts[p].id),\(slot.week + 1),\(slot.weekday.key),\(slot.half.key)", e, .greaterOrEqual(1))
                slacks.append(("pin \(sc.posts[p].id) at \(sc.sites[s].id) \(slot)", slack))
                objective.add(slack)
            }
        }

        // Index plan variables by (site, role, week) and by (site, slot).
        var atSRW: [Int: [Variable]] = [:]      // key site * R * W + role * W + week
        var atSiteSlot: [Int: [Variable]] = [:] // key slot.index * S + site
        var postsAtSiteSlot: [Int: Set<Int>] = [:]
        var postWeek: [Int: LinearExpression] = [:] // key post * W + week
        var wholeDaysAtSRW: [Int: [Variable]] = [:] // same key as atSRW: plans spending the whole day there
        for (plan, v) in plans {
            let week = plan.day / 5, r = inst.postRole[plan.post]
            if let a = plan.am, a == plan.pm { wholeDaysAtSRW[(a * R + r) * W + week, default: []].append(v) }
            for half in Half.allCases {
                guard let s = plan.site(half) else { continue }
                atSRW[(s * R + r) * W + week, default: []].append(v)
                atSiteSlot[(plan.day * 2 + half.rawValue) * S + s, default: []].append(v)
                postsAtSiteSlot[(plan.day * 2 + half.rawValue) * S + s, default: []].insert(plan.post)
            }
            postWeek[plan.post * W + week, default: LinearExpression()].add(v, Double(plan.sessions))
        }

        // Contracted sessions.
        for p in posts {
            for week in 0..<W {
                guard let e = postWeek[p * W + week] else { continue }
                model.addConstraint("contract", "\(sc.posts[p].id),\(week + 1)", e, .lessOrEqual(Double(sc.posts[p].sessionsPerWeek)))
                h.contractCap[p * W + week] = sc.posts[p].sessionsPerWeek
            }
        }

        // Room capacity, only where it could bind.
        for key in atSiteSlot.keys.sorted() {
            let vars = atSiteSlot[key]!
            let s = key % S, slotIndex = key / S
            let rooms = roomsLeft[key] ?? sc.sites[s].rooms
            guard postsAtSiteSlot[key]!.count > rooms else { continue }
            let row = model.addConstraint("rooms", "\(sc.sites[s].id),\(Slot.from(index: slotIndex).tag)", LinearExpression.sum(vars), .lessOrEqual(Double(rooms)))
            roomRows.append((key, row, rooms))
            h.roomCap[key] = rooms
        }

        // Coverage: sessions served by priority, at most what is delivered and what was requested.
        for s in 0..<S {
            for r in roles {
                for week in 0..<W {
                    let total = inst.totalDemand(site: s, role: r, week: week)
                    let delivered = atSRW[(s * R + r) * W + week] ?? []
                    guard total > 0 || !delivered.isEmpty else { continue }
                    let tag = "\(sc.sites[s].id),\(sc.roles[r].id),\(week + 1)"
                    var servedSum = LinearExpression()
                    for prio in Priority.allCases where inst.demand[s][r][week][prio.rank] > 0 {
                        let y = model.addVariable("served[\(tag),\(prio.rawValue)]", .continuous, lower: 0, upper: Double(inst.demand[s][r][week][prio.rank]))
                        served[SRWP(site: s, role: r, week: week, priority: prio.rank)] = y
                        h.addServed(.init(variable: y.index, upper: inst.demand[s][r][week][prio.rank], cost: -w.unmet(prio)), coverage: (s * R + r) * W + week)
                        servedSum.add(y)
                        if !elastic {
                            // Penalty w * (demand - served): constant part added once.
                            objective.constant += w.unmet(prio) * Double(inst.demand[s][r][week][prio.rank])
                            objective.add(y, -w.unmet(prio))
                        }
                    }
                    let deliveredSum = LinearExpression.sum(delivered)
                    if !servedSum.terms.isEmpty {
                        model.addConstraint("served_le_delivered", tag, servedSum - deliveredSum, .lessOrEqual(0))
                    }
                    if !delivered.isEmpty {
                        let cap = sessionCap(s, week, role: r)
                        model.addConstraint("no_surplus", tag, deliveredSum, .lessOrEqual(Double(cap)))
                        h.surplusCap[(s * R + r) * W + week] = cap
                        // Whole days there deliver two sessions each, so at most cap / 2 of them
                        // (rounded down): a valid cut when the cap is odd, which the LP relaxation
                        // otherwise meets with half a whole day at half the travel of a half day.
                        if cap % 2 == 1, let whole = wholeDaysAtSRW[(s * R + r) * W + week] {
                            model.addConstraint("whole_days", tag, LinearExpression.sum(whole), .lessOrEqual(Double(cap / 2)))
                        }
                    }
                }
            }
        }

        // Fairness: at each PRU, for each role, a convex penalty on the share of demand left unmet
        // (piecewise linear in unmet sessions), so that a PRU far behind the others costs more than
        // the same shortfall spread across several. Separable, so the LP relaxation stays tight.
        if !elastic && w.fairness > 0 {
            for r in roles {
                for s in 0..<S where sc.sites[s].kind == .pru {
                    let d = inst.totalDemand(site: s, role: r)
                    guard d > 0 else { continue }
                    // unmet = d - served <= sum of segment variables, cheapest segments first.
                    var e = LinearExpression()
                    for week in 0..<W { for prio in 0..<3 { if let y = served[SRWP(site: s, role: r, week: week, priority: prio)] { e.add(y) } } }
                    var segments: [RotaHeuristic.Term] = []
                    for (j, seg) in FairnessPenalty.segments(demand: d).enumerated() {
                        let v = model.addVariable("shortfall[\(sc.sites[s].id),\(sc.roles[r].id),\(j + 1)]", .continuous, lower: 0, upper: Double(seg.sessions))
                        e.add(v)
                        objective.add(v, w.fairness * seg.costPerSession)
                        segments.append(.init(variable: v.index, upper: seg.sessions, cost: w.fairness * seg.costPerSession))
                    }
                    h.addFairness(.init(demand: d, segments: segments), coverage: (0..<W).map { (s * R + r) * W + $0 })
                    model.addConstraint("fair_share", "\(sc.sites[s].id),\(sc.roles[r].id)", e, .greaterOrEqual(Double(d)))
                }
            }
        }

        // Minimum presence at PRUs with open demand, in every window of consecutive weeks.
        if let mp = sc.rules.minimumPresence {
            for r in roles {
                for s in 0..<S where sc.sites[s].kind == .pru {
                    for window in RotaModel.presenceWindows(weeks: W, length: mp.weeks, hasPrevious: inst.previous != nil) {
                        let weeksIn = window.filter { $0 >= 0 }
                        guard weeksIn.contains(where: { inst.totalDemand(site: s, role: r, week: $0) > 0 }) else { continue }
                        // The previous rota is the week before the horizon: its sessions count towards
                        // the window's minimum, and the horizon's weeks make up the rest.
                        let before = window.contains(-1) ? inst.previous?.served(site: s, role: r) ?? 0 : 0
                        let needed = mp.sessions - before
                        guard needed > 0 else { continue }
                        var e = LinearExpression()
                        for week in weeksIn { for v in atSRW[(s * R + r) * W + week] ?? [] { e.add(v) } }
                        let tag = "\(sc.sites[s].id),\(sc.roles[r].id),\(weeksIn.first! + 1)-\(weeksIn.last! + 1)"
                        if elastic {
                            let slack = model.addVariable("presence_slack[\(tag)]", .continuous, lower: 0, upper: Double(needed))
                            e.add(slack)
                            slacks.append(("minimum presence of \(sc.roles[r].id) at \(sc.sites[s].id) in week(s) \(weeksIn.first! + 1)-\(weeksIn.last! + 1) (\(mp.sessions) session(s))", slack))
                            objective.add(slack)
                        }
                        model.addConstraint("min_presence", tag, e, .greaterOrEqual(Double(needed)))
                    }
                }
            }
        }

        // Continuity with the previous rota: each previous session not kept costs its weight, every week.
        if !elastic, let prev = inst.previous, w.continuity > 0 {
            for session in prev.sessions where roleSet.contains(inst.postRole[session.post]) {
                for week in 0..<W {
                    let day = week * 5 + session.halfDay.weekday.rawValue
                    objective.constant += w.continuity
                    for (plan, v) in byPostDayOptions(byPostDay, posts: posts, post: session.post, day: day, days: inst.days)
                    where plan.site(session.halfDay.half) == session.site {
                        objective.add(v, -w.continuity)
                    }
                }
            }
        }

        // Repair: every session changed from the rota repaired (removed or added) costs its weight.
        if !elastic, let repair = inst.repair { repair.addChangePenalty(to: &objective, plans: plans, posts: posts) }

        // Symmetry: interchangeable posts (same role, base, pattern, contract, eligibility, no leave,
        // pins, forbids or previous sessions) are ordered by sessions worked, which removes mirror solutions.
        if !elastic {
            var groups: [String: [Int]] = [:]
            for p in posts {
                let post = sc.posts[p]
                guard post.absences.isEmpty, !inst.pinned[p].contains(where: { $0 != nil }), inst.forbidden[p].isEmpty,
                      !(inst.previous?.sessions.contains { $0.post == p } ?? false),
                      !(inst.repair?.hasSessions(post: p) ?? false) else { continue }
                let key = "\(post.role)|\(post.base)|\(post.pattern)|\(post.sessionsPerWeek)|\(post.serves)"
                groups[key, default: []].append(p)
            }
            for key in groups.keys.sorted() {
                let members = groups[key]!
                h.symmetryGroups.append(members.map { p in posts.firstIndex(of: p)! * inst.days })
                for (a, b) in zip(members, members.dropFirst()) {
                    var e = LinearExpression()
                    for week in 0..<W {
                        if let x = postWeek[a * W + week] { e.add(x) }
                        if let y = postWeek[b * W + week] { e.add(y, times: -1) }
                    }
                    model.addConstraint("symmetry", "\(sc.posts[a].id),\(sc.posts[b].id)", e, .greaterOrEqual(0))
                }
            }
        }

        model.minimize(objective)

        if !elastic {
            var cost = [Double](repeating: 0, count: model.variables.count)
            for (v, a) in model.objective.terms { cost[v.index] = a }
            let postPosition = Dictionary(uniqueKeysWithValues: posts.enumerated().map { ($1, $0) })
            for (plan, v) in plans {
                let week = plan.day / 5, r = inst.postRole[plan.post]
                let visits = Half.allCases.compactMap { half in
                    plan.site(half).map { s in (room: (plan.day * 2 + half.rawValue) * S + s, coverage: (s * R + r) * W + week) }
                }
                h.addPlan(.init(variable: v.index, postDay: postPosition[plan.post]! * inst.days + plan.day,
                                contract: plan.post * W + week, sessions: plan.sessions, visits: visits, cost: cost[v.index]))
            }
            h.variableCount = model.variables.count
            heuristic = h
        }
    }

    private func byPostDayOptions(_ table: [[(DayPlan, Variable)]], posts: [Int], post: Int, day: Int, days: Int) -> [(DayPlan, Variable)] {
        guard let i = posts.firstIndex(of: post) else { return [] }
        return table[i * days + day]
    }

    /// Windows of `length` consecutive weeks covering the horizon; week -1 stands for the previous rota.
    /// A horizon shorter than the window (and no previous rota) is one window: the rule then asks for
    /// presence within the planned weeks.
    static func presenceWindows(weeks: Int, length: Int, hasPrevious: Bool) -> [[Int]] {
        let first = hasPrevious ? -1 : 0
        let span = weeks - first
        if span <= length { return [Array(first..<weeks)] }
        return (first...(weeks - length)).map { Array($0..<($0 + length)) }
    }
}

extension Slot {
    /// Compact name for model rows: week, weekday, half ("1,mon,am").
    var tag: String { "\(week + 1),\(weekday.key),\(half.key)" }

    static func from(index: Int) -> Slot {
        Slot(week: index / 10, weekday: Weekday(rawValue: (index % 10) / 2)!, half: Half(rawValue: index % 2)!)
    }
}
