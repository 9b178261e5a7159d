import CGLPK
import LinearModel

/// What the `glp_intopt` callback reads and records: the best bound of the branch-and-bound tree,
/// the node limit, and the primal heuristic with its counts.
final class GLPKCallbackState {
    /// Bound of the best active node at the latest callback; `nil` if unknown.
    var bound: Double?
    /// Nodes allowed in the search tree (``SolveOptions/nodeLimit``), and whether the search was stopped for it.
    var nodeLimit: Int?
    var stoppedByNodeLimit = false
    /// Nodes created so far (`glp_ios_tree_size`'s total), read at each node chosen.
    var nodes = 0
    /// ``SolveOptions/progressObserver``, told at each node chosen.
    var progressObserver: (@Sendable (SolveProgress) -> Void)?
    /// ``SolveOptions/shouldStop``, and whether it stopped the search.
    var shouldStop: (@Sendable () -> Bool)?
    var stoppedByCaller = false
    /// The solve's time limit, checked at every callback, and whether it stopped the search there.
    /// GLPK itself checks `tm_lim` only at the top of its loop over nodes and in its simplex: a
    /// round of cuts or a primal heuristic started just before the limit ran on past it.
    var deadline: GLPKDeadline?
    var stoppedByTime = false
    /// ``SolveOptions/stopAtObjective``, and whether the incumbent reached it.
    var target: Double?
    var stoppedAtTarget = false
    /// The model and its primal heuristic (``SolveOptions/heuristic``), asked at `GLP_IHEUR`.
    var model: Model?
    var heuristic: PrimalHeuristic?
    var heuristicCalls = 0
    var heuristicSolutions = 0
    /// Told each improvement of ``bound`` (``SolveOptions/boundObserver``).
    var boundObserver: (@Sendable (Double) -> Void)?
    var reportedBound: Double?

    /// Records the bound of the best active node and tells the observer when it improved. What
    /// the observer is told is never past the incumbent (`incumbent`), which bounds the optimum too.
    func record(_ bound: Double?, minimize: Bool, incumbent: Double?) {
        self.bound = bound
        guard var bound, let observer = boundObserver else { return }
        if let incumbent { bound = minimize ? min(bound, incumbent) : max(bound, incumbent) }
        if let last = reportedBound, minimize ? bound <= last + 1e-9 : bound >= last - 1e-9 { return }
        reportedBound = bound
        observer(bound)
    }

    /// Whether the time limit has run out (recorded, so that the stop is reported as the time limit's).
    func timeIsUp() -> Bool {
        if !stoppedByTime, deadline?.isExpired == true { stoppedByTime = true }
        return stoppedByTime
    }

    /// Whether to stop the search here: the incumbent has reached ``target``, or ``shouldStop`` says so.
    func stopsHere(incumbent: Double?, minimize: Bool) -> Bool {
        if let target, let incumbent, minimize ? incumbent <= target : incumbent >= target {
            stoppedAtTarget = true
            return true
        }
        if let shouldStop, shouldStop() {
            stoppedByCaller = true
            return true
        }
        return false
    }

    /// Asks the heuristic for a solution from the LP relaxation of the current node and, when it
    /// proposes one that keeps every rule of the model, offers it to GLPK.
    func offerHeuristicSolution(_ tree: OpaquePointer) {
        guard let heuristic, let model, heuristicCalls < heuristic.maximumCalls else { return }
        heuristicCalls += 1
        // Presolve is off with a heuristic, so the tree's problem has the model's columns.
        let p = glp_ios_get_prob(tree)
        let n = model.variables.count
        guard Int(glp_get_num_cols(p)) == n else { return }
        let relaxation = (0..<n).map { glp_get_col_prim(p, Int32($0 + 1)) }
        guard var x = heuristic.propose(relaxation), x.count == n else { return }
        // GLPK wants integer columns exactly integral.
        for (j, info) in model.variables.enumerated() where info.kind != .continuous { x[j] = x[j].rounded() }
        guard model.violation(x) == nil else { return }
        let accepted = ([0] + x).withUnsafeBufferPointer { glp_ios_heur_sol(tree, $0.baseAddress) }
        if accepted == 0 { heuristicSolutions += 1 }
    }
}

/// One solve of one built GLPK problem: runs the solvers and turns GLPK's
/// return codes and statuses into a ``SolveResult``.
///
/// Lives only inside ``GLPKSolver/solve(_:options:)``, on the thread that built
/// the problem.
struct GLPKRun {
    let p: OpaquePointer
    let model: Model
    var columns: Int { model.variables.count }
    let sense: ObjectiveSense
    let options: SolveOptions
    let tuning: GLPKSolver.Tuning
    let deadline: GLPKDeadline

    /// `GLP_MSG_ALL` when capturing: GLPK prints its headers and final status
    /// lines ("OPTIMAL LP SOLUTION FOUND", …) only at that level.
    private var messageLevel: Int32 { options.captureLog ? GLP_MSG_ALL : GLP_MSG_OFF }

    /// Simplex parameters with the current remaining time.
    private func simplexParameters(presolve: Bool) -> glp_smcp {
        var smcp = glp_smcp()
        glp_init_smcp(&smcp)
        smcp.msg_lev = messageLevel
        smcp.tm_lim = deadline.remainingMilliseconds
        smcp.presolve = presolve ? GLP_ON : GLP_OFF
        if tuning.dualSimplex { smcp.meth = GLP_DUALP }
        return smcp
    }

    // MARK: LP

    /// Solves a model without integer columns with `glp_simplex`.
    func solveLP() -> SolveResult {
        var smcp = simplexParameters(presolve: options.presolve)
        let ret = glp_simplex(p, &smcp)
        switch ret {
        case 0:
            return lpResult()
        case GLP_ENOPFS:
            return SolveResult(status: .infeasible)
        case GLP_ENODFS:
            return resolveRelaxationWithoutPresolve()
        case GLP_ETMLIM:
            switch glp_get_status(p) {
            case GLP_OPT: return lpResult()
            case GLP_FEAS:
                return SolveResult(status: .feasible, stopReason: .timeLimit,
                                   objectiveValue: glp_get_obj_val(p), values: primalValues())
            default:
                return SolveResult(status: .noSolution, stopReason: .timeLimit, message: "time limit reached before a feasible basis was found")
            }
        default:
            return SolveResult(status: .error, message: "glp_simplex failed: \(Self.describe(ret))")
        }
    }

    /// Interprets `glp_get_status` after a completed simplex run.
    private func lpResult() -> SolveResult {
        switch glp_get_status(p) {
        case GLP_OPT:
            let objective = glp_get_obj_val(p)
            var result = SolveResult(status: .optimal, objectiveValue: objective, bestBound: objective,
                                     relativeGap: 0, values: primalValues())
            result.duals = model.constraints.indices.map { glp_get_row_dual(p, Int32($0 + 1)) }
            return result
        case GLP_NOFEAS:
            return SolveResult(status: .infeasible)
        case GLP_UNBND:
            return SolveResult(status: .unbounded)
        case let status:
            return SolveResult(status: .error, message: "glp_simplex ended with status \(Self.describeStatus(status))")
        }
    }

    /// With presolve, GLPK reports "no dual feasible solution" for both
    /// unbounded and infeasible problems; the simplex without presolve tells
    /// them apart (primal infeasible => infeasible, else unbounded).
    private func resolveRelaxationWithoutPresolve() -> SolveResult {
        glp_std_basis(p)
        var smcp = simplexParameters(presolve: false)
        let ret = glp_simplex(p, &smcp)
        switch ret {
        case 0:
            switch glp_get_status(p) {
            case GLP_NOFEAS: return SolveResult(status: .infeasible)
            case GLP_UNBND: return SolveResult(status: .unbounded)
            case let status:
                return SolveResult(status: .error,
                                   message: "presolver found no dual feasible solution, but the simplex ended with status \(Self.describeStatus(status))")
            }
        case GLP_ETMLIM:
            return SolveResult(status: .noSolution, stopReason: .timeLimit,
                               message: "time limit reached while telling infeasible from unbounded")
        default:
            return SolveResult(status: .error, message: "glp_simplex failed: \(Self.describe(ret))")
        }
    }

    private func primalValues() -> [Double] {
        (1...columns).map { glp_get_col_prim(p, Int32($0)) }
    }

    // MARK: MIP

    /// Solves a model with integer columns with `glp_intopt`.
    ///
    /// Without presolve, the LP relaxation is solved first (`glp_intopt`
    /// needs its optimal basis); an infeasible or unbounded relaxation ends the solve.
    func solveMIP() -> SolveResult {
        let presolve = options.presolve && options.heuristic == nil
        if !presolve {
            var smcp = simplexParameters(presolve: false)
            let ret = glp_simplex(p, &smcp)
            switch ret {
            case 0: break
            case GLP_ETMLIM:
                return SolveResult(status: .noSolution, stopReason: .timeLimit, message: "time limit reached while solving the LP relaxation")
            default:
                return SolveResult(status: .error, message: "glp_simplex (LP relaxation) failed: \(Self.describe(ret))")
            }
            switch glp_get_status(p) {
            case GLP_OPT: break
            case GLP_NOFEAS: return SolveResult(status: .infeasible)
            case GLP_UNBND: return SolveResult(status: .unbounded)
            case let status:
                return SolveResult(status: .error, message: "LP relaxation ended with status \(Self.describeStatus(status))")
            }
        }

        let recorder = GLPKCallbackState()
        var iocp = glp_iocp()
        glp_init_iocp(&iocp)
        iocp.msg_lev = messageLevel
        iocp.tm_lim = deadline.remainingMilliseconds
        iocp.presolve = presolve ? GLP_ON : GLP_OFF
        iocp.mip_gap = options.relativeGap ?? 0
        apply(tuning, to: &iocp)
        // GLPK checks the gap and time limits at the top of its minor loop,
        // which is entered right after GLP_ISELECT (a new node) or after the
        // GLP_ICUTGEN callback (re-optimisation with cuts); nothing changes
        // the node bounds in between. Reading the best bound at exactly those
        // two callbacks therefore gives the bound GLPK's last check saw,
        // at the cost of one scan of the active list per LP solved.
        iocp.cb_func = { tree, info in
            guard let tree, let info else { return }
            let reason = glp_ios_reason(tree)
            let recorder = Unmanaged<GLPKCallbackState>.fromOpaque(info).takeUnretainedValue()
            if recorder.timeIsUp() { glp_ios_terminate(tree); return }
            if reason == GLP_IHEUR { recorder.offerHeuristicSolution(tree); return }
            guard reason == GLP_ISELECT || reason == GLP_ICUTGEN else { return }
            if reason == GLP_ISELECT {
                var active: Int32 = 0, current: Int32 = 0, total: Int32 = 0
                glp_ios_tree_size(tree, &active, &current, &total)
                recorder.nodes = Int(total)
                if let limit = recorder.nodeLimit, Int(total) >= limit { recorder.stoppedByNodeLimit = true; glp_ios_terminate(tree) }
            }
            let node = glp_ios_best_node(tree)
            let prob = glp_ios_get_prob(tree)
            let minimize = glp_get_obj_dir(prob) == GLP_MIN
            let incumbent = glp_mip_status(prob) == GLP_FEAS ? glp_mip_obj_val(prob) : nil
            if node == 0 {
                recorder.record(nil, minimize: minimize, incumbent: incumbent)
            } else {
                // Unsolved nodes carry ±DBL_MAX: no information.
                let bound = glp_ios_node_bound(tree, node)
                recorder.record(abs(bound) < Double.greatestFiniteMagnitude / 2 ? bound : nil, minimize: minimize, incumbent: incumbent)
            }
            if reason == GLP_ISELECT, let observer = recorder.progressObserver {
                observer(SolveProgress(incumbent: incumbent, bound: recorder.bound, nodes: recorder.nodes))
            }
            if !recorder.stoppedByNodeLimit, recorder.stopsHere(incumbent: incumbent, minimize: minimize) { glp_ios_terminate(tree) }
        }
        recorder.nodeLimit = options.nodeLimit.map { max(1, $0) }
        if let heuristic = options.heuristic { recorder.model = model; recorder.heuristic = heuristic }
        recorder.boundObserver = options.boundObserver
        recorder.shouldStop = options.shouldStop
        recorder.target = options.stopAtObjective
        recorder.deadline = options.timeLimit == nil ? nil : deadline
        recorder.progressObserver = options.progressObserver
        iocp.cb_info = Unmanaged.passUnretained(recorder).toOpaque()
        let ret = withExtendedLifetime(recorder) { glp_intopt(p, &iocp) }
        var result = outcome(ret, glp_mip_status(p), recorder)
        result.heuristicSolutions = recorder.heuristicSolutions
        result.nodes = recorder.nodes
        return result
    }

    /// The result of `glp_intopt` from its return code and the MIP status.
    private func outcome(_ ret: Int32, _ status: Int32, _ recorder: GLPKCallbackState) -> SolveResult {
        switch ret {
        case 0:
            switch status {
            case GLP_OPT: return mipResult(.optimal, nil, bound: nil)
            case GLP_NOFEAS: return SolveResult(status: .infeasible)
            case GLP_FEAS: return mipResult(.feasible, nil, bound: recorder.bound)
            default:
                return SolveResult(status: .error, message: "glp_intopt ended with status \(Self.describeStatus(status))")
            }
        case GLP_ENOPFS:
            return SolveResult(status: .infeasible)
        case GLP_ENODFS:
            return resolveRelaxationWithoutPresolve()
        case GLP_ETMLIM, GLP_EMIPGAP, GLP_ESTOP:
            let stopped: StopReason = recorder.stoppedByTime ? .timeLimit : recorder.stoppedAtTarget ? .gapLimit : recorder.stoppedByCaller ? .interrupted : .nodeLimit
            let reason: StopReason = ret == GLP_ESTOP ? stopped : (ret == GLP_ETMLIM ? .timeLimit : .gapLimit)
            if status == GLP_FEAS || status == GLP_OPT {
                return mipResult(.feasible, reason, bound: recorder.bound)
            }
            let limit = reason == .gapLimit ? .timeLimit : reason
            let what = limit == .nodeLimit ? "node limit reached" : limit == .interrupted ? "stopped by the caller" : "time limit reached"
            var result = SolveResult(status: .noSolution, stopReason: limit, message: "\(what) before an integer solution was found")
            result.bestBound = recorder.bound
            return result
        default:
            return SolveResult(status: .error, message: "glp_intopt failed: \(Self.describe(ret))")
        }
    }

    /// Reads the incumbent; `bound` is the last recorded tree bound (ignored when optimal).
    private func mipResult(_ status: SolveStatus, _ reason: StopReason?, bound: Double?) -> SolveResult {
        let objective = glp_mip_obj_val(p)
        let values = (1...columns).map { glp_mip_col_val(p, Int32($0)) }
        guard status != .optimal else {
            return SolveResult(status: .optimal, objectiveValue: objective, bestBound: objective,
                               relativeGap: 0, values: values)
        }
        // A bound past the incumbent can only come from a stale callback
        // reading; the incumbent itself is then the tightest honest claim.
        let bestBound = bound.map { sense == .minimize ? min($0, objective) : max($0, objective) }
        let gap = bestBound.map { abs(objective - $0) / (abs(objective) + Double.ulpOfOne) }
        return SolveResult(status: status, stopReason: reason, objectiveValue: objective,
                           bestBound: bestBound, relativeGap: gap, values: values)
    }

    private func apply(_ tuning: GLPKSolver.Tuning, to iocp: inout glp_iocp) {
        func flag(_ on: Bool) -> Int32 { on ? GLP_ON : GLP_OFF }
        iocp.gmi_cuts = flag(tuning.gomoryCuts)
        iocp.mir_cuts = flag(tuning.mirCuts)
        iocp.cov_cuts = flag(tuning.coverCuts)
        iocp.clq_cuts = flag(tuning.cliqueCuts)
        iocp.fp_heur = flag(tuning.feasibilityPump)
        iocp.ps_heur = flag(tuning.proximitySearch)
        iocp.sr_heur = flag(tuning.simpleRounding)
        switch tuning.branching {
        case .firstFractional: iocp.br_tech = GLP_BR_FFV
        case .lastFractional: iocp.br_tech = GLP_BR_LFV
        case .mostFractional: iocp.br_tech = GLP_BR_MFV
        case .driebeckTomlin: iocp.br_tech = GLP_BR_DTH
        case .hybridPseudocost: iocp.br_tech = GLP_BR_PCH
        }
        switch tuning.backtracking {
        case .depthFirst: iocp.bt_tech = GLP_BT_DFS
        case .breadthFirst: iocp.bt_tech = GLP_BT_BFS
        case .bestLocalBound: iocp.bt_tech = GLP_BT_BLB
        case .bestProjection: iocp.bt_tech = GLP_BT_BPH
        }
    }

    // MARK: Descriptions

    /// A GLPK return code as text.
    static func describe(_ code: Int32) -> String {
        switch code {
        case GLP_EBADB: return "invalid initial basis (GLP_EBADB)"
        case GLP_ESING: return "singular basis matrix (GLP_ESING)"
        case GLP_ECOND: return "ill-conditioned basis matrix (GLP_ECOND)"
        case GLP_EBOUND: return "invalid bounds (GLP_EBOUND)"
        case GLP_EFAIL: return "solver failure (GLP_EFAIL)"
        case GLP_EOBJLL: return "objective lower limit reached (GLP_EOBJLL)"
        case GLP_EOBJUL: return "objective upper limit reached (GLP_EOBJUL)"
        case GLP_EITLIM: return "iteration limit exceeded (GLP_EITLIM)"
        case GLP_ETMLIM: return "time limit exceeded (GLP_ETMLIM)"
        case GLP_ENOPFS: return "no primal feasible solution (GLP_ENOPFS)"
        case GLP_ENODFS: return "no dual feasible solution (GLP_ENODFS)"
        case GLP_EROOT: return "optimal basis of the LP relaxation not provided (GLP_EROOT)"
        case GLP_ESTOP: return "search terminated by the application (GLP_ESTOP)"
        case GLP_EMIPGAP: return "relative MIP gap tolerance reached (GLP_EMIPGAP)"
        default: return "return code \(code)"
        }
    }

    /// A GLPK solution status as text.
    static func describeStatus(_ status: Int32) -> String {
        switch status {
        case GLP_UNDEF: return "undefined (GLP_UNDEF)"
        case GLP_FEAS: return "feasible (GLP_FEAS)"
        case GLP_INFEAS: return "infeasible (GLP_INFEAS)"
        case GLP_NOFEAS: return "no feasible solution (GLP_NOFEAS)"
        case GLP_OPT: return "optimal (GLP_OPT)"
        case GLP_UNBND: return "unbounded (GLP_UNBND)"
        default: return "status \(status)"
        }
    }
}
