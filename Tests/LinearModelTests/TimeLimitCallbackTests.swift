import Foundation
import Synchronization
import Testing
import LinearModel
import GLPKSolver

/// GLPK checks its time limit only at the top of its loop over LP solves: the primal heuristic
/// and the cut rounds that follow an LP ran on past it. The solver checks the limit at every
/// callback too, so no heuristic call starts once the time is up.
@Suite("Time limit at every callback")
struct TimeLimitCallbackTests {
    @Test func noHeuristicCallStartsAfterTheTimeLimit() {
        // The hard market split: without a limit it runs far past a second. A slow heuristic
        // (40 ms a call, proposing nothing) is asked after each LP of the search.
        let m = marketSplit(rows: 5, columns: 40, seed: 7, slack: true, offset: 1000)
        let limit = 0.4
        let clock = ContinuousClock()
        let start = clock.now
        let calls = Mutex<[Double]>([])
        var opts = SolveOptions(timeLimit: limit, presolve: false)
        opts.heuristic = PrimalHeuristic(maximumCalls: 1_000) { _ in
            let d = clock.now - start
            calls.withLock { $0.append(Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18) }
            Thread.sleep(forTimeInterval: 0.04)
            return nil
        }
        let r = GLPKSolver().solve(m, options: opts)
        let times = calls.withLock { $0 }
        #expect(r.stopReason == .timeLimit, "\(r.status) \(String(describing: r.stopReason))")
        #expect(!times.isEmpty)
        // Measured from before the solve, so a call at the limit is at or past it: none after.
        #expect(times.allSatisfy { $0 <= limit + 0.01 }, "calls at \(times.suffix(3)) s, limit \(limit) s")
        // The solve ends within one call (and one LP) of the limit; generous for a loaded machine.
        #expect(r.seconds < limit + 1, "\(r.seconds) s")
    }
}
