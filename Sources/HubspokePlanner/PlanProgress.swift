import Synchronization
import LinearModel

/// What the planner is doing, as told to `PlanOptions.progress` while it works: the phase, the
/// objective of the best rota so far and the best bound on the optimum (each `nil` until known).
public struct PlanProgress: Sendable, Equatable {
    public var phase: String
    public var best: Double?
    public var bound: Double?

    /// The relative gap between `best` and `bound`, as in the solver report; `nil` until both are known.
    public var gap: Double? {
        guard let best, let bound else { return nil }
        return max(0, best - bound) / max(abs(best), 1e-9)
    }
}

/// Adds up the planner's parts for `PlanOptions.progress`: the parts solved in earlier rounds count
/// with their result, the parts being solved with what their branch-and-cut last told
/// (`SolveOptions.progressObserver`). Safe to update from the solving threads.
final class ProgressBoard: Sendable {
    private struct State {
        var phase = ""
        var settledBest: Double? = 0
        var settledBound: Double? = 0
        var live: [SolveProgress?] = []
        var searchBest: Double?
        var searchBound: Double?
    }
    private let state = Mutex(State())
    private let report: @Sendable (PlanProgress) -> Void

    init(_ report: @escaping @Sendable (PlanProgress) -> Void) { self.report = report }

    /// A new phase: `settled` are the results that stay as they are, `live` the number of parts solved now.
    func begin(_ phase: String, settled: [SolveResult], live: Int) {
        let snapshot = state.withLock { s -> PlanProgress in
            s.phase = phase
            s.settledBest = settled.reduce(Optional(0.0)) { sum, r in sum.flatMap { a in r.objectiveValue.map { a + $0 } } }
            s.settledBound = settled.reduce(Optional(0.0)) { sum, r in sum.flatMap { a in r.bestBound.map { a + $0 } } }
            s.live = Array(repeating: nil, count: live)
            s.searchBest = nil
            s.searchBound = nil
            return Self.progress(s)
        }
        report(snapshot)
    }

    /// The solve options' observer for live part `index` of the current phase.
    func observer(_ index: Int) -> @Sendable (SolveProgress) -> Void {
        { [self] p in
            let snapshot = state.withLock { s -> PlanProgress? in
                guard s.live.indices.contains(index) else { return nil }
                s.live[index] = p
                return Self.progress(s)
            }
            if let snapshot { report(snapshot) }
        }
    }

    /// A joint search's best rota or bound (for the roles it searches; the settled parts are added).
    func search(best: Double? = nil, bound: Double? = nil) {
        let snapshot = state.withLock { s -> PlanProgress in
            if let best { s.searchBest = min(s.searchBest ?? .infinity, best) }
            if let bound { s.searchBound = max(s.searchBound ?? -.infinity, bound) }
            return Self.progress(s)
        }
        report(snapshot)
    }

    private static func progress(_ s: State) -> PlanProgress {
        var best = s.settledBest, bound = s.settledBound
        if s.live.isEmpty {
            best = best.flatMap { a in s.searchBest.map { a + $0 } }
            bound = bound.flatMap { a in s.searchBound.map { a + $0 } }
        }
        for part in s.live {
            best = best.flatMap { a in part?.incumbent.map { a + $0 } }
            bound = bound.flatMap { a in part?.bound.map { a + $0 } }
        }
        if let b = best, let lb = bound, lb > b { bound = b }
        return PlanProgress(phase: s.phase, best: best, bound: bound)
    }
}
