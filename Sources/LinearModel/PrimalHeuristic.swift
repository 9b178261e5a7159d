/// A problem-specific primal heuristic for branch-and-cut: given the current LP relaxation, it
/// proposes a complete solution, which the solver may keep as its incumbent.
///
/// A good incumbent early lets the solver stop as soon as its bound comes within the gap
/// tolerance, and prune nodes that cannot beat it. The solver checks each proposal against every
/// bound, integrality and constraint (``Model/violation(_:tolerance:)``) before using it, so a
/// heuristic cannot make a solve claim an infeasible solution; a proposal that fails is ignored.
///
/// The proposal must depend only on the relaxation it is given, so that solves stay reproducible.
public struct PrimalHeuristic: Sendable {
    /// The most proposals asked for in one solve (each after an LP of the search is solved).
    public var maximumCalls: Int
    /// Values of the LP relaxation (one per variable, in ``Model/variables`` order) in;
    /// a complete solution (same order) or `nil` out.
    public let propose: @Sendable ([Double]) -> [Double]?

    public init(maximumCalls: Int = 50, propose: @escaping @Sendable ([Double]) -> [Double]?) {
        self.maximumCalls = maximumCalls
        self.propose = propose
    }
}

extension Model {
    /// The first bound, integrality or constraint that `values` (one per variable) break by more
    /// than `tolerance`, described; `nil` when `values` is a feasible solution.
    public func violation(_ values: [Double], tolerance: Double = 1e-6) -> String? {
        guard values.count == variables.count else {
            return "\(values.count) values for \(variables.count) variables"
        }
        for (j, info) in variables.enumerated() {
            let x = values[j]
            guard x.isFinite else { return "variable '\(info.name)' = \(x)" }
            if let lo = info.lower, x < lo - tolerance { return "variable '\(info.name)' = \(x) is below its lower bound \(lo)" }
            if let up = info.upper, x > up + tolerance { return "variable '\(info.name)' = \(x) is above its upper bound \(up)" }
            if info.kind != .continuous, abs(x - x.rounded()) > tolerance { return "integer variable '\(info.name)' = \(x)" }
        }
        for c in constraints {
            var lhs = c.expression.constant
            for (v, a) in c.expression.terms { lhs += a * values[v.index] }
            if !c.relation.isSatisfied(by: lhs, tolerance: tolerance) { return "constraint '\(c.name)' is broken (left-hand side \(lhs))" }
        }
        return nil
    }

    /// The objective's value at `values` (one per variable), constant included.
    public func objectiveValue(_ values: [Double]) -> Double {
        objective.terms.reduce(objective.constant) { $0 + $1.1 * values[$1.0.index] }
    }
}
