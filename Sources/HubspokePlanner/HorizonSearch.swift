import LinearModel
import HubspokeModel
import Foundation

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
        var parts = solveRound(first, limits: firstRound, solver: .first)
        let firstRoundBound = Self.boundSum(parts)
        try check(parts)
        let overflow = roomOverflow(parts)
        if !overflow.isEmpty {
            let involved = Set(overflow.flatMap { $0 })
            let shared = deadline == nil ? firstRoundBound.flatMap { shareRoomsWithinBound(parts, involved: involved, bound: $0) } : nil
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
              let (model, start) = horizonStart(parts, involved: members) else { return }
        let bound = Self.boundSum(members.map { parts[$0] })
        board?.begin("round \(rounds + 1): \(members.count) role(s) together, week by week", settled: [], live: 0)
        if let bound { board?.search(bound: bound) }
        let proof = bound.map { $0 + 1e-6 * max(1, abs($0)) }
        // Without a --gap, stop only at a proof; the tolerance is then judged by `finish`.
        let target = options.gap.flatMap { gap in bound.map { $0 >= 0 ? $0 / (1 - gap) : $0 * (1 - gap) } } ?? proof
        // GLPK's default branching, as in the joint search's sub-problems: pseudocost branching's
        // start-up dominated 100-node sub-problems (a random four-week variant: 240 s for 14).
        let weeks = WeekDecomposition(model, weeks: inst.weeks, solver: tuning.solver, nodeLimit: tuning.weekNodeLimit)
        let found = weeks.run(from: start, target: target, deadline: deadline, passes: tuning.weekPasses) { [board] in board?.search(best: $0) }
        let proven = proof.map { found.objective <= $0 } ?? false
        let reached = target.map { found.objective <= $0 } ?? false
        var result = SolveResult(status: proven ? .optimal : .feasible, stopReason: proven ? nil : reached ? .gapLimit : .nodeLimit,
                                 objectiveValue: found.objective, bestBound: bound, values: found.values, seconds: monotonicSeconds() - started)
        if options.captureLog {
            result.log = "week by week: \(found.solves) sub-problems, \(found.improvements) improvements, objective "
                + "\(String(format: "%.3f", model.model.objectiveValue(start))) -> \(String(format: "%.3f", found.objective))\n"
        }
        rounds += 1
        parts = parts.indices.filter { !involved.contains($0) }.map { parts[$0] } + [SolvedPart(model: model, result: result, round: rounds)]
    }

    /// A room-feasible rota of the `involved` parts' roles as one model: their rotas with the plans
    /// that overflow a room dropped and completed by the rounding heuristic (`jointStart`); where
    /// that breaks a rule (a minimum presence window left short), the rotas of room sharing
    /// (`sharedRooms`), with the model's other variables solved for those day plans.
    func horizonStart(_ parts: [SolvedPart], involved members: [Int]) -> (model: RotaModel, start: [Double])? {
        if let start = jointStart(parts, involved: members) { return start }
        guard let shared = sharedRooms(parts, resolving: Array(members.dropFirst())) else { return nil }
        let model = RotaModel(inst, roles: members.flatMap { parts[$0].roles }.sorted())
        let chosen = Set(members.flatMap { shared[$0].chosen })
        var x = [Double](repeating: 0, count: model.model.variables.count)
        for (plan, v) in model.plans where chosen.contains(plan) { x[v.index] = 1 }
        let completed = model.reoptimised(x, objective: .infinity, freeing: [], solver: tuning.solver, options: SolveOptions())
        return completed.map { (model, $0.values) }
    }
}
