import LinearModel
import Testing
@testable import HubspokeModel
@testable import HubspokePlanner
@testable import HubspokeTestSupport

/// Horizons planned a week at a time with the fairness rows priced (`PlanSearch.planRegionHorizon`),
/// forced here on small generated regions (`PlannerTuning.horizonByWeekAbove = 0`): the rota keeps
/// every rule, its objective is the horizon's, and its bound is never above the monolithic model's
/// rota (every role and week in one MIP, solved by GLPK), nor its objective below that model's bound.
@Suite struct RegionHorizonTests {
    /// A small region over two or three weeks; with `vary`, the later weeks' demand differs from the first's.
    static func scenario(seed: UInt64, weeks: Int, vary: Bool) throws -> Scenario {
        var sc = try ScenarioGenerator(sites: 8, posts: 7, weeks: weeks, seed: seed).scenario()
        if vary {
            sc.demand = (1...weeks).flatMap { w in
                sc.demand.enumerated().map { i, item in
                    var d = item
                    d.week = w
                    d.sessions = max(1, item.sessions + (i + w) % 3 - 1)
                    return d
                }
            }
        }
        sc.rules.weights.fairness = 5   // so that the fairness rows, the weeks' coupling, weigh
        return sc
    }

    static func byWeek(_ log: Bool = true) -> PlanOptions {
        var options = PlanOptions(captureLog: log)
        options.tuning.horizonByWeekAbove = 0
        return options
    }

    @Test(arguments: [(1, 2, false), (2, 2, true), (3, 3, true)] as [(UInt64, Int, Bool)])
    func theBoundIsNeverAboveTheMonolithicOptimum(seed: UInt64, weeks: Int, vary: Bool) throws {
        let sc = try Self.scenario(seed: seed, weeks: weeks, vary: vary)
        #expect(sc.validate().isEmpty)
        let rota = try RotaPlanner.plan(sc, options: Self.byWeek())
        #expect(rota.solverLog.contains("fairness priced"), "\(rota.solverLog.prefix(300))")
        #expect(hardRuleViolations(rota, sc) == [])
        // The monolithic model solved by GLPK: its rota is at least the optimum and its bound at
        // most it (the two meet where it is proven within the time).
        let whole = PlannerTuning().solver.solve(RotaPlanner.combinedModel(sc), options: SolveOptions(timeLimit: 30))
        let above = try #require(whole.objectiveValue), below = try #require(whole.bestBound)
        let objective = try #require(rota.solver.objective)
        let bound = try #require(rota.solver.bestBound)
        let eps = 1e-6 * max(1, abs(above))
        #expect(bound <= above + eps, "bound \(bound) above the monolithic rota \(above)")
        #expect(objective >= below - eps, "objective \(objective) below the monolithic bound \(below)")
        #expect(abs(rota.objective.total - objective) < 1e-6)
        let gap = try #require(rota.solver.gap)
        #expect(abs(gap - max(0, objective - bound) / objective) < 1e-9 || (gap == 0 && objective - bound <= eps))
        if whole.status == .optimal { #expect(bound <= above + eps && objective >= above - eps) }
    }

    /// The horizon's rota is the weeks' rotas side by side, the same on every run (counts, never seconds).
    @Test func theSameInputGivesTheSameRota() throws {
        let sc = try Self.scenario(seed: 2, weeks: 2, vary: true)
        let first = try RotaPlanner.plan(sc, options: Self.byWeek(false))
        let again = try RotaPlanner.plan(sc, options: Self.byWeek(false))
        #expect(first.assignments == again.assignments)
        #expect(first.solver.bestBound == again.solver.bestBound)
        #expect(Set(first.assignments.map(\.week)) == [1, 2])
    }

    /// `Σ min(0, w·c − g)·n` over the penalty's segments is `min_V (w·F(V) − g·V)`, the most the
    /// tangent of slope `g` lies above the penalty: checked against every whole number of unmet
    /// sessions (the minimum of a convex piecewise-linear function less a linear one is at a breakpoint).
    @Test(arguments: [1, 3, 7, 24, 25, 60])
    func theTangentsOffsetIsTheConjugate(demand: Int) {
        for g in [0.0, 0.3, 1.7, 5.0, 40.0] {
            let brute = (0...demand).map { 0.5 * FairnessPenalty.penalty(unmet: $0, demand: demand) - g * Double($0) }.min() ?? 0
            #expect(abs(PlanSearch.tangentOffset(demand: demand, price: g, weight: 0.5) - brute) < 1e-9, "demand \(demand), price \(g)")
        }
    }

    /// The slope chosen is a subgradient of the piecewise-linear penalty: its tangent there lies
    /// below the penalty at every whole number of unmet sessions.
    @Test(arguments: [4, 10, 30])
    func theSlopeIsASubgradient(demand: Int) {
        let at = { (u: Int) in FairnessPenalty.penalty(unmet: u, demand: demand) }
        for unmet in stride(from: 0.0, through: Double(demand), by: 0.25) {
            let g = PlanSearch.slope(demand: demand, unmet: unmet)
            let low = Int(unmet.rounded(.down)), high = min(demand, low + 1)
            let value = at(low) + (unmet - Double(low)) * (at(high) - at(low)) / Double(max(1, high - low))
            for v in 0...demand { #expect(at(v) >= value + g * (Double(v) - unmet) - 1e-9, "demand \(demand), unmet \(unmet), v \(v)") }
        }
    }

    /// A PRU and role with a price gets one fairness segment of its whole demand at that price; the others keep their convex segments.
    @Test func aPriceMakesTheFairnessTermLinear() throws {
        let sc = try Self.scenario(seed: 1, weeks: 1, vary: false)
        var inst = PlanningInstance(sc, previous: nil)
        let plain = RotaModel(inst, roles: inst.rolesWithPosts)
        let segments = { (m: RotaModel) in m.model.variables.filter { $0.name.hasPrefix("shortfall[") } }
        let before = segments(plain)
        let (site, role) = try #require(inst.rolesWithPosts.lazy.flatMap { r in (0..<inst.siteCount).map { (s: $0, r: r) } }
            .first { sc.sites[$0.s].kind == .pru && inst.totalDemand(site: $0.s, role: $0.r) > 1 })
        inst.fairnessPrices = [site * sc.roles.count + role: 7.5]
        let priced = RotaModel(inst, roles: inst.rolesWithPosts)
        let after = segments(priced)
        let tag = "shortfall[\(sc.sites[site].id),\(sc.roles[role].id),"
        #expect(after.filter { $0.name.hasPrefix(tag) }.count == 1)
        #expect(before.filter { $0.name.hasPrefix(tag) }.count == inst.totalDemand(site: site, role: role))
        #expect(before.count - after.count == inst.totalDemand(site: site, role: role) - 1)
        let v = try #require(priced.model.variables.firstIndex { $0.name.hasPrefix(tag) })
        let cost = priced.model.objective.terms.filter { $0.0.index == v }.reduce(0) { $0 + $1.1 }
        #expect(abs(cost - 7.5) < 1e-9)
        #expect(priced.model.variables[v].upper == Double(inst.totalDemand(site: site, role: role)))
    }
}
