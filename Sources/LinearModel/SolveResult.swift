/// How a solve ended.
public enum SolveStatus: String, Sendable, Codable {
    /// Proven optimal (for a MIP: within the solver's default tolerances).
    case optimal
    /// A feasible solution was found but the solver stopped early; see ``SolveResult/stopReason``.
    case feasible
    /// The model has no feasible solution.
    case infeasible
    /// The objective is unbounded (for a MIP: its LP relaxation is unbounded).
    case unbounded
    /// The solver stopped (time limit) before finding any feasible solution.
    case noSolution
    /// The model was rejected or the solver failed; see ``SolveResult/message``.
    case error
}

/// Why a solve stopped early (status ``SolveStatus/feasible`` or ``SolveStatus/noSolution``).
public enum StopReason: String, Sendable, Codable {
    /// ``SolveOptions/timeLimit`` was reached.
    case timeLimit
    /// ``SolveOptions/relativeGap`` was reached.
    case gapLimit
    /// ``SolveOptions/nodeLimit`` was reached.
    case nodeLimit
    /// ``SolveOptions/shouldStop`` asked the solver to stop.
    case interrupted
}

/// The outcome of ``Solver/solve(_:options:)``.
public struct SolveResult: Sendable {
    /// How the solve ended.
    public var status: SolveStatus
    /// Why the solver stopped early: set with ``SolveStatus/feasible`` (time or
    /// gap limit) and ``SolveStatus/noSolution`` (time limit), `nil` otherwise.
    public var stopReason: StopReason?
    /// Objective value of the solution, including the objective constant.
    public var objectiveValue: Double?
    /// Best proven bound on the optimum: equal to ``objectiveValue`` when optimal;
    /// a lower bound (minimise) or upper bound (maximise) when stopped early;
    /// `nil` when unknown.
    public var bestBound: Double?
    /// `|objective - bound| / (|objective| + DBL_EPSILON)` (GLPK's definition);
    /// 0 when optimal, `nil` when unknown.
    public var relativeGap: Double?
    /// Variable values indexed by ``Variable/index``; empty when there is no solution.
    public var values: [Double]
    /// Wall-clock time spent in the solver, in seconds.
    public var seconds: Double
    /// The solver log (empty unless ``SolveOptions/captureLog``).
    public var log: String
    /// Explanation for ``SolveStatus/error`` (and other notes from the solver).
    public var message: String?
    /// Solutions from ``SolveOptions/heuristic`` that became the incumbent.
    public var heuristicSolutions = 0
    /// Branch-and-bound nodes created (MIPs only; 0 for an LP).
    public var nodes = 0
    /// The constraints' dual values (shadow prices), indexed by ``ConstraintRef/index``: how much
    /// the optimum changes per unit of a constraint's right-hand side. Set for an LP (a model
    /// without integer variables) solved to optimality, empty otherwise. Minimising, an active
    /// `<=` row's dual is at most 0 and an active `>=` row's at least 0; maximising, the reverse.
    public var duals: [Double] = []

    /// Creates a result.
    public init(
        status: SolveStatus, stopReason: StopReason? = nil, objectiveValue: Double? = nil,
        bestBound: Double? = nil, relativeGap: Double? = nil, values: [Double] = [],
        seconds: Double = 0, log: String = "", message: String? = nil
    ) {
        self.status = status
        self.stopReason = stopReason
        self.objectiveValue = objectiveValue
        self.bestBound = bestBound
        self.relativeGap = relativeGap
        self.values = values
        self.seconds = seconds
        self.log = log
        self.message = message
    }

    /// The value of `v` in the solution, or NaN when the result has no value for it.
    public subscript(_ v: Variable) -> Double {
        values.indices.contains(v.index) ? values[v.index] : .nan
    }

    /// The dual value of `c` (see ``duals``), or NaN when the result has none.
    public func dual(_ c: ConstraintRef) -> Double {
        duals.indices.contains(c.index) ? duals[c.index] : .nan
    }

    /// The value of `e` in the solution, or NaN when there is no solution.
    public func value(_ e: LinearExpression) -> Double {
        var total = e.constant
        for (v, c) in e.terms { total += c * self[v] }
        return total
    }

    /// `true` when the status is ``SolveStatus/optimal`` or ``SolveStatus/feasible``.
    public var hasSolution: Bool {
        status == .optimal || status == .feasible
    }
}
