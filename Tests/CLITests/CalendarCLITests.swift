import Foundation
import Testing

/// `check` and `calendar` through the binary, as a manager runs them.
@Suite(.serialized) struct CalendarCLITests {
    @Test func aPlannedRotaChecksCleanAndAHandEditIsCaught() throws {
        let dir = CLI.temp()
        defer { try? FileManager.default.removeItem(at: dir) }
        let csv = dir.appendingPathComponent("r.csv").path
        #expect(try CLI.run(["rota", "--format", "csv", "--output", csv, "--quiet"]).status == 0)
        let table = try CLI.run(["rota", "--quiet"])
        let clean = try CLI.run(["check", csv])
        #expect(clean.status == 0, "\(clean.err)")
        #expect(clean.out.contains("Hard rules: all kept"))
        // The planner's total and the check's total are the same figure.
        let total = table.out.split(separator: "\n").first { $0.hasPrefix("total") }?.split(separator: " ").last
        #expect(total != nil && clean.out.split(separator: "\n").contains { $0.hasPrefix("total") && $0.hasSuffix(total ?? "?") })
        // EP-1's Tuesday morning moved to the far side of Kent from its afternoon site (Dover for a
        // west Kent afternoon, Dartford otherwise): too far to travel at lunch. Whichever of its
        // optimal rotas the planner chose. (Tuesday: EP-1 would rather not work Monday mornings.)
        let text = try String(contentsOfFile: csv, encoding: .utf8)
        let edited = dir.appendingPathComponent("e.csv").path
        let monday = "2026-12-01,tue,AM,09:00,12:30,EP-1,EP,"
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let am = try #require(lines.firstIndex { $0.contains(monday) })
        let pm = try #require(lines.first { $0.contains("2026-12-01,tue,PM,13:30,16:30,EP-1,EP,") })
        let west = ["PRU-DART", "PRU-GILL", "PRU-CHAT"].contains { pm.contains(",\($0),") }
        var changed = lines
        let site = try #require(lines[am].components(separatedBy: monday).last?.split(separator: ",").first)
        changed[am] = lines[am].replacingOccurrences(of: monday + site, with: monday + (west ? "PRU-DOV" : "PRU-DART"))
        try changed.joined(separator: "\n").write(toFile: edited, atomically: true, encoding: .utf8)
        let breach = try CLI.run(["check", edited])
        #expect(breach.status == 3)
        #expect(breach.out.contains("travel: EP-1"), "\(breach.out)")
        let compared = try CLI.run(["check", csv, "--against", csv])
        #expect(compared.status == 0 && compared.out.contains("0 session(s) differ from --against"))
    }

    @Test func aStoredVersionIsCheckedAgainstThePublishedOne() throws {
        let dir = CLI.temp()
        defer { try? FileManager.default.removeItem(at: dir) }
        let ws = dir.appendingPathComponent("w.sqlite").path
        #expect(try CLI.run(["init", "--workspace", ws]).status == 0)
        let plan = try CLI.run(["plan", "--week", "2026-11-30", "--quiet", "--workspace", ws])
        #expect(plan.status == 0)
        let total = try #require(plan.out.split(separator: "\n").first { $0.contains("objective ") }?.split(separator: " ").dropFirst().first?.dropLast())
        #expect(try CLI.run(["publish", "--week", "2026-11-30", "--workspace", ws]).status == 0)
        let alone = try CLI.run(["check", "--week", "2026-11-30", "--workspace", ws])
        #expect(alone.status == 0 && alone.out.contains("version 1 (published)") && alone.out.contains("Hard rules: all kept"), "\(alone.out) \(alone.err)")
        #expect(alone.out.split(separator: "\n").contains { $0.hasPrefix("total") && $0.hasSuffix(total) }, "the planner's \(total)")
        // A second version, planned with a pin: checked against the published first.
        #expect(try CLI.run(["pin", "add", "OT-1", "HUB", "2026-12-02", "am", "--workspace", ws]).status == 0)
        #expect(try CLI.run(["plan", "--week", "2026-11-30", "--quiet", "--workspace", ws]).status == 0)
        let second = try CLI.run(["check", "--week", "2026-11-30", "--version", "2", "--workspace", ws])
        #expect(second.status == 0 && second.out.contains("published v1"), "\(second.out)")
        let first = try CLI.run(["check", "--week", "2026-11-30", "--version", "1", "--workspace", ws])
        #expect(first.status == 3 && first.out.contains("pin: OT-1 HUB 2026-12-02 AM"), "\(first.out)")
        #expect(try CLI.run(["check", "--week", "2026-11-30", "r.csv", "--workspace", ws]).status == 64)
    }

    @Test func aWeeksPreferencesAreRecordedPlannedWithListedAndRemoved() throws {
        let dir = CLI.temp()
        defer { try? FileManager.default.removeItem(at: dir) }
        let ws = dir.appendingPathComponent("w.sqlite").path
        #expect(try CLI.run(["init", "--workspace", ws]).status == 0)
        let add = try CLI.run(["preference", "add", "OT-1", "--avoid", "--half", "pm", "--weight", "500", "--week", "2026-11-30", "--workspace", ws])
        #expect(add.status == 0 && add.out.contains("#1 OT-1 avoids PM (weight 500)"), "\(add.out) \(add.err)")
        let refused = try CLI.run(["preference", "add", "MHT-W", "--prefer", "--site", "PRU-DOV", "--week", "2026-11-30", "--workspace", ws])
        #expect(refused.status == 1 && refused.err.contains("MHT-W may not serve PRU-DOV"))
        #expect(try CLI.run(["preference", "add", "OT-1", "--avoid", "--week", "2026-11-30", "--workspace", ws]).status == 64)
        #expect(try CLI.run(["plan", "--week", "2026-11-30", "--quiet", "--workspace", ws]).status == 0)
        let shown = try CLI.run(["show", "--week", "2026-11-30", "--format", "json", "--workspace", ws])
        struct R: Decodable { struct A: Decodable { var post: String; var half: String }; var assignments: [A] }
        let rota = try JSONDecoder().decode(R.self, from: Data(shown.out.utf8))
        #expect(!rota.assignments.contains { $0.post == "OT-1" && $0.half.lowercased() == "pm" }, "500 a session outweighs what OT-1's afternoons gave")
        // Without it, OT-1 works an afternoon that week.
        let plain = try JSONDecoder().decode(R.self, from: Data(try CLI.run(["rota", "--format", "json", "--quiet"]).out.utf8))
        #expect(plain.assignments.contains { $0.post == "OT-1" && $0.half.lowercased() == "pm" })
        #expect(try CLI.run(["preference", "list", "--workspace", ws]).out.contains("OT-1  avoid  PM"))
        #expect(try CLI.run(["preference", "remove", "1", "--workspace", ws]).status == 0)
        #expect(try CLI.run(["preference", "list", "--workspace", ws]).out.contains("No preferences recorded."))
        #expect(try CLI.run(["history", "--workspace", ws]).out.contains("preference remove"))
    }

    @Test func aBadRotaFileIsRefusedWithItsLine() throws {
        let dir = CLI.temp()
        defer { try? FileManager.default.removeItem(at: dir) }
        let bad = dir.appendingPathComponent("bad.csv").path
        try "week,date,day,half,post,site\n1,2026-11-30,mon,AM,EP-9,HUB\n".write(toFile: bad, atomically: true, encoding: .utf8)
        let r = try CLI.run(["check", bad])
        #expect(r.status == 1)
        #expect(r.err.contains("bad.csv:2: post: unknown post \"EP-9\""), "\(r.err)")
    }

    @Test func theWorkspaceCalendarIsShownClosedAndReopenedAndLogged() throws {
        let dir = CLI.temp()
        defer { try? FileManager.default.removeItem(at: dir) }
        let ws = dir.appendingPathComponent("w.sqlite").path
        #expect(try CLI.run(["init", "--workspace", ws, "--start", "2026-12-14", "--weeks", "3"]).status == 0)
        let show = try CLI.run(["calendar", "show", "--week", "2026-12-21", "--site", "HUB", "--workspace", ws])
        #expect(show.status == 0)
        #expect(show.out.contains("bank holidays: Fri 2026-12-25 Christmas Day"), "\(show.out)")
        let close = try CLI.run(["calendar", "close", "PRU-DOV", "2026-12-15", "--to", "2026-12-16", "--reason", "boiler repair", "--workspace", ws])
        #expect(close.status == 0 && close.out.contains("Closed: PRU-DOV 2026-12-15 to 2026-12-16 (boiler repair)"))
        let pin = try CLI.run(["pin", "add", "EP-1", "PRU-DOV", "2026-12-15", "am", "--workspace", ws])
        #expect(pin.status == 1 && pin.err.contains("PRU-DOV is closed that day (closed: boiler repair)"), "\(pin.err)")
        let holiday = try CLI.run(["absence", "add", "MHT-W", "2026-12-25", "--workspace", ws])
        #expect(holiday.status == 1 && holiday.err.contains("bank holiday (Christmas Day)"))
        #expect(try CLI.run(["calendar", "reopen", "PRU-DOV", "2026-12-16", "--workspace", ws]).status == 0)
        let log = try CLI.run(["history", "--workspace", ws])
        #expect(log.out.contains("calendar close") && log.out.contains("calendar reopen"))
    }

    @Test func aNewerFeedIsImportedIntoAScenarioFileBothFilesOrNeither() throws {
        let dir = CLI.temp()
        defer { try? FileManager.default.removeItem(at: dir) }
        let scenario = dir.appendingPathComponent("s.yaml")
        let base = try CLI.run(["rota", "--format", "json", "--quiet"])
        #expect(base.status == 0)
        // The embedded scenario as a file of its own.
        let yaml = try #require(try embeddedScenario())
        try yaml.write(to: scenario, atomically: true, encoding: .utf8)
        let feed = dir.appendingPathComponent("feed.json").path
        try #"{"england-and-wales":{"division":"england-and-wales","events":[{"title":"One-off","date":"2026-12-04","notes":"","bunting":true}]}}"#
            .write(toFile: feed, atomically: true, encoding: .utf8)
        let r = try CLI.run(["calendar", "import", feed, "--scenario", scenario.path])
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out.contains("new: 2026-12-04 One-off"))
        let updated = try String(contentsOf: scenario, encoding: .utf8)
        #expect(updated.contains("calendar:\n  bank_holidays: bank-holidays.json"))
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("bank-holidays.json").path))
        let bad = dir.appendingPathComponent("bad.json").path
        try "{\"scotland\": {\"division\": \"scotland\", \"events\": []}}".write(toFile: bad, atomically: true, encoding: .utf8)
        let refused = try CLI.run(["calendar", "import", bad, "--scenario", scenario.path])
        #expect(refused.status == 1 && refused.err.contains("no england-and-wales division"))
        #expect(try String(contentsOf: scenario, encoding: .utf8) == updated, "nothing changed")
        // A workspace made from the scenario keeps the feed, even once the file is gone.
        let ws = dir.appendingPathComponent("w.sqlite").path
        #expect(try CLI.run(["init", scenario.path, "--workspace", ws]).status == 0)
        try FileManager.default.removeItem(at: dir.appendingPathComponent("bank-holidays.json"))
        let show = try CLI.run(["calendar", "show", "--site", "HUB", "--workspace", ws])
        #expect(show.status == 0 && show.out.contains("bank holidays: Fri 2026-12-04 One-off"), "\(show.out) \(show.err)")
    }

    func embeddedScenario() throws -> String? {
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Scenarios/kent-medway.yaml")
        return try String(contentsOf: file, encoding: .utf8)
    }
}

/// The Christmas weeks and a half term, planned through the CLI and the workspace.
@Suite(.serialized) struct SchoolYearCLITests {
    struct RotaJSON: Decodable {
        struct A: Decodable { var date: String; var site: String; var post: String }
        struct C: Decodable { var site: String; var reason: String; var sessions: Int }
        var assignments: [A]
        var closed_demand: [C]?
        var unmet: [C]?
    }
    static let prus = ["PRU-DART", "PRU-GILL", "PRU-CHAT", "PRU-TW", "PRU-MARG", "PRU-DOV", "PRU-FOLK", "PRU-CANT"]

    func scenario(start: String, weeks: Int, in dir: URL) throws -> String {
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Scenarios/kent-medway.yaml")
        let yaml = try String(contentsOf: file, encoding: .utf8)
            .replacingOccurrences(of: "start: 2026-11-30", with: "start: \(start)")
            .replacingOccurrences(of: "\nweeks: 1\n", with: "\nweeks: \(weeks)\n")
        let path = dir.appendingPathComponent("s.yaml").path
        try yaml.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func decode(_ text: String) throws -> RotaJSON { try JSONDecoder().decode(RotaJSON.self, from: Data(text.utf8)) }

    @Test func theChristmasWeeksHaveNoPRUSessionsAndNoneOnTheBankHolidays() throws {
        let dir = CLI.temp()
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try CLI.run(["rota", try scenario(start: "2026-12-21", weeks: 2, in: dir), "--format", "json", "--quiet"])
        #expect(r.status == 0, "\(r.err)")
        let rota = try decode(r.out)
        #expect(!rota.assignments.isEmpty, "the hub and spokes stay open")
        #expect(rota.assignments.allSatisfy { !["2026-12-25", "2026-12-28", "2027-01-01"].contains($0.date) })
        #expect(rota.assignments.allSatisfy { !Self.prus.contains($0.site) })
        #expect(rota.unmet?.isEmpty ?? true, "closed demand is not unmet")
        #expect(rota.closed_demand?.contains { $0.site == "PRU-DOV" && $0.reason == "PRU closed: Christmas holiday" } == true)
        let table = try CLI.run(["rota", try scenario(start: "2026-12-21", weeks: 2, in: dir), "--quiet"])
        #expect(table.out.contains("Fri 25 Dec 2026: every site: bank holiday: Christmas Day"))
        #expect(table.err.contains("medway term dates are assumed"))
        let ics = dir.appendingPathComponent("ics")
        #expect(try CLI.run(["rota", try scenario(start: "2026-12-21", weeks: 2, in: dir), "--format", "ics", "--output", ics.path, "--quiet"]).status == 0)
        let days = try #require(try readCalendars(ics, key: "days"))
        #expect(days["post-EP-1.ics"]?.map { $0["summary"] ?? "" } == ["Bank holiday: Christmas Day", "Bank holiday: Boxing Day (substitute day)", "Bank holiday: New Year’s Day"])
        #expect(days["site-PRU-DOV.ics"]?.contains { $0["date"] == "2026-12-22" && $0["summary"] == "PRU closed: Christmas holiday" } == true)
        #expect(days["site-HUB.ics"]?.map { $0["date"] ?? "" } == ["2026-12-25", "2026-12-28", "2027-01-01"])
    }

    @Test func theWorkspacePlansTheChristmasWeeksTheSameWay() throws {
        let dir = CLI.temp()
        defer { try? FileManager.default.removeItem(at: dir) }
        let ws = dir.appendingPathComponent("w.sqlite").path
        #expect(try CLI.run(["init", "--workspace", ws, "--start", "2026-12-14", "--weeks", "4"]).status == 0)
        for week in ["2026-12-21", "2026-12-28"] {
            let plan = try CLI.run(["plan", "--week", week, "--quiet", "--workspace", ws])
            #expect(plan.status == 0, "\(plan.err)")
            #expect(plan.err.contains("closed all week (PRU closed: Christmas holiday)"), "\(plan.err)")
            let shown = try CLI.run(["show", "--week", week, "--format", "json", "--workspace", ws])
            let rota = try decode(shown.out)
            #expect(rota.assignments.allSatisfy { !["2026-12-25", "2026-12-28", "2027-01-01"].contains($0.date) && !Self.prus.contains($0.site) })
        }
    }

    @Test func aHalfTermWeekGivesTheClosedPRUsNoSessions() throws {
        let dir = CLI.temp()
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try CLI.run(["rota", try scenario(start: "2027-02-15", weeks: 2, in: dir), "--format", "json", "--quiet"])
        #expect(r.status == 0, "\(r.err)")
        let rota = try decode(r.out)
        #expect(rota.assignments.filter { Self.prus.contains($0.site) }.allSatisfy { $0.date >= "2027-02-22" })
        #expect(rota.assignments.contains { Self.prus.contains($0.site) && $0.date >= "2027-02-22" }, "the PRUs reopen in week 2")
        #expect(rota.closed_demand?.allSatisfy { $0.reason == "PRU closed: February half term" } == true)
    }
}
