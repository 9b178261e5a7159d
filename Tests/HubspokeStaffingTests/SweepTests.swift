import Foundation
import HubspokeModel
import HubspokeScenarioIO
import HubspokeSimulation
@testable import HubspokeStaffing
import Testing

@Suite(.serialized) struct SweepTests {
    static let plan = SimulationPlan(policy: "greedy", weeks: 13, replications: 3, seed: 7)

    func sweep(_ km: Scenario, plan: SimulationPlan = plan, shard: ShardSpec? = nil) throws -> (SweepHeader, [OptionResult]) {
        let ranges = try RoleRange.parseAll(["EP=0.5..1.5:0.5", "SLT=0.6,1"], scenario: km)
        var evaluator = try Evaluator(base: km, plan: plan, threads: 2, ranges: ranges)
        let levels = try Sweep.levels(base: km, ranges: ranges)
        let header = Sweep.header(base: km, ranges: ranges, evaluator: evaluator, targets: [try Target.parse("seen_within_4_weeks>=90")],
                                  frontierKPI: "seen_within_4_weeks", optionCount: levels.count)
        return (header, try Sweep.run(levels, indices: shard?.indices(of: levels.count), evaluator: &evaluator))
    }

    @Test func shardsMergeIntoExactlyTheSingleRun() throws {
        let km = try Scenario.embedded(sections: .all)
        let (header, all) = try sweep(km)
        let single = Sweep.assemble(header, all)
        #expect(single.options.count == 6)
        #expect(!single.frontier.isEmpty)
        // Common random numbers: every option met the same referrals.
        #expect(Set(single.options.map { $0.estimate(KPI.Key.referrals.rawValue)!.mean }).count == 1)
        var files: [(name: String, data: Data)] = []
        for i in 0..<4 {
            let spec = ShardSpec(index: i, count: 4)
            let (h, results) = try sweep(km, shard: spec)
            #expect(results.map(\.index) == spec.indices(of: 6))
            files.append(("shard-\(i).json", Data(ShardFile(shard: spec, header: h, results: results).json().utf8)))
        }
        let merged = try Shards.merge(files.reversed())
        #expect(merged == single)
        #expect(merged.json() == single.json() && merged.table() == single.table() && merged.csv() == single.csv())

        func refused(_ files: [(name: String, data: Data)], _ needle: String) {
            do { _ = try Shards.merge(files); Issue.record("accepted: \(needle)") } catch { #expect(error.description.contains(needle), "\(error)") }
        }
        refused(Array(files.dropLast()), "missing shard 3 of 4")
        refused(files + [files[1]], "shard 1/4 is given twice")
        refused(files + [("junk.json", Data("hello".utf8))], "junk.json: not a hubspoke staffing shard")
        var other = SweepTests.plan
        other.seed = 8
        let (h8, r8) = try sweep(km, plan: other, shard: ShardSpec(index: 3, count: 4))
        refused(Array(files.prefix(3)) + [("seed8.json", Data(ShardFile(shard: ShardSpec(index: 3, count: 4), header: h8, results: r8).json().utf8))],
                "seed8.json does not belong with shard-0.json: they are from different sweeps: seed 7 and 8")
        var edited = km
        edited.posts[0].sessionsPerWeek = 7
        let (he, re) = try sweep(edited, shard: ShardSpec(index: 3, count: 4))
        refused(Array(files.prefix(3)) + [("edited.json", Data(ShardFile(shard: ShardSpec(index: 3, count: 4), header: he, results: re).json().utf8))],
                "different scenarios")
    }

    @Test func shardSpecsAreChecked() throws {
        #expect(try ShardSpec.parse("3/10") == ShardSpec(index: 3, count: 10))
        #expect(ShardSpec(index: 1, count: 3).indices(of: 8) == [1, 4, 7])
        for bad in ["10/10", "-1/4", "a/b", "1", "0/0"] { #expect(throws: StaffingError.self, "\(bad)") { try ShardSpec.parse(bad) } }
    }
}

@Suite(.serialized) struct LeastCostTests {
    static let plan = SimulationPlan(policy: "greedy", weeks: 26, replications: 4, seed: 3)

    /// The simulator run directly on a staffing level, with nothing from the staffing search.
    func simulate(_ km: Scenario, _ sessions: [Int]) throws -> PolicyReport {
        let staffed = try Staffing.apply(StaffingLevel(sessions: sessions), to: km).scenario
        let model = ServiceModel(staffed, settings: km.simulation!)
        return try Simulator.run(model, policies: [GreedyPolicy()],
                                 options: SimulationOptions(weeks: Self.plan.weeks, replications: Self.plan.replications, seed: Self.plan.seed, threads: 1)).policies[0]
    }

    @Test func leastCostAnswerIsConfirmedBySimulation() throws {
        let km = try Scenario.embedded(sections: .all)
        let ranges = try RoleRange.parseAll(["EP=0.5..2:0.5", "SLT=0.6..1.4:0.4"], scenario: km)
        // A target between what the cheapest and the dearest option reach, so the answer is neither.
        let low = try simulate(km, try Sweep.levels(base: km, ranges: ranges).first!.sessions).kpi(.seenWithin4Weeks)!.mean
        let high = try simulate(km, try Sweep.levels(base: km, ranges: ranges).last!.sessions).kpi(.seenWithin4Weeks)!.mean
        try #require(high > low)
        let threshold = ((low + high) / 2 * 10).rounded() / 10
        let target = Target(key: "seen_within_4_weeks", atLeast: true, value: threshold)
        var search = try LeastCost(base: km, ranges: ranges, targets: [target],
                                   evaluator: try Evaluator(base: km, plan: Self.plan, threads: 2, ranges: ranges))
        let report = try search.run()
        #expect(report.met && report.proven)
        let chosen = try #require(report.chosen)
        // Confirmed independently: the same staffing simulated directly meets the target, with the same estimate.
        let confirm = try #require(try simulate(km, chosen.sessions).kpi(.seenWithin4Weeks))
        #expect(confirm.mean >= threshold)
        #expect(confirm == chosen.estimate(KPI.Key.seenWithin4Weeks.rawValue))
        // The next cheaper option is cheaper and misses it, also when simulated directly.
        let next = try #require(report.nextCheaper)
        #expect(next.cost.staff < chosen.cost.staff)
        #expect(report.nextCheaperMisses == [target.description])
        #expect(try simulate(km, next.sessions).kpi(.seenWithin4Weeks)!.mean < threshold)
        // Every simulated option cheaper than the answer misses the target.
        for s in report.steps where s.option.cost.staff < chosen.cost.staff { #expect(!s.missed.isEmpty, "step \(s.step)") }
        #expect(report.capacityProposal != nil)
        #expect(report.table().contains("Next cheaper option:"))
    }

    @Test func unreachableTargetsSaySoWithTheBestReached() throws {
        let km = try Scenario.embedded(sections: .all)
        let ranges = try RoleRange.parseAll(["EP=0.5..1:0.5"], scenario: km)
        var search = try LeastCost(base: km, ranges: ranges, targets: [try Target.parse("seen_within_4_weeks>=100")],
                                   evaluator: try Evaluator(base: km, plan: Self.plan, threads: 2, ranges: ranges))
        let report = try search.run()
        #expect(!report.met && report.chosen == nil)
        #expect(report.bestReached.count == 1 && report.bestReached[0].estimate != nil)
        #expect(report.table().contains("No staffing in the ranges meets every target. Best reached"))
    }

    @Test func targetsMoreStaffDoesNotHelpAreRefused() throws {
        let km = try Scenario.embedded(sections: .all)
        let ranges = try RoleRange.parseAll(["EP=0.5..1:0.5"], scenario: km)
        let evaluator = try Evaluator(base: km, plan: Self.plan, threads: 1, ranges: ranges)
        func refused(_ ranges: [RoleRange], _ target: String, _ needle: String) throws {
            do { _ = try LeastCost(base: km, ranges: ranges, targets: [try Target.parse(target)], evaluator: evaluator); Issue.record("accepted \(target)") } catch {
                #expect(error.description.contains(needle), "\(error)")
            }
        }
        for t in ["utilisation>=80", "annual_cost>=1", "travel_miles<=10"] { try refused(ranges, t, "more staff does not help to meet it") }
        try refused([], "seen>=1", "give the roles to search with --vary")
    }

    @Test func capacityModelFollowsTheNeedProfiles() throws {
        let km = try Scenario.embedded(sections: .all)
        let settings = km.simulation!
        let cap = CapacityModel(scenario: km, settings: settings, weeks: 52, utilisationCap: 0.85)
        let ep = km.roleIndex("EP")!, slt = km.roleIndex("SLT")!
        // Per referral: EP 0.2 x (assessment + 1) + 0.15 x 1 = 0.55; SLT 0.2 x 3 + 0.1 x (assessment + 5) = 1.2.
        #expect(abs(cap.demand[slt] / cap.demand[ep] - 1.2 / 0.55) < 1e-9)
        #expect(cap.availability > 0.5 && cap.availability < 1)
        #expect(abs(cap.sessionsNeeded[ep] - cap.demand[ep] / (1 * cap.availability * 0.85)) < 1e-9)
    }
}

@Suite(.serialized) struct SweepPrecisionTests {
    /// By precision, each option stops by its own interval: its replications and results are those
    /// of the option simulated alone, so shards (which split options, never an option's replications)
    /// merge into exactly the single run.
    @Test func eachOptionStopsByItsOwnPrecisionAndShardsMerge() throws {
        let km = try Scenario.embedded(sections: .all)
        let rule = PrecisionRule(kpi: .waitMean, relativeHalfWidth: 0.1, maxReplications: 30)
        let plan = SimulationPlan(policy: "greedy", weeks: 13, replications: 3, seed: 7, precision: rule)
        #expect(plan.replications == 30)
        let ranges = try RoleRange.parseAll(["EP=0.5..1.5:0.5"], scenario: km)
        let levels = try Sweep.levels(base: km, ranges: ranges)
        var evaluator = try Evaluator(base: km, plan: plan, threads: 2, ranges: ranges)
        let header = Sweep.header(base: km, ranges: ranges, evaluator: evaluator, targets: [], frontierKPI: "seen_within_4_weeks", optionCount: levels.count)
        let all = try Sweep.run(levels, evaluator: &evaluator)
        for o in all {
            var alone = try Evaluator(base: km, plan: plan, threads: 1, ranges: ranges)
            let single = try alone.evaluate(levels[o.index], index: o.index)
            #expect(single == o)
            let n = try #require(o.replications)
            #expect((3...30).contains(n) && o.converged != nil)
            #expect(o.estimate(KPI.Key.waitMean.rawValue)?.n == n)
        }
        let report = Sweep.assemble(header, all)
        #expect(report.csv().split(separator: "\n")[0].contains(",worst_pru,replications,precision_converged,on_frontier,"))
        #expect(report.table().contains("replications until wait_mean within 10%"))
        var files: [(name: String, data: Data)] = []
        for i in 0..<2 {
            let spec = ShardSpec(index: i, count: 2)
            var e = try Evaluator(base: km, plan: plan, threads: 2, ranges: ranges)
            let results = try Sweep.run(levels, indices: spec.indices(of: levels.count), evaluator: &e)
            files.append(("p\(i).json", Data(ShardFile(shard: spec, header: header, results: results).json().utf8)))
        }
        let merged = try Shards.merge(files)
        #expect(merged.json() == report.json() && merged.csv() == report.csv() && merged.table() == report.table())
        // A shard by precision does not belong with a shard of fixed replications.
        var fixedPlan = plan
        fixedPlan.precision = nil
        var e = try Evaluator(base: km, plan: fixedPlan, threads: 2, ranges: ranges)
        let h = Sweep.header(base: km, ranges: ranges, evaluator: e, targets: [], frontierKPI: "seen_within_4_weeks", optionCount: levels.count)
        let r = try Sweep.run(levels, indices: [1], evaluator: &e)
        do {
            _ = try Shards.merge([files[0], ("fixed.json", Data(ShardFile(shard: ShardSpec(index: 1, count: 2), header: h, results: r).json().utf8))])
            Issue.record("a fixed shard merged with a shard by precision")
        } catch {
            #expect(error.description.contains("replications by precision, wait_mean within 10% and fixed"), "\(error)")
        }
    }
}
