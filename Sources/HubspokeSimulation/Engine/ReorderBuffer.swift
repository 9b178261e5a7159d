import Foundation

/// Hands the results of numbered items to `consume` in index order, whatever order the threads finish
/// them in. A thread may start item `i` only while `i` is within `window` of the next item to consume,
/// so at most `window` results wait here; the thread with the lowest unfinished item never waits, so
/// the run always moves on.
final class ReorderBuffer<T>: @unchecked Sendable {
    private let condition = NSCondition()
    private var waiting: [Int: T] = [:]
    private var nextIndex = 0
    private var failed: (any Error)?
    private let window: Int
    private let consume: (T) throws -> Void
    /// The most results that waited at once (at most `window`).
    private(set) var peakWaiting = 0

    init(window: Int, consume: @escaping (T) throws -> Void) {
        self.window = max(1, window)
        self.consume = consume
    }

    /// Waits until item `i` may start; false when the run has failed (stop).
    func admit(_ i: Int) -> Bool {
        condition.lock(); defer { condition.unlock() }
        while failed == nil && i >= nextIndex + window { condition.wait() }
        return failed == nil
    }

    /// Item `i`'s result: consumed now if it is next, with any that were waiting for it.
    func deliver(_ i: Int, _ value: T) {
        condition.lock(); defer { condition.unlock() }
        guard failed == nil else { return }
        waiting[i] = value
        peakWaiting = max(peakWaiting, waiting.count)
        while let v = waiting.removeValue(forKey: nextIndex) {
            do { try consume(v) } catch {
                failed = error
                break
            }
            nextIndex += 1
        }
        condition.broadcast()
    }

    func fail(_ error: any Error) {
        condition.lock(); defer { condition.unlock() }
        if failed == nil { failed = error }
        condition.broadcast()
    }

    var failure: (any Error)? {
        condition.lock(); defer { condition.unlock() }
        return failed
    }
}
