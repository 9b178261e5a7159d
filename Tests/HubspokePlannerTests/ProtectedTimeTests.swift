import Foundation
import Testing
import HubspokeSupport
@testable import HubspokeModel
@testable import HubspokeScenarioIO
@testable import HubspokePlanner

/// Protected time: fixed commitments as recurring occurrences that respect the calendar, flexible
/// time at base chosen by the planner in windows of weeks; both in the rota as their own entries,
/// checked by `check`, and hard clashes named.
@Suite struct ProtectedTimeTests {
    static let allRoles = ["EP", "MHT", "P16", "FSW", "SLT", "OT"]

    /// Kent and Medway with a weekly (or fortnightly) hub meeting on Wednesday afternoons for every
    /// role and EP time at base.
    func scenario(weeks: Int = 1, start: String = "2026-11-30", every: Int = 1, flexible: (Int, Int) = (2, 1)) throws -> Scenario {
        var sc = try Scenario.embedded()
        sc.weeks = weeks
        sc.startDate = try #require(CalendarDate(iso: start))
        sc.protected = ProtectedTime(
            fixed: [FixedCommitment(name: "team meeting", site: "HUB", weekday: .wed, half: .pm, every: every, members: CommitmentMembers(roles: Self.allRoles))],
            flexible: [FlexibleCommitment(name: "admin/write-up at base", sessions: flexible.0, weeks: flexible.1, members: CommitmentMembers(roles: ["EP"]))])
        return sc
    }

    func flexibleCount(_ rota: Rota, post: String, weeks: ClosedRange<Int>) -> Int {
        (rota.protected ?? []).filter { $0.post == post && $0.kind == .flexible && weeks.contains($0.week) }.count
    }

    @Test func bothKindsAreTheirOwnEntriesAndKeepEveryRule() throws {
        let sc = try scenario()
        let rota = try RotaPlanner.plan(sc)
        #expect(rota.solver.status == .optimal)
        let kept = try #require(rota.protected)
        let schedule = sc.protectedSchedule()
        #expect(!schedule.fixed.isEmpty)
        // Every occurrence is kept, and no post is at a site at the same time.
        for s in schedule.fixed {
            #expect(kept.contains(s))
            #expect(!rota.assignments.contains { $0.post == s.post && $0.date == s.date && $0.half == s.half })
        }
        // P16-1 does not work on Wednesdays; EP-1 is on leave on 2 December: neither is expected, and the leave is explained.
        #expect(!schedule.fixed.contains { $0.post == "P16-1" || $0.post == "EP-1" })
        #expect(schedule.notes.contains { $0.contains("EP-1") && $0.contains("on leave") })
        for s in kept where s.kind == .flexible {
            #expect(s.site == "HUB" && !rota.assignments.contains { $0.post == s.post && $0.date == s.date && $0.half == s.half })
        }
        #expect(flexibleCount(rota, post: "EP-1", weeks: 1...1) == 2, "the fewest that meet the window")
        #expect(abs(rota.objective.total - (rota.solver.objective ?? .nan)) < 1e-6)
        #expect(sc.breaches(of: rota.assignments).isEmpty)
        #expect(sc.protectedBreaches(rota.assignments, protected: kept).isEmpty)
        let table = rota.table(scenario: sc)
        #expect(table.contains("team meeting") && table.contains("admin/write-up at base") && table.contains("== Protected time =="))
        // Contracts hold with protected time counted.
        for post in sc.posts {
            let n = rota.assignments.filter { $0.post == post.id }.count + kept.filter { $0.post == post.id }.count
            #expect(n <= post.sessionsPerWeek)
        }
    }

    /// Protected time costs the plan direct sessions, never gains it any.
    @Test func protectedTimeNeverLowersTheObjective() throws {
        var plain = try scenario()
        plain.protected = ProtectedTime()
        let without = try RotaPlanner.plan(plain), with = try RotaPlanner.plan(try scenario())
        #expect(with.objective.total >= without.objective.total - 1e-6)
        #expect(without.protected == nil)
    }

    @Test func aFortnightlyMeetingFollowsItsStartWeek() throws {
        var sc = try scenario(weeks: 4, every: 2)
        sc.protected.fixed[0].from = CalendarDate(iso: "2026-12-07")
        let weeks = Set(sc.protectedSchedule().fixed.map(\.week))
        #expect(weeks == [2, 4])
    }

    @Test func anOccurrenceOnAClosureIsDroppedWithItsReason() throws {
        var sc = try scenario(weeks: 2, start: "2026-12-21")
        sc.protected.fixed[0].weekday = .fri
        let schedule = sc.protectedSchedule()
        #expect(schedule.fixed.isEmpty, "25 December and 1 January are bank holidays")
        #expect(schedule.notes.count == 2 && schedule.notes.allSatisfy { $0.contains("bank holiday") })
        let rota = try RotaPlanner.plan(sc)
        #expect(rota.protectedNotes == schedule.notes)
    }

    /// Windows over weeks: 3 half-days in every 2 weeks; with the previous rota's, fewer are needed.
    @Test func flexibleWindowsCountThePreviousRota() throws {
        let sc = try scenario(weeks: 2, flexible: (3, 2))
        let rota = try RotaPlanner.plan(sc)
        #expect(flexibleCount(rota, post: "EP-1", weeks: 1...2) == 3)
        let one = try scenario(weeks: 1, start: "2026-12-14", flexible: (3, 2))
        let fresh = try RotaPlanner.plan(one)
        #expect(flexibleCount(fresh, post: "EP-1", weeks: 1...1) == 3, "a horizon shorter than the window asks for it all")
        let previous = PreviousRota(rota: rota, scenario: sc)
        let held = previous.protectedCount(post: try #require(sc.postIndex("EP-1")))
        #expect(held == flexibleCount(rota, post: "EP-1", weeks: 2...2))
        let next = try RotaPlanner.plan(one, previous: previous)
        #expect(flexibleCount(next, post: "EP-1", weeks: 1...1) == max(0, 3 - held))
    }

    @Test func leaveAllTheWindowIsAHardClashNamed() throws {
        var sc = try scenario()
        let p = try #require(sc.postIndex("EP-1"))
        sc.posts[p].absences = (0..<5).map { Absence(date: sc.startDate.adding(days: $0)) }
        #expect { try RotaPlanner.plan(sc) } throws: { error in
            let text = (error as? PlanConflict)?.description ?? ""
            return text.contains("EP-1") && text.contains("admin/write-up at base") && text.contains("30 Nov 2026") && text.contains("on leave")
        }
        // The simulator's weeks, whose leave is drawn at random, plan it as far as it goes.
        var options = PlanOptions()
        options.protectedWherePossible = true
        let rota = try RotaPlanner.plan(sc, options: options)
        #expect(rota.solver.status == .optimal && flexibleCount(rota, post: "EP-1", weeks: 1...1) == 0)
    }

    @Test func aPinAtTheSameTimeIsAHardClashNamed() throws {
        var sc = try scenario()
        sc.pins = [SessionRule(post: "MHT-1", site: "PRU-DOV", weekday: .wed, half: .pm)]
        #expect { try RotaPlanner.plan(sc) } throws: { error in
            let text = (error as? PlanConflict)?.description ?? ""
            return text.contains("MHT-1") && text.contains("team meeting") && text.contains("2 Dec 2026") && text.contains("pin")
        }
    }

    /// A rota written as CSV reads back with its protected time, checks clean, and a hand edit
    /// that removes a meeting or a flexible half-day is a breach at that post and session.
    @Test func checkKnowsProtectedTime() throws {
        let sc = try scenario()
        let rota = try RotaPlanner.plan(sc)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("protected-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let csv = rota.csv(scenario: sc)
        let path = dir.appendingPathComponent("rota.csv").path
        try csv.write(toFile: path, atomically: true, encoding: .utf8)
        let file = try RotaFile.load(path: path, scenario: sc)
        #expect(file.protected == rota.protected ?? [])
        #expect(file.sessions == rota.assignments)
        let json = dir.appendingPathComponent("rota.json").path
        try rota.json().write(toFile: json, atomically: true, encoding: .utf8)
        #expect(try RotaFile.load(path: json, scenario: sc).protected == file.protected, "the JSON reads back the same")
        let clean = try RotaCheckReport.check(file.sessions, scenario: sc, protected: file.protected)
        #expect(clean.breaches.isEmpty)
        #expect(abs((clean.objective?.total ?? .nan) - rota.objective.total) < 1e-6)

        let meeting = try #require(file.protected.first { $0.kind == .fixed })
        let noMeeting = sc.protectedBreaches(file.sessions, protected: file.protected.filter { $0 != meeting })
        #expect(noMeeting.count == 1 && noMeeting[0].rule == .protectedTime && noMeeting[0].post == meeting.post && noMeeting[0].date == meeting.date)
        let admin = try #require(file.protected.first { $0.kind == .flexible })
        let short = sc.protectedBreaches(file.sessions, protected: file.protected.filter { $0 != admin })
        #expect(short.count == 1 && short[0].post == admin.post && short[0].message.contains("at least 2"))
    }

    @Test(arguments: [
        ("fixed:\n    - {name: m, site: HUB, day: sun, half: pm, roles: [EP]}", "not a weekday"),
        ("fixed:\n    - {name: m, site: HUB, day: wed, half: eve, roles: [EP]}", "not am or pm"),
        ("fixed:\n    - {name: m, site: HUB, day: wed, half: pm, every: 0, roles: [EP]}", "out of range"),
        ("fixed:\n    - {name: m, site: NOWHERE, day: wed, half: pm, roles: [EP]}", "unknown site \"NOWHERE\""),
        ("fixed:\n    - {name: m, site: HUB, day: wed, half: pm, roles: [XX]}", "unknown role \"XX\""),
        ("fixed:\n    - {name: m, site: HUB, day: wed, half: pm}", "name the roles and/or posts"),
        ("fixed:\n    - {site: HUB, day: wed, half: pm, roles: [EP]}", "missing required field"),
        ("flexible:\n    - {name: a, sessions: 9, roles: [EP]}", "more than EP-1 works"),
        ("flexible:\n    - {name: a, sessions: 1, posts: [EP-9]}", "unknown post \"EP-9\""),
        ("flexible:\n    - {name: a, sessions: 1, roles: [EP]}\n    - {name: b, sessions: 1, posts: [EP-1]}", "one per post"),
    ])
    func aBadCommitmentIsRefusedAtItsLine(entry: String, message: String) throws {
        // The default's own protected time left out: the entry under test is the section.
        let base = try #require(EmbeddedScenarios.yaml(named: "kent-medway")).replacing(/\nprotected:\n(  .*\n)+/, with: "\n")
        #expect {
            _ = try Scenario.parse(yaml: base + "\nprotected:\n  \(entry)\n", file: "p.yaml")
        } throws: { error in
            (error as? InputError)?.problems.contains { $0.message.contains(message) && $0.line != nil && $0.file == "p.yaml" && $0.field.hasPrefix("protected") } == true
        }
    }
}
