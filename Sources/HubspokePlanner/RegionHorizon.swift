import HubspokeModel
import HubspokeSupport
import LinearModel

/// A long horizon of a large scenario planned a week at a time, with the weeks' coupling priced.
///
/// Where even one week's roles merged are too large to solve merged (over
/// `PlannerTuning.horizonByWeekAbove` day plans: the 40-site region), the horizon's own parts (about
/// 24,000 day plans a role over four weeks) are out of GLPK's reach, and the joint search over the
/// whole horizon crawls. But without minimum presence or protected time the weeks are coupled only
/// by the fairness rows over the horizon (and the symmetry rows, which remove mirror rotas and
/// no rota's cost). Each fairness row's convex penalty `F(U)` on the horizon's unmet sessions `U`
/// lies above its tangent at any point: `F(U) ≥ g·U + min_V (F(V) − g·V)`. With the penalty
/// replaced by the tangent's slope `g` per unmet session (`PlanningInstance.fairnessPrices`), the
/// horizon falls apart into its weeks, and each week is planned by the one-week pipeline
/// (`PlanSearch.plan`: roles, rooms, joint search, the Lagrangian bound over rooms). Then:
/// - the weeks' rotas together are a rota of the horizon (every hard rule is a rule of one week),
///   decoded and costed on the horizon, the exact fairness term included;
/// - the sum of the weeks' bounds plus `Σ min_V (F(V) − g·V)` is a valid bound for any `g`
///   (Lagrangian relaxation of the fairness rows; the symmetry rows dropped).
///
/// The first slopes are the duals of the fairness rows in a week's LP relaxation (its fairness
/// weight divided by the number of weeks, the week's share of the horizon's penalty when the weeks
/// are alike): the week without leave's where the weeks are alike but for leave, else the first
/// week's.
///
/// Where the weeks are alike but for leave (the 40-site region), the bound is
/// `Σ_w Φ_w(g) + Σ min_V (F(V) − g·V)`, `Φ_w(g)` week `w`'s Lagrangian bound over rooms at
/// fairness prices `g` with the room prices of the week without leave's LP (any room prices of at
/// least 0 give a valid bound), each role solved once for the weeks where its model is the same
/// (`pricedWeeksBound`); further price steps are possible (`priceSteps`). The rota is planned
/// on the horizon's own objective: the week without leave with its share of the penalty, then each
/// week from its rota with the horizon's penalty past the other weeks' unmet sessions
/// (`planFromRelaxedWeek`).

/// A week of such a horizon as planned: its day plans (in the week's own numbering, week 0), the
/// bound on its priced model (planned priced, on its own), and what its plan reports.
struct PlannedWeek {
    var plans: [DayPlan]
    var bound: Double?
    /// Its rota's objective on the model it was planned or searched on.
    var objective: Double?
    var stop: RotaStopReason?
    var parts = 0, rounds = 0, variables = 0, constraints = 0
    var log = ""
}

extension PlanSearch {
    /// The rota of the horizon planned a week at a time, or nil where that does not apply (one
    /// week; minimum presence, protected time or a repair couple the weeks; a previous rota, whose
    /// continuity term belongs to the first week alone, so that every week's bound would count it;
    /// or a week is small enough for the horizon's own search).
    func planRegionHorizon() throws -> Rota? {
        let sc = inst.scenario
        guard inst.weeks > 1, inst.repair == nil, inst.previous == nil, sc.rules.minimumPresence == nil, sc.protected.isEmpty else { return nil }
        let share = 1 / Double(inst.weeks)
        var weeks = (0..<inst.weeks).map { w in PlanningInstance(Self.weekScenario(w, of: sc, fairnessShare: 1), previous: nil) }
        var relaxedScenario = Self.weekScenario(0, of: sc, fairnessShare: 1)
        for p in relaxedScenario.posts.indices { relaxedScenario.posts[p].absences = [] }
        var relaxed = PlanningInstance(relaxedScenario, previous: nil)
        let alike = Self.relaxes(relaxed, weeks)
        // The prices are estimated on the week without leave where it relaxes every week (its LP's
        // room prices then bound it too, `priceSteps`), else on the first week.
        var estimateScenario = alike ? relaxedScenario : Self.weekScenario(0, of: sc, fairnessShare: 1)
        estimateScenario.rules.weights.fairness *= share
        let estimateWeek = PlanningInstance(estimateScenario, previous: nil)
        let estimateModel = RotaModel(estimateWeek, roles: estimateWeek.rolesWithPosts)
        guard estimateModel.plans.count > tuning.horizonByWeekAbove else { return nil }
        board?.begin("horizon a week at a time: fairness prices", settled: [], live: 0)
        let (prices, lp) = fairnessPrices(estimatedFrom: estimateModel, week: estimateWeek)
        for w in weeks.indices { weeks[w].fairnessPrices = prices }
        relaxed.fairnessPrices = prices
        // With a time limit, the weeks end `byWeekPriceShare` of it early, for the price steps.
        let reserve = alike ? tuning.byWeekPriceShare : 0
        let weeksEnd = deadline.map { $0 - 0.5 - reserve * max(0, $0 - (options.startedAt ?? started)) }
        guard alike else {
            let planned = try planEachWeek(weeks, until: weeksEnd)
            let offset = fairnessCorrection(prices)
            let bound = planned.reduce(Optional(0.0)) { s, week in s.flatMap { a in week.bound.map { a + $0 } } }.map { $0 + offset }
            return horizonRota(planned, bound: bound, offset: offset)
        }
        // Weeks alike but for leave: the rota from the week without leave (`planFromRelaxedWeek`),
        // the bound from the price steps on it, the estimate's LP pricing its rooms.
        let planned = try planFromRelaxedWeek(estimateWeek, weeks, until: weeksEnd)
        guard var rota = horizonRota(planned, bound: nil, offset: 0) else { return nil }
        if let rooms = lp.flatMap({ LagrangianBound(joint: estimateModel, relaxation: $0) }),
           let stepped = priceSteps(relaxed, weeks, rooms: rooms, from: rota, bound: nil, startAt: prices) {
            rota.solver = report(objective: rota.objective.total, bound: stepped.bound, weeks: planned)
            if options.captureLog { rota.solverLog = "the prices' LP: \(String(format: "%.1f", lp?.seconds ?? 0)) s\n" + stepped.log + rota.solverLog }
        }
        return rota
    }

    /// Each week planned on its own by the one-week pipeline, the time left shared among the weeks
    /// left (`among` of them after these).
    func planEachWeek(_ weeks: [PlanningInstance], among later: Int = 0, until end: Double?) throws -> [PlannedWeek] {
        try weeks.enumerated().map { w, week in
            board?.begin("horizon a week at a time: week \(w + 1) of \(weeks.count)", settled: [], live: 0)
            let rota = try PlanSearch(week, options: weekOptions(share: 1 / Double(weeks.count - w + later), until: end)).plan()
            return try PlannedWeek(plans: dayPlans(rota), bound: rota.solver.bestBound, objective: rota.solver.objective, stop: rota.solver.stopReason, parts: rota.solver.parts,
                                   rounds: rota.solver.rounds, variables: rota.solver.variables, constraints: rota.solver.constraints, log: rota.solverLog)
        }
    }

    /// Weeks alike but for leave: the week without leave (`relaxed`, which every week's rules
    /// restrict: `relaxes`), with the horizon's fairness weight shared among the weeks (each week's
    /// share of the horizon's penalty where the weeks are alike), is planned by the one-week
    /// pipeline with `byWeekRelaxedShare` of the time there is, without the joint model's bound
    /// (it would not bound the horizon: the bound is the price steps', `priceSteps`). Each week
    /// then starts from its rota (the plans its leave rules out dropped, the gaps filled by the
    /// rounding heuristic) and is improved by the joint search on its own model, with the horizon's
    /// own fairness penalty, the other weeks' unmet sessions fixed (`fairnessHorizon`: those of
    /// the weeks searched before it, the week without leave's for the others), so that every
    /// improvement is one of the horizon's objective (`searchWeek`). A week with no such start is
    /// planned on its own, priced.
    func planFromRelaxedWeek(_ relaxed: PlanningInstance, _ weeks: [PlanningInstance], until weeksEnd: Double?) throws -> [PlannedWeek] {
        board?.begin("horizon a week at a time: the week without leave", settled: [], live: 0)
        var baseSearch = PlanSearch(relaxed, options: weekOptions(share: tuning.byWeekRelaxedShare, until: weeksEnd))
        baseSearch.boundsJointModel = false
        let base = try baseSearch.plan()
        let plans = try dayPlans(base)
        let sc = inst.scenario, roleCount = sc.roles.count
        var relaxedUnmet: [Int: Int] = [:]
        for u in base.unmet {
            guard let s = sc.siteIndex(u.site), let r = sc.roleIndex(u.role) else { continue }
            relaxedUnmet[s * roleCount + r, default: 0] += u.sessions
        }
        var unmet = Array(repeating: relaxedUnmet, count: weeks.count)
        var planned: [PlannedWeek] = []
        for (w, week) in weeks.enumerated() {
            board?.begin("horizon a week at a time: week \(w + 1) of \(weeks.count) from the week without leave", settled: [], live: 0)
            var own = week
            own.fairnessPrices = [:]
            for r in sc.roles.indices {
                for s in 0..<inst.siteCount where sc.sites[s].kind == .pru {
                    let row = s * roleCount + r, demand = inst.totalDemand(site: s, role: r)
                    guard demand > 0 else { continue }
                    own.fairnessHorizon[row] = (demand, unmet.indices.reduce(0) { $1 == w ? $0 : $0 + (unmet[$1][row] ?? 0) })
                }
            }
            let end = weeksEnd.map { monotonicSeconds() + max(0.2, ($0 - monotonicSeconds()) / Double(weeks.count - w)) }
            if let searched = searchWeek(own, from: plans, until: end) {
                unmet[w] = searched.unmet
                planned.append(searched.week)
            } else {
                planned.append(contentsOf: try planEachWeek([week], among: weeks.count - w - 1, until: weeksEnd))
            }
        }
        planned[0].log = "=== the week without leave: objective \(base.solver.objective.map { String(format: "%.3f", $0) } ?? "none") in \(String(format: "%.1f", base.solver.seconds)) s\n\(base.solverLog)\n" + planned[0].log
        return planned
    }

    /// Whether `relaxed` is a relaxation of every week: the same demand, pins and forbids, and
    /// every site open and post available whenever it is in the week.
    static func relaxes(_ relaxed: PlanningInstance, _ weeks: [PlanningInstance]) -> Bool {
        weeks.allSatisfy { week in
            week.demand == relaxed.demand && week.pinned == relaxed.pinned && week.forbidden == relaxed.forbidden
                && zip(week.open, relaxed.open).allSatisfy { zip($0, $1).allSatisfy { !$0 || $1 } }
                && zip(week.available, relaxed.available).allSatisfy { zip($0, $1).allSatisfy { !$0 || $1 } }
        }
    }

    /// The week's rota from `plans` (another week's: those its model lacks dropped, the rest
    /// completed by the rounding heuristic), improved by the joint search until `end` (with a time
    /// limit) or for `byWeekSteps` neighbourhoods; nil when that start breaks a rule.
    /// Also returns the rota's unmet sessions at each PRU and role.
    func searchWeek(_ week: PlanningInstance, from plans: [DayPlan], until end: Double?) -> (week: PlannedWeek, unmet: [Int: Int])? {
        let began = monotonicSeconds()
        let model = RotaModel(week, roles: week.rolesWithPosts)
        guard let start = model.rounded(from: Set(plans)) else { return nil }
        let search = NeighbourhoodSearch(model, inst: week, settings: tuning.neighbourhoods, solver: tuning.solver)
        let timed = end != nil
        let found = search.run(from: start, seed: 1, steps: timed ? .max : tuning.byWeekSteps, patience: timed ? .max : tuning.byWeekPatience, deadline: end)
        let chosen = model.plans.compactMap { plan, v in found.values[v.index] > 0.5 ? plan : nil }
        let log = "neighbourhood search from the week without leave, on the horizon's fairness penalty: \(found.steps) neighbourhoods, \(found.improvements) improvements, objective "
            + "\(String(format: "%.3f", model.model.objectiveValue(start))) -> \(String(format: "%.3f", found.objective)) in \(String(format: "%.1f", monotonicSeconds() - began)) s\n"
        let roleCount = inst.scenario.roles.count
        var served: [Int: Double] = [:]
        for (key, v) in model.served { served[key.cover.site * roleCount + key.cover.role, default: 0] += found.values[v.index] }
        var unmet: [Int: Int] = [:]
        for r in inst.scenario.roles.indices {
            for s in 0..<inst.siteCount where inst.scenario.sites[s].kind == .pru {
                let demand = week.totalDemand(site: s, role: r)
                if demand > 0 { unmet[s * roleCount + r] = max(0, Int((Double(demand) - (served[s * roleCount + r] ?? 0)).rounded())) }
            }
        }
        return (PlannedWeek(plans: chosen, bound: nil, objective: found.objective, stop: timed ? .timeLimit : nil, parts: 1, rounds: 1,
                            variables: model.model.variables.count, constraints: model.model.constraints.count, log: log), unmet)
    }

    /// Price steps on the fairness rows (a subgradient method on the Lagrangian dual), where the
    /// weeks are alike but for leave. The horizon's bound at prices `g` is
    /// `Σ_w Φ_w(g) + Σ min_V (F(V) − g·V)`, `Φ_w(g)` the bound on week `w` with its fairness rows
    /// priced at `g`. `Φ_w(g)` is bounded without the week's LP: the room prices `rooms` (the week
    /// without leave's LP's) are kept (`LagrangianBound`: for any room prices of at least 0, the
    /// sum of the roles' bounds less the rooms' charge bounds the week), and each role is solved
    /// with the fairness prices (`pricedWeeksBound`). So every step's value is a valid bound,
    /// whatever the prices: the best is kept, with `bound`.
    ///
    /// The first step's prices are `first` where given (the estimated prices), then the penalty's
    /// slopes at the horizon rota's unmet sessions (its tangents there: where the rota is near the
    /// optimum, near the best prices). Each later step moves the best prices so far towards the
    /// prices fitted there: for each row, the penalty's slope halfway between `U(g)` (the weeks'
    /// unmet sessions in the roles' rotas) and `V(g)` (the tangent's minimiser, taken nearest `U`
    /// where it is not unique). At the best prices the two agree (`U − V` is the dual's
    /// supergradient), so this is a subgradient step scaled row by row; the step is halved after
    /// one that brings nothing. At most `byWeekPriceSteps` steps; with a time limit, until the
    /// deadline. Measured on the 40-site region over four weeks (2026-12-01): no later step
    /// improved on the estimated prices, so by default there is one. Returns nil when no step gave
    /// a bound.
    func priceSteps(_ relaxed: PlanningInstance, _ weeks: [PlanningInstance], rooms: LagrangianBound, from rota: Rota, bound: Double?,
                    startAt first: [Int: Double]? = nil) -> (bound: Double, log: String)? {
        let sc = inst.scenario, weight = sc.rules.weights.fairness, roleCount = sc.roles.count
        guard tuning.byWeekPriceSteps > 0, weight > 0, !relaxed.fairnessPrices.isEmpty else { return nil }
        let rows = relaxed.fairnessPrices.keys.sorted()
        var horizonUnmet: [Int: Int] = [:]
        for u in rota.unmet {
            guard let s = sc.siteIndex(u.site), let r = sc.roleIndex(u.role) else { continue }
            horizonUnmet[s * roleCount + r, default: 0] += u.sessions
        }
        func demand(_ row: Int) -> Int { inst.totalDemand(site: row / roleCount, role: row % roleCount) }
        let objective = rota.objective.total
        var prices: [Int: Double] = [:]
        for row in rows { prices[row] = weight * Self.slope(demand: demand(row), unmet: Double(horizonUnmet[row] ?? 0)) }
        // The prices to try before the steps along the supergradient: the caller's, then the slopes.
        var queue = [prices]
        if let first { queue.insert(first, at: 0) }
        prices = queue.removeFirst()
        // The best step so far: its bound, its prices and the prices fitted there.
        var best: (value: Double, prices: [Int: Double], fitted: [Int: Double])?
        var theta = 1.0
        var log = "fairness price steps (bound before: \(bound.map { String(format: "%.3f", $0) } ?? "none"), rota \(String(format: "%.3f", objective)))\n"
        var lastStep = 0.0
        for step in 0..<tuning.byWeekPriceSteps {
            // With a time limit, each step gets its share of the time left, and at least half as
            // long again as the step before took (the last one all of it); none starts without that.
            let now = monotonicSeconds()
            let end = deadline.map { d in min(d - 0.5, now + max((d - 0.5 - now) / Double(tuning.byWeekPriceSteps - step), 1.5 * lastStep)) }
            if let end, end - now < max(0.5, 1.5 * lastStep) { break }
            guard let priced = pricedWeeksBound(relaxed, weeks, prices: prices, rooms: rooms, end: end) else { log += "step \(step + 1): no bound\n"; break }
            lastStep = monotonicSeconds() - now
            let value = priced.bound + fairnessCorrection(prices)
            // Each row's fitted price: the penalty's slope halfway between the weeks' unmet
            // sessions (`U`) and the tangent's minimiser at this price, where the two agree at
            // the best prices. The step moves towards them.
            var fitted: [Int: Double] = [:]
            for row in rows {
                guard let unmet = priced.unmet[row], let g = prices[row] else { continue }
                let v = Self.tangentMinimiser(demand: demand(row), price: g, weight: weight, nearest: unmet)
                fitted[row] = weight * Self.slope(demand: demand(row), unmet: (unmet + v) / 2)
            }
            log += "step \(step + 1): bound \(String(format: "%.3f", value)) (the weeks \(String(format: "%.3f", priced.bound)), \(priced.solves) roles solved in \(String(format: "%.1f", lastStep)) s, step \(theta))\n"
            if value > best?.value ?? -.infinity { best = (value, prices, fitted) } else if queue.isEmpty { theta /= 2 }
            if !queue.isEmpty { prices = queue.removeFirst(); continue }
            guard let from = best else { break }
            for row in rows {
                let g = from.prices[row] ?? 0
                prices[row] = max(0, g + theta * ((from.fitted[row] ?? g) - g))
            }
        }
        guard let best else { return nil }
        return (max(best.value, bound ?? -.infinity), log)
    }

    /// A minimiser of `w·F(V) − g·V` over `V` in `[0, demand]`: every segment cheaper than `g`
    /// (where segments cost exactly `g`, any point of theirs; the one nearest `nearest`).
    static func tangentMinimiser(demand: Int, price g: Double, weight: Double, nearest: Double) -> Double {
        var low = 0.0, high = 0.0
        for seg in FairnessPenalty.segments(demand: demand) {
            let c = weight * seg.costPerSession
            if c < g - 1e-9 { low += Double(seg.sessions); high += Double(seg.sessions) } else if c <= g + 1e-9 { high += Double(seg.sessions) }
        }
        return min(high, max(low, nearest))
    }

    /// The sum of the weeks' bounds with their fairness rows priced at `prices` and their rooms at
    /// `rooms`' prices (`LagrangianBound`: for any room prices of at least 0, the sum of a week's
    /// roles' bounds less the rooms' charge bounds the week): each week's roles solved on their
    /// own (`options.threads` at a time, each with its own GLPK problem) until `end` or, without a
    /// time limit, for `lagrangianNodeLimit` nodes. A role whose posts are as available in a week
    /// as in the week without leave (`relaxed`), the sites as open, has the same model in both, so
    /// it is solved once, on the week without leave; every role is solved there first, and where
    /// a week's own solve of a role gives no bound in time, the week without leave's bounds it.
    /// Also returns each priced row's unmet sessions over the weeks in the roles' rotas, and how
    /// many roles were solved. nil when a role's solve on the week without leave gives no bound.
    func pricedWeeksBound(_ relaxed: PlanningInstance, _ weeks: [PlanningInstance], prices: [Int: Double], rooms: LagrangianBound,
                          end: Double?) -> (bound: Double, unmet: [Int: Double], solves: Int)? {
        let roles = relaxed.rolesWithPosts, roleCount = inst.scenario.roles.count, threads = options.threads
        var priced = [relaxed] + weeks
        for i in priced.indices { priced[i].fairnessPrices = prices; priced[i].fairnessHorizon = [:] }
        // Each week's role: the instance it is solved on (0: the week without leave, w + 1: week w).
        func own(_ week: PlanningInstance, role: Int) -> Bool {
            week.open != relaxed.open || week.postRole.indices.contains { p in week.postRole[p] == role && week.available[p] != relaxed.available[p] }
        }
        let on = weeks.enumerated().map { w, week in roles.map { own(week, role: $0) ? w + 1 : 0 } }
        // Every role on the week without leave first: where a week's own solve of a role gets no
        // bound in time, that one bounds it (the week without leave relaxes every week).
        var jobs = roles.map { (instance: 0, role: $0) }
        for (w, week) in on.enumerated() { for (i, role) in roles.enumerated() where week[i] == w + 1 { jobs.append((w + 1, role)) } }
        var roleOptions = options
        roleOptions.gap = tuning.lagrangianGap
        roleOptions.nodeLimit = end == nil ? tuning.lagrangianNodeLimit : nil
        roleOptions.captureLog = false
        let search = self, instances = priced, todo = jobs, solveWith = roleOptions
        let solved = parallelMap(count: todo.count, threads: threads) { j -> (bound: Double, served: [Int: Double], solved: Bool)? in
            if let end, monotonicSeconds() >= end - 0.05 { return nil }
            let model = RotaModel(instances[todo[j].instance], roles: [todo[j].role], roomPrices: rooms.prices)
            let waves = (todo.count - j + threads - 1) / threads
            let result = search.tuning.solver.solve(model.model, options: search.solveOptions(solveWith, model, deadline: end, waves: waves))
            guard let bound = result.bestBound else { return nil }
            var served: [Int: Double] = [:]
            if result.hasSolution {
                for (key, v) in model.served { served[key.cover.site * roleCount + key.cover.role, default: 0] += result[v] }
            }
            return (bound, served, result.hasSolution)
        }
        var byJob: [Int: (bound: Double, served: [Int: Double], solved: Bool)] = [:]
        for (j, job) in jobs.enumerated() { byJob[job.instance * roleCount + job.role] = solved[j] }
        let rows = prices.keys.sorted()
        var total = -Double(weeks.count) * rooms.roomCharge, unmet: [Int: Double] = [:]
        for (w, week) in on.enumerated() {
            for (i, role) in roles.enumerated() {
                guard let one = byJob[week[i] * roleCount + role] ?? byJob[role] else { return nil }
                total += one.bound
                for row in rows where row % roleCount == role {
                    // A role with no rota leaves its rows out of the step (`unmet` nil there).
                    guard one.solved, unmet[row] != nil || w == 0 else { unmet[row] = nil; continue }
                    unmet[row, default: 0] += max(0, Double(weeks[w].totalDemand(site: row / roleCount, role: role)) - (one.served[row] ?? 0))
                }
            }
        }
        return (total, unmet, jobs.count)
    }

    /// A week's rota (of a one-week scenario) as day plans in its own numbering.
    func dayPlans(_ rota: Rota) throws -> [DayPlan] {
        let sc = inst.scenario
        var byDay: [Int: (am: Int?, pm: Int?, weekday: Weekday)] = [:]
        for a in rota.assignments {
            guard let p = sc.postIndex(a.post), let s = sc.siteIndex(a.site) else { throw PlanFailure(description: "a week's rota names an unknown post or site") }
            let key = p * 5 + a.day.rawValue
            var day = byDay[key] ?? (nil, nil, a.day)
            if a.half == .am { day.am = s } else { day.pm = s }
            byDay[key] = day
        }
        return byDay.keys.sorted().compactMap { key in byDay[key].map { DayPlan(post: key / 5, week: 0, weekday: $0.weekday, am: $0.am, pm: $0.pm) } }
    }

    /// Week `w` of `sc` as a scenario of its own: its dates, its demand, pins and forbids, the
    /// fairness weight times `fairnessShare`.
    static func weekScenario(_ w: Int, of sc: Scenario, fairnessShare: Double) -> Scenario {
        var week = sc
        week.weeks = 1
        week.startDate = sc.startDate.adding(days: 7 * w)
        week.rules.weights.fairness *= fairnessShare
        week.demand = sc.demand.filter { $0.week == nil || $0.week == w + 1 }.map { var d = $0; d.week = nil; return d }
        func thisWeek(_ rules: [SessionRule]) -> [SessionRule] {
            rules.filter { $0.week == nil || $0.week == w + 1 }.map { var r = $0; r.week = nil; return r }
        }
        week.pins = thisWeek(sc.pins)
        week.forbids = thisWeek(sc.forbids)
        return week
    }

    /// The options of a week's plan: the caller's, with `share` of the time left until `end` (the
    /// weeks' end, before the price steps).
    func weekOptions(share: Double, until end: Double?) -> PlanOptions {
        var week = options
        // The default stopping rule's node limit is the week's own to set (`PlanSearch.init`).
        if deadline == nil && firstRound.nodeLimit == tuning.firstRoundNodeLimit { week.nodeLimit = nil }
        week.timeLimit = end.map { max(0.5, ($0 - monotonicSeconds()) * share) }
        // That share counts from now, not from the command's start.
        week.startedAt = nil
        // Without a time limit, each week's parts stop within `byWeekGap` (the caller's --gap if
        // smaller): the week's bound is its Lagrangian bound over rooms either way.
        if deadline == nil { week.gap = min(options.gap ?? 1, tuning.byWeekGap) }
        week.progress = nil
        return week
    }

    /// The price per unmet session of each PRU and role with demand: the dual of its fairness row
    /// in the first week's LP relaxation (its fairness weight divided by the number of weeks, so
    /// that the row's marginal cost is the horizon penalty's slope where the weeks are alike), the
    /// Lagrangian prices of the LP; where the week has no such row or no LP, the horizon penalty's
    /// first slope.
    /// Also returns the LP, where it was solved to optimality.
    func fairnessPrices(estimatedFrom model: RotaModel, week: PlanningInstance) -> ([Int: Double], SolveResult?) {
        let sc = inst.scenario, weight = sc.rules.weights.fairness
        let lp = tuning.lpSolver.solve(model.model.relaxation(), options: SolveOptions(presolve: false))
        var duals: [String: Double] = [:]
        if lp.status == .optimal && lp.duals.count == model.model.constraints.count {
            for (i, row) in model.model.constraints.enumerated() where row.family == "fair_share" { duals[row.name] = max(0, lp.duals[i]) }
        }
        var prices: [Int: Double] = [:]
        for r in sc.roles.indices {
            for s in 0..<inst.siteCount where sc.sites[s].kind == .pru {
                let horizon = inst.totalDemand(site: s, role: r)
                guard horizon > 0, weight > 0 else { continue }
                prices[s * sc.roles.count + r] = duals["fair_share[\(sc.sites[s].id),\(sc.roles[r].id)]"] ?? weight * Self.slope(demand: horizon, unmet: 0)
            }
        }
        return (prices, lp.status == .optimal ? lp : nil)
    }

    /// A slope of the fairness penalty (before its weight) at `unmet` of `demand` sessions: the
    /// segment's inside one, the mean of the two at a breakpoint, the first at 0, the last at the end.
    static func slope(demand: Int, unmet: Double) -> Double {
        let segments = FairnessPenalty.segments(demand: demand)
        var at = 0.0
        for (j, seg) in segments.enumerated() {
            let end = at + Double(seg.sessions)
            if abs(unmet - at) < 1e-6 { return j == 0 ? seg.costPerSession : (segments[j - 1].costPerSession + seg.costPerSession) / 2 }
            if unmet < end { return seg.costPerSession }
            at = end
        }
        return segments.last?.costPerSession ?? 0
    }

    /// `Σ min_V (F(V) − g·V)` over the PRUs and roles priced (`tangentOffset`). At most 0.
    func fairnessCorrection(_ prices: [Int: Double]) -> Double {
        let sc = inst.scenario
        var total = 0.0
        for r in sc.roles.indices {
            for s in 0..<inst.siteCount {
                guard let g = prices[s * sc.roles.count + r] else { continue }
                total += Self.tangentOffset(demand: inst.totalDemand(site: s, role: r), price: g, weight: sc.rules.weights.fairness)
            }
        }
        return total
    }

    /// `min_V (w·F(V) − g·V)` for the fairness penalty `F` of `demand` sessions: over its segments
    /// of cost `c` and length `n`, `Σ min(0, w·c − g)·n`.
    static func tangentOffset(demand: Int, price g: Double, weight: Double) -> Double {
        FairnessPenalty.segments(demand: demand).reduce(0) { $0 + min(0, weight * $1.costPerSession - g) * Double($1.sessions) }
    }

    /// The weeks' day plans as one rota of the horizon, decoded and costed on it, with `bound`; nil
    /// (the horizon is then planned as before) should the weeks together break a rule.
    func horizonRota(_ weeks: [PlannedWeek], bound: Double?, offset: Double) -> Rota? {
        let plans = weeks.enumerated().flatMap { w, week in week.plans.map { DayPlan(post: $0.post, week: w, weekday: $0.weekday, am: $0.am, pm: $0.pm) } }
        var rota = RotaDecoder(inst).rota(plans, solver: SolverReport(status: RotaStatus.feasible, stopReason: nil, objective: nil, bestBound: bound,
                                                                      gap: nil, parts: 0, rounds: 0, variables: 0, constraints: 0, seconds: 0))
        guard inst.scenario.breaches(of: rota.assignments).isEmpty else { return nil }
        rota.solver = report(objective: rota.objective.total, bound: bound, weeks: weeks)
        if options.captureLog {
            rota.solverLog = "fairness priced: the tangents' offset \(String(format: "%.3f", bound.map { _ in offset } ?? 0)) in the bound\n" + weeks.enumerated().map { "=== week \($0.offset + 1) of \(weeks.count), fairness priced\n\($0.element.log)" }.joined(separator: "\n")
        }
        return rota
    }

    /// The horizon's solver report: `objective` against `bound`, as `finish` reports a plan
    /// (`optimal` for a proof, or within the default tolerance without a --gap), and the weeks'
    /// parts, rounds and model sizes summed.
    func report(objective: Double, bound: Double?, weeks: [PlannedWeek]) -> SolverReport {
        let proven = bound.map { objective - $0 <= 1e-6 * max(1, abs(objective)) } ?? false
        let gap = proven ? 0 : bound.map { max(0, objective - $0) / max(abs(objective), 1e-9) }
        let within = !proven && options.gap == nil && gap.map { $0 <= tuning.tolerance } == true
        let reached = options.gap.flatMap { g in gap.map { $0 <= g } } ?? false
        let stops = weeks.compactMap(\.stop)
        // Where no week names a rule, every week stopped within its own gap (`byWeekGap`, or the
        // caller's --gap): the gap limit, never a bare `feasible`.
        let stop: RotaStopReason? = proven || within ? nil : reached ? .gapLimit : stops.contains(.timeLimit) ? .timeLimit : stops.first ?? .gapLimit
        var report = SolverReport(status: proven || within ? RotaStatus.optimal : .feasible, stopReason: stop, objective: objective, bestBound: bound,
                                  gap: gap, parts: weeks.reduce(0) { $0 + $1.parts }, rounds: weeks.reduce(0) { $0 + $1.rounds },
                                  variables: weeks.reduce(0) { $0 + $1.variables }, constraints: weeks.reduce(0) { $0 + $1.constraints },
                                  seconds: monotonicSeconds() - started)
        if within { report.tolerance = tuning.tolerance }
        return report
    }
}
