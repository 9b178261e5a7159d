/// A decision variable of a ``Model``.
///
/// A variable is only a handle: its ``index`` points into ``Model/variables``,
/// where its name, kind and bounds live. Variables compare by index, so sorting
/// them gives model order.
public struct Variable: Hashable, Comparable, Sendable {
    /// Position of the variable in ``Model/variables`` (0-based).
    public let index: Int

    /// Creates a handle for the variable at `index`.
    ///
    /// Normally you get variables from ``Model/addVariable(_:_:lower:upper:)``;
    /// this initializer exists for solvers and tests. A handle that does not
    /// belong to a model is reported by ``Model/validate()``.
    public init(index: Int) {
        self.index = index
    }

    /// Model order: compares indices.
    public static func < (lhs: Variable, rhs: Variable) -> Bool {
        lhs.index < rhs.index
    }
}

/// The domain of a variable.
public enum VariableKind: String, Sendable {
    /// A real-valued variable.
    case continuous
    /// An integer-valued variable.
    case integer
    /// A 0-1 variable (integer with bounds inside `0...1`).
    case binary
}

/// What a model knows about one variable.
public struct VariableInfo: Sendable {
    /// The variable's name (solvers sanitise it when they need to).
    public var name: String
    /// Continuous, integer or binary.
    public var kind: VariableKind
    /// Lower bound; `nil` means unbounded below.
    public var lower: Double?
    /// Upper bound; `nil` means unbounded above.
    public var upper: Double?

    /// Creates the description of a variable.
    public init(name: String, kind: VariableKind, lower: Double?, upper: Double?) {
        self.name = name
        self.kind = kind
        self.lower = lower
        self.upper = upper
    }
}
