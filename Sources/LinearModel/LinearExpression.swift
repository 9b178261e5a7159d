/// An affine expression `Σ coefficient·variable + constant`.
///
/// Build expressions with the arithmetic operators (`2 * x + 3 * y - z + 4`),
/// with ``add(_:_:)`` / ``add(_:times:)`` in loops, or with
/// ``sum(_:)-(S)`` over a sequence of variables or expressions.
///
/// ``terms`` may hold the same variable more than once and exact zeros; call
/// ``normalized()`` to merge them. ``Model`` normalises every expression it stores.
public struct LinearExpression: Sendable, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral {
    /// The linear terms, possibly with repeats until normalised.
    public var terms: [(Variable, Double)]
    /// The constant term.
    public var constant: Double

    /// The zero expression.
    public init() {
        terms = []
        constant = 0
    }

    /// The expression `1·v`.
    public init(_ v: Variable) {
        terms = [(v, 1)]
        constant = 0
    }

    /// A constant expression.
    public init(constant: Double) {
        terms = []
        self.constant = constant
    }

    /// A constant expression written as an integer literal.
    public init(integerLiteral value: Int) {
        self.init(constant: Double(value))
    }

    /// A constant expression written as a floating-point literal.
    public init(floatLiteral value: Double) {
        self.init(constant: value)
    }

    /// The same expression with repeated variables merged, terms sorted by
    /// variable index and zero coefficients dropped. The constant is kept.
    ///
    /// Coefficients of a repeated variable are added in their original order,
    /// so the result is deterministic.
    public func normalized() -> LinearExpression {
        var result = LinearExpression(constant: constant)
        guard !terms.isEmpty else { return result }
        // Sort by (variable, original position): deterministic, and repeats are
        // summed in insertion order.
        let order = terms.indices.sorted { a, b in
            let va = terms[a].0.index, vb = terms[b].0.index
            return va != vb ? va < vb : a < b
        }
        result.terms.reserveCapacity(terms.count)
        var current = terms[order[0]].0
        var sum = 0.0
        for position in order {
            let (variable, coefficient) = terms[position]
            if variable != current {
                if sum != 0 { result.terms.append((current, sum)) }
                current = variable
                sum = 0
            }
            sum += coefficient
        }
        if sum != 0 { result.terms.append((current, sum)) }
        return result
    }

    /// Adds `coefficient · v`.
    public mutating func add(_ v: Variable, _ coefficient: Double = 1) {
        terms.append((v, coefficient))
    }

    /// Adds `times · e` (terms and constant).
    public mutating func add(_ e: LinearExpression, times: Double = 1) {
        if times == 1 {
            terms.append(contentsOf: e.terms)
        } else {
            terms.reserveCapacity(terms.count + e.terms.count)
            for (v, c) in e.terms { terms.append((v, c * times)) }
        }
        constant += e.constant * times
    }

    /// Evaluates the expression; `values` is indexed by ``Variable/index``.
    ///
    /// - Precondition: every variable of the expression indexes into `values`.
    public func value(_ values: [Double]) -> Double {
        var total = constant
        for (v, c) in terms { total += c * values[v.index] }
        return total
    }

    /// `true` when the expression has no terms (it may still have a constant).
    public var isConstant: Bool { terms.isEmpty }

    /// The sum of a sequence of variables.
    public static func sum<S: Sequence>(_ s: S) -> LinearExpression where S.Element == Variable {
        var e = LinearExpression()
        e.terms.reserveCapacity(s.underestimatedCount)
        for v in s { e.terms.append((v, 1)) }
        return e
    }

    /// The sum of a sequence of expressions.
    public static func sum<S: Sequence>(_ s: S) -> LinearExpression where S.Element == LinearExpression {
        var e = LinearExpression()
        for x in s { e.add(x) }
        return e
    }
}

extension LinearExpression: CustomStringConvertible {
    /// A readable rendering such as `2*x0 - x3 + 4` (variables shown by index).
    public var description: String {
        var parts: [String] = []
        for (v, c) in terms {
            let sign = c < 0 ? "-" : "+"
            let magnitude = abs(c)
            let body = magnitude == 1 ? "x\(v.index)" : "\(magnitude)*x\(v.index)"
            parts.append(parts.isEmpty ? (c < 0 ? "-" + body : body) : "\(sign) \(body)")
        }
        if constant != 0 || parts.isEmpty {
            let text = "\(abs(constant))"
            parts.append(parts.isEmpty ? "\(constant)" : (constant < 0 ? "- " : "+ ") + text)
        }
        return parts.joined(separator: " ")
    }
}
