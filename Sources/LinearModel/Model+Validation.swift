/// A model that a solver cannot accept, with a message naming the culprits.
public struct ModelError: Error, CustomStringConvertible, Sendable {
    /// All problems found, joined with `"; "` (at most ``maximumIssues`` listed).
    public let message: String
    /// The individual problems found (at most ``maximumIssues``).
    public let issues: [String]

    /// Maximum number of individual problems reported.
    public static let maximumIssues = 20

    /// Creates an error from a single message.
    public init(_ message: String) {
        self.message = message
        self.issues = [message]
    }

    init(issues: [String], total: Int) {
        self.issues = issues
        var text = issues.joined(separator: "; ")
        if total > issues.count { text += "; … and \(total - issues.count) more" }
        self.message = text
    }

    public var description: String { message }
}

extension Model {
    /// Checks everything a solver would reject or crash on.
    ///
    /// Reported (naming the variable or constraint):
    /// - NaN or infinite coefficients, objective constant and constraint bounds;
    /// - NaN bounds, a lower bound of `+infinity` or an upper bound of `-infinity`;
    /// - `lower > upper` on a variable, and `lo > hi` in a ``Relation/range(_:_:)``;
    /// - integer and binary variables with non-integer finite bounds,
    ///   binary variables with bounds outside `0...1`;
    /// - constraint or objective terms whose variable is not in this model.
    ///
    /// Names are not checked: solvers sanitise them.
    public func validate() throws(ModelError) {
        var issues: [String] = []
        var total = 0
        func report(_ text: @autoclosure () -> String) {
            total += 1
            if issues.count < ModelError.maximumIssues { issues.append(text()) }
        }

        for (j, info) in variables.enumerated() {
            let what = "variable '\(info.name)' (#\(j))"
            if let lo = info.lower {
                if lo.isNaN { report("\(what) has a NaN lower bound") }
                else if lo == .infinity { report("\(what) has lower bound +infinity") }
            }
            if let up = info.upper {
                if up.isNaN { report("\(what) has a NaN upper bound") }
                else if up == -.infinity { report("\(what) has upper bound -infinity") }
            }
            if let lo = info.lower, let up = info.upper, lo > up {
                report("\(what) has lower bound \(lo) > upper bound \(up)")
            }
            if info.kind != .continuous {
                for (side, bound) in [("lower", info.lower), ("upper", info.upper)] {
                    if let b = bound, b.isFinite, b.rounded() != b {
                        report("\(what) is \(info.kind.rawValue) but its \(side) bound \(b) is not an integer")
                    }
                }
            }
            if info.kind == .binary {
                for (side, bound) in [("lower", info.lower), ("upper", info.upper)] {
                    if let b = bound, !(0...1).contains(b) {
                        report("\(what) is binary but its \(side) bound \(b) is outside 0...1")
                    }
                }
            }
        }

        func checkTerms(_ e: LinearExpression, _ what: String) {
            for (v, c) in e.terms {
                if !variables.indices.contains(v.index) {
                    report("\(what) uses variable #\(v.index), which is not in model '\(name)' (\(variables.count) variables)")
                } else if !c.isFinite {
                    report("\(what) has coefficient \(c) on variable '\(variables[v.index].name)'")
                }
            }
        }

        checkTerms(objective, "the objective")
        if !objective.constant.isFinite {
            report("the objective has constant \(objective.constant)")
        }

        for (i, constraint) in constraints.enumerated() {
            let what = "constraint '\(constraint.name)' (#\(i))"
            checkTerms(constraint.expression, what)
            for b in constraint.relation.bounds where !b.isFinite {
                report("\(what) has bound \(b)")
            }
            if case .range(let lo, let hi) = constraint.relation, lo > hi {
                report("\(what) has range lower \(lo) > upper \(hi)")
            }
        }

        if total > 0 { throw ModelError(issues: issues, total: total) }
    }
}
