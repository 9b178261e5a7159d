import HubspokeModel
import HubspokeSupport
import GLPKSolver
import LinearModel

/// A set of roles to solve together, with its model; `earlier` is the rota it had when it is
/// solved again (the better of the two is kept).
struct Part {
    let model: RotaModel
    var earlier: SolveResult?
    /// The objective at which its solve stops (`SolveOptions.stopAtObjective`): for roles merged
    /// for rooms, within the plan's gap of the sum of their bounds alone, which bounds them merged
    /// too; GLPK's own bound on a merged part often stays below it.
    var target: Double?
    /// At most so many branch-and-bound nodes (below the round's limit), and `earlier`'s rota
    /// offered to the solver as its first incumbent: the merged MIP after a week search that ended
    /// far from its bound (`SolvedPart.fallback`). nil: the round's limits, no incumbent.
    var fallbackNodeLimit: Int?
}

/// A part with its rota.
struct SolvedPart {
    let model: RotaModel
    var result: SolveResult
    /// The round that solved it (0 for the joint search's part until it is placed).
    var round: Int
    /// Solved with the rooms other parts left free (a repair, not a relaxation).
    var restricted = false
    /// Stopped by the first round's time share or node limit, not by the plan's own limits.
    var stoppedByCap = false
    /// The planner's rule that ended a search that is not one solve (the joint search's steps, the
    /// week search's passes), where `result.stopReason` cannot say it; nil otherwise.
    var stoppedBy: RotaStopReason?
    /// Where it is solved again (`resolvingCapped`) as the week search's fallback: that solve's
    /// stopping objective and node limit (`Part.target`, `Part.fallbackNodeLimit`), from the week
    /// search's rota.
    var fallback: (target: Double?, nodeLimit: Int)?

    var roles: [Int] { model.roles }
    /// The day plans of its rota.
    var chosen: [DayPlan] { model.plans.compactMap { plan, v in result[v] > 0.5 ? plan : nil } }
}

/// A part between rounds: solved, or to solve in the next round.
enum PlanPart {
    case solved(SolvedPart)
    case pending(Part)

    var solved: SolvedPart? { if case .solved(let p) = self { p } else { nil } }
    var pending: Part? { if case .pending(let p) = self { p } else { nil } }
    /// A part the first round's caps stopped, to solve again to the end (keeping the better rota).
    var resolvingCapped: PlanPart {
        guard case .solved(let p) = self, p.stoppedByCap else { return self }
        return .pending(Part(model: p.model, earlier: p.result, target: p.fallback?.target, fallbackNodeLimit: p.fallback?.nodeLimit))
    }
}

/// The plan as an explicit search: the first round (each role on its own, rooms ignored), then
/// rounds that merge the roles whose rotas overflow rooms, or, where a merged part is too large,
/// the joint search; then the rota with its bound (`RotaPlanner.plan` says why this is sound).
struct PlanSearch {
    /// The stopping limits of a round's solves.
    struct Limits {
        var deadline: Double?
        var nodeLimit: Int?
    }
    /// The solver of a round: the first round's, one whole model's, or a merged part's (`solveMerged`).
    enum RoundSolver { case first, whole, merged }

    let inst: PlanningInstance
    /// The caller's options, with the default stopping rule's node limit where it set no limit at
    /// all: every solve after the first round (room sharing and the Lagrangian bound's roles
    /// included) stops at it.
    let options: PlanOptions
    let tuning: PlannerTuning
    let started: Double
    let deadline: Double?
    /// The first round's limits: at most `firstRoundShare` of the time limit (when the roles then
    /// overflow rooms it is only a relaxation, and the joint search needs the time), and with
    /// neither a time nor a node limit, `firstRoundNodeLimit` nodes. Where the roles fit the rooms,
    /// the parts these caps stopped are solved again with the rest.
    let firstRound: Limits
    let board: ProgressBoard?
    var rounds = 0
    /// The rule that ended a joint search whose rota was not kept (room sharing's rota stayed).
    var searchRule: RotaStopReason?
    /// Whether the joint search bounds its model on another thread (`boundJointModel`). Off for a
    /// week whose bound is not wanted (`RegionHorizon`'s week without leave, planned with the
    /// horizon's fairness share: its bound would not bound the horizon): that thread then searches.
    var boundsJointModel = true
    /// The best bound found for each role solved alone with every room free (role index to bound).
    /// The objective is a sum over roles and a merged part only adds rows, so the sum of its roles'
    /// bounds here bounds any part of those roles: the stopping objective of a merged part
    /// (`merge`), where a part merged before stopped at its own target with GLPK's weaker bound.
    var aloneBounds: [Int: Double] = [:]

    init(_ inst: PlanningInstance, options caller: PlanOptions) {
        var inst = inst
        inst.integralService = caller.tuning.integralService
        // In every model of a week; on horizons in the roles' models alone (`PlannerTuning.blossomRounds`
        // and `horizonBlossomRounds` say why).
        inst.blossomRounds = inst.weeks == 1 ? caller.tuning.blossomRounds : caller.tuning.horizonBlossomRounds
        inst.blossomAloneOnly = inst.weeks > 1
        inst.blossomPlanLimit = caller.tuning.blossomPlanLimit
        inst.blossomMinGain = caller.tuning.blossomMinGain
        inst.cutSolver = caller.tuning.lpSolver
        self.inst = inst
        tuning = caller.tuning
        let started = monotonicSeconds()
        self.started = started
        // One deadline for the whole command (`PlanOptions.startedAt`), not a limit per solve.
        let deadline = caller.timeLimit.map { caller.tuning.deadline(start: caller.startedAt ?? started, limit: $0) }
        self.deadline = deadline
        let unlimited = deadline == nil && caller.nodeLimit == nil
        firstRound = Limits(deadline: deadline.map { started + caller.tuning.firstRoundShare * max(0, $0 - started) },
                            nodeLimit: unlimited ? caller.tuning.firstRoundNodeLimit : caller.nodeLimit)
        var options = caller
        if unlimited { options.nodeLimit = caller.tuning.defaultNodeLimit }
        self.options = options
        board = caller.progress.map(ProgressBoard.init)
    }

    /// Whether the deadline has come (never without a time limit).
    var pastDeadline: Bool { deadline.map { monotonicSeconds() >= $0 - 0.05 } ?? false }

    /// The limits of every solve after the first round.
    var later: Limits { Limits(deadline: deadline, nodeLimit: options.nodeLimit) }

    func plan() throws -> Rota {
        var search = self
        if inst.weeks > 1 && options.wholeModelBelow == 0 && tuning.horizonSearch { return try search.planHorizon() }
        let wholeModel = options.wholeModelBelow > 0 ? RotaModel(inst, roles: inst.rolesWithPosts) : nil
        let whole = wholeModel.map { $0.plans.count <= options.wholeModelBelow } ?? false
        let first = if let wholeModel, whole { [PlanPart.pending(Part(model: wholeModel))] } else {
            inst.rolesWithPosts.map { PlanPart.pending(Part(model: RotaModel(inst, roles: [$0]))) }
        }
        var parts = search.solveRound(first, limits: firstRound, solver: whole ? .whole : .first)
        // Each role alone is a relaxation of the whole problem: its bounds bound the whole.
        var firstRoundBound = Self.boundSum(parts)
        let jointBound = try search.settle(&parts, solver: whole ? .whole : .merged, firstRoundBound: &firstRoundBound)
        return search.finish(parts, bounds: [firstRoundBound, jointBound])
    }

    /// The rounds after the first, until no room overflows: the roles whose rotas overflow a room
    /// merged and solved again, and the parts the first round's caps stopped solved again while
    /// there is time; where a merged part would be too large, the joint search instead. Returns the
    /// joint search's bound, when it ran. At the first overflow, the roles first try to share the
    /// rooms at `firstRoundBound` (`shareRoomsWithinBound`); before that, the overflowing roles
    /// the first round's node cap stopped are solved on (`resolvingCapped`), and `firstRoundBound`
    /// takes their tighter bounds.
    mutating func settle(_ parts: inout [SolvedPart], solver: RoundSolver, firstRoundBound: inout Double?) throws -> Double? {
        var triedSharing = false, resolvedCapped = false
        while true {
            try check(parts)
            let overflow = roomOverflow(parts)
            let timeLeft = !pastDeadline
            var next = parts.map(PlanPart.solved)
            if !overflow.isEmpty {
                let involved = Set(overflow.flatMap { $0 })
                // Past the deadline no merged model is built and solved (on the 40-site region,
                // building it took longer than the solves): the joint search's start, the rotas
                // made to fit the rooms, is the rota.
                if pastDeadline { return try searchJointly(&parts, involved: involved) }
                next = merge(parts, joining: overflow)
                let fits = next.allSatisfy { $0.pending.map { $0.model.plans.count <= tuning.fullModelLimit } ?? true }
                guard fits else { return try searchJointly(&parts, involved: involved) }
                // Only where the roles would be merged, and without a time limit: the merged solve
                // (and the joint search of larger parts) then has all the time it had before.
                if !triedSharing, deadline == nil, let bound = firstRoundBound {
                    // A role proven alone gives the sharing a bound it can meet.
                    if !resolvedCapped, involved.contains(where: { parts[$0].stoppedByCap }) {
                        resolvedCapped = true
                        parts = solveRound(parts.indices.map { i in involved.contains(i) ? PlanPart.solved(parts[i]).resolvingCapped : .solved(parts[i]) },
                                           limits: later, solver: solver)
                        firstRoundBound = Self.boundSum(parts).map { max($0, bound) } ?? bound
                        continue
                    }
                    triedSharing = true
                    if let shared = shareRoomsWithinBound(parts, involved: involved, bound: bound) {
                        parts = shared
                        continue
                    }
                }
            }
            if timeLeft { next = next.map(\.resolvingCapped) }
            guard next.contains(where: { $0.pending != nil }) else { return nil }
            parts = solveRound(next, limits: later, solver: solver)
        }
    }

    /// One round: the pending parts solved at once (`options.threads` at a time, each on its own
    /// thread with its own GLPK problem), the solved ones kept; in the parts' order.
    mutating func solveRound(_ parts: [PlanPart], limits: Limits, solver: RoundSolver) -> [SolvedPart] {
        rounds += 1
        let todo = parts.compactMap(\.pending)
        board?.begin(rounds == 1 ? "round 1: \(todo.count) role(s) apart" : "round \(rounds): \(todo.count) part(s), roles merged for rooms",
                     settled: parts.compactMap { $0.solved?.result }, live: todo.count)
        let search = self
        let results = parallelMap(count: todo.count, threads: options.threads) { i in
            // Past the deadline a part is not given to GLPK (loading and presolving a four-week
            // part of the 40-site region takes seconds) where the rounding heuristic builds a rota;
            // where it cannot (a repair's frozen sessions), GLPK gets its least time all the same.
            if search.pastDeadline, let built = RotaPlanner.constructed(todo[i].model, after: SolveResult(status: .noSolution, stopReason: .timeLimit)) {
                return built
            }
            // Share what is left fairly among the parts not yet started, so the last parts are
            // not left with no time at all.
            let waves = (todo.count - i + search.options.threads - 1) / search.options.threads
            var round = search.options
            round.nodeLimit = limits.nodeLimit
            if let cap = todo[i].fallbackNodeLimit { round.nodeLimit = min(limits.nodeLimit ?? cap, cap) }
            var opts = search.solveOptions(round, todo[i].model, deadline: limits.deadline, waves: waves)
            opts.progressObserver = search.board?.observer(i)
            opts.stopAtObjective = todo[i].target
            if todo[i].fallbackNodeLimit != nil, let earlier = todo[i].earlier, earlier.hasSolution, let was = earlier.objectiveValue {
                opts.heuristic = PlanSearch.offering(earlier.values, objective: was, model: todo[i].model.model, besides: opts.heuristic)
            }
            return search.solve(todo[i].model.model, with: solver, options: opts)
        }
        let timeCapped = limits.deadline != deadline, nodeCapped = limits.nodeLimit != options.nodeLimit
        var next = 0
        return parts.map { part in
            switch part {
            case .solved(let kept):
                return kept
            case .pending(let todo):
                var result = results[next]
                next += 1
                if result.status == .noSolution, let built = RotaPlanner.constructed(todo.model, after: result) { result = built }
                // Solved again (after the first round's caps, or a week search far from its bound):
                // keep the better of the two rotas, the better of the two bounds (both bound the same
                // model), and both solves' logs.
                if let old = todo.earlier {
                    let logs = old.log + result.log
                    let bound = [old.bestBound, result.bestBound].compactMap { $0 }.max()
                    if let was = old.objectiveValue, !(result.objectiveValue.map { $0 <= was + 1e-9 } ?? false) { result = old }
                    if let bound { result.bestBound = result.objectiveValue.map { min(bound, $0) } ?? bound }
                    result.log = logs
                }
                let reason = result.stopReason
                if todo.model.roles.count == 1, todo.model.boundsItsRoles, let bound = result.bestBound {
                    aloneBounds[todo.model.roles[0]] = max(bound, aloneBounds[todo.model.roles[0]] ?? -.infinity)
                }
                return SolvedPart(model: todo.model, result: result, round: rounds,
                                  stoppedByCap: (timeCapped && reason == .timeLimit) || (nodeCapped && reason == .nodeLimit))
            }
        }
    }

    /// A primal heuristic that offers the solver `values` (a rota of `model`, of objective
    /// `objective`) as an incumbent, and where `besides` (the rounding heuristic) proposes a better
    /// one, that one: GLPK keeps only a proposal better than its incumbent, so the known rota is
    /// taken at the first call and the search prunes against it from then on.
    static func offering(_ values: [Double], objective: Double, model: Model, besides: PrimalHeuristic?) -> PrimalHeuristic {
        PrimalHeuristic(maximumCalls: besides?.maximumCalls ?? 1) { relaxation in
            if let proposed = besides?.propose(relaxation), model.objectiveValue(proposed) < objective - 1e-9 { return proposed }
            return values
        }
    }

    /// The sum of the parts' bounds; nil when one has none.
    static func boundSum(_ parts: [SolvedPart]) -> Double? {
        parts.reduce(Optional(0.0)) { sum, p in sum.flatMap { s in p.result.bestBound.map { s + $0 } } }
    }

    /// Throws when a part has no rota: a conflict of hard rules (named), a solver failure, or no rota in time.
    func check(_ parts: [SolvedPart]) throws {
        if let bad = parts.first(where: { $0.result.status == .infeasible }) {
            throw RotaPlanner.diagnoseConflict(inst, roles: bad.roles, solver: tuning.solver, deadline: deadline)
        }
        if let err = parts.first(where: { $0.result.status == .error || $0.result.status == .unbounded }) {
            throw PlanFailure(description: "the solver failed on part \(err.model.model.name): \(err.result.status.rawValue) \(err.result.message ?? "")")
        }
        if parts.contains(where: { $0.result.status == .noSolution }) {
            throw PlanFailure(description: "no rota found within the time limit of \(options.timeLimit.map { String($0) } ?? "?") s; allow more time with --time-limit")
        }
    }

    func solve(_ model: Model, with solver: RoundSolver, options: SolveOptions) -> SolveResult {
        switch solver {
        case .first: tuning.solver.solve(model, options: options)
        case .whole: tuning.wholeModelSolver.solve(model, options: options)
        case .merged: tuning.solveMerged(model, options: options)
        }
    }

    /// GLPK options for one part: the plan's gap, node limit and log, the part's rounding heuristic,
    /// and a time limit that splits what is left before the deadline over `waves` rounds of parts
    /// still to start.
    func solveOptions(_ options: PlanOptions, _ model: RotaModel, deadline: Double?, waves: Int = 1) -> SolveOptions {
        var opts = SolveOptions(timeLimit: nil, relativeGap: options.gap ?? tuning.tolerance, presolve: true, captureLog: options.captureLog)
        opts.nodeLimit = options.nodeLimit
        if options.heuristic, model.model.variables.count <= tuning.heuristicVariableLimit, let heuristic = model.heuristic {
            opts.heuristic = PrimalHeuristic { heuristic.propose($0) }
        }
        if let deadline {
            let remaining = deadline - monotonicSeconds()
            opts.timeLimit = max(0.05, remaining / Double(max(1, waves)))
        }
        return opts
    }

    /// The merged part too large to solve merged: its roles improved as one model (`improveJointly`)
    /// from their rotas with the overflowing plans dropped; should that find no start, they share
    /// the rooms (`shareRooms`) and the joint search starts from there. Returns the joint bound.
    mutating func searchJointly(_ parts: inout [SolvedPart], involved: Set<Int>) throws -> Double? {
        var joint = improveJointly(parts, involved: involved, mustImprove: false)
        if joint?.part == nil {
            try shareRooms(&parts, involved: involved)
            joint = improveJointly(parts, involved: involved, mustImprove: true)
        }
        guard let joint else { return nil }
        searchRule = joint.rule
        rounds += 1
        if var better = joint.part {
            better.round = rounds
            parts = parts.indices.filter { !involved.contains($0) }.map { parts[$0] } + [better]
        }
        return joint.bound
    }

    /// Room sharing: each involved part is solved again, one at a time, with the rooms the others'
    /// current rotas leave free (so no room overflows after the last), and a second pass re-solves
    /// each with all the others fixed and keeps the result only when it is better.
    mutating func shareRooms(_ parts: inout [SolvedPart], involved: Set<Int>) throws {
        for pass in 0..<2 {
            rounds += 1
            for i in parts.indices where involved.contains(i) {
                let left = roomsLeft(parts, except: [i])
                let model = RotaModel(inst, roles: parts[i].roles, roomsLeft: left)
                let result = solvedOrBuilt(model)
                guard result.hasSolution else {
                    if pass > 0 { continue }  // keep the first pass's rota
                    throw PlanFailure(description: "no rota found while sharing rooms between roles (\(result.status.rawValue)); allow more time with --time-limit")
                }
                if pass > 0, let old = parts[i].result.objectiveValue, let new = result.objectiveValue, new >= old - 1e-9 { continue }
                parts[i] = SolvedPart(model: model, result: result, round: rounds, restricted: true)
            }
        }
    }

    /// A role's model in the rooms others leave, solved to the plan's limits; where the deadline
    /// came before the solver found a rota, the one the rounding heuristic builds (`constructed`).
    /// `nodeLimit`: at most so many nodes (a starting rota).
    func solvedOrBuilt(_ model: RotaModel, nodeLimit: Int? = nil) -> SolveResult {
        var opts = solveOptions(options, model, deadline: deadline)
        if let nodeLimit { opts.nodeLimit = min(opts.nodeLimit ?? nodeLimit, nodeLimit) }
        let result = tuning.solveMerged(model.model, options: opts)
        guard result.status == .noSolution, let built = RotaPlanner.constructed(model, after: result) else { return result }
        return built
    }

    /// Room sharing within the bound, tried before roles are merged: the first overflowing part
    /// keeps its rota and each other one is solved again, in order, with the rooms the others leave
    /// free (so no room overflows after the last). Roles alone are a relaxation of the whole, so
    /// `bound` (the first round's) bounds it: where the shared rota meets it (or is within the
    /// caller's `--gap` of it), it is kept, proven, and the roles are not merged. On generated
    /// Kent and Medway weeks, the roles' rotas often overflow a room only because each chose one of
    /// many equally good rotas alone, while the merged model with its room rows is the slowest GLPK
    /// solve of the plan. Returns nil (the roles are then merged) when the sharing costs more.
    ///
    /// `quick` (horizons of several weeks, whose week search follows): each part's solve stops at
    /// `quickNodeLimit` nodes and the roles are not searched together (`rolesAtBound`); a random
    /// four-week variant (seed 47) spent 128 s there once its roles were proven alone.
    mutating func shareRoomsWithinBound(_ parts: [SolvedPart], involved: Set<Int>, bound: Double, quick: Bool = false) -> [SolvedPart]? {
        let members = involved.sorted()
        board?.begin("round \(rounds + 1): roles share the rooms", settled: parts.indices.filter { !involved.contains($0) }.map { parts[$0].result }, live: 0)
        if let partsBound = members.reduce(Optional(0.0), { sum, i in sum.flatMap { s in parts[i].result.bestBound.map { s + $0 } } }) {
            board?.search(bound: partsBound)
        }
        // Each overflowing part in turn keeps its rota, so that one whose equally good rotas all
        // need the contested rooms can keep them.
        var closest: (parts: [SolvedPart], objective: Double)?
        for kept in members {
            guard let shared = sharedRooms(parts, resolving: members.filter { $0 != kept }, nodeLimit: quick ? tuning.quickNodeLimit : nil) else { continue }
            let objective = shared.reduce(0.0) { $0 + ($1.result.objectiveValue ?? .infinity) }
            if objective < (closest?.objective ?? .infinity) { closest = (shared, objective) }
            // Without a --gap, only a proof (the bound met, as `finish` tests it): the rota is then
            // never worse than the merged roles' would be.
            guard objective - bound <= (options.gap ?? 1e-6) * max(1, abs(objective)) else { continue }
            board?.search(best: members.reduce(0.0) { $0 + (shared[$1].result.objectiveValue ?? 0) })
            rounds += 1
            return shared
        }
        if quick { return nil }
        // Then all of them at once, searched for a rota within the plan's gap of the bound, from the
        // closest of the shared rotas (they fit the rooms), or else from the roles' own rotas.
        guard let others = othersObjective(parts, except: involved),
              let joint = rolesAtBound(parts, involved: members, target: withinGap(of: bound) - others, from: closest?.parts) else { return nil }
        rounds += 1
        return parts.indices.filter { !involved.contains($0) }.map { parts[$0] } + [joint]
    }

    /// The sum of the objectives of the parts not in `except`; nil when one has no rota.
    func othersObjective(_ parts: [SolvedPart], except: Set<Int>) -> Double? {
        parts.indices.filter { !except.contains($0) }.reduce(Optional(0.0)) { sum, i in sum.flatMap { s in parts[i].result.objectiveValue.map { s + $0 } } }
    }

    /// The parts with those in `resolving` solved again, in order, each with the rooms all the
    /// others leave free; nil when one finds no rota. `nodeLimit`: at most so many nodes a part
    /// (for a starting rota, `horizonStart`).
    func sharedRooms(_ parts: [SolvedPart], resolving: [Int], nodeLimit: Int? = nil) -> [SolvedPart]? {
        var shared = parts
        for i in resolving {
            let model = RotaModel(inst, roles: shared[i].roles, roomsLeft: roomsLeft(shared, except: [i]))
            let result = solvedOrBuilt(model, nodeLimit: nodeLimit)
            guard result.hasSolution else { return nil }
            shared[i] = SolvedPart(model: model, result: result, round: rounds + 1, restricted: true)
        }
        return shared
    }

    /// Groups of parts whose posts together overflow a site's rooms in some session, in session and site order.
    func roomOverflow(_ parts: [SolvedPart]) -> [[Int]] {
        var use: [RoomKey: [Int]] = [:]   // part indices, one per post there
        for (i, part) in parts.enumerated() {
            for plan in part.chosen { for room in plan.rooms { use[room, default: []].append(i) } }
        }
        var groups: [[Int]] = []
        for key in inst.roomKeys {
            guard let who = use[key] else { continue }
            if who.count > inst.scenario.sites[key.site].rooms && Set(who).count > 1 { groups.append(Array(Set(who)).sorted()) }
        }
        return groups
    }

    /// Rooms left per site and session once every part not in `except` has taken its share.
    func roomsLeft(_ parts: [SolvedPart], except: Set<Int>) -> [RoomKey: Int] {
        var left: [RoomKey: Int] = [:]
        for (i, part) in parts.enumerated() where !except.contains(i) {
            for plan in part.chosen {
                for room in plan.rooms { left[room] = max(0, (left[room] ?? inst.scenario.sites[room.site].rooms) - 1) }
            }
        }
        return left
    }

    /// Merges parts that share an overflow; merged parts are solved again, the others keep their rota.
    func merge(_ parts: [SolvedPart], joining groups: [[Int]]) -> [PlanPart] {
        var parent = Array(parts.indices)
        func find(_ x: Int) -> Int { var x = x; while parent[x] != x { parent[x] = parent[parent[x]]; x = parent[x] }; return x }
        for g in groups { for j in g.dropFirst() { parent[find(j)] = find(g[0]) } }
        var merged: [Int: [Int]] = [:]
        for i in parts.indices { merged[find(i), default: []].append(i) }
        return merged.keys.sorted().compactMap { merged[$0] }.map { members in
            if members.count == 1 { return .solved(parts[members[0]]) }
            // Each member's best valid bound: its own (unless it was solved in rooms others held:
            // that bounds the restricted model only) or the sum of its roles' bounds alone.
            let bounds = members.compactMap { m -> Double? in
                let own = parts[m].restricted ? nil : parts[m].result.bestBound
                let roles = parts[m].roles.map { aloneBounds[$0] }
                let alone = roles.contains(nil) ? nil : roles.compactMap { $0 }.reduce(0, +)
                return [own, alone].compactMap { $0 }.max()
            }
            let sum = bounds.count == members.count ? bounds.reduce(0, +) : nil
            return .pending(Part(model: RotaModel(inst, roles: members.flatMap { parts[$0].roles }.sorted()), target: sum.map(withinGap)))
        }
    }

    /// The objective within the plan's gap (the caller's `--gap`, or the default tolerance) of `bound`.
    func withinGap(of bound: Double) -> Double { bound + (options.gap ?? tuning.tolerance) * max(1, abs(bound)) }

    /// What ended the search of a rota that is not proven: the time limit where it stopped a part,
    /// else the first part's stop (a solver limit, or the joint or week search's own rule), else the
    /// joint search whose rota was not kept, else room sharing, which leaves a rota without a bound
    /// met. Every status short of a proof names one.
    func stoppingRule(_ parts: [SolvedPart]) -> RotaStopReason? {
        let rules = parts.compactMap { $0.stoppedBy ?? $0.result.stopReason.map(RotaStopReason.init) }
        if rules.contains(.timeLimit) { return .timeLimit }
        return rules.first ?? searchRule ?? (parts.contains { $0.restricted } ? .roomSharing : nil)
    }

    /// The rota of the parts, with the best of the bounds: the parts' own (unless one was solved
    /// with rooms held by others, which proves nothing about the whole), and `bounds`.
    func finish(_ parts: [SolvedPart], bounds: [Double?]) -> Rota {
        let chosen = parts.flatMap(\.chosen)
        let solved = parts.map(\.result)
        let objective = solved.compactMap(\.objectiveValue).reduce(0.0) { $0 + $1 }
        let anyRestricted = parts.contains { $0.restricted }
        let partBound = !anyRestricted && solved.allSatisfy({ $0.bestBound != nil }) ? solved.compactMap(\.bestBound).reduce(0.0) { $0 + $1 } : nil
        let bound = ([partBound] + bounds).compactMap { $0 }.max()
        // Every part proven on its own model, or a valid bound met: both are proofs.
        let meetsBound = bound.map { abs(objective - $0) <= 1e-6 * max(1, abs(objective)) } == true
        let provenOptimal = meetsBound || (!anyRestricted && solved.allSatisfy { $0.status == .optimal })
        var gap = provenOptimal ? 0 : bound.map { abs(objective - $0) / max(abs(objective), 1e-9) }
        // Without a --gap of the caller's, a rota within the default tolerance of a valid bound is
        // optimal within that tolerance, and says so; `optimal` alone is printed only for a proof.
        let withinTolerance = !provenOptimal && options.gap == nil && gap.map { $0 <= tuning.tolerance } == true
        let status: SolveStatus = provenOptimal || withinTolerance ? .optimal : .feasible
        let stop = status == .optimal ? nil : stoppingRule(parts)
        if provenOptimal { gap = 0 }
        var report = SolverReport(status: RotaStatus(status), stopReason: stop, objective: objective, bestBound: bound, gap: gap,
                                  parts: parts.count, rounds: rounds, variables: parts.reduce(0) { $0 + $1.model.model.variables.count },
                                  constraints: parts.reduce(0) { $0 + $1.model.model.constraints.count }, seconds: monotonicSeconds() - started)
        if withinTolerance { report.tolerance = tuning.tolerance }
        var rota = RotaDecoder(inst).rota(chosen, solver: report)
        inst.repair?.addTerm(to: &rota, plans: chosen, slots: inst.slots.count)
        if options.captureLog {
            rota.solverLog = parts.map { "--- part \($0.model.model.name) (round \($0.round)): \($0.result.status.rawValue) in \(String(format: "%.3f", $0.result.seconds)) s\n\($0.result.log)" }.joined(separator: "\n")
        }
        return rota
    }
}

extension PlannerTuning {
    /// A part of a later round (roles merged for rooms, or solved again): first with `solver` for
    /// `quickNodeLimit` nodes, which proves most weeks; where that stops at its node limit, again
    /// with `pseudocostSolver` within the caller's limits. The better rota of the two is kept with
    /// the better of their bounds (both bound the same model).
    func solveMerged(_ model: Model, options: SolveOptions) -> SolveResult {
        var quick = options
        quick.nodeLimit = min(options.nodeLimit ?? .max, quickNodeLimit)
        let first = solver.solve(model, options: quick)
        guard first.stopReason == .nodeLimit, (options.nodeLimit ?? .max) > quickNodeLimit else { return first }
        var rest = options
        rest.timeLimit = options.timeLimit.map { max(0.05, $0 - first.seconds) }
        var second = pseudocostSolver.solve(model, options: rest)
        guard second.hasSolution else { return first }
        if let a = first.objectiveValue, let b = second.objectiveValue, a < b - 1e-9 {
            var kept = first
            kept.bestBound = [first.bestBound, second.bestBound].compactMap { $0 }.max()
            kept.relativeGap = kept.bestBound.map { abs(a - $0) / (abs(a) + Double.ulpOfOne) }
            kept.seconds += second.seconds
            return kept
        }
        if second.status != .optimal, let b = second.objectiveValue, let lb = first.bestBound, lb > (second.bestBound ?? -.infinity) {
            second.bestBound = min(lb, b)
            second.relativeGap = abs(b - min(lb, b)) / (abs(b) + Double.ulpOfOne)
        }
        second.seconds += first.seconds
        return second
    }
}
