import Foundation
import GLPKSolver
import LinearModel
import Testing
@testable import HubspokeModel
@testable import HubspokeScenarioIO
@testable import HubspokePlanner

/// Horizons of several weeks (`PlanSearch.planHorizon`): where the roles' rotas overflow a room,
/// the merged part is improved a week at a time towards the roles' bound. The rota keeps every
/// rule, its bound is never above the true optimum (counted by brute force over every rota of a
/// tiny two-week model), and `optimal` is printed only where it equals that optimum.
@Suite struct HorizonSearchTests {
    /// Two roles of one post each, both working only on Mondays, both wanted at PRU A (one room)
    /// in both weeks, with minimum presence at each PRU once a fortnight: the roles alone overflow
    /// A's room, so the plan merges them.
    static let yaml = """
    name: Horizon brute force
    start: 2026-11-30
    weeks: 2
    rules:
      lunch_travel_minutes: 30
      minimum_presence: {sessions: 1, weeks: 2}
      weights: {urgent: 100, high: 40, routine: 10, fairness: 0.5, continuity: 3, travel: 0.05}
    travel:
      minutes:
        HUB: {SP: 20, A: 25, B: 35}
        SP: {A: 15, B: 20}
        A: {B: 25}
    roles: [{id: R, name: R}, {id: S, name: S}]
    sites:
      - {id: HUB, name: Hub, kind: hub, rooms: 2}
      - {id: SP, name: Spoke, kind: spoke, rooms: 2}
      - {id: A, name: A, kind: pru, spoke: SP, rooms: 1}
      - {id: B, name: B, kind: pru, spoke: SP, rooms: 1}
    posts:
      - {id: R1, role: R, sessions: 2, base: HUB, pattern: [mon], serves: all}
      - {id: S1, role: S, sessions: 2, base: SP, pattern: [mon], serves: all}
    demand:
      - {site: A, role: R, sessions: 2, priority: urgent, week: 1}
      - {site: A, role: S, sessions: 2, priority: high, week: 1}
      - {site: B, role: R, sessions: 1, priority: routine, week: 1}
      - {site: A, role: R, sessions: 1, priority: high, week: 2}
      - {site: A, role: S, sessions: 2, priority: urgent, week: 2}
      - {site: B, role: S, sessions: 1, priority: high, week: 2}
    """

    /// The tiny scenario and two variations: fairness weighing more, and the second week's demand
    /// at B moved to role R (so B's minimum presence for S must come from the first week).
    static func scenario(_ variant: Int) throws -> Scenario {
        var sc = try Scenario.parse(yaml: yaml, file: "horizon.yaml")
        if variant == 1 { sc.rules.weights.fairness = 5 }
        if variant == 2, let i = sc.demand.firstIndex(where: { $0.site == "B" && $0.week == 2 }) { sc.demand[i].role = "R" }
        return sc
    }

    @Test(arguments: [0, 1, 2])
    func theBoundIsNeverAboveTheBruteForceOptimum(variant: Int) throws {
        let sc = try Self.scenario(variant)
        #expect(sc.validate().isEmpty)
        let rota = try RotaPlanner.plan(sc, options: PlanOptions(captureLog: true))
        // The week-by-week search ran (the roles overflow A's room), not the merged MIP.
        #expect(rota.solverLog.contains("week by week"), "\(rota.solverLog.prefix(400))")
        #expect(hardRuleViolations(rota, sc) == [])
        let best = try #require(Self.bruteForceOptimum(RotaPlanner.combinedModel(sc)))
        let objective = try #require(rota.solver.objective)
        let bound = try #require(rota.solver.bestBound)
        #expect(bound <= best + 1e-6, "bound \(bound) above the optimum \(best)")
        #expect(objective >= best - 1e-6)
        #expect(abs(rota.objective.total - objective) < 1e-6)
        if rota.solver.status == .optimal && rota.solver.tolerance == nil {
            #expect(abs(objective - best) < 1e-6, "proven optimal at \(objective), but the optimum is \(best)")
        }
    }

    /// Kent and Medway over two term weeks with minimum presence and each week's demand its own:
    /// the plan is proven optimal at the optimum of the monolithic model (every role in one MIP,
    /// solved by GLPK to the end).
    @Test func aTwoWeekKentAndMedwayIsProvenAtTheMonolithicOptimum() throws {
        var sc = try Scenario.embedded()
        sc.weeks = 2
        sc.startDate = try #require(CalendarDate(year: 2026, month: 11, day: 23))
        sc.protected = ProtectedTime()
        sc.rules.minimumPresence = MinimumPresence(sessions: 1, weeks: 2)
        sc.demand = sc.demand.map { var d = $0; d.week = 1; return d }
            + sc.demand.map { var d = $0; d.week = 2; d.sessions = max(1, d.sessions * 3 / 2); return d }
        #expect(sc.validate().isEmpty)
        let rota = try RotaPlanner.plan(sc)
        #expect(rota.solver.status == .optimal && rota.solver.tolerance == nil, "\(rota.solver.statusWords)")
        #expect(hardRuleViolations(rota, sc) == [])
        let whole = PlannerTuning().solver.solve(RotaPlanner.combinedModel(sc), options: SolveOptions())
        #expect(whole.status == .optimal)
        let optimum = try #require(whole.objectiveValue)
        #expect(abs((rota.solver.objective ?? .nan) - optimum) <= 1e-6 * max(1, optimum), "\(rota.solver.objective ?? .nan) vs \(optimum)")
        // Reproducible: the same rota again.
        #expect(try RotaPlanner.plan(sc).assignments == rota.assignments)
    }

    /// The roles of the tiny scenario solved alone (the first round), with the search that solved them.
    static func firstRound(_ sc: Scenario) -> (PlanSearch, [SolvedPart]) {
        let inst = PlanningInstance(sc, previous: nil)
        var search = PlanSearch(inst, options: PlanOptions())
        let first = inst.rolesWithPosts.map { PlanPart.pending(Part(model: RotaModel(inst, roles: [$0]))) }
        let parts = search.solveRound(first, limits: search.firstRound, solver: .first)
        return (search, parts)
    }

    /// Where no other start fits, the weeks in which the roles' rotas overflow a room are solved
    /// again together: the rota keeps every rule, fits the rooms, and keeps the other weeks' plans.
    @Test(arguments: [0, 1, 2])
    func theOverflowingWeeksAreSolvedAgainAndTheOthersKept(variant: Int) throws {
        var sc = try Self.scenario(variant)
        // Only the first week overflows A's room: in the second, S is wanted at B alone.
        sc.demand = sc.demand.filter { !($0.week == 2 && $0.site == "A" && $0.role == "S") }
        let (search, parts) = Self.firstRound(sc)
        #expect(!search.roomOverflow(parts).isEmpty)
        let model = RotaModel(search.inst, roles: [0, 1])
        let values = try #require(search.overflowWeeksSolved(parts, involved: [0, 1], model: model))
        #expect(model.model.violation(values) == nil)
        let chosen = Set(model.plans.compactMap { plan, v in values[v.index] > 0.5 ? plan : nil })
        let before = Set(parts.flatMap(\.chosen))
        #expect(chosen.filter { $0.week == 1 } == before.filter { $0.week == 1 })
        let best = try #require(Self.bruteForceOptimum(RotaPlanner.combinedModel(sc)))
        #expect(model.model.objectiveValue(values) >= best - 1e-6)
    }

    /// The week search solves each block at most once per rota, and not at all a block inside a
    /// larger one proven since the rota last changed: on two weeks, the whole-horizon block is
    /// proven, so a second pass solves nothing; the rota is the brute-force optimum.
    @Test(arguments: [0, 1, 2])
    func theWeekSearchSkipsBlocksThatCannotImprove(variant: Int) throws {
        let sc = try Self.scenario(variant)
        let (search, parts) = Self.firstRound(sc)
        let (model, start, _) = try #require(search.horizonStart(parts, involved: [0, 1]))
        let weeks = WeekDecomposition(model, weeks: 2, solver: GLPKSolver(), nodeLimit: 10_000)
        let found = weeks.run(from: start, target: nil, deadline: nil, passes: 5)
        #expect(found.solves == weeks.blocks.count, "\(found.solves) solves, \(found.improvements) improvements")
        let best = try #require(Self.bruteForceOptimum(RotaPlanner.combinedModel(sc)))
        #expect(abs(found.objective - best) < 1e-6, "\(found.objective) vs \(best)")
    }

    /// The week search's fallback (the merged MIP where the week search ended far from its bound)
    /// is offered the week search's rota as its first incumbent: even stopped after one node, it
    /// returns a rota that keeps every rule and is no worse than that one.
    @Test(arguments: [0, 1, 2])
    func theFallbackStartsFromTheWeekSearchsRota(variant: Int) throws {
        let sc = try Self.scenario(variant)
        var (search, parts) = Self.firstRound(sc)
        let (model, start, _) = try #require(search.horizonStart(parts, involved: [0, 1]))
        let objective = model.model.objectiveValue(start)
        let offered = PlanSearch.offering(start, objective: objective, model: model.model, besides: nil)
        #expect(offered.propose(start.map { _ in 0.5 }) == start)
        let earlier = SolveResult(status: .feasible, stopReason: .nodeLimit, objectiveValue: objective, bestBound: nil, values: start, seconds: 0)
        parts = search.solveRound([.pending(Part(model: model, earlier: earlier, fallbackNodeLimit: 1))], limits: search.later, solver: .merged)
        let result = parts[0].result
        #expect(model.model.violation(result.values) == nil)
        #expect((result.objectiveValue ?? .infinity) <= objective + 1e-9)
        let best = try #require(Self.bruteForceOptimum(RotaPlanner.combinedModel(sc)))
        #expect((result.objectiveValue ?? .nan) >= best - 1e-6)
    }

    /// The optimum of a tiny rota model by brute force: every choice of one day plan (or none) for
    /// every post and day, each with the model's other variables solved for it; nil when none is
    /// feasible. Feasible for models of a few post-days only.
    static func bruteForceOptimum(_ model: Model) -> Double? {
        // Day plans `plan[post,day,am,pm]`, grouped by post and day.
        var groups: [String: [Int]] = [:]
        for (j, v) in model.variables.enumerated() where v.name.hasPrefix("plan[") {
            let fields = v.name.dropFirst(5).split(separator: ",")
            groups[fields.prefix(2).joined(separator: ","), default: []].append(j)
        }
        let days = groups.keys.sorted().compactMap { groups[$0] }
        var pick = [Int](repeating: -1, count: days.count)   // -1: no plan that day
        var best: Double?
        let solver = GLPKSolver()
        while true {
            var fixed: [Int: Double] = [:]
            for (d, options) in days.enumerated() { for (k, j) in options.enumerated() { fixed[j] = pick[d] == k ? 1 : 0 } }
            if let sub = model.fixing(fixed) {
                let r = solver.solve(sub.model, options: SolveOptions())
                if r.status == .optimal, let value = r.objectiveValue { best = min(best ?? .infinity, value) }
            }
            // The next choice, as an odometer.
            var d = 0
            while d < days.count {
                pick[d] += 1
                if pick[d] < days[d].count { break }
                pick[d] = -1
                d += 1
            }
            if d == days.count { return best }
        }
    }
}
