import LinearModel
import GLPKSolver
import HubspokeModel

/// One day's plan for a post: where it is in the morning and in the afternoon (nil = not at a site).
struct DayPlan: Hashable {
    let post: Int
    let week: Int
    let weekday: Weekday
    let am: Int?
    let pm: Int?
    /// Day index in the horizon: week * 5 + weekday.
    var day: Int { week * 5 + weekday.rawValue }
    var sessions: Int { (am == nil ? 0 : 1) + (pm == nil ? 0 : 1) }
    func site(_ half: Half) -> Int? { half == .am ? am : pm }
    func slot(_ half: Half) -> Slot { Slot(week: week, weekday: weekday, half: half) }
    /// The site and session of a half spent at a site.
    func room(_ half: Half) -> RoomKey? { site(half).map { RoomKey(slot: slot(half), site: $0) } }
    /// The sites and sessions of the halves spent at a site, morning first.
    var rooms: [RoomKey] { Half.allCases.compactMap(room) }

    /// The rota of `plans` as a grid: [post][slot.index] = site.
    static func grid(_ plans: [DayPlan], posts: Int, slots: Int) -> [[Int?]] {
        var at = Array(repeating: [Int?](repeating: nil, count: slots), count: posts)
        for plan in plans { for room in plan.rooms { at[plan.post][room.slot.index] = room.site } }
        return at
    }
}

/// The rota MIP for one independent part of the scenario (a set of roles that share no binding rule),
/// in day-plan form: one binary per post, day and (morning site, afternoon site) pair that respects
/// availability, eligibility, travel and the sites-per-day rule. Coverage, contract, rooms, fairness,
/// minimum presence and continuity are linear in these binaries.
///
/// Built one rule family at a time (`RotaModelBuilder`), in a fixed order that fixes the order and
/// names of the variables and rows GLPK sees (and the LP and MPS exports).
struct RotaModel {
    /// The roles this part covers, in scenario order.
    let roles: [Int]
    var model: Model
    /// Day-plan binaries, in post, day, option order.
    var plans: VariableFamily<DayPlan>
    /// served[site, role, week, priority] sessions.
    var served: VariableFamily<ServedKey>
    /// `protected[post, week]`: half-days of each post's flexible commitment, by week.
    var protectedTime: VariableFamily<ContractKey>
    /// Elastic slack of pins, minimum presence and flexible commitments, when built for conflict diagnosis.
    var slacks: [(String, Variable)]
    /// The rounding heuristic for this model (not for the elastic variant).
    var heuristic: RotaHeuristic?
    /// The room rows: the site and session, the row, and the rooms it allows.
    var roomRows: [(key: RoomKey, row: ConstraintRef, rooms: Int)]
    /// Each role's sites and day plans by week, for its blossom cuts (`BlossomCuts`).
    var blossomGroups: [BlossomCuts.Group]
    /// The blossom cuts added (`addBlossomCuts`).
    var blossomCuts = 0
    /// Built with every room free and no room prices (and not elastic): a bound of this model
    /// bounds its roles' share of every rota of the plan, merged or not (`PlanSearch.aloneBounds`).
    let boundsItsRoles: Bool

    /// - Parameter elastic: build the conflict-diagnosis variant: pins and minimum presence become
    ///   constraints with slack, and the objective is the total slack.
    /// - Parameter roomsLeft: rooms this part may use per site and session, where other parts
    ///   already hold some; missing keys mean the site's full rooms.
    /// - Parameter roomPrices: a price per session spent at a site, added to each day plan's cost:
    ///   the room rule of a larger model moved into the objective (see `LagrangianBound`).
    init(_ inst: PlanningInstance, roles: [Int], elastic: Bool = false, roomsLeft: [RoomKey: Int] = [:], roomPrices: [RoomKey: Double] = [:]) {
        var b = RotaModelBuilder(inst, roles: roles, elastic: elastic)
        b.addDayPlans(roomPrices: roomPrices)
        b.addPinSlacks()
        b.indexPlans()
        b.addProtectedTime()
        b.addContracts()
        b.addRooms(roomsLeft: roomsLeft)
        b.addServed()
        b.addCoverage()
        // Blossom cuts (`addBlossomCuts`): where the plan asks for them, and on horizons only in
        // a role's model alone with every room free (`PlanningInstance.blossomAloneOnly`).
        let alone = !elastic && roomsLeft.isEmpty && roomPrices.isEmpty
        let cuts = !elastic && inst.blossomRounds > 0 && (!inst.blossomAloneOnly || (roles.count == 1 && alone))
        b.addBlossomGroups(wanted: cuts)
        b.addFairness()
        b.addMinimumPresence()
        b.addContinuity()
        b.addRepair()
        b.addNeeds()
        b.addNoGoods()
        b.addSymmetry()
        model = b.model
        self.roles = roles
        boundsItsRoles = alone
        plans = b.plans
        served = b.served
        protectedTime = b.protectedTime
        slacks = b.slacks
        roomRows = b.roomRows
        blossomGroups = b.blossomGroups
        model.minimize(b.objective)
        heuristic = elastic ? nil : b.heuristic(objective: model.objective, variableCount: model.variables.count)
        if cuts, plans.count <= inst.blossomPlanLimit, let solver = inst.cutSolver {
            addBlossomCuts(rounds: inst.blossomRounds, minGain: inst.blossomMinGain, solver: solver, sc: inst.scenario)
        }
    }

    /// Adds violated blossom cuts, `blossom[role, week, n]`, for up to `rounds` rounds of the LP
    /// relaxation (`BlossomCuts`), stopping at a round that finds none. They are kept only where
    /// they raise the LP bound by at least `minGain` of it: where a role's gap is travel, not
    /// parity, cuts that do not move the bound only slow GLPK's search (generated week 143's MHT
    /// role: 2.1 s with them against 0.6 s without, the same LP bound to 0.005%).
    mutating func addBlossomCuts(rounds: Int, minGain: Double, solver: GLPKSolver, sc: Scenario) {
        var trial = model
        var seen = Set<[Int]>()
        var added = 0
        func relaxation() -> SolveResult? {
            let lp = solver.solve(trial.relaxation(), options: SolveOptions(presolve: false))
            return lp.status == .optimal && lp.values.count == trial.variables.count && lp.objectiveValue != nil ? lp : nil
        }
        guard var lp = relaxation(), let first = lp.objectiveValue else { return }
        for _ in 0..<rounds {
            var found = 0
            for (g, group) in blossomGroups.enumerated() {
                for set in BlossomCuts.violated(group, values: lp.values) where seen.insert([g] + set).inserted {
                    var inside = [Bool](repeating: false, count: group.sites.count)
                    for s in set { inside[s] = true }
                    let e = LinearExpression.sum(group.plans.compactMap { plan in
                        plan.am.map { inside[$0] } == true && plan.pm.map { inside[$0] } == true ? plan.variable : nil
                    })
                    let cap = set.reduce(0) { $0 + group.caps[$1] }
                    added += 1; found += 1
                    trial.addConstraint("blossom", "\(sc.roles[group.role].id),\(group.week + 1),\(added)", e, .lessOrEqual(Double(cap / 2)))
                }
            }
            guard found > 0, let next = relaxation() else { break }
            lp = next
        }
        guard added > 0, let last = lp.objectiveValue, last - first >= minGain * max(1, abs(first)) else { return }
        model = trial
        blossomCuts = added
    }

    /// Windows of `length` consecutive weeks covering the horizon; week -1 stands for the previous rota
    /// (`Scenario.windows`).
    static func presenceWindows(weeks: Int, length: Int, hasPrevious: Bool) -> [[Int]] {
        Scenario.windows(weeks: weeks, length: length, hasPrevious: hasPrevious)
    }
}

extension Slot {
    /// Compact name for model rows: week, weekday, half ("1,mon,am").
    var tag: String { "\(week + 1),\(weekday.key),\(half.key)" }
}

/// Builds a `RotaModel`, one method per rule family, JuMP style: variables in keyed families, rows
/// per key of their domain, gone through in order. Each method adds its family's variables, rows and
/// objective terms, and what the rounding heuristic needs of them.
private struct RotaModelBuilder {
    let inst: PlanningInstance
    let sc: Scenario
    let roles: [Int]
    let roleSet: Set<Int>
    /// The part's posts, in scenario order, and each one's position among them.
    let posts: [Int]
    let position: [Int: Int]
    let elastic: Bool
    let weights: ObjectiveWeights
    var model: Model
    var objective = LinearExpression()
    var plans = VariableFamily<DayPlan>(name: "plan")
    var served = VariableFamily<ServedKey>(name: "served")
    var protectedTime = VariableFamily<ContractKey>(name: "protected")
    var slacks: [(String, Variable)] = []
    var roomRows: [(key: RoomKey, row: ConstraintRef, rooms: Int)] = []
    var blossomGroups: [BlossomCuts.Group] = []
    var h: RotaHeuristic

    /// The positions in `plans` of each post-day's options (post position × days + day).
    var byPostDay: [Range<Int>] = []
    /// Pinned sessions, made constraints with slack in the elastic variant.
    var pinsToEnforce: [(post: Int, slot: Slot, site: Int)] = []
    /// Plan variables by what they deliver: sessions of a site, role and week (`atCover`), whole
    /// days there (`wholeDays`), a site and session (`atRoom`, with the posts there), a post's week.
    var atCover: [CoverKey: [Variable]] = [:]
    var wholeDays: [CoverKey: [Variable]] = [:]
    var atRoom: [RoomKey: [Variable]] = [:]
    var postsAtRoom: [RoomKey: Set<Int>] = [:]
    var postWeek: [ContractKey: LinearExpression] = [:]
    /// Sessions a site may receive from a role in a week (the no-surplus cap), cached: it prunes
    /// day plans and bounds the no-surplus rows.
    var caps: [CoverKey: Int] = [:]

    init(_ inst: PlanningInstance, roles: [Int], elastic: Bool) {
        self.inst = inst
        let sc = inst.scenario, roleSet = Set(roles)
        self.sc = sc
        self.roles = roles
        self.roleSet = roleSet
        let posts = sc.posts.indices.filter { roleSet.contains(inst.postRole[$0]) }
        self.posts = posts
        position = Dictionary(uniqueKeysWithValues: posts.enumerated().map { ($1, $0) })
        self.elastic = elastic
        weights = sc.rules.weights
        model = Model(name: "rota_" + roles.map { sc.roles[$0].id }.joined(separator: "_"))
        h = RotaHeuristic(postDays: posts.count * inst.days, days: inst.days, contractKeys: inst.contractKeyCount,
                          roomKeys: inst.roomKeyCount, coverageKeys: inst.coverKeyCount)
    }

    mutating func sessionCap(_ key: CoverKey) -> Int {
        if let c = caps[key] { return c }
        // Pins may add sessions to what was requested; sessions a repair keeps as delivered count
        // towards it instead (counted as pins, they let a repair add sessions nobody asked for).
        let fixed = inst.pinnedCounts(site: key.site, role: key.role, week: key.week)
        let c = max(inst.totalDemand(key), fixed.delivered) + (fixed.pinned - fixed.delivered) + (inst.repair?.needCount(key) ?? 0)
        caps[key] = c
        return c
    }

    /// The options of one post-day: pairs of a morning and an afternoon site (or none), and whether
    /// the day must take one (pinned).
    mutating func dayOptions(post p: Int, week: Int, weekday: Weekday) -> (options: [DayPlan], mustWork: Bool) {
        let amSlot = Slot(week: week, weekday: weekday, half: .am), pmSlot = Slot(week: week, weekday: weekday, half: .pm)
        let amPin = inst.pinned[p][amSlot.index], pmPin = inst.pinned[p][pmSlot.index]
        var amSites: [Int?] = inst.candidateSites(post: p, slot: amSlot).map { $0 }
        var pmSites: [Int?] = inst.candidateSites(post: p, slot: pmSlot).map { $0 }
        if elastic {
            // Pins become constraints (`addPinSlacks`); the day may also leave them out.
            if let s = amPin { pinsToEnforce.append((p, amSlot, s)) }
            if let s = pmPin { pinsToEnforce.append((p, pmSlot, s)) }
            amSites.append(nil); pmSites.append(nil)
        } else {
            if amPin == nil { amSites.append(nil) }
            if pmPin == nil { pmSites.append(nil) }
        }
        var options: [DayPlan] = []
        for a in amSites {
            for b in pmSites {
                if a == nil && b == nil { continue }
                if let a, let b, !inst.dayFeasible(a, b) { continue }
                // The other half of a day with a fixed commitment must be within reach of its site.
                if let c = inst.committed[p][amSlot.index], let b, !inst.dayFeasible(c, b) { continue }
                if let c = inst.committed[p][pmSlot.index], let a, !inst.dayFeasible(a, c) { continue }
                // A whole day at a site that may receive only one session of the role this
                // week breaks the no-surplus rule. Left in, such plans let the LP relaxation
                // cover two far-apart sites in one day with half of each site's whole day.
                if let a, a == b, sessionCap(CoverKey(site: a, role: inst.postRole[p], week: week)) < 2 { continue }
                options.append(DayPlan(post: p, week: week, weekday: weekday, am: a, pm: b))
            }
        }
        return (options, !elastic && (amPin != nil || pmPin != nil))
    }

    /// Day plans: `plan[post, day, am site, pm site]`, at most one per post-day (exactly one on a
    /// pinned day), each costing its travel (and, when priced, its rooms).
    mutating func addDayPlans(roomPrices: [RoomKey: Double]) {
        var keys: [DayPlan] = []
        var rows: [(post: Int, day: Int, mustWork: Bool)] = []
        for p in posts {
            for week in 0..<inst.weeks {
                for weekday in Weekday.allCases {
                    let (options, mustWork) = dayOptions(post: p, week: week, weekday: weekday)
                    if mustWork { h.mustWork.insert(byPostDay.count) }
                    byPostDay.append(keys.count..<(keys.count + options.count))
                    rows.append((p, week * 5 + weekday.rawValue, mustWork))
                    keys += options
                }
            }
        }
        let sc = sc
        let site = { (s: Int?) in s.map { sc.sites[$0].id } ?? "off" }
        plans = model.addVariables("plan", keys: keys, kind: .binary, lower: 0, upper: 1) { plan in
            "\(sc.posts[plan.post].id),\(plan.day + 1),\(site(plan.am)),\(site(plan.pm))"
        }
        for (range, row) in zip(byPostDay, rows) where !range.isEmpty || row.mustWork {
            let sum = LinearExpression.sum(plans.variables[range])
            model.addConstraint("one_plan", "\(sc.posts[row.post].id),\(row.day + 1)", sum, row.mustWork ? .equal(1) : .lessOrEqual(1))
        }
        guard !elastic else { return }
        for (plan, v) in plans {
            var cost = weights.travel * Double(inst.travelMinutes(post: plan.post, am: plan.am, pm: plan.pm))
            cost += weights.link * Double(inst.offLinkSessions(plan)) + inst.preferenceCost(plan)
            for room in plan.rooms { cost += roomPrices[room] ?? 0 }
            objective.add(v, cost)
        }
    }

    /// The positions in `plans` of a post's options on a day.
    func options(post: Int, day: Int) -> Range<Int> {
        guard let i = position[post] else { return 0..<0 }
        return byPostDay[i * inst.days + day]
    }

    /// Elastic variant: each pin a row with slack, `pin_slack[post, week, weekday, half]`.
    mutating func addPinSlacks() {
        guard elastic else { return }
        for (p, slot, s) in pinsToEnforce {
            let tag = "\(sc.posts[p].id),\(slot.week + 1),\(slot.weekday.key),\(slot.half.key)"
            let slack = model.addVariable("pin_slack[\(tag)]", .continuous, lower: 0, upper: 1)
            var e = LinearExpression(slack)
            for k in options(post: p, day: slot.dayIndex) where plans.keys[k].site(slot.half) == s { e.add(plans.variables[k]) }
            model.addConstraint("pin", tag, e, .greaterOrEqual(1))
            slacks.append(("pin \(sc.posts[p].id) at \(sc.sites[s].id) \(slot)", slack))
            objective.add(slack)
        }
    }

    /// Indexes the plan variables by what they deliver (`atCover`, `wholeDays`, `atRoom`, `postWeek`).
    mutating func indexPlans() {
        for (plan, v) in plans {
            let r = inst.postRole[plan.post]
            if let a = plan.am, a == plan.pm { wholeDays[CoverKey(site: a, role: r, week: plan.week), default: []].append(v) }
            for room in plan.rooms {
                atCover[CoverKey(site: room.site, role: r, week: plan.week), default: []].append(v)
                atRoom[room, default: []].append(v)
                postsAtRoom[room, default: []].insert(plan.post)
            }
            postWeek[ContractKey(post: plan.post, week: plan.week), default: LinearExpression()].add(v, Double(plan.sessions))
        }
    }

    /// Flexible commitments: `protected[post, week]` half-days at the post's base, sharing the
    /// contract with its sessions at sites (`addContracts`) and its free half-days with them
    /// (`protected_free[post, week]`, where they are fewer than the contract left); in every window of
    /// the commitment's weeks at least its sessions (`protected_time[post, weeks]`, with
    /// `protected_slack` in the elastic variant). The previous rota's half-days count towards the
    /// window that holds it, as for minimum presence.
    mutating func addProtectedTime() {
        let inst = inst, sc = sc
        let keys = posts.filter { inst.flexible[$0] != nil }.flatMap { p in (0..<inst.weeks).map { ContractKey(post: p, week: $0) } }
        guard !keys.isEmpty else { return }
        protectedTime = model.addVariables("protected", keys: keys, kind: .integer,
                                           bounds: { (0, Double(inst.protectedUpper(post: $0.post, week: $0.week))) }) { key in
            "\(sc.posts[key.post].id),\(key.week + 1)"
        }
        for (key, t) in protectedTime {
            let limit = inst.protectedRowLimit(post: key.post, week: key.week)
            if limit < inst.contractLeft(post: key.post, week: key.week) {
                let e = (postWeek[key] ?? LinearExpression()) + LinearExpression(t)
                model.addConstraint("protected_free", "\(sc.posts[key.post].id),\(key.week + 1)", e, .lessOrEqual(Double(limit)))
            }
        }
        for p in posts {
            guard let f = inst.flexible[p] else { continue }
            let upper = (0..<inst.weeks).map { inst.protectedUpper(post: p, week: $0) }
            for w in 0..<inst.weeks {
                guard let t = protectedTime[ContractKey(post: p, week: w)] else { continue }
                let reserve = min(upper[w], (f.sessions + f.weeks - 1) / f.weeks)
                h.protectedReserve[inst.number(ContractKey(post: p, week: w))] = reserve
                h.protectedTerms.append(.init(variable: t.index, contract: inst.number(ContractKey(post: p, week: w)), upper: upper[w],
                                              free: inst.protectedRowLimit(post: p, week: w)))
            }
            for window in RotaModel.presenceWindows(weeks: inst.weeks, length: f.weeks, hasPrevious: inst.previous != nil) {
                let weeksIn = window.filter { $0 >= 0 }
                guard let first = weeksIn.first, let last = weeksIn.last else { continue }
                let before = window.contains(-1) ? inst.previous?.protectedCount(post: p) ?? 0 : 0
                let free = inst.protectedWherePossible ? weeksIn.reduce(0) { $0 + upper[$1] } : Int.max
                let needed = min(f.sessions - before, free)
                guard needed > 0 else { continue }
                let e = LinearExpression.sum(weeksIn.compactMap { protectedTime[ContractKey(post: p, week: $0)] })
                addWindowRow("protected_time", slack: "protected_slack", tag: "\(sc.posts[p].id),\(first + 1)-\(last + 1)", e, needed: needed,
                             label: "\(f.what) for \(sc.posts[p].id) in week(s) \(first + 1)-\(last + 1)")
            }
        }
    }

    /// Contracted sessions: `contract[post, week]`.
    mutating func addContracts() {
        for p in posts {
            for week in 0..<inst.weeks {
                let key = ContractKey(post: p, week: week)
                guard var e = postWeek[key] else { continue }
                // Fixed commitments take their sessions of the contract; flexible ones share it.
                let left = inst.contractLeft(post: p, week: week)
                if let t = protectedTime[key] { e.add(t) }
                model.addConstraint("contract", "\(sc.posts[p].id),\(week + 1)", e, .lessOrEqual(Double(left)))
                // The rounding keeps back the week's protected time, within the free half-days it shares.
                let reserve = h.protectedReserve[inst.number(key)]
                h.contractCap[inst.number(key)] = reserve.map { min(left, inst.protectedRowLimit(post: p, week: week)) - $0 } ?? left
            }
        }
    }

    /// Room capacity, `rooms[site, week, weekday, half]`, only where it could bind.
    mutating func addRooms(roomsLeft: [RoomKey: Int]) {
        for key in inst.roomKeys {
            guard let vars = atRoom[key], let there = postsAtRoom[key] else { continue }
            let rooms = roomsLeft[key] ?? sc.sites[key.site].rooms
            guard there.count > rooms else { continue }
            let row = model.addConstraint("rooms", "\(sc.sites[key.site].id),\(key.slot.tag)", LinearExpression.sum(vars), .lessOrEqual(Double(rooms)))
            roomRows.append((key, row, rooms))
            h.roomCap[inst.number(key)] = rooms
        }
    }

    /// The part's coverage keys in row order: site, then role, then week.
    var coverKeys: [CoverKey] {
        (0..<inst.siteCount).flatMap { s in roles.flatMap { r in (0..<inst.weeks).map { CoverKey(site: s, role: r, week: $0) } } }
    }

    /// `served[site, role, week, priority]`: sessions served at each priority with demand, at most
    /// the demand; each unserved session costs its priority's weight.
    mutating func addServed() {
        let inst = inst, sc = sc
        let keys = coverKeys.flatMap { cover in Priority.allCases.map { ServedKey(cover: cover, priority: $0) } }.filter { inst.demand($0) > 0 }
        served = model.addVariables("served", keys: keys, kind: inst.integralService ? .integer : .continuous, bounds: { (0, Double(inst.demand($0))) }) { key in
            "\(sc.sites[key.cover.site].id),\(sc.roles[key.cover.role].id),\(key.cover.week + 1),\(key.priority.rawValue)"
        }
        for (key, y) in served {
            let weight = weights.unmet(key.priority)
            h.addServed(.init(variable: y.index, upper: inst.demand(key), cost: -weight), coverage: inst.number(key.cover))
            guard !elastic else { continue }
            // Penalty w * (demand - served): constant part added once.
            objective.constant += weight * Double(inst.demand(key))
            objective.add(y, -weight)
        }
    }

    /// Coverage: served sessions at most those delivered (`served_le_delivered`), delivered at most
    /// what was requested (`no_surplus`), and whole days within that cap (`whole_days`).
    mutating func addCoverage() {
        for key in coverKeys {
            let delivered = atCover[key] ?? []
            guard inst.totalDemand(key) > 0 || !delivered.isEmpty else { continue }
            let tag = "\(sc.sites[key.site].id),\(sc.roles[key.role].id),\(key.week + 1)"
            let servedSum = LinearExpression.sum(Priority.allCases.compactMap { served[ServedKey(cover: key, priority: $0)] })
            let deliveredSum = LinearExpression.sum(delivered)
            if !servedSum.terms.isEmpty {
                model.addConstraint("served_le_delivered", tag, servedSum - deliveredSum, .lessOrEqual(0))
            }
            guard !delivered.isEmpty else { continue }
            let cap = sessionCap(key)
            model.addConstraint("no_surplus", tag, deliveredSum, .lessOrEqual(Double(cap)))
            h.surplusCap[inst.number(key)] = cap
            // Whole days there deliver two sessions each, so at most cap / 2 of them (rounded
            // down): a valid cut when the cap is odd, which the LP relaxation otherwise meets with
            // half a whole day at half the travel of a half day.
            if cap % 2 == 1, let whole = wholeDays[key] {
                model.addConstraint("whole_days", tag, LinearExpression.sum(whole), .lessOrEqual(Double(cap / 2)))
            }
        }
    }

    /// Each role's sites with a session cap (a `no_surplus` row) in each week, and the day plans
    /// there, for the blossom cuts (`BlossomCuts`); in row order (role, then week).
    mutating func addBlossomGroups(wanted: Bool) {
        // Only for a model that will get the cuts (`RotaModel.init`): not on every build.
        guard wanted, inst.cutSolver != nil, plans.count <= inst.blossomPlanLimit else { return }
        var groups: [BlossomCuts.Group] = []
        var at: [Int: Int] = [:]
        for r in roles {
            for week in 0..<inst.weeks {
                var g = BlossomCuts.Group(role: r, week: week)
                for s in 0..<inst.siteCount {
                    let key = CoverKey(site: s, role: r, week: week)
                    guard atCover[key] != nil else { continue }
                    g.sites.append(s)
                    g.caps.append(sessionCap(key))
                }
                guard g.sites.count >= 2 else { continue }
                at[r * inst.weeks + week] = groups.count
                groups.append(g)
            }
        }
        for (plan, v) in plans {
            guard let i = at[inst.postRole[plan.post] * inst.weeks + plan.week] else { continue }
            let position = { (s: Int?) in s.flatMap { groups[i].sites.firstIndex(of: $0) } }
            groups[i].plans.append((v, position(plan.am), position(plan.pm)))
        }
        blossomGroups = groups
    }

    /// A fairness segment: `shortfall[site, role, segment]`, up to `sessions` unmet sessions at its cost.
    struct Segment: Hashable {
        let site: Int, role: Int, index: Int, sessions: Int, costPerSession: Double
    }

    /// Fairness: at each PRU, for each role, a convex penalty on the share of demand left unmet
    /// (piecewise linear in unmet sessions), so that a PRU far behind the others costs more than
    /// the same shortfall spread across several. Separable, so the LP relaxation stays tight.
    /// `fair_share[site, role]`: unmet = demand - served <= the segments, cheapest first.
    mutating func addFairness() {
        guard !elastic && weights.fairness > 0 else { return }
        var keys: [Segment] = []
        var rows: [(site: Int, role: Int, demand: Int, segments: Range<Int>)] = []
        for r in roles {
            for s in 0..<inst.siteCount where sc.sites[s].kind == .pru {
                let d = inst.totalDemand(site: s, role: r)
                guard d > 0 else { continue }
                let first = keys.count
                // Priced (`PlanningInstance.fairnessPrices`): one segment of the whole demand at the price.
                let price = inst.fairnessPrices[s * sc.roles.count + r]
                // Or the horizon's penalty past the other weeks' unmet sessions (`fairnessHorizon`).
                let horizon = inst.fairnessHorizon[s * sc.roles.count + r]
                let pieces = price.map { [FairnessPenalty.Segment(sessions: d, costPerSession: $0 / weights.fairness)] }
                    ?? horizon.map { FairnessPenalty.segments(demand: $0.demand, from: $0.others, sessions: d) } ?? FairnessPenalty.segments(demand: d)
                for (j, seg) in pieces.enumerated() {
                    keys.append(Segment(site: s, role: r, index: j, sessions: seg.sessions, costPerSession: seg.costPerSession))
                }
                rows.append((s, r, d, first..<keys.count))
            }
        }
        let sc = sc
        let shortfall = model.addVariables("shortfall", keys: keys, kind: .continuous, bounds: { (0, Double($0.sessions)) }) { seg in
            "\(sc.sites[seg.site].id),\(sc.roles[seg.role].id),\(seg.index + 1)"
        }
        for (seg, v) in shortfall { objective.add(v, weights.fairness * seg.costPerSession) }
        for row in rows {
            var e = LinearExpression()
            let covers = (0..<inst.weeks).map { CoverKey(site: row.site, role: row.role, week: $0) }
            for cover in covers { for prio in Priority.allCases { if let y = served[ServedKey(cover: cover, priority: prio)] { e.add(y) } } }
            var segments: [RotaHeuristic.Term] = []
            for k in row.segments {
                let (seg, v) = (shortfall.keys[k], shortfall.variables[k])
                e.add(v)
                segments.append(.init(variable: v.index, upper: seg.sessions, cost: weights.fairness * seg.costPerSession))
            }
            h.addFairness(.init(demand: row.demand, segments: segments), coverage: covers.map(inst.number))
            model.addConstraint("fair_share", "\(sc.sites[row.site].id),\(sc.roles[row.role].id)", e, .greaterOrEqual(Double(row.demand)))
        }
    }

    /// Minimum presence at PRUs with open demand, in every window of consecutive weeks:
    /// `min_presence[site, role, weeks]` (with `presence_slack` in the elastic variant).
    mutating func addMinimumPresence() {
        guard let mp = sc.rules.minimumPresence else { return }
        let windows = RotaModel.presenceWindows(weeks: inst.weeks, length: mp.weeks, hasPrevious: inst.previous != nil)
        for r in roles {
            for s in 0..<inst.siteCount where sc.sites[s].kind == .pru {
                for window in windows {
                    let weeksIn = window.filter { $0 >= 0 }
                    guard let first = weeksIn.first, let last = weeksIn.last,
                          weeksIn.contains(where: { inst.totalDemand(site: s, role: r, week: $0) > 0 }) else { continue }
                    // The previous rota is the week before the horizon: its sessions count towards
                    // the window's minimum, and the horizon's weeks make up the rest.
                    let before = window.contains(-1) ? inst.previous?.served(site: s, role: r) ?? 0 : 0
                    let needed = mp.sessions - before
                    guard needed > 0 else { continue }
                    var e = LinearExpression()
                    for week in weeksIn { for v in atCover[CoverKey(site: s, role: r, week: week)] ?? [] { e.add(v) } }
                    addWindowRow("min_presence", slack: "presence_slack", tag: "\(sc.sites[s].id),\(sc.roles[r].id),\(first + 1)-\(last + 1)", e, needed: needed,
                                 label: "minimum presence of \(sc.roles[r].id) at \(sc.sites[s].id) in week(s) \(first + 1)-\(last + 1) (\(mp.sessions) session(s))")
                }
            }
        }
    }

    /// A window's row, `family[tag]`: `e` at least `needed`; in the elastic variant with a slack
    /// (`slack[tag]`, named `label` in a conflict) that the objective counts.
    mutating func addWindowRow(_ family: String, slack name: String, tag: String, _ e: LinearExpression, needed: Int, label: String) {
        var e = e
        if elastic {
            let slack = model.addVariable("\(name)[\(tag)]", .continuous, lower: 0, upper: Double(needed))
            e.add(slack)
            slacks.append((label, slack))
            objective.add(slack)
        }
        model.addConstraint(family, tag, e, .greaterOrEqual(Double(needed)))
    }

    /// Continuity with the previous rota: each previous session not kept costs its weight, every week.
    mutating func addContinuity() {
        guard !elastic, let prev = inst.previous, weights.continuity > 0 else { return }
        for session in prev.sessions where roleSet.contains(inst.postRole[session.post]) {
            for week in 0..<inst.weeks {
                let day = week * 5 + session.halfDay.weekday.rawValue
                objective.constant += weights.continuity
                for k in options(post: session.post, day: day) where plans.keys[k].site(session.halfDay.half) == session.site {
                    objective.add(plans.variables[k], -weights.continuity)
                }
            }
        }
    }

    /// Repair: every session changed from the rota repaired (removed or added) costs its weight.
    mutating func addRepair() {
        guard !elastic, let repair = inst.repair else { return }
        repair.addChangePenalty(to: &objective, plans: plans, posts: posts)
    }

    /// Gaps to cover: `need[site, role, week, weekday, half]`, at least one post of the role there then.
    mutating func addNeeds() {
        guard !elastic, let repair = inst.repair else { return }
        for need in repair.needs where roleSet.contains(need.role) {
            let slot = need.room.slot
            var e = LinearExpression()
            for p in posts where inst.postRole[p] == need.role {
                for k in options(post: p, day: slot.dayIndex) where plans.keys[k].site(slot.half) == need.room.site { e.add(plans.variables[k]) }
            }
            model.addConstraint("need", "\(sc.sites[need.room.site].id),\(sc.roles[need.role].id),\(slot.tag)", e, .greaterOrEqual(1))
        }
    }

    /// Cover suggestions: one no-good cut per rota to exclude, `no_good[n]`, on the changed-session
    /// binaries (`ResolvedRepair.noGood`). A cut counts every post's sessions, so it needs the whole
    /// model: `CoverSuggestions` solves every role at once.
    mutating func addNoGoods() {
        guard !elastic, let repair = inst.repair, !repair.excluded.isEmpty else { return }
        precondition(posts.count == sc.posts.count, "no-good cuts need every role in one model")
        for (n, set) in repair.excluded.enumerated() {
            let (e, rhs) = repair.noGood(set, plans: plans)
            model.addConstraint("no_good", String(n + 1), e, .lessOrEqual(rhs))
        }
    }

    /// Symmetry: interchangeable posts (same role, base, pattern, contract, eligibility, no leave,
    /// pins, forbids, previous sessions, links or preferences) are ordered by sessions worked, which removes mirror
    /// solutions: `symmetry[post, next post]`.
    /// Not with no-good cuts: there a mirror rota is another way to cover, to be offered in turn.
    mutating func addSymmetry() {
        guard !elastic, inst.repair?.excluded.isEmpty ?? true else { return }
        var groups: [String: [Int]] = [:]
        for p in posts {
            let post = sc.posts[p]
            guard post.absences.isEmpty, !inst.pinned[p].contains(where: { $0 != nil }), inst.forbidden[p].isEmpty,
                  !(inst.previous?.sessions.contains { $0.post == p } ?? false),
                  !(inst.repair?.hasSessions(post: p) ?? false),
                  !sc.links.contains(where: { $0.post == post.id }), !sc.preferences.contains(where: { $0.post == post.id }) else { continue }
            var key = "\(post.role)|\(post.base)|\(post.pattern)|\(post.sessionsPerWeek)|\(post.serves)"
            // Posts with protected time are interchangeable only with posts of the same commitments.
            if !sc.protected.isEmpty { key += "|" + sc.protected.commitments(of: post).joined(separator: ",") }
            groups[key, default: []].append(p)
        }
        for members in groups.keys.sorted().compactMap({ groups[$0] }) {
            h.symmetryGroups.append(members.compactMap { position[$0].map { $0 * inst.days } })
            for (a, b) in zip(members, members.dropFirst()) {
                var e = LinearExpression()
                for week in 0..<inst.weeks {
                    if let x = postWeek[ContractKey(post: a, week: week)] { e.add(x) }
                    if let y = postWeek[ContractKey(post: b, week: week)] { e.add(y, times: -1) }
                }
                model.addConstraint("symmetry", "\(sc.posts[a].id),\(sc.posts[b].id)", e, .greaterOrEqual(0))
            }
        }
    }

    /// The rounding heuristic, once the model and its (normalised) objective are complete.
    func heuristic(objective: LinearExpression, variableCount: Int) -> RotaHeuristic {
        var h = h
        var cost = [Double](repeating: 0, count: variableCount)
        for (v, a) in objective.terms { cost[v.index] = a }
        for (plan, v) in plans {
            let r = inst.postRole[plan.post]
            let visits = plan.rooms.map { room in
                (room: inst.number(room), coverage: inst.number(CoverKey(site: room.site, role: r, week: plan.week)))
            }
            h.addPlan(.init(variable: v.index, postDay: (position[plan.post] ?? 0) * inst.days + plan.day,
                            contract: inst.number(ContractKey(post: plan.post, week: plan.week)), sessions: plan.sessions,
                            visits: visits, cost: cost[v.index]))
        }
        h.variableCount = variableCount
        return h
    }
}
