/// Variables indexed by domain values, e.g. `x[site, day]`.
///
/// Created by ``Model/addVariables(_:keys:kind:lower:upper:name:)`` (the same bounds for every key)
/// or ``Model/addVariables(_:keys:kind:bounds:name:)`` (bounds per key). Keys keep their insertion
/// order, so iterating a family is deterministic: it is a collection of `(key, variable)` pairs in
/// key order, and the variables' indices in the model follow the same order.
public struct VariableFamily<Key: Hashable & Sendable>: Sendable, Sequence {
    /// The family name (variable names are `name[keyName]`).
    public let name: String
    /// The keys, in insertion order, without duplicates.
    public let keys: [Key]
    /// The variables, in key order.
    public let variables: [Variable]
    private let lookup: [Key: Variable]

    init(name: String, keys: [Key], variables: [Variable]) {
        self.name = name
        self.keys = keys
        self.variables = variables
        var lookup: [Key: Variable] = [:]
        lookup.reserveCapacity(keys.count)
        for (key, variable) in zip(keys, variables) { lookup[key] = variable }
        self.lookup = lookup
    }

    /// An empty family.
    public init(name: String) { self.init(name: name, keys: [], variables: []) }

    /// The variable for `key`, or `nil` if the family has no such key.
    public subscript(_ key: Key) -> Variable? {
        lookup[key]
    }

    /// Number of variables in the family.
    public var count: Int { keys.count }
    public var underestimatedCount: Int { keys.count }

    /// `(key, variable)` pairs in key order.
    public var pairs: Zip2Sequence<[Key], [Variable]> { zip(keys, variables) }
    public func makeIterator() -> Zip2Sequence<[Key], [Variable]>.Iterator { pairs.makeIterator() }

    /// `Σ coefficient(key) · x[key]` over the family (zero coefficients skipped).
    public func sum(_ coefficient: (Key) -> Double = { _ in 1 }) -> LinearExpression {
        var e = LinearExpression()
        e.terms.reserveCapacity(keys.count)
        for (key, v) in zip(keys, variables) {
            let c = coefficient(key)
            if c != 0 { e.add(v, c) }
        }
        return e
    }
}

extension Model {
    /// Adds one variable per key, named `family[name(key)]`, all with the same bounds.
    ///
    /// Duplicate keys are added once (the first occurrence wins); the family's
    /// ``VariableFamily/keys`` keeps insertion order.
    public mutating func addVariables<Key: Hashable & Sendable>(
        _ family: String, keys: [Key], kind: VariableKind = .continuous,
        lower: Double? = 0, upper: Double? = nil, name: (Key) -> String
    ) -> VariableFamily<Key> {
        addVariables(family, keys: keys, kind: kind, bounds: { _ in (lower, upper) }, name: name)
    }

    /// Adds one variable per key, named `family[name(key)]`, with the bounds `bounds(key)` (same
    /// conventions as ``addVariable(_:_:lower:upper:)``): for families such as `served[site, week]`
    /// whose upper bound is each key's demand.
    ///
    /// Duplicate keys are added once (the first occurrence wins); the family's
    /// ``VariableFamily/keys`` keeps insertion order.
    public mutating func addVariables<Key: Hashable & Sendable>(
        _ family: String, keys: [Key], kind: VariableKind = .continuous,
        bounds: (Key) -> (lower: Double?, upper: Double?), name: (Key) -> String
    ) -> VariableFamily<Key> {
        var seen = Set<Key>()
        seen.reserveCapacity(keys.count)
        var uniqueKeys: [Key] = []
        uniqueKeys.reserveCapacity(keys.count)
        var vars: [Variable] = []
        vars.reserveCapacity(keys.count)
        for key in keys where seen.insert(key).inserted {
            uniqueKeys.append(key)
            let (lower, upper) = bounds(key)
            vars.append(addVariable("\(family)[\(name(key))]", kind, lower: lower, upper: upper))
        }
        return VariableFamily(name: family, keys: uniqueKeys, variables: vars)
    }
}
