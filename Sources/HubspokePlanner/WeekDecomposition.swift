import GLPKSolver
import LinearModel

/// Week neighbourhoods on a rota model of several weeks: from a feasible rota, the day plans of
/// one week (then of two consecutive weeks) are freed, every other week's are fixed, and that
/// sub-problem is solved with GLPK; a better rota replaces the current one. The weeks are coupled
/// only by a few rule families (the fairness rows over the horizon, minimum presence windows, the
/// symmetry rows), and with the other weeks fixed each of these is a row of the week's own model,
/// so every sub-problem keeps every rule exactly: what each week can gain is measured against the
/// whole horizon. A week's sub-problem is the size of a one-week merged part (about 1,300 day
/// plans for Kent and Medway), which GLPK solves in a fraction of the four-week part's time.
///
/// Each sub-problem stops at `nodeLimit` nodes, or as soon as its incumbent reaches `target` (the
/// objective at which the rota is proven, or within the plan's gap, of a bound known beforehand):
/// both counted in nodes, never seconds, so the rota is the same on every run without a deadline.
struct WeekDecomposition {
    let rota: RotaModel
    let solver: GLPKSolver
    /// Branch-and-bound nodes per sub-problem.
    let nodeLimit: Int
    /// Each sub-problem is given the current rota as its first incumbent (`reoptimisedSolve`'s
    /// `offeringCurrent`), so that its search prunes against it.
    let offersCurrent: Bool
    /// Plan variable indices of each week.
    private let planWeeks: [[Int]]

    init(_ rota: RotaModel, weeks: Int, solver: GLPKSolver, nodeLimit: Int, offersCurrent: Bool = false) {
        self.rota = rota
        self.solver = solver
        self.nodeLimit = nodeLimit
        self.offersCurrent = offersCurrent
        var byWeek = [[Int]](repeating: [], count: weeks)
        for (plan, v) in rota.plans { byWeek[plan.week].append(v.index) }
        planWeeks = byWeek
    }

    struct Outcome {
        var values: [Double]
        var objective: Double
        /// Sub-problems solved, and how many of them improved the rota.
        var solves = 0
        var improvements = 0
    }

    /// The blocks of weeks freed in turn: each week, then each pair of consecutive weeks (which can
    /// move a minimum presence visit from one week of its window to the other).
    var blocks: [Range<Int>] {
        let weeks = planWeeks.count
        return (0..<weeks).map { $0..<($0 + 1) } + (weeks > 1 ? (0..<(weeks - 1)).map { $0..<($0 + 2) } : [])
    }

    /// Improves `start` (a feasible solution of `rota.model`) block by block (`blocks`), in passes,
    /// until a pass brings nothing, after `passes` passes, at `deadline`, or once the objective is
    /// at most `target`. `improved` is told each better objective. A block is skipped when its
    /// sub-problem cannot bring anything: solved already since the rota last changed (the solve is
    /// deterministic), or inside a larger block whose sub-problem was proven since then.
    func run(from start: [Double], target: Double?, deadline: Double?, passes: Int, improved: (Double) -> Void = { _ in }) -> Outcome {
        var best = Outcome(values: start, objective: rota.model.objectiveValue(start))
        let reached = { (o: Outcome) in target.map { o.objective <= $0 } ?? false }
        // The rota's version (its improvements) at which each block was last solved, and proven.
        var solvedAt: [Range<Int>: Int] = [:], provenAt: [Range<Int>: Int] = [:]
        for _ in 0..<passes where !reached(best) {
            let before = best.objective
            for block in blocks where !reached(best) {
                if let deadline, deadline - monotonicSeconds() < 0.05 { return best }
                let version = best.improvements
                guard solvedAt[block] != version,
                      !provenAt.contains(where: { $0.value == version && $0.key.contains(block) }) else { continue }
                best.solves += 1
                let free = Set(block.flatMap { planWeeks[$0] })
                var opts = SolveOptions(timeLimit: deadline.map { max(0.05, $0 - monotonicSeconds()) }, presolve: true)
                opts.nodeLimit = nodeLimit
                opts.stopAtObjective = target
                let solved = rota.reoptimisedSolve(best.values, objective: best.objective, freeing: free, solver: solver, options: opts,
                                                     offeringCurrent: offersCurrent)
                if let better = solved.better {
                    (best.values, best.objective) = better
                    best.improvements += 1
                    improved(best.objective)
                }
                solvedAt[block] = best.improvements
                if solved.proven { provenAt[block] = best.improvements }
            }
            if best.objective >= before - 1e-6 { break }
        }
        return best
    }
}

extension RotaModel {
    /// The best rota with only the day plans in `free` allowed to change from `current` (every other
    /// day plan fixed at its value, the other variables free), solved by `solver` with `options`;
    /// `nil` when it is no better than `objective`, or breaks a rule. Its values are those of the
    /// whole model.
    func reoptimised(_ current: [Double], objective: Double, freeing free: Set<Int>, solver: GLPKSolver,
                     options: SolveOptions) -> (values: [Double], objective: Double)? {
        reoptimisedSolve(current, objective: objective, freeing: free, solver: solver, options: options).better
    }

    /// `reoptimised`, and whether the sub-problem was solved to optimality (so that no rota better
    /// than the one returned, or than `current` when none is, has only the day plans in `free` changed).
    /// `offeringCurrent`: `current` (its free variables) is offered to the solver as its first
    /// incumbent (a primal heuristic, so without GLPK's presolver).
    func reoptimisedSolve(_ current: [Double], objective: Double, freeing free: Set<Int>, solver: GLPKSolver,
                          options: SolveOptions, offeringCurrent: Bool = false) -> (better: (values: [Double], objective: Double)?, proven: Bool) {
        var fixed: [Int: Double] = [:]
        for v in plans.variables where !free.contains(v.index) { fixed[v.index] = current[v.index].rounded() }
        guard let sub = model.fixing(fixed) else { return (nil, false) }
        var options = options
        if offeringCurrent {
            let incumbent = sub.originalIndex.map { current[$0] }
            options.heuristic = PrimalHeuristic(maximumCalls: 1) { _ in incumbent }
        }
        let result = solver.solve(sub.model, options: options)
        let proven = result.status == .optimal
        guard result.hasSolution, let found = result.objectiveValue, found < objective - 1e-6 else { return (nil, proven) }
        var values = sub.expand(result.values)
        for j in model.variables.indices where model.variables[j].kind != .continuous { values[j] = values[j].rounded() }
        guard model.violation(values) == nil else { return (nil, false) }
        return ((values, model.objectiveValue(values)), proven)
    }
}
