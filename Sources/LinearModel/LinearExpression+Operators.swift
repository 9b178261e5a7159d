// Arithmetic on variables and linear expressions.
//
// The overload set is deliberately small (every operator has only the
// Variable / LinearExpression / Double combinations it needs) so that chains
// like `2 * x + 3 * y - z + 4` type-check quickly. Left operands are taken
// `consuming`, so a long chain appends to one buffer instead of copying it.
//
// LinearExpression is expressible by literals, so in `e + 1` the literal could
// be a Double or a LinearExpression, and in `doubles.reduce(0, +)` the `0`
// could start a LinearExpression sum. Some overloads are therefore marked
// `@_disfavoredOverload` so that exactly one reading wins:
// - expression ⊕ expression is preferred over expression ⊕ Double (and
//   Double ⊕ expression), so `e + 1` builds the constant as an expression, and
//   `[Double].reduce(0, +)` / `reduce(1, *)` keep meaning Double arithmetic;
// - variable ⊕ Double is preferred over variable ⊕ expression, so `x + 1`
//   and `1 + x` take the Double overloads.

extension LinearExpression {
    // MARK: +

    /// `lhs + rhs`
    public static func + (lhs: consuming LinearExpression, rhs: LinearExpression) -> LinearExpression {
        lhs.add(rhs)
        return lhs
    }

    /// `lhs + rhs`
    @_disfavoredOverload
    public static func + (lhs: consuming LinearExpression, rhs: Variable) -> LinearExpression {
        lhs.add(rhs)
        return lhs
    }

    /// `lhs + rhs`
    @_disfavoredOverload
    public static func + (lhs: Variable, rhs: LinearExpression) -> LinearExpression {
        var e = LinearExpression(lhs)
        e.add(rhs)
        return e
    }

    /// `lhs + rhs`
    @_disfavoredOverload
    public static func + (lhs: consuming LinearExpression, rhs: Double) -> LinearExpression {
        lhs.constant += rhs
        return lhs
    }

    /// `lhs + rhs`
    @_disfavoredOverload
    public static func + (lhs: Double, rhs: LinearExpression) -> LinearExpression {
        var e = rhs
        e.constant += lhs
        return e
    }

    // MARK: -

    /// `lhs - rhs`
    public static func - (lhs: consuming LinearExpression, rhs: LinearExpression) -> LinearExpression {
        lhs.add(rhs, times: -1)
        return lhs
    }

    /// `lhs - rhs`
    @_disfavoredOverload
    public static func - (lhs: consuming LinearExpression, rhs: Variable) -> LinearExpression {
        lhs.add(rhs, -1)
        return lhs
    }

    /// `lhs - rhs`
    @_disfavoredOverload
    public static func - (lhs: Variable, rhs: LinearExpression) -> LinearExpression {
        var e = LinearExpression(lhs)
        e.add(rhs, times: -1)
        return e
    }

    /// `lhs - rhs`
    @_disfavoredOverload
    public static func - (lhs: consuming LinearExpression, rhs: Double) -> LinearExpression {
        lhs.constant -= rhs
        return lhs
    }

    /// `lhs - rhs`
    @_disfavoredOverload
    public static func - (lhs: Double, rhs: LinearExpression) -> LinearExpression {
        var e = LinearExpression(constant: lhs)
        e.add(rhs, times: -1)
        return e
    }

    /// `- operand`
    public static prefix func - (operand: LinearExpression) -> LinearExpression {
        var e = LinearExpression()
        e.add(operand, times: -1)
        return e
    }

    // MARK: *

    /// `lhs * rhs`
    public static func * (lhs: Double, rhs: LinearExpression) -> LinearExpression {
        var e = LinearExpression()
        e.add(rhs, times: lhs)
        return e
    }

    /// `lhs * rhs`
    @_disfavoredOverload
    public static func * (lhs: LinearExpression, rhs: Double) -> LinearExpression {
        rhs * lhs
    }

    // MARK: compound assignment

    /// `lhs += rhs`
    public static func += (lhs: inout LinearExpression, rhs: LinearExpression) {
        lhs.add(rhs)
    }

    /// `lhs += rhs`
    public static func += (lhs: inout LinearExpression, rhs: Variable) {
        lhs.add(rhs)
    }

    /// `lhs += rhs`
    @_disfavoredOverload
    public static func += (lhs: inout LinearExpression, rhs: Double) {
        lhs.constant += rhs
    }

    /// `lhs -= rhs`
    public static func -= (lhs: inout LinearExpression, rhs: LinearExpression) {
        lhs.add(rhs, times: -1)
    }

    /// `lhs -= rhs`
    public static func -= (lhs: inout LinearExpression, rhs: Variable) {
        lhs.add(rhs, -1)
    }

    /// `lhs -= rhs`
    @_disfavoredOverload
    public static func -= (lhs: inout LinearExpression, rhs: Double) {
        lhs.constant -= rhs
    }
}

extension Variable {
    /// `lhs + rhs`
    public static func + (lhs: Variable, rhs: Variable) -> LinearExpression {
        LinearExpression(terms: [(lhs, 1), (rhs, 1)], constant: 0)
    }

    /// `lhs + rhs`
    public static func + (lhs: Variable, rhs: Double) -> LinearExpression {
        LinearExpression(terms: [(lhs, 1)], constant: rhs)
    }

    /// `lhs + rhs`
    public static func + (lhs: Double, rhs: Variable) -> LinearExpression {
        LinearExpression(terms: [(rhs, 1)], constant: lhs)
    }

    /// `lhs - rhs`
    public static func - (lhs: Variable, rhs: Variable) -> LinearExpression {
        LinearExpression(terms: [(lhs, 1), (rhs, -1)], constant: 0)
    }

    /// `lhs - rhs`
    public static func - (lhs: Variable, rhs: Double) -> LinearExpression {
        LinearExpression(terms: [(lhs, 1)], constant: -rhs)
    }

    /// `lhs - rhs`
    public static func - (lhs: Double, rhs: Variable) -> LinearExpression {
        LinearExpression(terms: [(rhs, -1)], constant: lhs)
    }

    /// `- operand`
    public static prefix func - (operand: Variable) -> LinearExpression {
        LinearExpression(terms: [(operand, -1)], constant: 0)
    }

    /// `lhs * rhs`
    public static func * (lhs: Double, rhs: Variable) -> LinearExpression {
        LinearExpression(terms: [(rhs, lhs)], constant: 0)
    }

    /// `lhs * rhs`
    public static func * (lhs: Variable, rhs: Double) -> LinearExpression {
        LinearExpression(terms: [(lhs, rhs)], constant: 0)
    }
}

extension LinearExpression {
    /// Creates an expression from raw terms (repeats allowed) and a constant.
    public init(terms: [(Variable, Double)], constant: Double = 0) {
        self.terms = terms
        self.constant = constant
    }
}
