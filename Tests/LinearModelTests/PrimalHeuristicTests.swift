import GLPKSolver
import LinearModel
import Synchronization
import Testing

/// Counts a heuristic's calls from GLPK's callback (one thread, but the closure must be Sendable).
final class CallCounter: Sendable {
    private let count = Mutex(0)
    func tick() { count.withLock { $0 += 1 } }
    var value: Int { count.withLock { $0 } }
}

@Suite struct PrimalHeuristicTests {
    @Test func violationNamesTheFirstBrokenBoundIntegralityOrConstraint() {
        let (m, _) = Knapsack(weights: [3, 4, 5], values: [1, 1, 1], capacity: 7).model()
        #expect(m.violation([1, 1, 0]) == nil)
        #expect(m.violation([1, 1, 1])?.contains("capacity") == true)
        #expect(m.violation([0.5, 0, 0])?.contains("integer variable 'take[0]'") == true)
        #expect(m.violation([2, 0, 0])?.contains("above its upper bound") == true)
        #expect(m.violation([1, 0])?.contains("2 values for 3 variables") == true)
        #expect(m.objectiveValue([1, 1, 0]) == 2)
    }

    /// A feasible proposal becomes the incumbent and the optimum is unchanged; an infeasible one
    /// is never used, and the optimum is still right.
    @Test(arguments: [1, 2, 3] as [UInt64])
    func proposalsAreCheckedBeforeGLPKSeesThem(seed: UInt64) {
        let ks = Knapsack.random(items: 14, seed: seed)
        let (m, _) = ks.model()
        let optimum = ks.bruteForce()
        // Greedy by value per weight: always feasible.
        let order = ks.weights.indices.sorted { ks.values[$0] / ks.weights[$0] > ks.values[$1] / ks.weights[$1] }
        var greedy = [Double](repeating: 0, count: ks.weights.count)
        var load = 0.0
        for i in order where load + ks.weights[i] <= ks.capacity { greedy[i] = 1; load += ks.weights[i] }
        let greedyValue = m.objectiveValue(greedy)
        let proposal = greedy

        let calls = CallCounter()
        var good = SolveOptions()
        good.heuristic = PrimalHeuristic(maximumCalls: 3) { _ in calls.tick(); return proposal }
        let withGood = GLPKSolver().solve(m, options: good)
        #expect(withGood.status == .optimal)
        #expect(abs((withGood.objectiveValue ?? .nan) - optimum) < 1e-6)
        #expect(calls.value >= 1 && calls.value <= 3)
        // The first proposal comes at the root, before any incumbent: GLPK keeps it. Later ones
        // are the same and do not beat it.
        #expect(withGood.heuristicSolutions == 1)
        #expect(greedyValue <= optimum + 1e-9)

        var bad = SolveOptions()
        bad.heuristic = PrimalHeuristic { _ in [Double](repeating: 1, count: ks.weights.count) }   // over capacity
        let withBad = GLPKSolver().solve(m, options: bad)
        #expect(withBad.status == .optimal)
        #expect(withBad.heuristicSolutions == 0)
        #expect(abs((withBad.objectiveValue ?? .nan) - optimum) < 1e-6)
    }

    /// The heuristic sees the relaxation of the current node: values within the bounds, and
    /// fractional somewhere (else GLPK would not ask).
    @Test func heuristicIsGivenTheLPRelaxation() {
        let ks = Knapsack.random(items: 12, seed: 7)
        let (m, _) = ks.model()
        let seen = Mutex<[[Double]]>([])
        var options = SolveOptions()
        options.heuristic = PrimalHeuristic(maximumCalls: 1) { x in seen.withLock { $0.append(x) }; return nil }
        let result = GLPKSolver().solve(m, options: options)
        #expect(result.status == .optimal)
        let relaxations = seen.withLock { $0 }
        #expect(relaxations.count == 1)
        if let x = relaxations.first {
            #expect(x.count == ks.weights.count)
            #expect(x.allSatisfy { $0 >= -1e-9 && $0 <= 1 + 1e-9 })
            #expect(x.contains { abs($0 - $0.rounded()) > 1e-6 })
            // The relaxation keeps the capacity row.
            #expect(zip(x, ks.weights).reduce(0) { $0 + $1.0 * $1.1 } <= ks.capacity + 1e-6)
        }
    }
}
