import GLPKSolver
import LinearModel
import Testing

/// `Model.fixing` substitutes fixed variables out (the sub-problems of a neighbourhood search) and
/// `Model.relaxation` drops integrality (the bound of a joint model).
@Suite struct RestrictionTests {
    /// Fixing half of a knapsack's items and solving the rest gives the best completion, found by
    /// enumerating the free items; the expanded solution keeps every rule of the full model.
    @Test(arguments: [UInt64(3), 11, 29])
    func fixedKnapsackSolvesToTheBestCompletion(seed: UInt64) throws {
        let k = Knapsack.random(items: 12, seed: seed)
        let (m, take) = k.model()
        var fixed: [Int: Double] = [:]
        for i in 0..<6 { fixed[take[i]!.index] = i % 2 == 0 ? 1 : 0 }
        let usedWeight = k.weights[0] + k.weights[2] + k.weights[4]
        let usedValue = k.values[0] + k.values[2] + k.values[4]
        let sub = try #require(m.fixing(fixed))
        #expect(sub.model.variables.count == 6)
        #expect(sub.originalIndex == Array(6..<12).map { take[$0]!.index })
        // The fixed items' weight has moved into the capacity, their value into the objective.
        let rest = Knapsack(weights: Array(k.weights[6...]), values: Array(k.values[6...]), capacity: k.capacity - usedWeight)
        let r = GLPKSolver().solve(sub.model, options: SolveOptions())
        #expect(r.status == .optimal)
        #expect(abs(r.objectiveValue! - (usedValue + rest.bruteForce())) < 1e-6)
        let full = sub.expand(r.values)
        #expect(m.violation(full) == nil)
        #expect(abs(m.objectiveValue(full) - r.objectiveValue!) < 1e-6)
        for (j, x) in fixed { #expect(full[j] == x) }
    }

    /// Values that already break a bound, or a row left with no free variable, make the
    /// restriction impossible: `fixing` says so rather than returning an infeasible model.
    @Test func impossibleFixingsAreRefused() {
        var m = Model(name: "small")
        let x = m.addVariable("x", .binary)
        let y = m.addVariable("y", .binary)
        let z = m.addVariable("z", .integer, lower: 0, upper: 4)
        m.addConstraint("pair", x + y <= 1)
        m.addConstraint("cover", x + y + z >= 2)
        m.minimize(x + y + z)
        #expect(m.fixing([x.index: 1, y.index: 1]) == nil)     // breaks "pair"
        #expect(m.fixing([z.index: 5]) == nil)                  // above z's bound
        let sub = m.fixing([x.index: 1, y.index: 0])
        #expect(sub?.model.variables.map(\.name) == ["z"])
        #expect(sub?.model.constraints.map(\.name) == ["cover"])  // "pair" holds and has no free variable left
        #expect(sub?.model.constraints.first?.relation == .greaterOrEqual(1))
        #expect(sub?.model.objective.constant == 1)
    }

    /// The relaxation of a knapsack is its LP: Dantzig's greedy bound, no less than the integer optimum.
    @Test func relaxationGivesTheLPBound() {
        let k = Knapsack.random(items: 10, seed: 5)
        let (m, _) = k.model()
        let lp = m.relaxation()
        #expect(lp.integerCount == 0)
        #expect(lp.variables.allSatisfy { $0.lower == 0 && $0.upper == 1 })
        let r = GLPKSolver().solve(lp, options: SolveOptions())
        // Greedy by value per weight, the last item taken fractionally.
        var room = k.capacity, bound = 0.0
        for i in k.weights.indices.sorted(by: { k.values[$0] / k.weights[$0] > k.values[$1] / k.weights[$1] }) {
            let share = min(1, max(0, room / k.weights[i]))
            bound += share * k.values[i]
            room -= share * k.weights[i]
        }
        #expect(r.status == .optimal)
        #expect(abs(r.objectiveValue! - bound) < 1e-6)
        #expect(r.objectiveValue! >= k.bruteForce() - 1e-9)
    }
}
