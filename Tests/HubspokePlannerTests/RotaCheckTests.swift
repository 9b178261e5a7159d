import Foundation
import Testing
@testable import HubspokeModel
@testable import HubspokePlanner
@testable import HubspokeScenarioIO
@testable import HubspokeSupport

/// `hubspoke check`'s rule check and objective: one fixture per hard rule, each found at the right
/// post and session, and a planned rota that checks clean with the planner's own objective.
@Suite struct RotaCheckTests {
    func km() throws -> Scenario { try Scenario.embedded() }
    func date(_ s: String) -> CalendarDate { CalendarDate(iso: s) ?? CalendarDate(dayNumber: 0) }
    func at(_ post: String, _ site: String, _ day: String, _ half: Half, in sc: Scenario) -> Assignment {
        let d = date(day)
        let role = sc.posts.first { $0.id == post }?.role ?? "?"
        return Assignment(week: (d.dayNumber - sc.startDate.dayNumber) / 7 + 1, date: d, half: half, post: post, role: role, site: site)
    }

    @Test func aPlannedRotaKeepsEveryRuleAndItsObjectiveIsThePlanners() throws {
        let sc = try km()
        let rota = try RotaPlanner.plan(sc)
        #expect(sc.breaches(of: rota.assignments).isEmpty)
        let report = try RotaCheckReport.check(rota.assignments, scenario: sc)
        let objective = try #require(report.objective)
        #expect(abs(objective.total - rota.objective.total) < 1e-6)
        #expect(objective.terms.map(\.name) == rota.objective.terms.map(\.name))
        for (a, b) in zip(objective.terms, rota.objective.terms) { #expect(abs(a.penalty - b.penalty) < 1e-6, "\(a.name)") }
    }

    @Test func anEditThatKeepsTheRulesIsCountedAgain() throws {
        let sc = try km()
        let rota = try RotaPlanner.plan(sc)
        // Drop one session: the rules still hold, and the objective cannot improve on the optimum.
        let fewer = Array(rota.assignments.dropFirst())
        let report = try RotaCheckReport.check(fewer, scenario: sc)
        let objective = try #require(report.objective)
        #expect(objective.total >= rota.objective.total - 1e-6)
    }

    /// Each rule, broken once, is named at its post and session.
    @Test(arguments: RuleBreach.Rule.allCases.filter { $0 != .role && $0 != .protectedTime })
    func eachRuleIsFoundWhereItIsBroken(_ rule: RuleBreach.Rule) throws {
        var sc = try km()
        var sessions: [Assignment] = []
        var expected: (post: String?, date: String, half: Half?) = (nil, "2026-11-30", .am)
        switch rule {
        case .role, .protectedTime: return  // protected time: ProtectedTimeTests.checkKnowsProtectedTime
        case .eligibility: sessions = [at("MHT-W", "PRU-DOV", "2026-11-30", .am, in: sc)]; expected = ("MHT-W", "2026-11-30", .am)
        case .pattern: sessions = [at("EP-1", "HUB", "2026-12-04", .am, in: sc)]; expected = ("EP-1", "2026-12-04", .am)
        case .leave: sessions = [at("EP-1", "HUB", "2026-12-02", .pm, in: sc)]; expected = ("EP-1", "2026-12-02", .pm)
        case .bankHoliday:
            sc.startDate = date("2026-12-21")
            sc.posts = sc.posts.map { var p = $0; p.absences = []; return p }
            sessions = [at("MHT-1", "HUB", "2026-12-25", .am, in: sc)]; expected = ("MHT-1", "2026-12-25", .am)
        case .closed:
            sc.calendar.closures = [SiteClosure(site: "PRU-DOV", span: DateSpan(date("2026-11-30"), date("2026-11-30")), reason: "flood")]
            sessions = [at("MHT-E", "PRU-DOV", "2026-11-30", .am, in: sc)]; expected = ("MHT-E", "2026-11-30", .am)
        case .twoPlaces: sessions = [at("MHT-1", "HUB", "2026-11-30", .am, in: sc), at("MHT-1", "PRU-DART", "2026-11-30", .am, in: sc)]; expected = ("MHT-1", "2026-11-30", .am)
        case .forbidden:
            sc.forbids = [SessionRule(post: "MHT-1", site: "PRU-DART", weekday: .mon, half: .am)]
            sessions = [at("MHT-1", "PRU-DART", "2026-11-30", .am, in: sc)]; expected = ("MHT-1", "2026-11-30", .am)
        case .pin: sc.pins = [SessionRule(post: "MHT-1", site: "HUB", weekday: .tue, half: .am)]; expected = ("MHT-1", "2026-12-01", .am)
        case .rooms: sessions = [at("MHT-1", "PRU-DOV", "2026-11-30", .am, in: sc), at("MHT-E", "PRU-DOV", "2026-11-30", .am, in: sc)]; expected = (nil, "2026-11-30", .am)
        case .contract:
            if let i = sc.postIndex("MHT-1") { sc.posts[i].sessionsPerWeek = 2 }
            sessions = ["2026-11-30", "2026-12-01", "2026-12-02"].map { at("MHT-1", "HUB", $0, .am, in: sc) }; expected = ("MHT-1", "2026-11-30", nil)
        case .sitesPerDay:
            sc.rules.maxSitesPerDay = 1
            sessions = [at("MHT-1", "HUB", "2026-11-30", .am, in: sc), at("MHT-1", "SP-W", "2026-11-30", .pm, in: sc)]; expected = ("MHT-1", "2026-11-30", .pm)
        case .travel: sessions = [at("MHT-1", "PRU-DOV", "2026-11-30", .am, in: sc), at("MHT-1", "PRU-DART", "2026-11-30", .pm, in: sc)]; expected = ("MHT-1", "2026-11-30", .pm)
        case .minimumPresence: sc.weeks = 2; sc.rules.minimumPresence = MinimumPresence(sessions: 1, weeks: 2); expected = (nil, "2026-11-30", nil)
        }
        let found = sc.breaches(of: sessions)
        #expect(found.contains { $0.rule == rule && $0.post == expected.post && $0.date?.iso == expected.date && $0.half == expected.half },
                "\(found.map(\.description))")
        #expect(found.allSatisfy { $0.rule == rule }, "only \(rule.rawValue): \(found.map(\.description))")
        let report = try RotaCheckReport.check(sessions, scenario: sc)
        #expect(report.objective == nil && !report.breaches.isEmpty)
    }

    @Test func aHandEditedFileIsReadBackAndItsMistakesNamed() throws {
        let sc = try km()
        let rota = try RotaPlanner.plan(sc)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hubspoke-check-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let csv = dir.appendingPathComponent("r.csv").path
        try rota.csv(scenario: sc).write(toFile: csv, atomically: true, encoding: .utf8)
        #expect(try RotaFile.load(path: csv, scenario: sc).sessions == rota.assignments)
        let json = dir.appendingPathComponent("r.json").path
        try rota.json().write(toFile: json, atomically: true, encoding: .utf8)
        #expect(try RotaFile.load(path: json, scenario: sc).sessions == rota.assignments)
        let bad = dir.appendingPathComponent("bad.csv").path
        try "week,date,day,half,post,site\n1,2026-11-3O,mon,AM,EP-1,HUB\n1,2026-11-30,mon,AM,EP-9,HUB\n1,2026-12-07,mon,AM,EP-1,HUB\n"
            .write(toFile: bad, atomically: true, encoding: .utf8)
        #expect {
            _ = try RotaFile.load(path: bad, scenario: sc)
        } throws: { error in
            guard let problems = (error as? InputError)?.problems else { return false }
            return problems.map { "\($0.line ?? 0) \($0.field)" } == ["2 date", "3 post", "4 date"]
        }
    }
}
