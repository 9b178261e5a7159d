import Foundation
import LinearModel
import Testing
@testable import HubspokeModel
@testable import HubspokeScenarioIO
@testable import HubspokePlanner
@testable import HubspokeTestSupport

@Suite struct RotaPlannerTests {
    @Test func kentMedwayRotaIsOptimalAndKeepsEveryHardRule() throws {
        let sc = try Scenario.embedded()
        let rota = try RotaPlanner.plan(sc)
        #expect(rota.solver.status == .optimal)
        #expect(hardRuleViolations(rota, sc) == [])
        #expect(!rota.assignments.isEmpty)
        // The objective recomputed from the plan equals the solver's objective.
        #expect(abs(rota.objective.total - (rota.solver.objective ?? .nan)) < 1e-6)
        // Every unmet session is explained, and requested = planned-and-served + unmet.
        let requested = rota.coverage.reduce(0) { $0 + $1.requested }
        let served = rota.coverage.reduce(0) { $0 + min($1.requested, $1.planned) }
        #expect(requested == served + rota.unmet.reduce(0) { $0 + $1.sessions })
    }

    @Test(arguments: [1, 2, 3, 4, 5, 6] as [UInt64])
    func generatedRegionsKeepEveryHardRule(seed: UInt64) throws {
        var g = ScenarioGenerator(sites: 10, posts: 8, weeks: seed % 2 == 0 ? 2 : 1, seed: seed)
        g.minimumPresence = false
        let sc = try g.scenario()
        let rota = try RotaPlanner.plan(sc, options: PlanOptions(timeLimit: 60, gap: 0.02))
        #expect(hardRuleViolations(rota, sc) == [], "seed \(seed)")
        #expect(rota.solver.status == .optimal || (rota.solver.gap ?? 1) <= 0.02 + 1e-9)
    }

    /// A region whose merged roles are too large to solve merged: the overflowing roles are then
    /// improved as one model by neighbourhood search. The rota must keep every rule, beat the
    /// search's own starting rota, come with a bound (rooms included) at least the rooms-ignoring
    /// one, and be the same on every run when no time limit is set.
    @Test func jointSearchImprovesAndIsReproducible() throws {
        let sc = try ScenarioGenerator(sites: 20, posts: 30, weeks: 1, seed: 1).scenario()
        var unsearched = PlanOptions(gap: 0.01)
        unsearched.searchSteps = 0
        let start = try RotaPlanner.plan(sc, options: unsearched)
        var search = PlanOptions(gap: 0.01, threads: 2)
        search.searchSteps = 40
        let searched = try RotaPlanner.plan(sc, options: search)
        search.threads = 1
        let again = try RotaPlanner.plan(sc, options: search)
        #expect(hardRuleViolations(start, sc) == [])
        #expect(hardRuleViolations(searched, sc) == [])
        #expect(searched.json() == again.json())
        let (s, s0) = (searched.solver, start.solver)
        #expect(s.objective! < s0.objective! - 1e-6)
        #expect(abs(searched.objective.total - s.objective!) < 1e-6)
        // Each role alone, rooms ignored, solved to optimality: a weaker bound of the whole.
        let roomsIgnored = RotaPlanner.models(sc).reduce(0.0) { $0 + PlannerTuning().solver.solve($1, options: SolveOptions()).objectiveValue! }
        #expect(s.bestBound! >= roomsIgnored - 1e-6)
        #expect(s.bestBound! <= s.objective! + 1e-6)
        #expect(s.status == .feasible)
    }

    /// With a time limit the search runs until the deadline (or the gap): it keeps every rule and
    /// never ends worse than where it started.
    @Test func jointSearchWithATimeLimitKeepsEveryRule() throws {
        let sc = try ScenarioGenerator(sites: 20, posts: 30, weeks: 1, seed: 2).scenario()
        var unsearched = PlanOptions(gap: 0.01)
        unsearched.searchSteps = 0
        let start = try RotaPlanner.plan(sc, options: unsearched)
        // 20 s, not 6: under a loaded machine (the suites side by side, on 2 cores) the first round's
        // quarter of a 6 s limit stopped the roles early, at a worse start than the unlimited one.
        let rota = try RotaPlanner.plan(sc, options: PlanOptions(timeLimit: 20, gap: 0.01))
        #expect(hardRuleViolations(rota, sc) == [])
        let objective = try #require(rota.solver.objective), startObjective = try #require(start.solver.objective)
        let bound = try #require(rota.solver.bestBound)
        #expect(objective <= startObjective + 1e-6)
        #expect(bound <= objective + 1e-6)
    }

    /// With a time limit and no gap, the first round (each role on its own, rooms ignored) gets a
    /// quarter of the time and the joint search the rest. Before, on this region, the roles took the
    /// whole limit and the rota was the search's start: 26% above the bound of the roles on their
    /// own, against 9% after a few seconds of search in a debug build sharing the cores with other
    /// tests (1.3% in a release build alone, against the joint bound).
    @Test func timeLimitWithoutGapLeavesTheJointSearchTime() throws {
        let sc = try ScenarioGenerator(sites: 40, posts: 60, weeks: 1, seed: 1).scenario()
        // 40 s, not the benchmark's 10: the test suites run side by side on 2 cores, and there the
        // joint LP (2.9 s alone) did not end within 10 s, leaving no bound to test. 20 s sufficed
        // while the plan waited past the deadline for the Lagrangian bound; now that the limit is
        // a deadline (nothing is solved after it), 20 s in the parallel suites left no bound.
        let rota = try RotaPlanner.plan(sc, options: PlanOptions(timeLimit: 40))
        #expect(hardRuleViolations(rota, sc) == [])
        let objective = try #require(rota.solver.objective)
        let bound = try #require(rota.solver.bestBound)
        #expect(bound <= objective + 1e-6)
        #expect((objective - bound) / objective < 0.15, "objective \(objective), bound \(bound)")
    }

    /// Without time or node limits the first round stops each role at a node limit, and solves again
    /// to the end the roles it stopped whose rotas are not merged or searched jointly: the plan is
    /// still proven optimal, with the same objective, however low that limit.
    @Test(arguments: [0, 1, 3] as [UInt64])
    func firstRoundNodeLimitKeepsTheProofOfOptimality(seed: UInt64) throws {
        let sc = seed == 0 ? try Scenario.embedded() : try ScenarioGenerator(sites: 10, posts: 8, weeks: 1, seed: seed).scenario()
        let full = try RotaPlanner.plan(sc)
        var capped = PlanOptions()
        capped.firstRoundNodeLimit = 1
        let rota = try RotaPlanner.plan(sc, options: capped)
        #expect(full.solver.status == .optimal && rota.solver.status == .optimal)
        #expect(abs(rota.solver.objective! - full.solver.objective!) < 1e-6)
        #expect(hardRuleViolations(rota, sc) == [])
    }

    /// A part whose solve stopped before finding a rota gets one built by the heuristic, keeping
    /// every rule of its model and no better than the part's optimum.
    @Test func partsWithoutARotaInTimeGetOneBuilt() throws {
        let sc = try ScenarioGenerator(sites: 20, posts: 30, weeks: 1, seed: 1).scenario()
        let inst = PlanningInstance(sc, previous: nil)
        for role in inst.rolesWithPosts {
            let part = RotaModel(inst, roles: [role])
            let stopped = SolveResult(status: .noSolution, stopReason: .timeLimit, bestBound: -1)
            let built = try #require(RotaPlanner.constructed(part, after: stopped))
            #expect(built.status == .feasible)
            #expect(built.stopReason == .timeLimit)
            #expect(built.bestBound == -1)
            #expect(part.model.violation(built.values) == nil)
            #expect(part.plans.contains { built[$0.1] > 0.5 })
            let optimum = PlannerTuning().solver.solve(part.model, options: SolveOptions()).objectiveValue!
            #expect(built.objectiveValue! >= optimum - 1e-6)
        }
    }

    @Test func sameInputGivesSameBytes() throws {
        let sc = try Scenario.embedded()
        let a = try RotaPlanner.plan(sc, options: PlanOptions(threads: 1))
        let b = try RotaPlanner.plan(sc, options: PlanOptions(threads: 2))
        #expect(a.json() == b.json())
        #expect(a.table(scenario: sc) == b.table(scenario: sc))
        #expect(a.csv(scenario: sc) == b.csv(scenario: sc))
    }

    @Test func previousRotaIsKeptWhenNothingChanged() throws {
        let sc = try Scenario.embedded()
        let first = try RotaPlanner.plan(sc)
        let prev = PreviousRota(rota: first, scenario: sc)
        let second = try RotaPlanner.plan(sc, previous: prev)
        let continuity = try #require(second.objective.terms.first { $0.term == .continuity })
        #expect(continuity.quantity == 0)
        #expect(hardRuleViolations(second, sc) == [])
    }

    @Test func pinsAreHonouredAndConflictsAreNamed() throws {
        var sc = try Scenario.embedded()
        sc.pins = [SessionRule(post: "EP-1", site: "PRU-TW", weekday: .mon, half: .am)]
        let rota = try RotaPlanner.plan(sc)
        #expect(hardRuleViolations(rota, sc) == [])
        #expect(rota.assignments.contains { $0.post == "EP-1" && $0.site == "PRU-TW" && $0.day == .mon && $0.half == .am })

        // Minimum presence at every PRU for EP cannot hold: 8 PRUs ask for EP, and EP-1 has 6 sessions.
        var conflicted = try Scenario.embedded()
        conflicted.rules.minimumPresence = MinimumPresence(sessions: 1, weeks: 1)
        #expect(throws: PlanConflict.self) { try RotaPlanner.plan(conflicted) }
        do { _ = try RotaPlanner.plan(conflicted) } catch let c as PlanConflict {
            #expect(c.rules.contains { $0.contains("minimum presence of EP") })
        }
    }
}

/// The teaching scenario cut down so every rota can be enumerated: the planner's optimum
/// must equal the best objective found by brute force over all assignments.
@Suite struct BruteForceTests {
    static let yaml = """
    name: Brute force
    start: 2026-11-30
    rules: {lunch_travel_minutes: 30, weights: {urgent: 100, high: 40, routine: 10, fairness: 0.5, continuity: 3, travel: 0.05}}
    travel:
      minutes:
        HUB: {SP: 20, A: 25, B: 35, C: 50}
        SP: {A: 15, B: 20, C: 45}
        A: {B: 25, C: 55}
        B: {C: 35}
    roles: [{id: R, name: Role}]
    sites:
      - {id: HUB, name: Hub, kind: hub, rooms: 2}
      - {id: SP, name: Spoke, kind: spoke, rooms: 2}
      - {id: A, name: A, kind: pru, spoke: SP, rooms: 1}
      - {id: B, name: B, kind: pru, spoke: SP, rooms: 1}
      - {id: C, name: C, kind: pru, spoke: SP, rooms: 1}
    posts:
      - {id: P1, role: R, sessions: 2, base: HUB, pattern: [mon, tue-am], serves: all}
      - {id: P2, role: R, sessions: 3, base: SP, pattern: [mon, tue-pm], serves: [A, B, C]}
    demand:
      - {site: A, role: R, sessions: 2, priority: urgent}
      - {site: B, role: R, sessions: 2, priority: high}
      - {site: C, role: R, sessions: 2, priority: routine}
    """

    @Test(arguments: [0, 1, 2])
    func plannerMatchesBruteForce(variant: Int) throws {
        var sc = try Scenario.parse(yaml: Self.yaml, file: "brute.yaml")
        if variant == 1 { sc.rules.weights.fairness = 5 }
        if variant == 2 { sc.rules.weights.travel = 1; sc.rules.maxSitesPerDay = 1 }
        let rota = try RotaPlanner.plan(sc)
        #expect(rota.solver.status == .optimal)
        #expect(hardRuleViolations(rota, sc) == [])
        let best = bruteForce(sc)
        #expect(abs(rota.objective.total - best) < 1e-6, "planner \(rota.objective.total) vs brute force \(best)")
    }

    /// Minimum presence with a previous rota (issue 14's correctness finding): the previous week's
    /// sessions count towards a fortnight's minimum, and the planner's optimum equals the cheapest
    /// valid rota counted by brute force. Case 0 is infeasible if the previous session is not counted
    /// (A, B and C each need 2 of the 5 sessions the posts have); case 2 has a previous session no
    /// post can keep (P1 does not work Wednesdays), so it counts only towards the minimum.
    @Test(arguments: [0, 1, 2])
    func minimumPresenceWithAPreviousRotaMatchesBruteForce(variant: Int) throws {
        var sc = try Scenario.parse(yaml: Self.yaml, file: "brute.yaml")
        sc.rules.minimumPresence = MinimumPresence(sessions: variant == 1 ? 1 : 2, weeks: 2)
        let p1 = try #require(sc.postIndex("P1")), p2 = try #require(sc.postIndex("P2"))
        let a = try #require(sc.siteIndex("A")), b = try #require(sc.siteIndex("B")), c = try #require(sc.siteIndex("C"))
        let sessions: [PreviousRota.Session] = switch variant {
        case 0: [PreviousRota.Session(post: p2, site: a, halfDay: HalfDay(.mon, .am))]
        case 1: [PreviousRota.Session(post: p1, site: b, halfDay: HalfDay(.tue, .am)), PreviousRota.Session(post: p2, site: c, halfDay: HalfDay(.tue, .pm))]
        default: [PreviousRota.Session(post: p1, site: c, halfDay: HalfDay(.wed, .am))]
        }
        let previous = PreviousRota(sessions: sessions, file: "<test>", scenario: sc)
        let rota = try RotaPlanner.plan(sc, previous: previous)
        #expect(rota.solver.status == .optimal)
        let best = bruteForce(sc, previous: previous)
        #expect(best.isFinite, "a valid rota exists")
        #expect(abs(rota.objective.total - best) < 1e-6, "planner \(rota.objective.total) vs brute force \(best)")
    }

    /// Enumerates every choice of site (or none) for every available session of every post. With a
    /// previous rota: its sessions count towards minimum presence, and each one not kept costs the
    /// continuity weight.
    func bruteForce(_ sc: Scenario, previous: PreviousRota? = nil) -> Double {
        let slots = sc.slots
        var choices: [(Int, Slot)] = []
        for (p, post) in sc.posts.enumerated() { for s in slots where sc.isAvailable(post, s) { choices.append((p, s)) } }
        let options = sc.sites.indices.map { Optional($0) } + [nil]
        var best = Double.infinity
        var pick = Array(repeating: 0, count: choices.count)
        let w = sc.rules.weights
        while true {
            // Evaluate.
            var ok = true
            var at: [String: Int] = [:]
            var perPost = Array(repeating: 0, count: sc.posts.count)
            var rooms: [String: Int] = [:]
            var delivered = Array(repeating: 0, count: sc.sites.count)
            for (i, (p, slot)) in choices.enumerated() {
                guard let s = options[pick[i]] else { continue }
                let post = sc.posts[p]
                if !post.serves.contains(sc.sites[s].id) { ok = false; break }
                at["\(p)|\(slot.index)"] = s
                perPost[p] += 1
                rooms["\(s)|\(slot.index)", default: 0] += 1
                delivered[s] += 1
            }
            if ok { for (p, n) in perPost.enumerated() where n > sc.posts[p].sessionsPerWeek { ok = false } }
            if ok { for (k, n) in rooms where n > sc.sites[Int(k.split(separator: "|")[0])!].rooms { ok = false } }
            var demand = Array(repeating: [0, 0, 0], count: sc.sites.count)
            for d in sc.demand { demand[sc.siteIndex(d.site)!][d.priority == .urgent ? 0 : d.priority == .high ? 1 : 2] += d.sessions }
            // No post where nothing was requested.
            if ok { for s in sc.sites.indices where delivered[s] > demand[s].reduce(0, +) { ok = false } }
            if ok, let mp = sc.rules.minimumPresence {
                let before = previous.map { prev in sc.sites.indices.map { s in prev.sessions.filter { $0.site == s }.count } } ?? sc.sites.map { _ in 0 }
                for s in sc.sites.indices where sc.sites[s].kind == .pru && demand[s].reduce(0, +) > 0 && delivered[s] + before[s] < mp.sessions { ok = false }
            }
            var travel = 0
            if ok {
                for p in sc.posts.indices {
                    let base = sc.siteIndex(sc.posts[p].base)!
                    for day in 0..<5 {
                        let a = at["\(p)|\(day * 2)"], b = at["\(p)|\(day * 2 + 1)"]
                        if let a, let b, a != b {
                            if sc.rules.maxSitesPerDay < 2 || sc.travel[a, b] > sc.lunchTravelMinutes { ok = false }
                        }
                        switch (a, b) {
                        case let (a?, b?): travel += sc.travel[base, a] + sc.travel[a, b] + sc.travel[b, base]
                        case let (a?, nil): travel += 2 * sc.travel[base, a]
                        case let (nil, b?): travel += 2 * sc.travel[base, b]
                        default: break
                        }
                    }
                }
            }
            if ok {
                var cost = Double(travel) * w.travel
                for kept in previous?.sessions ?? [] {
                    let slot = kept.halfDay.weekday.rawValue * 2 + (kept.halfDay.half == .am ? 0 : 1)
                    if at["\(kept.post)|\(slot)"] != kept.site { cost += w.continuity }
                }
                for s in sc.sites.indices {
                    var left = delivered[s]
                    var unmetTotal = 0
                    for (rank, weight) in [w.urgent, w.high, w.routine].enumerated() {
                        let served = min(left, demand[s][rank]); left -= served
                        cost += weight * Double(demand[s][rank] - served)
                        unmetTotal += demand[s][rank] - served
                    }
                    let total = demand[s].reduce(0, +)
                    if total > 0 && sc.sites[s].kind == .pru {
                        let share = Double(unmetTotal) / Double(total)
                        cost += w.fairness * 100 * share * share
                    }
                }
                best = min(best, cost)
            }
            // Next combination.
            var i = 0
            while i < pick.count {
                pick[i] += 1
                if pick[i] < options.count { break }
                pick[i] = 0; i += 1
            }
            if i == pick.count { break }
        }
        return best
    }
}
