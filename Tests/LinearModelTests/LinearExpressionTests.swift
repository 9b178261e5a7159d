import Testing
@testable import LinearModel

@Suite("LinearExpression")
struct LinearExpressionTests {
    let x = Variable(index: 0), y = Variable(index: 1), z = Variable(index: 2)

    @Test func operatorsBuildTheExpectedTerms() {
        // Kept in one line on purpose: this must type-check quickly.
        let e = 2 * x + 3 * y - z + 4
        #expect(e.constant == 4)
        #expect(e.terms.map(\.0) == [x, y, z])
        #expect(e.terms.map(\.1) == [2, 3, -1])
        #expect(e.value([1, 10, 100]) == 2 + 30 - 100 + 4)
        #expect(e.description == "2.0*x0 + 3.0*x1 - x2 + 4.0")
        #expect((-x - 1).description == "-x0 - 1.0")

        let longer = 1.5 * x - 2 * (y - z) + 0.5 * z - 7 + x - y + 2.5 - (-x)
        #expect(longer.normalized().terms.map(\.1) == [3.5, -3, 2.5])
        #expect(longer.constant == -4.5)

        let c = 3.0
        var acc: LinearExpression = 0
        acc += x
        acc += c * y
        acc -= z
        acc -= 1
        acc += 0.5
        #expect(acc.normalized().terms.map(\.1) == [1, 3, -1])
        #expect(acc.constant == -0.5)
        #expect((-x).terms.map(\.1) == [-1])
        #expect((x * 2 - 1).value([5, 0, 0]) == 9)
        #expect((10 - x).value([4]) == 6)
        #expect((c + x + y).value([1, 1]) == 5)
    }

    /// Importing LinearModel must not make everyday Double code ambiguous.
    @Test func ordinaryArithmeticStillTypeChecks() {
        let doubles: [Double] = [1.5, 2, 3]
        #expect(doubles.reduce(0, +) == 6.5)
        #expect(doubles.reduce(1, *) == 9)
        #expect(doubles.reduce(10, -) == 3.5)
        let d = 2.0
        #expect(1 == d - 1)
        #expect(0 <= d && d >= 1)
        #expect([x, y].reduce(0, +).terms.count == 2)
        #expect([2 * x, 1 + y].reduce(0, +).constant == 1)
        let spec = x + y == 1
        #expect(spec.relation == .equal(1))
        #expect((x <= 2).relation == .lessOrEqual(2))
        #expect((x == 2).relation == .equal(2))
        #expect(x != y && !(x == y))
        #expect((2 * x >= 1.5).relation == .greaterOrEqual(1.5))
    }

    @Test func normalisationMergesSortsAndDropsZeros() {
        var e = LinearExpression(constant: 7)
        e.add(z, 1)
        e.add(x, 2)
        e.add(z, 2)
        e.add(y, 5)
        e.add(x, -2)   // x cancels exactly
        e.add(y, 0.25)
        let n = e.normalized()
        #expect(n.terms.map(\.0) == [y, z])
        #expect(n.terms.map(\.1) == [5.25, 3])
        #expect(n.constant == 7)
        // Deterministic: same input, same output; idempotent.
        #expect(n.normalized().terms.map(\.1) == n.terms.map(\.1))
        #expect(e.normalized().terms.map(\.0) == n.terms.map(\.0))
        #expect(LinearExpression().normalized().terms.isEmpty)
    }

    @Test func sumsOfVariablesAndExpressions() {
        let s = LinearExpression.sum([x, y, z, x])
        #expect(s.normalized().terms.map(\.1) == [2, 1, 1])
        let t = LinearExpression.sum([2 * x + 1, y - 3, LinearExpression(z)])
        #expect(t.constant == -2)
        #expect(t.value([1, 1, 1]) == 2)
    }

    @Test func constraintSpecsAndFolding() {
        var m = Model()
        let a = m.addVariable("a"), b = m.addVariable("b")
        let r = m.addConstraint("c", a + b + 2 <= 5)
        #expect(m.constraints[r.index].relation == .lessOrEqual(3))
        m.addConstraint("d", "k", 2 * a - 1 == 3)
        #expect(m.constraints[1].relation == .equal(4))
        #expect(m.constraints[1].name == "d[k]")
        m.addConstraint("e", a >= 1)
        #expect(m.constraints[2].relation == .greaterOrEqual(1))
        m.addConstraint("f", nil, a - b + 1, .range(0, 4))
        #expect(m.constraints[3].relation == .range(-1, 3))
        #expect(m.constraints[3].expression.constant == 0)
    }
}
