import Testing
@testable import HubspokeModel
@testable import HubspokeScenarioIO
@testable import HubspokePlanner

@Suite struct CoverSuggestionTests {
    static let thursday = CalendarDate(iso: "2026-12-03")!

    /// The Kent and Medway week, its rota, and the post with the most Thursday sessions.
    func setting() throws -> (Scenario, Rota, String) {
        let sc = try Scenario.embedded()
        let rota = try RotaPlanner.plan(sc)
        let thursday = rota.assignments.filter { $0.date == Self.thursday }
        let post = try #require(sc.posts.map(\.id).max { a, b in
            (thursday.filter { $0.post == a }.count, b) < (thursday.filter { $0.post == b }.count, a)
        })
        return (sc, rota, post)
    }

    /// The changed-session set of a rota from the reference: sessions removed and sessions added.
    func changed(_ rota: Rota, from reference: [Assignment]) -> Set<Assignment> {
        Set(rota.assignments).symmetricDifference(Set(reference))
    }

    /// No option adds sessions nobody asked for: per site and role, the week's sessions stay within
    /// its demand (the Kent and Medway week has no pins). Before, the sessions kept as delivered
    /// (Monday to Wednesday) counted as pins on top of the demand, and options 3 to 5 could be option
    /// 1 with a session added at a site whose requests were already met.
    @Test func noOptionAddsSessionsNobodyAskedFor() throws {
        let (sc, rota, post) = try setting()
        let found = try CoverSuggestions.suggest(sc, reference: rota.assignments, request: .absent(post: post, date: Self.thursday, half: nil), k: 5)
        #expect(!found.options.isEmpty)
        var asked: [String: Int] = [:]
        for d in sc.demand { asked["\(d.site) \(d.role)", default: 0] += d.sessions }
        for option in found.options {
            var delivered: [String: Int] = [:]
            for a in option.rota.assignments {
                let role = try #require(sc.posts.first { $0.id == a.post }).role
                delivered["\(a.site) \(role)", default: 0] += 1
            }
            for (key, n) in delivered.sorted(by: { $0.key < $1.key }) {
                #expect(n <= asked[key, default: 0], "option \(option.number): \(n) sessions for \(key), \(asked[key, default: 0]) asked")
            }
        }
    }

    @Test func optionsAreDistinctSortedFirstIsTheRepairAndEachKeepsTheRules() throws {
        let (sc, rota, post) = try setting()
        let request = CoverRequest.absent(post: post, date: Self.thursday, half: nil)
        let found = try CoverSuggestions.suggest(sc, reference: rota.assignments, request: request, k: 4)
        #expect(found.options.count == 4)
        let absent = request.applied(to: sc)
        let repaired = try RotaPlanner.plan(absent, repair: RepairPlan(reference: rota.assignments, frozenBefore: request.from))
        let first = try #require(found.options.first)
        #expect(abs(first.rota.objective.total - repaired.objective.total) <= 1e-4 * abs(repaired.objective.total))
        let sets = found.options.map { changed($0.rota, from: rota.assignments) }
        #expect(Set(sets).count == sets.count, "every option changes a different set of sessions")
        for (a, b) in zip(found.options, found.options.dropFirst()) {
            #expect(a.rota.objective.total <= b.rota.objective.total + 1e-6, "option \(a.number) before \(b.number)")
            #expect(b.reason.contains("option \(a.number)"))
        }
        for option in found.options {
            let check = try RotaCheckReport.check(option.rota.assignments, scenario: absent)
            #expect(check.breaches.isEmpty, "option \(option.number): \(check.breaches)")
            #expect(!option.rota.assignments.contains { $0.post == post && $0.date == Self.thursday })
            // The planner's objective (changes included) is the check's plus the changes at their weight.
            let repairTerm = try #require(option.rota.objective.terms.first { $0.term == .repair })
            #expect(repairTerm.quantity == Double(changed(option.rota, from: rota.assignments).count))
            #expect(abs((check.objective?.total ?? .nan) + repairTerm.penalty - option.rota.objective.total) < 1e-6)
            #expect(abs((option.change ?? .nan) - (option.rota.objective.total - rota.objective.total)) < 1e-6)
        }
    }

    @Test func aGapIsCoveredByEveryOption() throws {
        let (sc, rota, _) = try setting()
        // A PRU session of a role on Thursday afternoon that the rota does not give.
        let pm = Set(rota.assignments.filter { $0.date == Self.thursday && $0.half == .pm }.map { "\($0.site)|\($0.role)" })
        let site = try #require(sc.sites.first { s in s.kind == .pru && !pm.contains("\(s.id)|MHT") && sc.isOpen(s, Slot(week: 0, weekday: .thu, half: .pm)) })
        let need = SessionNeed(site: site.id, role: "MHT", at: DatedHalf(Self.thursday, .pm))
        let found = try CoverSuggestions.suggest(sc, reference: rota.assignments, request: .gap(need), k: 3)
        #expect(found.options.count == 3)
        for option in found.options {
            #expect(option.rota.assignments.contains { $0.site == site.id && $0.role == "MHT" && $0.date == Self.thursday && $0.half == .pm })
            #expect(try RotaCheckReport.check(option.rota.assignments, scenario: sc).breaches.isEmpty)
        }
    }

    @Test func fewerOptionsThanAskedWhenNoOtherRotaExists() throws {
        // One post, away on Friday morning: only its Friday afternoon may change, so the rotas that
        // keep every rule are few, and each is offered once, counted here by hand.
        var sc = try Scenario.embedded()
        sc.posts = sc.posts.filter { $0.id == "MHT-E" }
        sc.links = []
        let rota = try RotaPlanner.plan(sc)
        let friday = CalendarDate(iso: "2026-12-04")!
        let request = CoverRequest.absent(post: "MHT-E", date: friday, half: .am)
        let found = try CoverSuggestions.suggest(sc, reference: rota.assignments, request: request, k: 10)
        #expect(found.exhausted)
        let absent = request.applied(to: sc)
        let kept = rota.assignments.filter { !($0.date == friday) }
        let choices: [String?] = [nil] + sc.posts[0].serves
        // The planner's rules: the check's, and no site given more sessions than it asked for.
        let asked = Dictionary(sc.demand.filter { $0.role == "MHT" }.map { ($0.site, $0.sessions) }, uniquingKeysWith: +)
        let feasible = try choices.filter { site in
            let sessions = kept + (site.map { [Assignment(week: 1, date: friday, half: .pm, post: "MHT-E", role: "MHT", site: $0)] } ?? [])
            let withinDemand = site.map { s in sessions.filter { $0.site == s }.count <= asked[s, default: 0] } ?? true
            return try withinDemand && RotaCheckReport.check(sessions, scenario: absent).breaches.isEmpty
        }
        #expect(found.options.count == feasible.count)
        let fridays = found.options.map { $0.rota.assignments.first { $0.date == friday && $0.half == .pm }?.site }
        #expect(Set(fridays).count == fridays.count)
        #expect(Set(fridays) == Set(feasible))
        // Exact: each option's objective is the check's count of its rota plus its changes at their
        // weight, and the options are those rotas from the cheapest up, counted here by brute force.
        let counted = try feasible.map { site -> Double in
            let sessions = kept + (site.map { [Assignment(week: 1, date: friday, half: .pm, post: "MHT-E", role: "MHT", site: $0)] } ?? [])
            let check = try RotaCheckReport.check(sessions, scenario: absent)
            let changes = Set(sessions).symmetricDifference(Set(rota.assignments)).count
            return (check.objective?.total ?? .nan) + Double(changes) * RepairPlan.defaultChangeWeight
        }.sorted()
        let offered = found.options.map(\.rota.objective.total)
        #expect(zip(offered, counted).allSatisfy { abs($0 - $1) <= 1e-4 * abs($1) }, "\(offered) against \(counted)")
    }
}
