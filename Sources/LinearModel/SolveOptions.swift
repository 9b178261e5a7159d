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

    /// Creates solve options.
    public init(timeLimit: Double? = nil, relativeGap: Double? = nil, presolve: Bool = true, captureLog: Bool = false) {
        self.timeLimit = timeLimit
        self.relativeGap = relativeGap
        self.presolve = presolve
        self.captureLog = captureLog
    }
}
