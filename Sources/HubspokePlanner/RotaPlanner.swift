import GLPKSolver
import LinearModel
import HubspokeModel

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
/// scores each objective term, and explains unmet demand (the search itself is `PlanSearch`).
public enum RotaPlanner {
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
    /// A merged part too large to solve (over `PlannerTuning.fullModelLimit` day plans) is not
    /// merged: its roles are improved as one model by neighbourhood search, or, failing a start,
    /// share the rooms; the rota is then reported as feasible with its gap to the best bound.
    ///
    /// With `repair`, the plan stays close to a reference rota (see `RepairPlan`).
    public static func plan(_ scenario: Scenario, previous: PreviousRota? = nil, repair: RepairPlan? = nil,
                            options: PlanOptions = PlanOptions()) throws -> Rota {
        var options = options
        if options.startedAt == nil { options.startedAt = monotonicSeconds() }
        let inst = PlanningInstance(scenario, previous: previous, repair: try repair?.resolve(scenario), protectedWherePossible: options.protectedWherePossible)
        // Protected time that cannot be met (leave all the window, a pin at the same time) is named before any solve.
        if !inst.protectedSchedule.clashes.isEmpty && !options.protectedWherePossible { throw PlanConflict(rules: inst.protectedSchedule.clashes) }
        return try PlanSearch(inst, options: options).plan()
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

    /// Re-solves the infeasible part with pins and minimum presence made elastic, and names
    /// those that must give way, with the hard rules they compete with: for at most 30 s, or what
    /// is left before `deadline` (at least 0.1 s).
    static func diagnoseConflict(_ inst: PlanningInstance, roles: [Int], solver: GLPKSolver, deadline: Double? = nil) -> Error {
        let elastic = RotaModel(inst, roles: roles, elastic: true)
        let seconds = min(30, deadline.map { max(0.1, $0 - monotonicSeconds()) } ?? 30)
        let r = solver.solve(elastic.model, options: SolveOptions(timeLimit: seconds))
        guard r.hasSolution else {
            return PlanFailure(description: "hard rules conflict (pins, minimum presence, contracts, rooms or travel), and the conflict could not be narrowed down: \(r.status.rawValue)")
        }
        let sc = inst.scenario
        var rules = elastic.slacks.filter { r[$0.1] > 1e-6 }.map { "\($0.0) cannot be met" }
        let roleNames = roles.map { sc.roles[$0].id }.joined(separator: ", ")
        let pins = sc.pins.filter { p in sc.postIndex(p.post).map { roles.contains(inst.postRole[$0]) } ?? false }
        if !pins.isEmpty { rules.append("pins of \(roleNames) posts: " + pins.map(\.description).joined(separator: "; ")) }
        rules.append("the availability (working pattern and leave), contracted sessions, eligibility and travel limits of the \(roleNames) posts")
        if inst.scenario.rules.minimumPresence != nil && !rules.contains(where: { $0.hasPrefix("minimum presence") }) {
            rules.append("the minimum presence rule")
        }
        return PlanConflict(rules: rules)
    }
}
