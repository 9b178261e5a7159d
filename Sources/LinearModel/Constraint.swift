/// The right-hand side of a constraint `expression ∘ bound`.
public enum Relation: Sendable, Equatable {
    /// `expression <= bound`
    case lessOrEqual(Double)
    /// `expression >= bound`
    case greaterOrEqual(Double)
    /// `expression == bound`
    case equal(Double)
    /// `lower <= expression <= upper`
    case range(Double, Double)

    /// The relation with every bound shifted by `-offset`: moves a constant
    /// `offset` from the left-hand side to the right-hand side.
    func shifted(by offset: Double) -> Relation {
        guard offset != 0 else { return self }
        switch self {
        case .lessOrEqual(let b): return .lessOrEqual(b - offset)
        case .greaterOrEqual(let b): return .greaterOrEqual(b - offset)
        case .equal(let b): return .equal(b - offset)
        case .range(let lo, let hi): return .range(lo - offset, hi - offset)
        }
    }

    /// Whether `value` satisfies the relation within the absolute `tolerance`.
    public func isSatisfied(by value: Double, tolerance: Double = 1e-9) -> Bool {
        switch self {
        case .lessOrEqual(let b): return value <= b + tolerance
        case .greaterOrEqual(let b): return value >= b - tolerance
        case .equal(let b): return abs(value - b) <= tolerance
        case .range(let lo, let hi): return value >= lo - tolerance && value <= hi + tolerance
        }
    }

    /// The numbers of the relation: `[b]`, or `[lo, hi]` for a range.
    public var bounds: [Double] {
        switch self {
        case .lessOrEqual(let b), .greaterOrEqual(let b), .equal(let b): return [b]
        case .range(let lo, let hi): return [lo, hi]
        }
    }
}

/// A constraint before it is added to a model, as produced by
/// `expression <= 5`, `expression >= 5` or `expression == 5`.
public struct ConstraintSpec: Sendable {
    /// The left-hand side (its constant is folded into the bound when added).
    public var expression: LinearExpression
    /// The relation to the right-hand side.
    public var relation: Relation

    /// Creates a constraint specification.
    public init(expression: LinearExpression, relation: Relation) {
        self.expression = expression
        self.relation = relation
    }
}

// The comparison operators are disfavoured so that `1 == someDouble` and
// `0 <= someDouble` keep meaning Boolean comparisons (the literal could
// otherwise be read as a LinearExpression).

/// `lhs <= rhs`
@_disfavoredOverload
public func <= (lhs: LinearExpression, rhs: Double) -> ConstraintSpec {
    ConstraintSpec(expression: lhs, relation: .lessOrEqual(rhs))
}

/// `lhs >= rhs`
@_disfavoredOverload
public func >= (lhs: LinearExpression, rhs: Double) -> ConstraintSpec {
    ConstraintSpec(expression: lhs, relation: .greaterOrEqual(rhs))
}

/// `lhs == rhs` as a constraint (not a Boolean test).
@_disfavoredOverload
public func == (lhs: LinearExpression, rhs: Double) -> ConstraintSpec {
    ConstraintSpec(expression: lhs, relation: .equal(rhs))
}

/// `v <= rhs`
@_disfavoredOverload
public func <= (lhs: Variable, rhs: Double) -> ConstraintSpec {
    ConstraintSpec(expression: LinearExpression(lhs), relation: .lessOrEqual(rhs))
}

/// `v >= rhs`
@_disfavoredOverload
public func >= (lhs: Variable, rhs: Double) -> ConstraintSpec {
    ConstraintSpec(expression: LinearExpression(lhs), relation: .greaterOrEqual(rhs))
}

/// `v == rhs` as a constraint (comparing two variables still gives a Bool).
@_disfavoredOverload
public func == (lhs: Variable, rhs: Double) -> ConstraintSpec {
    ConstraintSpec(expression: LinearExpression(lhs), relation: .equal(rhs))
}

/// A constraint stored in a ``Model``.
public struct Constraint: Sendable {
    /// The family the constraint belongs to (e.g. `"capacity"`).
    public let family: String
    /// The full name: the family, or `family[key]`.
    public let name: String
    /// The normalised left-hand side, without constant (it was folded into ``relation``).
    public let expression: LinearExpression
    /// The bounds on ``expression``.
    public let relation: Relation
}

/// A handle on a constraint: its index in ``Model/constraints``.
public struct ConstraintRef: Hashable, Sendable {
    /// Position of the constraint in ``Model/constraints`` (0-based).
    public let index: Int

    /// Creates a handle for the constraint at `index`.
    public init(index: Int) {
        self.index = index
    }
}
