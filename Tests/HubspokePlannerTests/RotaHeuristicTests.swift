import Foundation
import GLPKSolver
import LinearModel
import Synchronization
import Testing
@testable import HubspokeSupport
@testable import HubspokeModel
@testable import HubspokeScenarioIO
@testable import HubspokePlanner
@testable import HubspokeTestSupport

/// The rounding heuristic must only ever propose rotas that keep every rule of the model (the
/// solver checks too, but a heuristic whose proposals it always rejects would be useless), and
/// it must not change what the planner proves optimal.
@Suite struct RotaHeuristicTests {
    /// Solves the whole model with the heuristic, checking each proposal as GLPK asks for it.
    /// Returns (proposals, feasible proposals, result).
    func solveChecking(_ sc: Scenario) -> (Int, Int, SolveResult) {
        let inst = PlanningInstance(sc, previous: nil)
        let rota = RotaModel(inst, roles: inst.rolesWithPosts)
        let heuristic = rota.heuristic!
        let model = rota.model
        let counts = Mutex((0, 0))
        var options = SolveOptions(relativeGap: 0.005)
        options.heuristic = PrimalHeuristic { x in
            let proposal = heuristic.propose(x)
            counts.withLock { c in
                c.0 += 1
                if let proposal, model.violation(proposal) == nil { c.1 += 1 }
            }
            return proposal
        }
        let result = PlannerTuning().wholeModelSolver.solve(model, options: options)
        let (proposed, feasible) = counts.withLock { $0 }
        return (proposed, feasible, result)
    }

    @Test func kentMedwayProposalsKeepEveryRuleAndTheOptimumIsUnchanged() throws {
        let sc = try Scenario.embedded()
        let (proposed, feasible, result) = solveChecking(sc)
        #expect(proposed > 0)
        #expect(feasible == proposed)
        #expect(result.heuristicSolutions >= 1)
        var off = PlanOptions(); off.heuristic = false
        let with = try RotaPlanner.plan(sc), without = try RotaPlanner.plan(sc, options: off)
        #expect(with.solver.status == .optimal && without.solver.status == .optimal)
        #expect(abs((with.solver.objective ?? .nan) - (without.solver.objective ?? .nan)) < 1e-6)
        #expect(hardRuleViolations(with, sc) == [])
    }

    /// Generated regions (several weeks, interchangeable posts, tight rooms): every proposal from
    /// the search and from arbitrary fractional points keeps every rule.
    @Test(arguments: [1, 2, 3, 4] as [UInt64])
    func generatedRegionProposalsKeepEveryRule(seed: UInt64) throws {
        let sc = try ScenarioGenerator(sites: 10, posts: 8, weeks: seed % 2 == 0 ? 2 : 1, seed: seed).scenario()
        let (proposed, feasible, result) = solveChecking(sc)
        #expect(result.hasSolution)
        #expect(feasible == proposed, "seed \(seed): \(proposed - feasible) of \(proposed) proposals break a rule")

        let inst = PlanningInstance(sc, previous: nil)
        let rota = RotaModel(inst, roles: inst.rolesWithPosts)
        var rng = SeededRandom(seed: seed)
        for _ in 0..<20 {
            let x = (0..<rota.model.variables.count).map { _ in rng.unit() }
            let proposal = try #require(rota.heuristic!.propose(x))
            #expect(rota.model.violation(proposal) == nil)
        }
    }

    /// Two interchangeable posts: proposals order them by sessions worked, as the symmetry rule asks.
    @Test func interchangeablePostsKeepTheSymmetryRule() throws {
        var sc = try Scenario.embedded()
        sc.preferences = []   // SLT-1's preference would tell the twins apart
        let i = sc.postIndex("SLT-1")!
        sc.posts[i].absences = []
        var twin = sc.posts[i]
        twin.id = "SLT-2"
        sc.posts.append(twin)
        let inst = PlanningInstance(sc, previous: nil)
        let rota = RotaModel(inst, roles: inst.rolesWithPosts)
        #expect(rota.heuristic!.symmetryGroups.contains { $0.count == 2 })
        var rng = SeededRandom(seed: 11)
        for _ in 0..<20 {
            let x = (0..<rota.model.variables.count).map { _ in rng.unit() }
            let proposal = try #require(rota.heuristic!.propose(x))
            #expect(rota.model.violation(proposal) == nil)
        }
        let (proposed, feasible, _) = solveChecking(sc)
        #expect(feasible == proposed)
    }

    /// A pinned day must take its pinned site; the heuristic keeps pins or proposes nothing.
    @Test func pinsAreKept() throws {
        var sc = try Scenario.embedded()
        sc.pins = [SessionRule(post: "EP-1", site: "PRU-TW", weekday: .mon, half: .am),
                   SessionRule(post: "SLT-1", site: "PRU-DOV", weekday: .wed, half: .pm)]
        let (proposed, feasible, result) = solveChecking(sc)
        #expect(proposed > 0 && feasible == proposed)
        #expect(result.status == .optimal || result.status == .feasible)
    }
}
