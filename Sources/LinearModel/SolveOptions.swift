/// Solver-independent settings for one solve.
public struct SolveOptions: Sendable {
    /// Wall-clock limit in seconds; `nil` means none.
    public var timeLimit: Double?
    /// MIP relative gap tolerance (e.g. `0.01` = 1%); `nil` means the solver
    /// default (prove optimality).
    public var relativeGap: Double?
    /// Let the solver presolve the problem (default `true`).
    public var presolve: Bool = true
    /// Capture the solver's log into ``SolveResult/log`` (default `false`).
    public var captureLog: Bool = false
    /// Stop branch-and-bound once the search tree holds this many nodes, keeping the best solution
    /// found; `nil` means no limit. Unlike a time limit, the result does not depend on machine speed.
    public var nodeLimit: Int?
    /// A problem-specific primal heuristic, asked for incumbents during branch-and-cut (MIPs only).
    /// With GLPK, a heuristic turns the presolver off: its proposals are in terms of the model's
    /// own variables, which the presolved problem no longer has.
    public var heuristic: PrimalHeuristic?
    /// Told the best bound of branch-and-cut (MIPs only) each time it improves, on the solving
    /// thread, while the solve goes on: from the root LP, after each round of cuts, as nodes close.
    /// Lets another thread act on a bound (stop a search within a gap) before the solve ends.
    public var boundObserver: (@Sendable (Double) -> Void)?
    /// Asked at each of branch-and-cut's decision points (MIPs only: each node chosen, each round
    /// of cuts); `true` stops the solve there with the best solution and bound found so far
    /// (``StopReason/interrupted``). For stopping rules a time limit cannot express, such as
    /// stopping before a round of cuts that would end after a deadline.
    public var shouldStop: (@Sendable () -> Bool)?
    /// Stop branch-and-cut (MIPs only) once the incumbent's objective is at or past this value
    /// (at most it when minimising), keeping the best solution and bound found
    /// (``StopReason/gapLimit``): for a bound known from outside the model, which the solver's own
    /// bound may never reach. `nil` means none.
    public var stopAtObjective: Double?
    /// Told the state of branch-and-cut (MIPs only) at each node it chooses, on the solving thread:
    /// the incumbent's objective, the best bound and the nodes created so far. For a live progress
    /// line; it must return quickly.
    public var progressObserver: (@Sendable (SolveProgress) -> Void)?

    /// Creates solve options.
    public init(timeLimit: Double? = nil, relativeGap: Double? = nil, presolve: Bool = true, captureLog: Bool = false) {
        self.timeLimit = timeLimit
        self.relativeGap = relativeGap
        self.presolve = presolve
        self.captureLog = captureLog
    }
}

/// The state of a running branch-and-cut, as told to ``SolveOptions/progressObserver``.
public struct SolveProgress: Sendable {
    /// Objective of the best solution found so far, including the constant; `nil` before the first.
    public var incumbent: Double?
    /// Best bound on the optimum so far; `nil` when unknown.
    public var bound: Double?
    /// Branch-and-bound nodes created so far.
    public var nodes: Int

    public init(incumbent: Double?, bound: Double?, nodes: Int) {
        self.incumbent = incumbent; self.bound = bound; self.nodes = nodes
    }
}
