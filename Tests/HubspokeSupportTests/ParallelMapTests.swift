import Foundation
import Synchronization
import Testing
@testable import HubspokeSupport

@Suite struct ParallelMapTests {
    struct Failure: Error, Equatable { let item: Int }

    /// Items that take different times (so they finish out of order) give the same results, in
    /// index order, on one thread or many.
    @Test(arguments: [1, 2, 3, 8])
    func resultsAreInIndexOrderWhateverTheThreads(threads: Int) {
        let results = parallelMap(count: 40, threads: threads) { i in
            usleep(UInt32(i % 4 == 0 ? 3_000 : 100))
            return i * i
        }
        #expect(results == (0..<40).map { $0 * $0 })
        #expect(parallelMap(count: 0, threads: threads) { $0 }.isEmpty)
    }

    /// Streaming: each result is consumed on the calling thread, in index order, and no more than
    /// `window` items are ever started and not yet consumed.
    @Test(arguments: [1, 3, 8])
    func consumesInOrderWithinTheWindow(window: Int) {
        let started = Mutex(0), consumed = Mutex(0), peak = Mutex(0)
        var seen: [Int] = []
        parallelForEach(count: 60, threads: 4, window: window, { i in
            let ahead = started.withLock { $0 += 1; return $0 } - consumed.withLock { $0 }
            peak.withLock { $0 = max($0, ahead) }
            usleep(UInt32(i % 5 == 0 ? 2_000 : 50))
            return i
        }, consume: { i, value in
            #expect(i == value)
            seen.append(value)
            consumed.withLock { $0 += 1 }
        })
        #expect(seen == Array(0..<60))
        #expect(peak.withLock { $0 } <= window)
    }

    /// The simulator's shape: a body and a consumer that throw any error, progress told from the
    /// consumer in order, and a window bounding what waits.
    @Test func untypedThrowsStreamInOrder() throws {
        @Sendable func square(_ i: Int) throws -> Int {
            if i < 0 { throw Failure(item: i) }
            return i * i
        }
        var total = 0, told: [Int] = []
        try parallelForEach(count: 30, threads: 2, window: 4, { i in try square(i) }, consume: { i, value in
            if value < 0 { throw Failure(item: i) }
            total += value
            told.append(i + 1)
        })
        #expect(total == (0..<30).reduce(0) { $0 + $1 * $1 })
        #expect(told == Array(1...30))
    }

    /// A failure stops the run: the error thrown is that of the lowest failing item, and no result
    /// at or after it is consumed.
    @Test(arguments: [1, 4])
    func theLowestFailureIsThrown(threads: Int) {
        var consumed: [Int] = []
        #expect(throws: Failure(item: 7)) {
            try parallelForEach(count: 50, threads: threads, { (i: Int) throws(Failure) -> Int in
                if i == 7 || i == 9 { usleep(i == 7 ? 5_000 : 0); throw Failure(item: i) }
                return i
            }, consume: { (_, value) throws(Failure) in consumed.append(value) })
        }
        #expect(consumed == Array(0..<7))
        // A failure of the consumer ends the run too.
        #expect(throws: Failure(item: 3)) {
            _ = try parallelForEach(count: 50, threads: threads, { (i: Int) throws(Failure) -> Int in i },
                                    consume: { (i, _) throws(Failure) in if i == 3 { throw Failure(item: 3) } })
        }
    }
}
