import Foundation
import LinearModel
import Testing
@testable import HubspokeModel
@testable import HubspokeScenarioIO
@testable import HubspokePlanner
@testable import HubspokeTestSupport

/// `--time-limit` is a deadline for the whole command, not a limit per solve, and every status
/// short of a proof names the rule that ended the search.
@Suite struct DeadlineTests {
    /// A generated region whose roles overflow rooms (they are merged or searched jointly), small
    /// enough for CI.
    static func region() throws -> Scenario { try ScenarioGenerator(sites: 12, posts: 18, weeks: 1, seed: 3).scenario() }

    /// A deadline already past when the plan starts (the command spent its time reading the
    /// input): the planner asks no solve for more time, and still returns a rota that keeps every
    /// rule, `feasible (stopped by the time limit)` unless it is proven.
    @Test func aDeadlineAlreadyPastStillGivesARota() throws {
        let sc = try Self.region()
        var options = PlanOptions(timeLimit: 1)
        options.startedAt = PlanOptions.now() - 10
        let before = PlanOptions.now()
        let rota = try RotaPlanner.plan(sc, options: options)
        let seconds = PlanOptions.now() - before
        #expect(hardRuleViolations(rota, sc) == [])
        if rota.solver.status != .optimal {
            #expect(rota.solver.stopReason == .timeLimit, "\(rota.solver.statusWords)")
            #expect(rota.solver.statusWords == "feasible (stopped by the time limit)")
        }
        // Every solve got the least time a solve is given (0.05 s) or none; the unlimited plan of
        // this region takes seconds. Wall time, with a generous margin for a loaded machine.
        let unlimited = try RotaPlanner.plan(sc)
        #expect(seconds < max(3, unlimited.solver.seconds / 2), "past deadline \(seconds) s, unlimited \(unlimited.solver.seconds) s")
    }

    /// The limit counts from `startedAt`: what the command did before the plan counts too, and the
    /// plan ends by the deadline, within the slack (max(0.5 s, 5%)) plus a margin for a debug
    /// build on a loaded machine.
    @Test func theLimitCountsFromTheCommandsStart() throws {
        let sc = try Self.region()
        let limit = 3.0, spent = 1.0
        var options = PlanOptions(timeLimit: limit)
        options.startedAt = PlanOptions.now() - spent
        let before = PlanOptions.now()
        let rota = try RotaPlanner.plan(sc, options: options)
        let seconds = PlanOptions.now() - before
        #expect(hardRuleViolations(rota, sc) == [])
        #expect(seconds + spent <= limit + max(0.5, 0.05 * limit) + 1.5, "plan \(seconds) s after \(spent) s spent, limit \(limit) s")
        if rota.solver.status != .optimal { #expect(rota.solver.stopReason == .timeLimit, "\(rota.solver.statusWords)") }
    }

    /// `suggest --time-limit` bounds all its options together: at the deadline the list stops short
    /// of what was asked, and says the time limit ended it, not that no other rota keeps the rules.
    @Test func suggestionsStopAtTheDeadline() throws {
        let sc = try Scenario.embedded()
        let rota = try RotaPlanner.plan(sc)
        let post = try #require(rota.assignments.first { $0.date == CalendarDate(iso: "2026-12-03") }).post
        let request = CoverRequest.absent(post: post, date: try #require(CalendarDate(iso: "2026-12-03")), half: nil)
        var options = PlanOptions(timeLimit: 1)
        options.startedAt = PlanOptions.now() - 10
        let found = try CoverSuggestions.suggest(sc, reference: rota.assignments, request: request, k: 5, options: options)
        #expect(found.options.count == 1)
        #expect(found.stoppedByTimeLimit && !found.exhausted)
        #expect(hardRuleViolations(found.options[0].rota, found.scenario) == [])
        // Without a limit the same request finds more than one option.
        let unlimited = try CoverSuggestions.suggest(sc, reference: rota.assignments, request: request, k: 5)
        #expect(unlimited.options.count > 1 && !unlimited.stoppedByTimeLimit)
    }

    /// The deadline of a plan: the limit less what is kept for the output (3%, from 0.1 to 0.5 s).
    @Test(arguments: [(2.0, 0.1), (6.0, 0.18), (20.0, 0.5), (100.0, 0.5)])
    func theDeadlineKeepsTimeForTheOutput(limit: Double, reserve: Double) {
        let tuning = PlannerTuning()
        #expect(abs(tuning.deadline(start: 100, limit: limit) - (100 + limit - reserve)) < 1e-9)
    }

    /// Stopped by the node limit: the status names it, in the table's words, the JSON's
    /// `stoppedBy` and the same bytes on every run (nodes, not seconds).
    @Test func theNodeLimitIsNamed() throws {
        let sc = ScenarioVariation().apply(to: try Scenario.embedded(), seed: 16)
        var options = PlanOptions()
        options.firstRoundNodeLimit = 1
        options.defaultNodeLimit = 1
        let rota = try RotaPlanner.plan(sc, options: options)
        try #require(rota.solver.status == .feasible, "\(rota.solver.statusWords)")
        #expect(rota.solver.statusWords == "feasible (stopped by the node limit)")
        #expect(rota.json().contains("\"stoppedBy\" : \"the node limit\""))
        #expect(try RotaPlanner.plan(sc, options: options).json() == rota.json())
    }

    /// The joint search (roles too large to merge) ended by its step count or its patience, with
    /// no time limit: the status says which, and the rota is the same on every run.
    @Test(arguments: [(1, 400, RotaStopReason.stepLimit), (400, 1, .patienceLimit)])
    func theJointSearchsRulesAreNamed(steps: Int, patience: Int, rule: RotaStopReason) throws {
        let sc = try Self.region()
        var options = PlanOptions()
        options.tuning.fullModelLimit = 1  // every merge goes to the joint search
        options.searchSteps = steps
        options.searchPatience = patience
        let rota = try RotaPlanner.plan(sc, options: options)
        #expect(hardRuleViolations(rota, sc) == [])
        try #require(rota.solver.status == .feasible, "\(rota.solver.statusWords)")
        #expect(rota.solver.stopReason == rule)
        #expect(rota.solver.statusWords == "feasible (stopped by \(rule.label))")
        #expect(rule.label.hasPrefix("the joint search's"))
        #expect(try RotaPlanner.plan(sc, options: options).json() == rota.json())
    }

    /// Every rule a status can name has words of its own, and the JSON keeps `stopReason` beside
    /// the new `stoppedBy` (additive); a proof names none.
    @Test func everyRuleHasItsWords() throws {
        let rules: [RotaStopReason] = [.timeLimit, .gapLimit, .nodeLimit, .interrupted, .stepLimit, .patienceLimit, .passLimit, .roomSharing]
        #expect(Set(rules.map(\.label)).count == rules.count)
        #expect(Set(rules.map(\.words)).count == rules.count)
        var report = SolverReport(status: .feasible, stopReason: .passLimit, objective: 1, bestBound: 0.5, gap: 0.5, parts: 1, rounds: 1,
                                  variables: 1, constraints: 1, seconds: 0)
        #expect(report.statusWords == "feasible (stopped by the week search's passes)")
        let json = String(decoding: try JSONEncoder().encode(report), as: UTF8.self)
        #expect(json.contains("\"stopReason\":\"passLimit\"") && json.contains("\"stoppedBy\":\"the week search's passes\""))
        #expect(try JSONDecoder().decode(SolverReport.self, from: Data(json.utf8)).stopReason == .passLimit)
        report.status = .optimal
        report.stopReason = nil
        #expect(report.statusWords == "optimal")
        #expect(!String(decoding: try JSONEncoder().encode(report), as: UTF8.self).contains("stoppedBy"))
    }
}
