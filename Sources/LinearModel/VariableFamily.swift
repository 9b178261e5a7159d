/// Variables indexed by domain values, e.g. `x[site, day]`.
///
/// Created by ``Model/addVariables(_:keys:kind:lower:upper:name:)``. Keys keep
/// their insertion order, so iterating a family is deterministic.
public struct VariableFamily<Key: Hashable & Sendable>: Sendable {
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

    /// The variable for `key`, or `nil` if the family has no such key.
    public subscript(_ key: Key) -> Variable? {
        lookup[key]
    }

    /// Number of variables in the family.
    public var count: Int { keys.count }

    /// `(key, variable)` pairs in key order.
    public var pairs: Zip2Sequence<[Key], [Variable]> { zip(keys, variables) }

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
