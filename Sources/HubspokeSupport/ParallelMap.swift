import Dispatch
import Foundation
import Synchronization

/// The one parallel work loop: items `0..<count` spread over up to `threads` worker threads, each
/// taking the lowest item not yet started, with every result handed back in index order. What a
/// caller sees does not depend on the thread count or on which item finishes first, so the same
/// input gives the same output on one thread or many.
///
/// - `parallelMap` returns the results as an array (the planner's parts of a round).
/// - `parallelForEach` streams them: `consume` runs on the calling thread, in index order, as soon
///   as each result and all before it are done, and at most `window` items are started and not yet
///   consumed, so memory does not grow with `count` (the simulator's replications).
///
/// Workers are threads of their own, not the dispatch pool: `DispatchQueue.concurrentPerform` may
/// run its iterations one after the other when other work keeps the pool busy. With one thread,
/// or one item, everything runs on the calling thread. Should `body` or `consume` throw, no further
/// item starts, the items already started finish, and the error of the lowest such item is thrown
/// (the same error whatever the timing, when failures depend on the item alone).
public func parallelMap<T: Sendable, E: Error>(count: Int, threads: Int,
                                               _ body: @escaping @Sendable (Int) throws(E) -> T) throws(E) -> [T] {
    var results: [T] = []
    results.reserveCapacity(count)
    try parallelForEach(count: count, threads: threads, body) { (_, value) throws(E) in results.append(value) }
    return results
}

/// See `parallelMap`: the results of `body` for `0..<count`, given to `consume` (on the calling
/// thread) in index order, with at most `window` items started and not yet consumed.
public func parallelForEach<T: Sendable, E: Error>(count: Int, threads: Int, window: Int = .max,
                                                   _ body: @escaping @Sendable (Int) throws(E) -> T,
                                                   consume: (Int, T) throws(E) -> Void) throws(E) {
    try parallelForEach(count: count, threads: threads, window: window, body, consumeWhile: { (i, value) throws(E) in
        try consume(i, value)
        return true
    })
}

/// As `parallelForEach`, where `consumeWhile` may end the run early by returning false: no item
/// starts after that, the items already started finish and their results are dropped. Which items
/// are consumed depends only on the results in index order, never on the thread count or timing.
public func parallelForEach<T: Sendable, E: Error>(count: Int, threads: Int, window: Int = .max,
                                                   _ body: @escaping @Sendable (Int) throws(E) -> T,
                                                   consumeWhile: (Int, T) throws(E) -> Bool) throws(E) {
    let workers = min(max(1, threads), count)
    guard workers > 1 else {
        for i in 0..<count {
            guard try consumeWhile(i, try body(i)) else { return }
        }
        return
    }
    let work = OrderedWork<T, E>(count: count, window: max(1, window))
    let finished = DispatchSemaphore(value: 0)
    for _ in 0..<workers {
        Thread {
            work.run(body)
            finished.signal()
        }.start()
    }
    defer {
        work.stop(workers: workers)
        for _ in 0..<workers { finished.wait() }
    }
    try work.consumeInOrder(consumeWhile)
}

/// The state shared by the workers and the consuming thread of `parallelForEach`.
private final class OrderedWork<T: Sendable, E: Error>: Sendable {
    private struct State {
        var nextToStart = 0
        /// Results done but not yet consumed, by item.
        var done: [Int: T] = [:]
        /// The lowest item whose work failed, with its error.
        var failure: (item: Int, error: E)?
        /// Set when the consumer is finished (or failed): no item starts any more.
        var stopped = false
    }
    private let state = Mutex(State())
    private let count: Int
    /// A permit per item that may be started ahead of the consumer; the consumer returns one per item consumed.
    private let permits: DispatchSemaphore
    /// Signalled whenever a result (or a failure) arrives.
    private let arrived = DispatchSemaphore(value: 0)

    init(count: Int, window: Int) {
        self.count = count
        // Created empty and then signalled: libdispatch traps when a semaphore is released with a
        // value below the one it was created with, which a failed run may leave.
        permits = DispatchSemaphore(value: 0)
        for _ in 0..<min(window, count) { permits.signal() }
    }

    /// A worker: takes the lowest item not started, while there is one and the run goes on.
    func run(_ body: @Sendable (Int) throws(E) -> T) {
        while true {
            permits.wait()
            let item = state.withLock { s -> Int? in
                guard !s.stopped, s.failure == nil, s.nextToStart < count else { return nil }
                s.nextToStart += 1
                return s.nextToStart - 1
            }
            guard let item else {
                permits.signal()   // pass it on, so that every waiting worker wakes and ends
                return
            }
            do throws(E) {
                let value = try body(item)
                state.withLock { $0.done[item] = value }
            } catch {
                state.withLock { s in if s.failure.map({ item < $0.item }) ?? true { s.failure = (item, error) } }
            }
            arrived.signal()
        }
    }

    /// The consumer: each result in item order, as it arrives, until `consume` returns false; throws
    /// the first failure in item order.
    func consumeInOrder(_ consume: (Int, T) throws(E) -> Bool) throws(E) {
        for i in 0..<count {
            while true {
                let next = state.withLock { s -> Result<T, E>? in
                    if let value = s.done.removeValue(forKey: i) { return .success(value) }
                    if let f = s.failure, f.item <= i { return .failure(f.error) }
                    return nil
                }
                guard let next else { arrived.wait(); continue }
                let goOn: Bool
                do throws(E) {
                    goOn = try consume(i, try next.get())
                } catch {
                    state.withLock { $0.stopped = true }
                    throw error
                }
                if !goOn {
                    state.withLock { $0.stopped = true }
                    return
                }
                permits.signal()
                break
            }
        }
    }

    /// Ends the run: no item starts any more, and workers waiting for a permit wake.
    func stop(workers: Int) {
        state.withLock { $0.stopped = true }
        for _ in 0..<workers { permits.signal() }
    }
}
