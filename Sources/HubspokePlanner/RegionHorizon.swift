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
/// The slopes are those at the unmet sessions of the first week's LP relaxation (its fairness
/// weight divided by the number of weeks, the first week's share of the horizon's penalty when
/// the weeks are alike), scaled to the horizon.
/// A week of such a horizon as planned: its day plans (in the week's own numbering, week 0), the
/// bound on its priced model, and what its plan reports.
struct PlannedWeek {
    var plans: [DayPlan]
    var bound: Double?
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
        let firstWeek = PlanningInstance(Self.weekScenario(0, of: sc, fairnessShare: 1 / Double(inst.weeks)), previous: nil)
        let firstModel = RotaModel(firstWeek, roles: firstWeek.rolesWithPosts)
        guard firstModel.plans.count > tuning.horizonByWeekAbove else { return nil }
        board?.begin("horizon a week at a time: fairness prices", settled: [], live: 0)
        let prices = fairnessPrices(estimatedFrom: firstModel, week: firstWeek)
        let weeks = (0..<inst.weeks).map { w in
            var week = PlanningInstance(Self.weekScenario(w, of: sc, fairnessShare: 1), previous: nil)
            week.fairnessPrices = prices
            return week
        }
        var relaxedScenario = Self.weekScenario(0, of: sc, fairnessShare: 1)
        for p in relaxedScenario.posts.indices { relaxedScenario.posts[p].absences = [] }
        var relaxed = PlanningInstance(relaxedScenario, previous: nil)
        relaxed.fairnessPrices = prices
        let planned = Self.relaxes(relaxed, weeks) ? try planFromRelaxedWeek(relaxed, weeks) : try planEachWeek(weeks)
        let offset = fairnessCorrection(prices)
        let bound = planned.reduce(Optional(0.0)) { s, week in s.flatMap { a in week.bound.map { a + $0 } } }.map { $0 + offset }
        return horizonRota(planned, bound: bound, offset: offset)
    }

    /// Each week planned on its own by the one-week pipeline, the time left shared among the weeks
    /// left (`among` of them after these).
    func planEachWeek(_ weeks: [PlanningInstance], among later: Int = 0) throws -> [PlannedWeek] {
        try weeks.enumerated().map { w, week in
            board?.begin("horizon a week at a time: week \(w + 1) of \(weeks.count)", settled: [], live: 0)
            let rota = try PlanSearch(week, options: weekOptions(share: 1 / Double(weeks.count - w + later))).plan()
            return try PlannedWeek(plans: dayPlans(rota), bound: rota.solver.bestBound, stop: rota.solver.stopReason, parts: rota.solver.parts,
                                   rounds: rota.solver.rounds, variables: rota.solver.variables, constraints: rota.solver.constraints, log: rota.solverLog)
        }
    }

    /// Weeks alike but for leave: the week without leave (`relaxed`, which every week's rules
    /// restrict: `relaxes`) is planned by the one-week pipeline, with half the time there is; its
    /// bound bounds every week. Each week then starts from its rota (the plans its leave rules out
    /// dropped, the gaps filled by the rounding heuristic) and is improved by the joint search on
    /// its own model (`searchWeek`); a week with no such start is planned on its own.
    func planFromRelaxedWeek(_ relaxed: PlanningInstance, _ weeks: [PlanningInstance]) throws -> [PlannedWeek] {
        board?.begin("horizon a week at a time: the week without leave", settled: [], live: 0)
        let base = try PlanSearch(relaxed, options: weekOptions(share: 0.5)).plan()
        let plans = try dayPlans(base)
        var planned: [PlannedWeek] = []
        for (w, week) in weeks.enumerated() {
            board?.begin("horizon a week at a time: week \(w + 1) of \(weeks.count) from the week without leave", settled: [], live: 0)
            let end = deadline.map { monotonicSeconds() + max(0.2, ($0 - monotonicSeconds() - 0.5) / Double(weeks.count - w)) }
            if var searched = searchWeek(week, from: plans, until: end) {
                searched.bound = base.solver.bestBound
                planned.append(searched)
            } else {
                planned.append(contentsOf: try planEachWeek([week], among: weeks.count - w - 1))
            }
        }
        planned[0].log = "=== the week without leave: objective \(base.solver.objective.map { String(format: "%.3f", $0) } ?? "none"), bound "
            + "\(base.solver.bestBound.map { String(format: "%.3f", $0) } ?? "none")\n\(base.solverLog)\n" + planned[0].log
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
    func searchWeek(_ week: PlanningInstance, from plans: [DayPlan], until end: Double?) -> PlannedWeek? {
        let model = RotaModel(week, roles: week.rolesWithPosts)
        guard let start = model.rounded(from: Set(plans)) else { return nil }
        let search = NeighbourhoodSearch(model, inst: week, settings: tuning.neighbourhoods, solver: tuning.solver)
        let timed = end != nil
        let found = search.run(from: start, seed: 1, steps: timed ? .max : tuning.byWeekSteps, patience: timed ? .max : tuning.byWeekPatience, deadline: end)
        let chosen = model.plans.compactMap { plan, v in found.values[v.index] > 0.5 ? plan : nil }
        let log = "neighbourhood search from the week without leave: \(found.steps) neighbourhoods, \(found.improvements) improvements, objective "
            + "\(String(format: "%.3f", model.model.objectiveValue(start))) -> \(String(format: "%.3f", found.objective))\n"
        return PlannedWeek(plans: chosen, bound: nil, stop: timed ? .timeLimit : nil, parts: 1, rounds: 1, variables: model.model.variables.count,
                           constraints: model.model.constraints.count, log: log)
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

    /// The options of a week's plan: the caller's, with `share` of the time left.
    func weekOptions(share: Double) -> PlanOptions {
        var week = options
        // The default stopping rule's node limit is the week's own to set (`PlanSearch.init`).
        if deadline == nil && firstRound.nodeLimit == tuning.firstRoundNodeLimit { week.nodeLimit = nil }
        week.timeLimit = deadline.map { max(0.5, ($0 - monotonicSeconds() - 0.5) * share) }
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
    func fairnessPrices(estimatedFrom model: RotaModel, week: PlanningInstance) -> [Int: Double] {
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
        return prices
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
