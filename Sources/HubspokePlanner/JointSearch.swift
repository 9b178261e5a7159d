import HubspokeModel
import HubspokeSupport
import Dispatch
import Foundation
import LinearModel
import Synchronization

extension PlanSearch {
    /// The overflowing roles as one model, rooms included, improved by large-neighbourhood search
    /// (`NeighbourhoodSearch`) from the parts' rotas (plans that overflow a room dropped, the rest
    /// completed by `RotaHeuristic`), while another thread bounds the joint model with rooms
    /// (`boundJointModel`); that bound, plus the other parts' bounds, bounds the whole. The search
    /// stops at the deadline, once the rota is within the plan's gap of the bound (with a time
    /// limit only), or, with no time limit, after `PlannerTuning.searchSteps` neighbourhoods or
    /// `searchPatience` in a row without improvement.
    ///
    /// Returns `nil` when no starting rota could be made (room sharing is then the fallback);
    /// otherwise the bound, and the joint part, unless `mustImprove` and it is no better than the parts,
    /// with the search's own rule when that ended it (its steps or its patience).
    /// Measured on the 40-site region's week, 10 s limit: 2,577 against 3,191 for room sharing.
    func improveJointly(_ parts: [SolvedPart], involved: Set<Int>, mustImprove: Bool) -> (bound: Double?, part: SolvedPart?, rule: RotaStopReason?)? {
        // Runs even at the deadline: the start alone (the parts' rotas made to fit the rooms) is a
        // rota, where room sharing would need time for a solve per role.
        let started = monotonicSeconds()
        let members = involved.sorted()
        guard let (model, start) = jointStart(parts, involved: members) else { return nil }
        let partsObjective = members.reduce(0.0) { $0 + (parts[$1].result.objectiveValue ?? .infinity) }
        let others = parts.indices.filter { !involved.contains($0) }
        let othersBound = others.reduce(Optional(0.0)) { sum, i in sum.flatMap { s in parts[i].result.bestBound.map { s + $0 } } }
        board?.begin("joint search over \(model.roles.count) roles, rooms included", settled: others.map { parts[$0].result }, live: 0)
        board?.search(best: model.model.objectiveValue(start))

        // With a time limit the search stops once it is within the gap of the best bound so far;
        // without one it does not, as that would make the rota depend on when the bound arrives.
        let timed = deadline != nil
        let bound = JointBound(gap: timed ? options.gap : nil, board: board)
        let found = searchJointModel(model, from: start, bound: bound)
        let total = bound.value.flatMap { b in othersBound.map { b + $0 } }
        let rule = found.ended == .patience ? RotaStopReason.patienceLimit : found.ended == .steps ? .stepLimit : nil
        guard !mustImprove || found.objective < partsObjective - 1e-6 else { return (total, nil, rule) }
        let withinGap = bound.stopAt().map { found.objective <= $0 } ?? false
        var result = SolveResult(status: .feasible, stopReason: withinGap ? .gapLimit : pastDeadline ? .timeLimit : nil, objectiveValue: found.objective,
                                 values: found.values, seconds: monotonicSeconds() - started)
        if options.captureLog {
            result.log = "neighbourhood search: \(found.steps) neighbourhoods, \(found.improvements) improvements, objective \(String(format: "%.3f", model.model.objectiveValue(start))) -> \(String(format: "%.3f", found.objective))\n"
        }
        return (total, SolvedPart(model: model, result: result, round: 0, stoppedBy: result.stopReason == nil ? rule : nil), rule)
    }

    /// The joint model of the `involved` parts' roles and its start: the parts' rotas in its
    /// variables, with the plans that overflow a room dropped and the rota improved post-day by
    /// post-day (`RotaHeuristic`); nil when that breaks a rule. `roomsLeft`: the rooms it may use,
    /// where other parts hold some (`RotaModel`).
    func jointStart(_ parts: [SolvedPart], involved: [Int], roomsLeft: [RoomKey: Int] = [:]) -> (model: RotaModel, start: [Double])? {
        let model = RotaModel(inst, roles: involved.flatMap { parts[$0].roles }.sorted(), roomsLeft: roomsLeft)
        return model.rounded(from: Set(involved.flatMap { parts[$0].chosen })).map { (model, $0) }
    }

    /// The neighbourhood search on the joint model, with the bound (`boundJointModel`) on its own
    /// thread when there is one to spare. With a time limit, that thread joins the search once the
    /// bound is done, from its own seed; the two searches share their best rota.
    func searchJointModel(_ model: RotaModel, from start: [Double], bound: JointBound) -> NeighbourhoodSearch.Outcome {
        let search = NeighbourhoodSearch(model, inst: inst, settings: tuning.neighbourhoods, solver: tuning.solver)
        let timed = deadline != nil, deadline = deadline, board = board
        let shared = timed && options.threads >= 2 ? SharedIncumbent(start, objective: model.model.objectiveValue(start)) : nil
        let improved: @Sendable (Double) -> Void = { board?.search(best: $0) }
        var boundDone: DispatchSemaphore?
        // At the deadline the start is the rota (`improveJointly`), and its bound the other parts'.
        if pastDeadline {
            var start = NeighbourhoodSearch.Outcome(values: start, objective: model.model.objectiveValue(start))
            start.ended = .deadline
            return start
        } else if options.threads >= 2 {
            let done = DispatchSemaphore(value: 0)
            let planner = self
            Thread {
                if planner.boundsJointModel { planner.boundJointModel(model, until: deadline, into: bound) }
                if let shared, let deadline, deadline - monotonicSeconds() > 0.1 {
                    _ = search.run(from: shared.current.values, seed: 2, steps: .max, deadline: deadline, target: bound.stopAt, shared: shared,
                                   improved: improved)
                }
                done.signal()
            }.start()
            boundDone = done
        } else if boundsJointModel {
            boundJointModel(model, until: deadline.map { monotonicSeconds() + max(0.05, ($0 - monotonicSeconds()) * 0.3) }, into: bound)
        }
        var found = search.run(from: start, seed: 1, steps: timed ? .max : tuning.searchSteps,
                               patience: timed ? .max : tuning.searchPatience, deadline: deadline, target: bound.stopAt, shared: shared,
                               improved: improved)
        boundDone?.wait()
        if let other = shared?.better(than: found.objective) { (found.values, found.objective) = other }
        return found
    }

    /// Bounds the joint model with rooms: its LP relaxation, then the Lagrangian bound from its room
    /// prices (`LagrangianBound`), each published to `bound` as it is known.
    func boundJointModel(_ model: RotaModel, until end: Double?, into bound: JointBound) {
        let lp = tuning.lpSolver.solve(model.model.relaxation(), options: SolveOptions(timeLimit: end.map { max(0.05, $0 - monotonicSeconds()) }, presolve: false))
        guard lp.status == .optimal, let lpBound = lp.objectiveValue else { return }
        bound.publish(lpBound)
        guard let lagrangian = LagrangianBound(joint: model, relaxation: lp) else { return }
        // Each role for at most a share of the LP's time (at least half a second), or, with no
        // time limit, a fixed number of nodes so that the bound is the same on every run.
        let roleSeconds = max(0.5, lp.seconds * tuning.lagrangianRoleShare)
        var roleOptions = options
        roleOptions.gap = tuning.lagrangianGap
        roleOptions.nodeLimit = end == nil ? tuning.lagrangianNodeLimit : nil
        roleOptions.captureLog = false
        let value = lagrangian.evaluate(inst, roles: model.roles) { priced, left in
            // Past the deadline, no bound: the bound is not worth the time over the limit.
            if let end, monotonicSeconds() >= end - 0.05 { return SolveResult(status: .noSolution, stopReason: .timeLimit) }
            var opts = solveOptions(roleOptions, priced, deadline: end, waves: left)
            opts.timeLimit = opts.timeLimit.map { min($0, roleSeconds) }
            return tuning.solver.solve(priced.model, options: opts)
        }
        if let value { bound.publish(value) }
    }
}

/// The best bound on the joint model found so far, published by the bound's thread and read by the
/// searches (to stop within the plan's gap, with a time limit only) and the progress board.
final class JointBound: Sendable {
    private let best = Mutex<Double?>(nil)
    /// The plan's gap, when the search may stop within it of the bound.
    private let gap: Double?
    private let board: ProgressBoard?

    init(gap: Double?, board: ProgressBoard?) { self.gap = gap; self.board = board }

    var value: Double? { best.withLock { $0 } }

    func publish(_ b: Double) {
        best.withLock { $0 = max($0 ?? -.infinity, b) }
        board?.search(bound: b)
    }

    /// The objective at which the search may stop: within the gap of the bound.
    @Sendable func stopAt() -> Double? {
        guard let gap, let b = value else { return nil }
        return b >= 0 ? b / (1 - gap) : b * (1 - gap)
    }
}
