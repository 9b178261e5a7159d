import Dispatch
import Foundation
import Testing
import LinearModel
import GLPKSolver

/// Results written from concurrent solves.
private final class ResultSlots: @unchecked Sendable {
    private let lock = NSLock()
    private var results: [Int: SolveResult] = [:]

    func set(_ i: Int, _ r: SolveResult) {
        lock.lock()
        results[i] = r
        lock.unlock()
    }

    subscript(_ i: Int) -> SolveResult? {
        lock.lock()
        defer { lock.unlock() }
        return results[i]
    }
}

@Suite("GLPK concurrency")
struct GLPKConcurrencyTests {
    /// GLPK's environment is thread-local: separate problems on separate threads
    /// must solve independently and correctly.
    @Test func parallelSolves() {
        let count = 8
        // Even slots: knapsacks (MIP), odd slots: the transportation LP; half with log capture.
        let knapsacks = (0..<count).map { Knapsack.random(items: 16, seed: UInt64(100 + $0)) }
        let models: [Model] = (0..<count).map { i in i % 2 == 0 ? knapsacks[i].model().0 : transportationModel().0 }
        let expected: [Double] = (0..<count).map { i in i % 2 == 0 ? knapsacks[i].bruteForce() : 153.675 }
        let slots = ResultSlots()
        for _ in 0..<3 {
            DispatchQueue.concurrentPerform(iterations: count) { i in
                let options = SolveOptions(presolve: i % 4 < 2, captureLog: i % 3 == 0)
                slots.set(i, GLPKSolver().solve(models[i], options: options))
            }
            for i in 0..<count {
                let r = slots[i]
                #expect(r?.status == .optimal, "model \(i): \(String(describing: r?.status)) \(r?.message ?? "")")
                #expect(abs((r?.objectiveValue ?? .nan) - expected[i]) < 1e-6, "model \(i)")
                #expect((r?.log.isEmpty ?? false) == (i % 3 != 0), "model \(i) log")
            }
        }
    }

    /// Solving from Swift concurrency tasks (cooperative pool threads) works as well.
    @Test func solvesFromTasks() async {
        let (m, _) = transportationModel()
        let objectives = await withTaskGroup(of: Double?.self) { group in
            for _ in 0..<8 {
                group.addTask { GLPKSolver().solve(m, options: SolveOptions()).objectiveValue }
            }
            var all: [Double?] = []
            for await o in group { all.append(o) }
            return all
        }
        #expect(objectives.count == 8)
        #expect(objectives.allSatisfy { abs(($0 ?? 0) - 153.675) < 1e-6 })
    }
}
