import LinearModel
import HubspokeModel
import Foundation
import GLPKSolver

extension PlanSearch {
    /// The plan of a horizon of several weeks (`plan()` dispatches here). As for one week, each role
    /// is first solved on its own over the horizon, and the sum of their bounds bounds the whole.
    /// Where, with no time limit, their rotas overflow rooms and the roles would be merged into one
    /// part small enough to solve merged, the merged part is not solved as one MIP: GLPK's branch-and-cut on a
    /// four-week part is slow (Kent and Medway's issue-14 month: 5,171 columns, 34 to 39 s to its
    /// node limit, where the optimum equals the roles' bound), and the weeks are coupled only by a
    /// few rows. Instead the roles' rotas are made to fit the rooms (`jointStart`) and improved a
    /// week at a time (`searchWeeks`), each week's sub-problem stopping once the rota meets the
    /// roles' bound: that is a proof. The rounds after (parts stopped by the first round's caps,
    /// or a larger merge, which goes to the joint search) are those of one week (`settle`).
    mutating func planHorizon() throws -> Rota {
        if let byWeek = try planRegionHorizon() { return byWeek }
        let first = inst.rolesWithPosts.map { PlanPart.pending(Part(model: RotaModel(inst, roles: [$0]))) }
        var limits = firstRound
        if deadline == nil, options.nodeLimit == tuning.defaultNodeLimit, limits.nodeLimit == tuning.firstRoundNodeLimit { limits.nodeLimit = tuning.horizonFirstRoundNodeLimit }
        var parts = solveRound(first, limits: limits, solver: .first)
        let firstRoundBound = Self.boundSum(parts)
        try check(parts)
        let overflow = roomOverflow(parts)
        if !overflow.isEmpty {
            let involved = Set(overflow.flatMap { $0 })
            // Sharing the rooms is kept only where it meets the first round's bound (a proof). Where a
            // role of the overflow was stopped by the first round's node cap, its bound is below its
            // rota, and only a bound that is already the role's optimum could be met: not tried (a
            // random four-week variant, seed 2: 20 s of sharing for nothing).
            let provable = !involved.contains { parts[$0].stoppedByCap }
            let shared = deadline == nil && provable ? firstRoundBound.flatMap { shareRoomsWithinBound(parts, involved: involved, bound: $0, quick: true) } : nil
            // With a time limit, the merged part is solved to the deadline as for one week: the
            // week search ends after its passes, and left the time unused (a generated two-week
            // region with `--time-limit 60 --gap 0.02` then stopped above the gap).
            if let shared { parts = shared } else if deadline == nil { searchWeeks(&parts, involved: involved) }
        }
        // Room sharing within the bound was tried above where it could be.
        var settleBound = overflow.isEmpty ? firstRoundBound : nil
        let jointBound = try settle(&parts, solver: .merged, firstRoundBound: &settleBound)
        return finish(parts, bounds: [firstRoundBound, jointBound])
    }

    /// The `involved` parts replaced by one part of their roles, room-feasible, improved week by
    /// week (`WeekDecomposition`) towards the sum of their own bounds; left as they are when the
    /// merged part would be too large to solve merged (the joint search then takes it), or no
    /// starting rota fits the rooms. The part is `optimal` only where it meets that bound.
    mutating func searchWeeks(_ parts: inout [SolvedPart], involved: Set<Int>) {
        let members = involved.sorted()
        let started = monotonicSeconds()
        guard members.reduce(0, { $0 + parts[$1].model.plans.count }) <= tuning.fullModelLimit,
              let (model, start, how) = horizonStart(parts, involved: members) else { return }
        let startSeconds = monotonicSeconds() - started
        let bound = Self.boundSum(members.map { parts[$0] })
        board?.begin("round \(rounds + 1): \(members.count) role(s) together, week by week", settled: [], live: 0)
        if let bound { board?.search(bound: bound) }
        let proof = bound.map { $0 + 1e-6 * max(1, abs($0)) }
        // Within the plan's gap of the bound, or without one, within the default tolerance (which
        // `finish` then prints, "optimal within 0.01%"), as a merged part of one week stops.
        // Where a role of the merge was stopped by the first round's node cap, its bound is below
        // its rota and the rota cannot meet the bound: the search then stops within
        // `weekSearchKeepGap` of it (`weekCappedStop`), the gap the fallback would accept.
        let capped = tuning.weekCappedStop && members.contains { parts[$0].stoppedByCap }
        let gap = options.gap ?? (capped ? max(tuning.weekSearchKeepGap, tuning.tolerance) : tuning.weekSearchStopGap.map { max($0, tuning.tolerance) } ?? tuning.tolerance)
        let target = bound.map { $0 >= 0 ? $0 / (1 - gap) : $0 * (1 - gap) }
        // GLPK's default branching, as in the joint search's sub-problems: pseudocost branching's
        // start-up dominated 100-node sub-problems (a random four-week variant: 240 s for 14).
        let weeks = WeekDecomposition(model, weeks: inst.weeks, solver: tuning.solver, nodeLimit: tuning.weekNodeLimit,
                                      offersCurrent: tuning.weekOffersCurrent)
        let found = weeks.run(from: start, target: target, deadline: deadline, passes: tuning.weekPasses) { [board] in board?.search(best: $0) }
        let proven = proof.map { found.objective <= $0 } ?? false
        let reached = target.map { found.objective <= $0 } ?? false
        var result = SolveResult(status: proven ? .optimal : .feasible, stopReason: proven ? nil : reached ? .gapLimit : .nodeLimit,
                                 objectiveValue: found.objective, bestBound: bound, values: found.values, seconds: monotonicSeconds() - started)
        if options.captureLog {
            func f3(_ x: Double?) -> String { x.map { String(format: "%.3f", $0) } ?? "none" }
            result.log = members.map { i in
                let r = parts[i].result
                return "round \(parts[i].round), roles \(parts[i].roles.map { inst.scenario.roles[$0].id }.joined(separator: "+")): \(r.status.rawValue)"
                    + "\(r.stopReason.map { " (\($0.rawValue))" } ?? "") in \(String(format: "%.3f", r.seconds)) s, objective \(f3(r.objectiveValue)), bound \(f3(r.bestBound))\n"
            }.joined()
                + "start for the week search (\(how)) in \(String(format: "%.3f", startSeconds)) s, objective \(f3(model.model.objectiveValue(start))), bound \(f3(bound))\n"
                + "week by week: \(found.solves) sub-problems, \(found.improvements) improvements, objective "
                + "\(String(format: "%.3f", model.model.objectiveValue(start))) -> \(String(format: "%.3f", found.objective)) "
                + "in \(String(format: "%.3f", result.seconds - startSeconds)) s\n"
        }
        rounds += 1
        // Far from the bound, the merged part is solved as well (`weekSearchKeepGap`): marked as a
        // part a cap stopped, `settle` solves it again and keeps the better rota.
        let far = !reached && deadline == nil && (bound.map { found.objective - $0 > tuning.weekSearchKeepGap * max(1, abs(found.objective)) } ?? true)
        var merged = SolvedPart(model: model, result: result, round: rounds, stoppedByCap: far, stoppedBy: proven || reached ? nil : .passLimit)
        if far { merged.fallback = (bound.map { $0 >= 0 ? $0 / (1 - tuning.weekSearchKeepGap) : $0 * (1 - tuning.weekSearchKeepGap) }, tuning.weekFallbackNodeLimit) }
        parts = parts.indices.filter { !involved.contains($0) }.map { parts[$0] } + [merged]
    }

    /// A room-feasible rota of the `involved` parts' roles as one model: their rotas with the plans
    /// that overflow a room dropped and completed by the rounding heuristic (`jointStart`); where
    /// that breaks a rule (a minimum presence window left short), the rotas of room sharing
    /// (`sharedRooms`, each role keeping its rota in turn), with the model's other variables
    /// solved for those day plans; where every sharing leaves a role with no rota, their rotas
    /// with the weeks that overflow a room solved again together (`overflowWeeksSolved`).
    func horizonStart(_ parts: [SolvedPart], involved members: [Int]) -> (model: RotaModel, start: [Double], how: String)? {
        if let start = jointStart(parts, involved: members) { return (start.model, start.start, "the roles' rotas fitted to the rooms") }
        let model = RotaModel(inst, roles: members.flatMap { parts[$0].roles }.sorted())
        for kept in members {
            // A start only: the week search improves it (seed 3 of the four-week variants: 125 s
            // for a hard role with the default node limit, under load).
            guard let shared = sharedRooms(parts, resolving: members.filter { $0 != kept }, nodeLimit: tuning.quickNodeLimit),
                  let start = model.completed(Set(members.flatMap { shared[$0].chosen }), solver: tuning.solver) else { continue }
            return (model, start, "room sharing, part \(kept + 1) kept")
        }
        return overflowWeeksSolved(parts, involved: members, model: model).map { (model, $0, "the overflowing weeks solved again") }
    }

    /// The `involved` parts' rotas in `model` (their roles together) with the weeks where they
    /// overflow a room freed and solved again, every other week fixed: a room-feasible rota, or nil
    /// when none is found within `PlannerTuning.quickNodeLimit` nodes.
    func overflowWeeksSolved(_ parts: [SolvedPart], involved members: [Int], model: RotaModel) -> [Double]? {
        let chosen = members.flatMap { parts[$0].chosen }
        var use: [RoomKey: Int] = [:]
        for plan in chosen { for room in plan.rooms { use[room, default: 0] += 1 } }
        let weeks = Set(use.filter { $0.value > inst.scenario.sites[$0.key.site].rooms }.map(\.key.slot.week))
        let x = model.indicator(Set(chosen))
        let free = Set(model.plans.compactMap { plan, v in weeks.contains(plan.week) ? v.index : nil })
        var opts = SolveOptions(presolve: true)
        opts.nodeLimit = tuning.quickNodeLimit
        return model.reoptimised(x, objective: .infinity, freeing: free, solver: tuning.solver, options: opts)?.values
    }
}

extension RotaModel {
    /// The model's values with the day plans `chosen` on and every other variable 0 (plans the
    /// model lacks are left out).
    func indicator(_ chosen: Set<DayPlan>) -> [Double] {
        var x = [Double](repeating: 0, count: model.variables.count)
        for (plan, v) in plans where chosen.contains(plan) { x[v.index] = 1 }
        return x
    }

    /// A solution made from the day plans `chosen` by the rounding heuristic (`RotaHeuristic`: a
    /// plan that no longer fits is dropped, the post-days improved one by one); nil when the model
    /// has no heuristic or the result breaks a rule.
    func rounded(from chosen: Set<DayPlan>) -> [Double]? {
        guard let heuristic, let start = heuristic.propose(indicator(chosen)), model.violation(start) == nil else { return nil }
        return start
    }

    /// A solution with the day plans `chosen` (every other day plan off) and the other variables
    /// solved for them; nil when those plans break a rule.
    func completed(_ chosen: Set<DayPlan>, solver: GLPKSolver) -> [Double]? {
        reoptimised(indicator(chosen), objective: .infinity, freeing: [], solver: solver, options: SolveOptions())?.values
    }
}
