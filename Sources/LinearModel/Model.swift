/// Direction of optimisation.
public enum ObjectiveSense: String, Sendable {
    case minimize, maximize
}

/// A linear or mixed-integer program, independent of any solver.
///
/// ```swift
/// var m = Model(name: "knapsack")
/// let take = m.addVariables("take", keys: items, kind: .binary) { $0.name }
/// m.addConstraint("weight", take.sum { $0.weight } <= 50)
/// m.maximize(take.sum { $0.value })
/// let result = GLPKSolver().solve(m, options: SolveOptions())
/// ```
///
/// `Model` is a value type: copying it copies the whole model. Nothing is
/// checked while building; call ``validate()`` (solvers do) to find bad numbers.
public struct Model: Sendable {
    /// The model name (used as the problem name in exported files).
    public var name: String
    /// All variables; ``Variable/index`` points into this array.
    public private(set) var variables: [VariableInfo] = []
    /// All constraints; ``ConstraintRef/index`` points into this array.
    public private(set) var constraints: [Constraint] = []
    /// The objective, normalised (its constant is kept).
    public private(set) var objective = LinearExpression()
    /// Whether ``objective`` is minimised or maximised. Defaults to `.minimize`.
    public private(set) var sense: ObjectiveSense = .minimize

    /// Creates an empty model (no variables, no constraints, minimise 0).
    public init(name: String = "model") {
        self.name = name
    }

    // MARK: Variables

    /// Adds a variable.
    ///
    /// - Parameters:
    ///   - name: The variable name.
    ///   - kind: Continuous (default), integer or binary.
    ///   - lower: Lower bound (default 0); `nil` or `-infinity` means unbounded below.
    ///   - upper: Upper bound (default none); `nil` or `+infinity` means unbounded above.
    ///   For binary variables a missing bound becomes 0 (lower) or 1 (upper).
    /// - Returns: The new variable.
    @discardableResult
    public mutating func addVariable(
        _ name: String, _ kind: VariableKind = .continuous, lower: Double? = 0, upper: Double? = nil
    ) -> Variable {
        let (lo, up) = Self.effectiveBounds(kind, lower, upper)
        variables.append(VariableInfo(name: name, kind: kind, lower: lo, upper: up))
        return Variable(index: variables.count - 1)
    }

    /// Replaces the bounds of `v` (same conventions as ``addVariable(_:_:lower:upper:)``).
    ///
    /// - Precondition: `v` belongs to this model.
    public mutating func setBounds(_ v: Variable, lower: Double?, upper: Double?) {
        precondition(variables.indices.contains(v.index),
                     "setBounds: variable index \(v.index) is not in model '\(name)' (\(variables.count) variables)")
        let (lo, up) = Self.effectiveBounds(variables[v.index].kind, lower, upper)
        variables[v.index].lower = lo
        variables[v.index].upper = up
    }

    /// Number of integer and binary variables.
    public var integerCount: Int {
        variables.reduce(0) { $0 + ($1.kind == .continuous ? 0 : 1) }
    }

    /// Maps infinite "no bound" values to `nil` and fills in binary defaults.
    private static func effectiveBounds(_ kind: VariableKind, _ lower: Double?, _ upper: Double?) -> (Double?, Double?) {
        var lo = lower == -.infinity ? nil : lower
        var up = upper == .infinity ? nil : upper
        if kind == .binary {
            lo = lo ?? 0
            up = up ?? 1
        }
        return (lo, up)
    }

    // MARK: Constraints

    /// Adds the constraint `expression ∘ relation`, named `family` or `family[key]`.
    ///
    /// The expression is normalised and its constant moved to the bounds, so
    /// `x + 2 <= 5` is stored as `x <= 3`.
    @discardableResult
    public mutating func addConstraint(
        _ family: String, _ key: String? = nil, _ expression: LinearExpression, _ relation: Relation
    ) -> ConstraintRef {
        let normal = expression.normalized()
        let constant = normal.constant
        let lhs = LinearExpression(terms: normal.terms, constant: 0)
        let name = key.map { "\(family)[\($0)]" } ?? family
        constraints.append(Constraint(family: family, name: name, expression: lhs,
                                      relation: relation.shifted(by: constant)))
        return ConstraintRef(index: constraints.count - 1)
    }

    /// Adds the constraint `expression ∘ relation`, named `family`.
    @discardableResult
    public mutating func addConstraint(_ family: String, _ expression: LinearExpression, _ relation: Relation) -> ConstraintRef {
        addConstraint(family, nil, expression, relation)
    }

    /// Adds a constraint written with `<=`, `>=` or `==`, named `family`.
    @discardableResult
    public mutating func addConstraint(_ family: String, _ spec: ConstraintSpec) -> ConstraintRef {
        addConstraint(family, nil, spec.expression, spec.relation)
    }

    /// Adds a constraint written with `<=`, `>=` or `==`, named `family` or `family[key]`.
    @discardableResult
    public mutating func addConstraint(_ family: String, _ key: String? = nil, _ spec: ConstraintSpec) -> ConstraintRef {
        addConstraint(family, key, spec.expression, spec.relation)
    }

    /// Appends a constraint as it is (name, expression and relation already final); for
    /// transformations of a model such as ``fixing(_:)``.
    mutating func append(_ constraint: Constraint) {
        constraints.append(constraint)
    }

    /// Changes a variable's kind, keeping its bounds; for ``relaxation()``.
    mutating func setKind(_ v: Variable, _ kind: VariableKind) {
        variables[v.index].kind = kind
    }

    // MARK: Objective

    /// Sets the objective to minimise `e`.
    public mutating func minimize(_ e: LinearExpression) {
        objective = e.normalized()
        sense = .minimize
    }

    /// Sets the objective to maximise `e`.
    public mutating func maximize(_ e: LinearExpression) {
        objective = e.normalized()
        sense = .maximize
    }
}
