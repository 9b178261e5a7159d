import Synchronization
import Testing
import LinearModel
import GLPKSolver

/// ``SolveOptions/boundObserver``, ``SolveOptions/shouldStop`` and ``SolveOptions/stopAtObjective``: what another thread may learn of
/// a running branch-and-cut, and how it stops one.
@Suite("Solve callbacks")
struct SolveCallbackTests {
    let solver = GLPKSolver()

    @Test(arguments: [true, false])
    func boundObserverSeesImprovingValidBounds(presolve: Bool) {
        // Minimisation with a proven optimum: every bound told is below it, and each is better
        // than the one before.
        let m = marketSplit(rows: 3, columns: 24, seed: 5, slack: true, offset: 100)
        let seen = Mutex<[Double]>([])
        var opts = SolveOptions(presolve: presolve)
        opts.boundObserver = { b in seen.withLock { $0.append(b) } }
        let r = solver.solve(m, options: opts)
        #expect(r.status == .optimal)
        let bounds = seen.withLock { $0 }
        #expect(!bounds.isEmpty)
        #expect(zip(bounds, bounds.dropFirst()).allSatisfy { $0 < $1 })
        #expect(bounds.allSatisfy { $0 <= r.objectiveValue! + 1e-6 && $0 >= 100 - 1e-6 })
    }

    @Test func boundObserverOnMaximisation() {
        let k = Knapsack.random(items: 30, seed: 9)
        let (m, _) = k.model()
        let seen = Mutex<[Double]>([])
        var opts = SolveOptions()
        opts.boundObserver = { b in seen.withLock { $0.append(b) } }
        let r = solver.solve(m, options: opts)
        let bounds = seen.withLock { $0 }
        #expect(r.status == .optimal && !bounds.isEmpty)
        // Maximising: bounds come down towards the optimum, never below it.
        #expect(zip(bounds, bounds.dropFirst()).allSatisfy { $0 > $1 })
        #expect(bounds.allSatisfy { $0 >= r.objectiveValue! - 1e-6 })
    }

    @Test(arguments: [true, false])
    func shouldStopEndsTheSearch(presolve: Bool) {
        // A hard market split with slack: without a stop it runs far past a second. Asked to stop
        // at the 20th decision point, it ends there with its incumbent (if any) and its bound.
        let m = marketSplit(rows: 5, columns: 40, seed: 7, slack: true, offset: 1000)
        let asked = Mutex(0)
        var opts = SolveOptions(timeLimit: 60, presolve: presolve)
        opts.shouldStop = { asked.withLock { $0 += 1; return $0 >= 20 } }
        let r = solver.solve(m, options: opts)
        #expect(asked.withLock { $0 } == 20)
        #expect(r.stopReason == .interrupted)
        #expect(r.seconds < 30)
        if r.hasSolution {
            #expect(r.status == .feasible)
            #expect(maxViolation(m, r.values) < 1e-6)
            if let bound = r.bestBound { #expect(bound <= r.objectiveValue! + 1e-9) }
        } else {
            #expect(r.status == .noSolution && r.message?.contains("stopped by the caller") == true)
        }
    }

    @Test(arguments: [true, false])
    func stopAtObjectiveEndsTheSearchAtTheTarget(presolve: Bool) {
        // The hard market split again, with a target any rota meets (a bound known from outside):
        // it stops at the first decision point with an incumbent, keeping its bound.
        let m = marketSplit(rows: 5, columns: 40, seed: 7, slack: true, offset: 1000)
        var opts = SolveOptions(timeLimit: 60, presolve: presolve)
        opts.stopAtObjective = 1e6
        opts.nodeLimit = 50_000
        let r = solver.solve(m, options: opts)
        #expect(r.stopReason == .gapLimit, "\(r.status) \(String(describing: r.stopReason))")
        #expect(r.status == .feasible && r.seconds < 30)
        #expect((r.objectiveValue ?? .infinity) <= 1e6)
        #expect(maxViolation(m, r.values) < 1e-6)
        if let bound = r.bestBound { #expect(bound <= r.objectiveValue! + 1e-9) }
        // A target below the optimum is never met: the solve ends as it would without one.
        let k = Knapsack.random(items: 14, seed: 42)
        var below = SolveOptions()
        below.stopAtObjective = k.bruteForce() + 1
        let full = solver.solve(k.model().0, options: below)
        #expect(full.status == .optimal && full.stopReason == nil)
        #expect(abs(full.objectiveValue! - k.bruteForce()) < 1e-6)
    }

    @Test func shouldStopNeverAskedLeavesTheSolveAlone() {
        let k = Knapsack.random(items: 14, seed: 42)
        let (m, _) = k.model()
        var opts = SolveOptions()
        opts.shouldStop = { false }
        let r = solver.solve(m, options: opts)
        #expect(r.status == .optimal && r.stopReason == nil)
        #expect(abs(r.objectiveValue! - k.bruteForce()) < 1e-6)
    }
}
