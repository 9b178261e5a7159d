import Dispatch
import Synchronization
import Foundation
import GLPKSolver
import LinearModel
import HubspokeModel

public struct PlanOptions: Sendable {
    /// Overall wall-clock limit in seconds (nil: prove optimality, except where the roles must be
    /// improved jointly by neighbourhood search, which then runs a fixed number of steps).
    public var timeLimit: Double?
    /// Relative MIP gap at which to stop (nil: prove optimality).
    public var gap: Double?
    /// Parts solved at once (each on its own thread with its own GLPK problem).
    public var threads: Int
    /// Keep GLPK's log of each part (in `Rota.solverLog`).
    public var captureLog: Bool
    /// Solve all roles as one model from the start when it has at most this many day plans, instead
    /// of role by role with merges on room overflow. For small scenarios whose rooms are tight, one
    /// solve is cheaper than several rounds (used by the simulator's weekly plans).
    public var wholeModelBelow = 0
    /// Stop each part's branch-and-bound at this many nodes with the best rota found (see
    /// `SolveOptions.nodeLimit`): a bound on solve time that, unlike `timeLimit`, keeps results reproducible.
    public var nodeLimit: Int?
    /// Round the LP relaxations of the search into rotas (`RotaHeuristic`), giving GLPK incumbents
    /// from its first LP on, in parts of up to `RotaPlanner.heuristicVariableLimit` variables. On by
    /// default; off only to measure what it brings.
    public var heuristic = true
    /// With no time limit, the joint search (`NeighbourhoodSearch`) explores at most `searchSteps`
    /// neighbourhoods and stops after `searchPatience` in a row that bring nothing; these counts,
    /// unlike a time limit, keep the rota reproducible. With a time limit it runs until the deadline.
    public var searchSteps = 400
    public var searchPatience = 40
    /// With neither `timeLimit` nor `nodeLimit`, each part of the first round (one role) stops at
    /// this many branch-and-bound nodes. Where the roles' rotas then fit the rooms, the parts it
    /// stopped are solved again to the end; where they overflow, the roles go on to be merged or
    /// searched jointly, and proving each one optimal first would be wasted. On the 40-site
    /// region's week, the plan without limits took 28 s with it (gap 0.62%); without it the
    /// first round had not ended after 11 minutes (GLPK needed over 100 s for some roles alone).
    public var firstRoundNodeLimit = 2000
    /// The relative gap at which a part counts as solved when no `gap` is given: a rota within it
    /// of its bound is reported `optimal` with this tolerance ("optimal within 0.01%"), as other MIP
    /// solvers do by default. Without one, GLPK can search for minutes for the last hundredth of a
    /// percent: the fairness segments and travel give objectives no lattice, so bounds close only
    /// to within rounding, and many equivalent rotas keep nodes open.
    public var tolerance = 1e-4
    /// With neither `timeLimit` nor `nodeLimit`, every solve after the first round stops at this
    /// many branch-and-bound nodes: the default stopping rule that ends every plan. A part it
    /// stops is reported `feasible (stopped by the node limit)` with its gap; the rota is the same
    /// on every machine.
    public var defaultNodeLimit = 5_000
    /// Told what the planner is doing while it works (phase, best rota, bound), from its threads.
    public var progress: (@Sendable (PlanProgress) -> Void)?
    public init(timeLimit: Double? = nil, gap: Double? = nil, threads: Int = ProcessInfo.processInfo.activeProcessorCount, captureLog: Bool = false) {
        self.timeLimit = timeLimit; self.gap = gap; self.threads = max(1, threads); self.captureLog = captureLog
    }
}

/// Hard rules that cannot all hold, found by relaxing pins and minimum presence.
public struct PlanConflict: Error, Sendable, CustomStringConvertible {
    public var rules: [String]
    public var description: String {
        "hard rules conflict; they cannot all hold together:\n" + rules.map { "  - \($0)" }.joined(separator: "\n")
    }
}

public struct PlanFailure: Error, Sendable, CustomStringConvertible {
    public var description: String
}

/// Plans a rota: splits the scenario into independent parts, solves each with GLPK, decodes,
/// scores each objective term, and explains unmet demand.
public enum RotaPlanner {
    /// The solver settings for rota models: GLPK's branch-and-cut with all its cut families.
    /// Measured on generated regions: with Gomory, MIR, cover and clique cuts a one-role part
    /// reached a 1% gap in 0.9 s, against 17 s with MIR cuts alone.
    static let solver: GLPKSolver = {
        var t = GLPKSolver.Tuning()
        t.gomoryCuts = true; t.mirCuts = true; t.coverCuts = true; t.cliqueCuts = true
        return GLPKSolver(tuning: t)
    }()

    /// `solver`'s cuts with hybrid pseudocost branching, for a merged part that `solver` did not
    /// prove within `quickNodeLimit` nodes (`solveMerged`). GLPK's default branching (Driebeck and
    /// Tomlin) left Kent and Medway with PRU-CANT's urgent MHT demand doubled unproven after 300 s
    /// at a gap below 0.1%; with pseudocost branching it is proven in about 2 s. Where the search
    /// is easy, its start-up costs more than it saves (the Kent and Medway week took 0.22 s with it
    /// in every round, 0.125 s this way), and in the joint search's small sub-problems and the
    /// Lagrangian bound's role solves it slowed the 40-site region's week from 7 s to past 10 s.
    static let pseudocostSolver: GLPKSolver = {
        var t = solver.tuning
        t.branching = .hybridPseudocost
        return GLPKSolver(tuning: t)
    }()

    /// Nodes of the quick first try on a merged part before it is solved with pseudocost branching.
    static let quickNodeLimit = 300

    /// A part of a later round (roles merged for rooms, or solved again): first with `solver` for
    /// `quickNodeLimit` nodes, which proves most weeks; where that stops at its node limit, again
    /// with `pseudocostSolver` within the caller's limits. The better rota of
    /// the two is kept with the better of their bounds (both bound the same model).
    static func solveMerged(_ model: Model, options: SolveOptions) -> SolveResult {
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

    /// The settings for one whole-model solve (`PlanOptions.wholeModelBelow`): Gomory, MIR and clique
    /// cuts, without cover cuts.
    /// Measured on Kent and Medway's simulated weeks: 19 ms a week against 25 ms with every cut family,
    /// and 36 ms role by role (most weeks needed merges for rooms).
    static let wholeModelSolver: GLPKSolver = {
        var t = GLPKSolver.Tuning()
        t.gomoryCuts = true; t.cliqueCuts = true
        return GLPKSolver(tuning: t)
    }()

    /// Seconds on the monotonic clock, for deadlines.
    static func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }

    /// Parts up to this many variables get the rounding heuristic (`PlanOptions.heuristic`), which
    /// needs GLPK's presolver off. Measured: the 40-site region's one-week parts (about 6,000
    /// variables each) reached their stop in 3.7 s with it against 28.5 s without; its four-week
    /// parts (about 24,000 each) took 369 s with it against 206 s without, the unpresolved LPs
    /// being the larger cost there.
    static let heuristicVariableLimit = 12_000

    /// The models of the first round of `plan`, one per role (for benchmarks).
    public static func models(_ scenario: Scenario, previous: PreviousRota? = nil) -> [Model] {
        let inst = PlanningInstance(scenario, previous: previous)
        return inst.rolesWithPosts.map { RotaModel(inst, roles: [$0]).model }
    }

    /// One model of the whole scenario with every rule, for LP/MPS export.
    public static func combinedModel(_ scenario: Scenario, previous: PreviousRota? = nil) -> Model {
        let inst = PlanningInstance(scenario, previous: previous)
        return RotaModel(inst, roles: inst.rolesWithPosts).model
    }

    /// Plans the rota.
    ///
    /// Roles only interact through room capacity (fairness, contracts, travel and continuity are
    /// per role or per post), so each role is first solved on its own. Where posts of different
    /// roles then overflow a site's rooms in some session, those roles are merged into one part
    /// with the room rule between them, and only that part is solved again; this repeats until
    /// no room overflows. Every part solves a relaxation of the whole problem, so the sum of the
    /// parts' bounds is a bound for the whole, and a room-feasible union of optimal parts is optimal.
    /// A merged part too large to solve (over `fullModelLimit` day plans) is not merged: its roles
    /// are improved as one model by neighbourhood search (`improveJointly`), or, failing a start,
    /// share the rooms; the rota is then reported as feasible with its gap to the best bound.
    ///
    /// With `repair`, the plan stays close to a reference rota (see `RepairPlan`).
    public static func plan(_ scenario: Scenario, previous: PreviousRota? = nil, repair: RepairPlan? = nil,
                            options: PlanOptions = PlanOptions()) throws -> Rota {
        let inst = PlanningInstance(scenario, previous: previous, repair: try repair?.resolve(scenario))
        let started = now()
        let deadline = options.timeLimit.map { started + $0 }
        var parts: [Part] = inst.rolesWithPosts.map { Part(roles: [$0]) }
        var whole = false
        if options.wholeModelBelow > 0 {
            let model = RotaModel(inst, roles: inst.rolesWithPosts)
            if model.plans.count <= options.wholeModelBelow { parts = [Part(roles: inst.rolesWithPosts, model: model)]; whole = true }
        }
        var rounds = 0
        var firstRoundBound: Double?
        var jointBound: Double?
        // The first round gets at most `firstRoundShare` of the time limit: when its roles then
        // overflow rooms it is only a relaxation, and the joint search needs the time. Where they
        // do not, the parts it stopped early are solved again with the rest of the time.
        var roundDeadline = deadline.map { min($0, started + firstRoundShare * options.timeLimit!) }
        // Likewise, with neither a time nor a node limit, the first round stops each part at
        // `PlanOptions.firstRoundNodeLimit` nodes.
        var roundNodeLimit = deadline == nil && options.nodeLimit == nil ? options.firstRoundNodeLimit : options.nodeLimit
        // After the first round, every solve stops at the caller's node limit or, with no limit at
        // all, at the default stopping rule's (room sharing and the Lagrangian bound's roles included).
        let options = { var o = options; if deadline == nil && o.nodeLimit == nil { o.nodeLimit = o.defaultNodeLimit }; return o }()
        let board = options.progress.map(ProgressBoard.init)
        var earlier: [Int: SolveResult] = [:]
        while true {
            rounds += 1
            let todo = parts.indices.filter { parts[$0].result == nil }
            let models = todo.map { parts[$0].model ?? RotaModel(inst, roles: parts[$0].roles) }
            let round = rounds, wholeModel = whole
            let results = ResultBox(count: models.count)
            let roundEnd = roundDeadline
            let roundOptions = { var o = options; o.nodeLimit = roundNodeLimit; return o }()
            board?.begin(rounds == 1 ? "round 1: \(models.count) role(s) apart" : "round \(rounds): \(models.count) part(s), roles merged for rooms",
                         settled: parts.compactMap(\.result), live: models.count)
            let queue = WorkQueue(count: models.count)
            DispatchQueue.concurrentPerform(iterations: min(options.threads, models.count)) { _ in
                while let i = queue.next() {
                    // Share what is left fairly among the parts not yet started, so the last
                    // parts are not left with no time at all.
                    let waves = (models.count - i + options.threads - 1) / options.threads
                    var opts = solveOptions(roundOptions, models[i], deadline: roundEnd, waves: waves)
                    opts.progressObserver = board?.observer(i)
                    let model = models[i].model
                    results.set(i, wholeModel ? wholeModelSolver.solve(model, options: opts)
                                : round == 1 ? solver.solve(model, options: opts) : solveMerged(model, options: opts))
                }
            }
            for (k, i) in todo.enumerated() {
                parts[i].model = models[k]
                parts[i].result = results.values[k]!
                parts[i].round = rounds
                if parts[i].result!.status == .noSolution, let built = constructed(models[k], after: parts[i].result!) {
                    parts[i].result = built
                }
                // Solved again after the first round's share: keep the better of the two rotas.
                if let old = earlier[i], let was = old.objectiveValue,
                   !(parts[i].result!.objectiveValue.map { $0 <= was + 1e-9 } ?? false) {
                    parts[i].result = old
                }
            }
            earlier = [:]
            // Parts the first round's caps stopped, to solve again to the end (or the deadline)
            // unless their roles go to the joint search.
            let timeCapped = roundDeadline != deadline, nodeCapped = roundNodeLimit != options.nodeLimit
            for i in todo {
                let reason = parts[i].result!.stopReason
                parts[i].stoppedByCap = (timeCapped && reason == .timeLimit) || (nodeCapped && reason == .nodeLimit)
            }
            roundDeadline = deadline
            roundNodeLimit = options.nodeLimit
            if rounds == 1 {
                // Each role alone is a relaxation of the whole problem: its bounds bound the whole.
                firstRoundBound = parts.allSatisfy({ $0.result!.bestBound != nil }) ? parts.reduce(0.0) { $0 + $1.result!.bestBound! } : nil
            }
            if let bad = parts.first(where: { $0.result!.status == .infeasible }) {
                throw diagnoseConflict(inst, roles: bad.roles)
            }
            if let err = parts.first(where: { $0.result!.status == .error || $0.result!.status == .unbounded }) {
                throw PlanFailure(description: "the solver failed on part \(err.model!.model.name): \(err.result!.status.rawValue) \(err.result!.message ?? "")")
            }
            if parts.contains(where: { $0.result!.status == .noSolution }) {
                throw PlanFailure(description: "no rota found within the time limit of \(options.timeLimit.map { String($0) } ?? "?") s; allow more time with --time-limit")
            }
            let overflow = roomOverflow(inst, parts: parts)
            let timeLeft = deadline.map { now() < $0 - 0.05 } ?? true
            // Solves the parts stopped by a cap again in the next round, keeping the better rota.
            func resolveCapped() {
                guard timeLeft else { return }
                for i in parts.indices where parts[i].stoppedByCap {
                    earlier[i] = parts[i].result
                    parts[i].result = nil
                    parts[i].stoppedByCap = false
                }
            }
            if overflow.isEmpty {
                resolveCapped()
                if parts.allSatisfy({ $0.result != nil }) { break }
                continue
            }
            var merged = merge(parts, joining: overflow)
            for i in merged.indices where merged[i].result == nil { merged[i].model = RotaModel(inst, roles: merged[i].roles) }
            if merged.allSatisfy({ $0.result != nil || $0.model!.plans.count <= fullModelLimit }) {
                parts = merged
                resolveCapped()
            } else {
                // Too large to solve merged. The overflowing roles are improved as one model
                // (`improveJointly`) from their rotas with the overflowing plans dropped; should
                // that fail, they share the rooms instead: each is solved again, one at a time,
                // with the rooms the others' current rotas leave free (so no room overflows after
                // the last), and a second pass re-solves each with all the others fixed and keeps
                // the result only when it is better.
                let involved = Set(overflow.flatMap { $0 })
                var joint = improveJointly(inst, parts: parts, involved: involved, options: options, deadline: deadline, mustImprove: false, board: board)
                if joint?.part == nil {
                    for pass in 0..<2 {
                        rounds += 1
                        for i in parts.indices where involved.contains(i) {
                            let left = roomsLeft(inst, parts: parts, except: [i])
                            let model = RotaModel(inst, roles: parts[i].roles, roomsLeft: left)
                            let result = solveMerged(model.model, options: solveOptions(options, model, deadline: deadline))
                            guard result.hasSolution else {
                                if pass > 0 { continue }  // keep the first pass's rota
                                throw PlanFailure(description: "no rota found while sharing rooms between roles (\(result.status.rawValue)); allow more time with --time-limit")
                            }
                            if pass > 0, let old = parts[i].result?.objectiveValue, let new = result.objectiveValue, new >= old - 1e-9 { continue }
                            parts[i] = Part(roles: parts[i].roles, model: model, result: result, round: rounds, restricted: true)
                        }
                    }
                    joint = improveJointly(inst, parts: parts, involved: involved, options: options, deadline: deadline, mustImprove: true, board: board)
                }
                if let joint {
                    rounds += 1
                    jointBound = joint.bound
                    if var better = joint.part {
                        better.round = rounds
                        parts = parts.indices.filter { !involved.contains($0) }.map { parts[$0] } + [better]
                    }
                }
                break
            }
        }
        var chosen: [DayPlan] = []
        for part in parts {
            for (plan, v) in part.model!.plans where part.result![v] > 0.5 { chosen.append(plan) }
        }
        let solved = parts.map { $0.result! }
        let objective = solved.compactMap(\.objectiveValue).reduce(0.0) { $0 + $1 }
        let anyRestricted = parts.contains { $0.restricted }
        // A part solved with rooms held by others proves nothing about the whole: use the first-round bound.
        let partBound = !anyRestricted && solved.allSatisfy({ $0.bestBound != nil }) ? solved.compactMap(\.bestBound).reduce(0.0) { $0 + $1 } : nil
        let bound = [partBound, firstRoundBound, jointBound].compactMap { $0 }.max()
        let provenOptimal = solved.allSatisfy { $0.status == .optimal } && (!anyRestricted || bound.map { abs(objective - $0) <= 1e-6 * max(1, abs(objective)) } == true)
        var gap = provenOptimal ? 0 : bound.map { abs(objective - $0) / max(abs(objective), 1e-9) }
        // Without a --gap of the caller's, a rota within the default tolerance of a valid bound is
        // optimal within that tolerance, and says so; `optimal` alone is printed only for a proof.
        let withinTolerance = !provenOptimal && options.gap == nil && gap.map { $0 <= options.tolerance } == true
        let status: SolveStatus = provenOptimal || withinTolerance ? .optimal : .feasible
        var stop = solved.compactMap(\.stopReason).contains(.timeLimit) ? StopReason.timeLimit : solved.compactMap(\.stopReason).first
        if status == .optimal { stop = nil }
        if provenOptimal { gap = 0 }
        let seconds = now() - started
        var report = SolverReport(status: status, stopReason: stop, objective: objective, bestBound: bound, gap: gap,
                                  parts: parts.count, rounds: rounds, variables: parts.reduce(0) { $0 + $1.model!.model.variables.count },
                                  constraints: parts.reduce(0) { $0 + $1.model!.model.constraints.count }, seconds: seconds)
        if withinTolerance { report.tolerance = options.tolerance }
        var rota = RotaDecoder(inst).rota(chosen, solver: report)
        inst.repair?.addTerm(to: &rota, plans: chosen, slots: inst.weeks * 10)
        if options.captureLog {
            rota.solverLog = parts.map { "--- part \($0.model!.model.name) (round \($0.round)): \($0.result!.status.rawValue) in \(String(format: "%.3f", $0.result!.seconds)) s\n\($0.result!.log)" }.joined(separator: "\n")
        }
        return rota
    }

    /// The overflowing roles as one model, rooms included, improved by large-neighbourhood search
    /// (`NeighbourhoodSearch`) from the parts' rotas (plans that overflow a room dropped, the rest
    /// completed by `RotaHeuristic`), while another thread bounds the joint model with rooms (its
    /// LP relaxation, then `LagrangianBound`); that bound, plus the other parts' bounds, bounds the whole. The
    /// search stops at the deadline, once the rota is within the plan's gap of the bound (with a
    /// time limit only), or, with no time limit, after `PlanOptions.searchSteps` neighbourhoods or
    /// `searchPatience` in a row without improvement.
    ///
    /// Returns `nil` when no starting rota could be made (room sharing is then the fallback);
    /// otherwise the bound, and the joint part, unless `mustImprove` and it is no better than the parts.
    /// Measured on the 40-site region's week, 10 s limit: 2,577 against 3,191 for room sharing.
    static func improveJointly(_ inst: PlanningInstance, parts: [Part], involved: Set<Int>, options: PlanOptions,
                               deadline: Double?, mustImprove: Bool, board: ProgressBoard? = nil) -> (bound: Double?, part: Part?)? {
        // Runs even at the deadline: the start alone (the parts' rotas made to fit the rooms) is a
        // rota, where room sharing would need time for a solve per role.
        let started = now()
        let roles = involved.sorted().flatMap { parts[$0].roles }.sorted()
        let model = RotaModel(inst, roles: roles)
        guard let heuristic = model.heuristic else { return nil }
        // The parts' rotas in the joint model's variables; plans that overflow a room are dropped
        // and the rota is improved post-day by post-day (`RotaHeuristic`).
        var chosen = Set<DayPlan>()
        for i in involved { for (plan, v) in parts[i].model!.plans where parts[i].result![v] > 0.5 { chosen.insert(plan) } }
        var x = [Double](repeating: 0, count: model.model.variables.count)
        for (plan, v) in model.plans where chosen.contains(plan) { x[v.index] = 1 }
        guard let start = heuristic.propose(x), model.model.violation(start) == nil else { return nil }
        let partsObjective = involved.reduce(0.0) { $0 + (parts[$1].result!.objectiveValue ?? .infinity) }
        let others = parts.indices.filter { !involved.contains($0) }.map { parts[$0].result!.bestBound }
        let othersBound: Double? = others.allSatisfy { $0 != nil } ? others.reduce(0.0) { $0 + $1! } : nil
        board?.begin("joint search over \(roles.count) roles, rooms included", settled: parts.indices.filter { !involved.contains($0) }.compactMap { parts[$0].result }, live: 0)
        board?.search(best: model.model.objectiveValue(start))

        // The bound: the joint model's LP relaxation, then the Lagrangian bound from its room
        // prices (`LagrangianBound`), on its own thread when there is one to spare. With a time
        // limit the search stops once it is within the gap of the best bound so far; without one
        // it does not, as that would make the rota depend on when the bound arrives.
        let jointBound = Mutex<Double?>(nil)
        let timed = deadline != nil
        let stopAt: @Sendable () -> Double? = {
            guard timed, let gap = options.gap, let b = jointBound.withLock({ $0 }) else { return nil }
            return b >= 0 ? b / (1 - gap) : b * (1 - gap)
        }
        @Sendable func publish(_ b: Double) {
            jointBound.withLock { $0 = max($0 ?? -.infinity, b) }
            board?.search(bound: b)
        }
        @Sendable func solveBound(until end: Double?) {
            let lp = lpSolver.solve(model.model.relaxation(), options: SolveOptions(timeLimit: end.map { max(0.05, $0 - now()) }, presolve: false))
            guard lp.status == .optimal, let lpBound = lp.objectiveValue else { return }
            publish(lpBound)
            guard let lagrangian = LagrangianBound(joint: model, relaxation: lp) else { return }
            // Each role for at most a fifth of the LP's time (at least half a second), or, with
            // no time limit, a fixed number of nodes so that the bound is the same on every run.
            let roleSeconds = max(0.5, lp.seconds * lagrangianRoleShare)
            var roleOptions = options
            roleOptions.gap = lagrangianGap
            roleOptions.nodeLimit = end == nil ? lagrangianNodeLimit : nil
            roleOptions.captureLog = false
            let bound = lagrangian.evaluate(inst, roles: roles) { priced, left in
                var opts = solveOptions(roleOptions, priced, deadline: end, waves: left)
                opts.timeLimit = opts.timeLimit.map { min($0, roleSeconds) }
                return solver.solve(priced.model, options: opts)
            }
            if let bound { publish(bound) }
        }
        let search = NeighbourhoodSearch(model, inst: inst)
        // With a time limit, the bound's thread joins the search once the bound is done, from its
        // own seed; the two searches share their best rota.
        let shared = timed && options.threads >= 2 ? SharedIncumbent(start, objective: model.model.objectiveValue(start)) : nil
        var boundDone: DispatchSemaphore?
        if options.threads >= 2 {
            let done = DispatchSemaphore(value: 0)
            Thread {
                solveBound(until: deadline)
                if let shared, let deadline, deadline - now() > 0.1 {
                    _ = search.run(from: shared.current.values, seed: 2, steps: .max, deadline: deadline, target: stopAt, shared: shared,
                                   improved: { board?.search(best: $0) })
                }
                done.signal()
            }.start()
            boundDone = done
        } else {
            solveBound(until: deadline.map { now() + max(0.05, ($0 - now()) * 0.3) })
        }
        var found = search.run(from: start, seed: 1, steps: timed ? .max : options.searchSteps,
                               patience: timed ? .max : options.searchPatience, deadline: deadline, target: stopAt, shared: shared,
                               improved: { board?.search(best: $0) })
        boundDone?.wait()
        if let other = shared?.better(than: found.objective) { (found.values, found.objective) = other }
        let bound = jointBound.withLock { $0 }.flatMap { b in othersBound.map { b + $0 } }
        guard !mustImprove || found.objective < partsObjective - 1e-6 else { return (bound, nil) }
        let timedOut = deadline.map { now() >= $0 - 0.05 } ?? false
        let withinGap = stopAt().map { found.objective <= $0 } ?? false
        var result = SolveResult(status: .feasible, stopReason: withinGap ? .gapLimit : timedOut ? .timeLimit : nil, objectiveValue: found.objective,
                                 values: found.values, seconds: now() - started)
        if options.captureLog {
            result.log = "neighbourhood search: \(found.steps) neighbourhoods, \(found.improvements) improvements, objective \(String(format: "%.3f", model.model.objectiveValue(start))) -> \(String(format: "%.3f", found.objective))\n"
        }
        return (bound, Part(roles: roles, model: model, result: result, round: 0))
    }

    /// A rota for a part whose solve stopped (time or node limit) before finding one: `RotaHeuristic`
    /// builds it post-day by post-day from nothing, keeping every rule of the part's model. Later
    /// rounds and the joint search then improve it. Measured on the 40-site region's four weeks with
    /// `--time-limit 300`: without it, some roles had no rota after their 100 s share and the plan failed.
    static func constructed(_ model: RotaModel, after stopped: SolveResult) -> SolveResult? {
        guard let heuristic = model.heuristic,
              let x = heuristic.propose([Double](repeating: 0, count: model.model.variables.count)),
              model.model.violation(x) == nil else { return nil }
        var result = SolveResult(status: .feasible, stopReason: stopped.stopReason, objectiveValue: model.model.objectiveValue(x),
                                 bestBound: stopped.bestBound, values: x, seconds: stopped.seconds, log: stopped.log)
        result.message = "rota built by the heuristic: the solver found none before its limit"
        return result
    }

    /// The joint model's LP relaxation, for its bound and room prices: the dual simplex without
    /// presolve. Measured on the 40-site region's week: 2.9 s, against 6.6 s with the primal
    /// simplex and no gain from presolve. (Sifting, re-solving the LP from scratch on a growing
    /// subset of the day plans, took 8.6 s: GLPK's time goes in simplex iterations, not columns.)
    static let lpSolver: GLPKSolver = {
        var t = GLPKSolver.Tuning()
        t.dualSimplex = true
        return GLPKSolver(tuning: t)
    }()

    /// The Lagrangian bound's role solves (`LagrangianBound`): each stops at this relative gap,
    /// after `lagrangianRoleShare` of the joint LP's time (at least 0.5 s) with a time limit, and
    /// after `lagrangianNodeLimit` nodes without one. Measured on the 40-site region's week (LP
    /// 2.9 s): 0.25 s a role gave 2,526.4 to 2,526.5, 0.5 s 2,526.6, 1 s and 1.5 s 2,526.65;
    /// 100 nodes gave 2,526.6 in 3.0 s, 500 nodes 2,526.7 in 11.4 s.
    static let lagrangianGap = 1e-4
    static let lagrangianRoleShare = 0.2
    static let lagrangianNodeLimit = 100

    /// The share of a time limit the first round may use (see `plan`). On the 40-site region's week
    /// with `--time-limit 10` and no `--gap`, the roles took the whole limit before this, and the
    /// joint search had no time (objective 3,155 against 2,550).
    static let firstRoundShare = 0.25

    /// Merged parts with more day-plan variables than this are not solved merged: the overflowing
    /// roles are improved jointly by neighbourhood search instead (`improveJointly`).
    static let fullModelLimit = 6000

    /// GLPK options for one part: the plan's gap, node limit and log, the part's rounding heuristic, and a time limit that splits what is left
    /// before the deadline over `waves` rounds of parts still to start.
    static func solveOptions(_ options: PlanOptions, _ model: RotaModel, deadline: Double?, waves: Int = 1) -> SolveOptions {
        var opts = SolveOptions(timeLimit: nil, relativeGap: options.gap ?? options.tolerance, presolve: true, captureLog: options.captureLog)
        opts.nodeLimit = options.nodeLimit
        if options.heuristic, model.model.variables.count <= heuristicVariableLimit, let heuristic = model.heuristic {
            opts.heuristic = PrimalHeuristic { heuristic.propose($0) }
        }
        if let deadline {
            let remaining = deadline - now()
            opts.timeLimit = max(0.05, remaining / Double(max(1, waves)))
        }
        return opts
    }

    /// A set of roles solved together, with its latest model and result.
    struct Part {
        var roles: [Int]
        var model: RotaModel?
        var result: SolveResult?
        var round = 0
        /// Solved with the rooms other parts left free (a repair, not a relaxation).
        var restricted = false
        /// Stopped by the first round's time share or node limit (see `plan`), not by the plan's own limits.
        var stoppedByCap = false
    }

    /// Groups of parts whose posts together overflow a site's rooms in some session.
    static func roomOverflow(_ inst: PlanningInstance, parts: [Part]) -> [[Int]] {
        let sc = inst.scenario
        var use: [Int: [Int]] = [:]   // slot.index * S + site -> part indices (one per post there)
        for (i, part) in parts.enumerated() {
            for (plan, v) in part.model!.plans where part.result![v] > 0.5 {
                for half in Half.allCases {
                    if let s = plan.site(half) { use[(plan.day * 2 + half.rawValue) * inst.siteCount + s, default: []].append(i) }
                }
            }
        }
        var groups: [[Int]] = []
        for key in use.keys.sorted() {
            let who = use[key]!
            let site = key % inst.siteCount
            if who.count > sc.sites[site].rooms && Set(who).count > 1 { groups.append(Array(Set(who)).sorted()) }
        }
        return groups
    }

    /// Rooms left per site and session once every part not in `except` has taken its share.
    static func roomsLeft(_ inst: PlanningInstance, parts: [Part], except: Set<Int>) -> [Int: Int] {
        var left: [Int: Int] = [:]
        for (i, part) in parts.enumerated() where !except.contains(i) {
            for (plan, v) in part.model!.plans where part.result![v] > 0.5 {
                for half in Half.allCases {
                    guard let s = plan.site(half) else { continue }
                    let key = (plan.day * 2 + half.rawValue) * inst.siteCount + s
                    left[key] = max(0, (left[key] ?? inst.scenario.sites[s].rooms) - 1)
                }
            }
        }
        return left
    }

    /// Merges parts that share an overflow; merged parts are solved again, the others keep their result.
    static func merge(_ parts: [Part], joining groups: [[Int]]) -> [Part] {
        var parent = Array(parts.indices)
        func find(_ x: Int) -> Int { var x = x; while parent[x] != x { parent[x] = parent[parent[x]]; x = parent[x] }; return x }
        for g in groups { for j in g.dropFirst() { parent[find(j)] = find(g[0]) } }
        var merged: [Int: [Int]] = [:]
        for i in parts.indices { merged[find(i), default: []].append(i) }
        return merged.keys.sorted().map { root in
            let members = merged[root]!
            if members.count == 1 { return parts[members[0]] }
            return Part(roles: members.flatMap { parts[$0].roles }.sorted())
        }
    }

    /// Re-solves the infeasible part with pins and minimum presence made elastic, and names
    /// those that must give way, with the hard rules they compete with.
    static func diagnoseConflict(_ inst: PlanningInstance, roles: [Int]) -> Error {
        let elastic = RotaModel(inst, roles: roles, elastic: true)
        let r = solver.solve(elastic.model, options: SolveOptions(timeLimit: 30))
        guard r.hasSolution else {
            return PlanFailure(description: "hard rules conflict (pins, minimum presence, contracts, rooms or travel), and the conflict could not be narrowed down: \(r.status.rawValue)")
        }
        let sc = inst.scenario
        var rules = elastic.slacks.filter { r[$0.1] > 1e-6 }.map { "\($0.0) cannot be met" }
        let roleNames = roles.map { sc.roles[$0].id }.joined(separator: ", ")
        let pins = sc.pins.filter { p in roles.contains(sc.roleIndex(sc.posts[sc.postIndex(p.post)!].role)!) }
        if !pins.isEmpty { rules.append("pins of \(roleNames) posts: " + pins.map(\.description).joined(separator: "; ")) }
        rules.append("the availability (working pattern and leave), contracted sessions, eligibility and travel limits of the \(roleNames) posts")
        if inst.scenario.rules.minimumPresence != nil && !rules.contains(where: { $0.hasPrefix("minimum presence") }) {
            rules.append("the minimum presence rule")
        }
        return PlanConflict(rules: rules)
    }
}

/// Results written by parallel workers, read after they finish.
final class ResultBox: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var values: [SolveResult?]
    init(count: Int) { values = Array(repeating: nil, count: count) }
    func set(_ i: Int, _ r: SolveResult) { lock.lock(); values[i] = r; lock.unlock() }
}

/// Hands out indices 0..<count to worker threads.
final class WorkQueue: @unchecked Sendable {
    private let lock = NSLock()
    private var nextIndex = 0
    private let count: Int
    init(count: Int) { self.count = count }
    func next() -> Int? {
        lock.lock(); defer { lock.unlock() }
        guard nextIndex < count else { return nil }
        nextIndex += 1
        return nextIndex - 1
    }
}
