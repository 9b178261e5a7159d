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
extension PlanSearch {
    /// The rota of the horizon planned a week at a time, or nil where that does not apply (one
    /// week; minimum presence, protected time or a repair couple the weeks; or a week is small
    /// enough for the horizon's own search).
    func planRegionHorizon() throws -> Rota? {
        let sc = inst.scenario
        guard inst.weeks > 1, inst.repair == nil, sc.rules.minimumPresence == nil, sc.protected.isEmpty else { return nil }
        let firstWeek = PlanningInstance(Self.weekScenario(0, of: sc, fairnessShare: 1 / Double(inst.weeks)), previous: inst.previous)
        let firstModel = RotaModel(firstWeek, roles: firstWeek.rolesWithPosts)
        guard firstModel.plans.count > tuning.horizonByWeekAbove else { return nil }
        board?.begin("horizon a week at a time: fairness prices", settled: [], live: 0)
        let prices = fairnessPrices(estimatedFrom: firstModel, week: firstWeek)
        var weeks: [Rota] = []
        for w in 0..<inst.weeks {
            board?.begin("horizon a week at a time: week \(w + 1) of \(inst.weeks)", settled: [], live: 0)
            var week = PlanningInstance(Self.weekScenario(w, of: sc, fairnessShare: 1), previous: inst.previous)
            week.fairnessPrices = prices
            weeks.append(try PlanSearch(week, options: weekOptions(weeksLeft: inst.weeks - w)).plan())
        }
        return horizonRota(weeks, bound: weeks.reduce(Optional(0.0)) { s, r in s.flatMap { a in r.solver.bestBound.map { a + $0 } } }
            .map { $0 + fairnessCorrection(prices) })
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

    /// The options of a week's plan: the caller's, with the time left shared among the weeks left.
    func weekOptions(weeksLeft: Int) -> PlanOptions {
        var week = options
        // The default stopping rule's node limit is the week's own to set (`PlanSearch.init`).
        if deadline == nil && firstRound.nodeLimit == tuning.firstRoundNodeLimit { week.nodeLimit = nil }
        week.timeLimit = deadline.map { max(0.5, ($0 - monotonicSeconds() - 0.5) / Double(weeksLeft)) }
        // Without a time limit, each week's parts stop within `byWeekGap` (the caller's --gap if
        // smaller): the week's bound is its Lagrangian bound over rooms either way.
        if deadline == nil { week.gap = min(options.gap ?? 1, tuning.byWeekGap) }
        week.progress = nil
        return week
    }

    /// The price per unmet session of each PRU and role with demand: the slope of the horizon's
    /// fairness penalty (`slope`) at the first week's LP relaxation's unmet sessions scaled to the
    /// horizon; at no unmet sessions (or no LP), the first segment's.
    func fairnessPrices(estimatedFrom model: RotaModel, week: PlanningInstance) -> [Int: Double] {
        let lp = tuning.lpSolver.solve(model.model.relaxation(), options: SolveOptions(presolve: false))
        var served: [Int: Double] = [:]
        if lp.status == .optimal {
            for (key, v) in model.served { served[key.cover.site * inst.scenario.roles.count + key.cover.role, default: 0] += lp[v] }
        }
        let sc = inst.scenario, weight = sc.rules.weights.fairness
        var prices: [Int: Double] = [:]
        for r in sc.roles.indices {
            for s in 0..<inst.siteCount where sc.sites[s].kind == .pru {
                let horizon = inst.totalDemand(site: s, role: r), first = week.totalDemand(site: s, role: r)
                guard horizon > 0, weight > 0 else { continue }
                let key = s * sc.roles.count + r
                let unmet = first > 0 ? max(0, Double(first) - (served[key] ?? Double(first))) * Double(horizon) / Double(first) : 0
                prices[key] = weight * Self.slope(demand: horizon, unmet: unmet)
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

    /// The weeks' rotas as one rota of the horizon, decoded and costed on it, with `bound`; nil
    /// (the horizon is then planned as before) should the weeks together break a rule.
    func horizonRota(_ weeks: [Rota], bound: Double?) -> Rota? {
        let sc = inst.scenario
        var sessions: [Assignment] = []
        var plans: [DayPlan] = []
        for (w, rota) in weeks.enumerated() {
            var byDay: [Int: (am: Int?, pm: Int?, weekday: Weekday)] = [:]
            for var a in rota.assignments {
                a.week = w + 1
                sessions.append(a)
                guard let p = sc.postIndex(a.post), let s = sc.siteIndex(a.site) else { return nil }
                let key = p * 5 + a.day.rawValue
                var day = byDay[key] ?? (nil, nil, a.day)
                if a.half == .am { day.am = s } else { day.pm = s }
                byDay[key] = day
            }
            for key in byDay.keys.sorted() {
                guard let day = byDay[key] else { continue }
                plans.append(DayPlan(post: key / 5, week: w, weekday: day.weekday, am: day.am, pm: day.pm))
            }
        }
        guard sc.breaches(of: sessions).isEmpty else { return nil }
        return decodedHorizon(plans, weeks: weeks, bound: bound)
    }

    /// The rota of `plans` with its solver report: the horizon's objective (decoded), `bound`, the
    /// gap between them, and the weeks' parts, rounds and model sizes summed.
    func decodedHorizon(_ plans: [DayPlan], weeks: [Rota], bound: Double?) -> Rota {
        var rota = RotaDecoder(inst).rota(plans, solver: SolverReport(status: RotaStatus.feasible, stopReason: nil, objective: nil, bestBound: bound,
                                                                      gap: nil, parts: 0, rounds: 0, variables: 0, constraints: 0, seconds: 0))
        let objective = rota.objective.total
        let proven = bound.map { objective - $0 <= 1e-6 * max(1, abs(objective)) } ?? false
        let gap = proven ? 0 : bound.map { max(0, objective - $0) / max(abs(objective), 1e-9) }
        // As `finish` reports a plan: `optimal` for a proof, or within the default tolerance without a --gap.
        let within = !proven && options.gap == nil && gap.map { $0 <= tuning.tolerance } == true
        let reached = options.gap.flatMap { g in gap.map { $0 <= g } } ?? false
        let stops = weeks.compactMap(\.solver.stopReason)
        let stop: RotaStopReason? = proven || within ? nil : reached ? .gapLimit : stops.contains(.timeLimit) ? .timeLimit : stops.first
        rota.solver = SolverReport(status: proven || within ? RotaStatus.optimal : .feasible, stopReason: stop, objective: objective, bestBound: bound,
                                   gap: gap, parts: weeks.reduce(0) { $0 + $1.solver.parts }, rounds: weeks.reduce(0) { $0 + $1.solver.rounds },
                                   variables: weeks.reduce(0) { $0 + $1.solver.variables }, constraints: weeks.reduce(0) { $0 + $1.solver.constraints },
                                   seconds: monotonicSeconds() - started)
        if within { rota.solver.tolerance = tuning.tolerance }
        if options.captureLog {
            rota.solverLog = weeks.enumerated().map { "=== week \($0.offset + 1) of \(weeks.count), fairness priced\n\($0.element.solverLog)" }.joined(separator: "\n")
        }
        return rota
    }
}
