import LinearModel
import Testing
@testable import HubspokeModel
@testable import HubspokePlanner
@testable import HubspokeTestSupport

@Suite struct LagrangianBoundTests {
    /// With the room prices of the joint LP relaxation and every role solved to optimality, the
    /// Lagrangian bound lies between the LP bound and the joint optimum (found here by solving the
    /// joint model outright). On these regions, whose rooms bind, it is well above the LP: seed 1
    /// gives LP 641.6, Lagrangian 647.5, optimum 647.5; seed 5 gives 882.9, 897.5 and 897.6.
    @Test(arguments: [1, 5] as [UInt64])
    func boundLiesBetweenTheLPAndTheOptimum(seed: UInt64) throws {
        let sc = try ScenarioGenerator(sites: 10, posts: 10, weeks: 1, seed: seed).scenario()
        let inst = PlanningInstance(sc, previous: nil)
        let joint = RotaModel(inst, roles: inst.rolesWithPosts)
        let lp = PlannerTuning().lpSolver.solve(joint.model.relaxation(), options: SolveOptions())
        let lpBound = try #require(lp.objectiveValue)
        let optimum = PlannerTuning().solver.solve(joint.model, options: SolveOptions(timeLimit: 20))
        try #require(optimum.status == .optimal)
        let lagrangian = try #require(LagrangianBound(joint: joint, relaxation: lp))
        var solved: [Int] = []
        let bound = try #require(lagrangian.evaluate(inst, roles: inst.rolesWithPosts) { priced, left in
            solved.append(priced.roles[0])
            #expect(left == inst.rolesWithPosts.count - solved.count + 1)
            return PlannerTuning().solver.solve(priced.model, options: SolveOptions())
        })
        #expect(solved == inst.rolesWithPosts)
        #expect(!lagrangian.prices.isEmpty)
        #expect(lagrangian.roomCharge > 0)
        #expect(bound > lpBound + 1)
        #expect(bound <= optimum.objectiveValue! + 1e-6)
    }

    /// A priced role model charges each day plan the prices of the sites and sessions it visits,
    /// on top of its own cost, and changes nothing else.
    @Test func pricesAreChargedPerSessionAtASite() throws {
        let sc = try ScenarioGenerator(sites: 10, posts: 10, weeks: 1, seed: 1).scenario()
        let inst = PlanningInstance(sc, previous: nil)
        let role = inst.rolesWithPosts[0]
        let plain = RotaModel(inst, roles: [role])
        var prices: [RoomKey: Double] = [:]
        for (k, (plan, _)) in plain.plans.enumerated() where k % 7 == 0 {
            if let room = plan.room(.am) { prices[room] = Double(k % 5) + 0.5 }
        }
        let priced = RotaModel(inst, roles: [role], roomPrices: prices)
        #expect(priced.model.variables.count == plain.model.variables.count)
        #expect(priced.model.constraints.count == plain.model.constraints.count)
        func costs(_ m: RotaModel) -> [Double] {
            var c = [Double](repeating: 0, count: m.model.variables.count)
            for (v, a) in m.model.objective.terms { c[v.index] += a }
            return c
        }
        let (before, after) = (costs(plain), costs(priced))
        var charged = 0
        for ((plan, v), (same, w)) in zip(plain.plans, priced.plans) {
            #expect(plan == same && v.index == w.index)
            let am = plan.am.map { prices[RoomKey(slot: Slot(week: plan.week, weekday: plan.weekday, half: .am), site: $0)] ?? 0 } ?? 0
            let pm = plan.pm.map { prices[RoomKey(slot: Slot(week: plan.week, weekday: plan.weekday, half: .pm), site: $0)] ?? 0 } ?? 0
            #expect(abs(after[v.index] - before[v.index] - am - pm) < 1e-9)
            if am + pm > 0 { charged += 1 }
        }
        #expect(charged > 0)
        #expect(priced.model.objective.constant == plain.model.objective.constant)
    }
}
