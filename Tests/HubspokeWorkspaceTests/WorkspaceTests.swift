import Foundation
import Testing
import HubspokeModel
import HubspokeScenarioIO
import HubspokePlanner
@testable import HubspokeWorkspace

/// A fresh Kent and Medway workspace in its own temporary folder.
func makeWorkspace(weeks: Int = 8) throws -> (Workspace, URL) {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hubspoke-ws-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    let path = dir.appendingPathComponent("ws.sqlite").path
    let calendar = WeekCalendar(start: CalendarDate(iso: "2026-11-30")!, weeks: weeks)
    return (try Workspace.create(at: path, scenario: try ScenarioSource.named(nil), calendar: calendar), dir)
}

func day(_ s: String) -> CalendarDate { CalendarDate(iso: s)! }
let week1 = day("2026-11-30"), week2 = day("2026-12-07")

/// Expects a bad-input error whose message contains `text`, and no change to the workspace.
func expectRefused(_ ws: Workspace, _ text: String, sourceLocation: SourceLocation = #_sourceLocation,
                   _ body: () throws -> Void) throws {
    let before = try ws.overview()
    do {
        try body()
        Issue.record("expected an error containing \"\(text)\"", sourceLocation: sourceLocation)
    } catch {
        let e = error as? WorkspaceError
        #expect(e?.kind == .badInput, sourceLocation: sourceLocation)
        #expect(e?.description.contains(text) == true, "\(error)", sourceLocation: sourceLocation)
    }
    #expect(try ws.overview() == before, "nothing changed", sourceLocation: sourceLocation)
}

@Suite struct WorkspaceTests {
    @Test func createStoresTheScenarioAndReopens() throws {
        let (ws, dir) = try makeWorkspace()
        let counts = try ws.overview()
        #expect(counts["sites"] == 11 && counts["posts"] == 10 && counts["roles"] == 6)
        #expect(counts["change_log"] == 1)
        let again = try Workspace.open(at: ws.path)
        #expect(again.calendar == WeekCalendar(start: week1, weeks: 8))
        #expect(try again.scenario().name == "Kent and Medway hub and spokes")
        #expect(try again.history().first?.command == "init")
        // Created once: a second create at the same path is refused and leaves the first alone.
        #expect(throws: WorkspaceError.self) {
            try Workspace.create(at: ws.path, scenario: try ScenarioSource.named("teaching"), calendar: again.calendar)
        }
        #expect(try Workspace.open(at: ws.path).scenario().name == "Kent and Medway hub and spokes")
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("ws.sqlite").path))
    }

    @Test func aNewerSchemaIsRefusedAndLeftUnchanged() throws {
        let (ws, dir) = try makeWorkspace()
        try ws.executeUnchecked("INSERT INTO grdb_migrations (identifier) VALUES ('v99-from-the-future')")
        let path = ws.path
        let before = FileManager.default.contents(atPath: path)
        do {
            _ = try Workspace.open(at: path)
            Issue.record("a newer workspace was opened")
        } catch {
            #expect(error.kind == .badInput)
            #expect(error.description.contains("newer version of hubspoke") && error.description.contains("v99-from-the-future"), "\(error)")
        }
        #expect(FileManager.default.contents(atPath: path) == before)

        let other = dir.appendingPathComponent("other.sqlite").path
        try Data("not a database at all".utf8).write(to: URL(fileURLWithPath: other))
        #expect { try Workspace.open(at: other) } throws: { ($0 as? WorkspaceError)?.description.contains("not a hubspoke workspace") == true }
        #expect { try Workspace.open(at: dir.appendingPathComponent("missing.sqlite").path) } throws: {
            ($0 as? WorkspaceError)?.description.contains("hubspoke init") == true
        }
    }

    @Test func absencesAreCheckedRecordedAndRemoved() throws {
        let (ws, _) = try makeWorkspace()
        try expectRefused(ws, "unknown post \"EP-9\"") { _ = try ws.addAbsence(post: "EP-9", dates: [day("2026-12-02")], half: nil, reason: nil) }
        try expectRefused(ws, "is a Saturday") { _ = try ws.addAbsence(post: "EP-1", dates: [day("2026-12-05")], half: nil, reason: nil) }
        try expectRefused(ws, "not in this workspace's calendar") { _ = try ws.addAbsence(post: "EP-1", dates: [day("2027-12-01")], half: nil, reason: nil) }
        // All or nothing: a bad date among good ones records none of them.
        try expectRefused(ws, "is a Sunday") { _ = try ws.addAbsence(post: "EP-1", dates: [day("2026-12-03"), day("2026-12-06")], half: nil, reason: nil) }

        let change = try ws.addAbsence(post: "MHT-1", dates: [day("2026-12-03")], half: .pm, reason: "training")
        #expect(change.absences.count == 1)
        try expectRefused(ws, "already recorded as absent") { _ = try ws.addAbsence(post: "MHT-1", dates: [day("2026-12-03")], half: nil, reason: nil) }
        _ = try ws.addAbsence(post: "MHT-1", dates: [day("2026-12-03")], half: .am, reason: nil)
        #expect(try ws.absences(post: "MHT-1").map(\.half) == [.am, .pm])
        try expectRefused(ws, "no absence of MHT-1") { _ = try ws.removeAbsence(post: "MHT-1", date: day("2026-12-03"), half: nil) }
        _ = try ws.removeAbsence(post: "MHT-1", date: day("2026-12-03"), half: .pm)
        #expect(try ws.absences(week: week1).count == 1)
        #expect(try ws.history().map(\.command) == ["init", "absence add", "absence add", "absence remove"])
    }

    @Test func demandIsImportedForAKnownWeekOnly() throws {
        let (ws, _) = try makeWorkspace()
        let items = try DemandCSV.parse("site,role,sessions,priority\nPRU-DART,EP,3,urgent\nPRU-GILL,MHT,3,high\n", file: "w.csv")
        try expectRefused(ws, "is a Wednesday, not a Monday") { _ = try ws.importDemand(week: day("2026-12-02"), items: items, source: "w.csv") }
        try expectRefused(ws, "not in this workspace's calendar") { _ = try ws.importDemand(week: day("2027-11-29"), items: items, source: "w.csv") }
        let bad = try DemandCSV.parse("site,role,sessions,priority\nPRU-DART,EP,2,urgent\nPRU-NOWHERE,EP,1,high\n", file: "bad.csv")
        try expectRefused(ws, "bad.csv:3: site: unknown site \"PRU-NOWHERE\"") { _ = try ws.importDemand(week: week1, items: bad, source: "bad.csv") }

        #expect(try ws.demand(week: week1).imported == false)
        let d = try ws.importDemand(week: week1, items: items, source: "w.csv")
        #expect(d.imported && d.sessions == 6)
        #expect(d.rows.first == WeekDemand.Row(site: "PRU-DART", role: "EP", priority: .urgent, sessions: 3))
        // Another week still uses the scenario's demand.
        #expect(try ws.demand(week: week2).imported == false)
    }

    @Test func impossiblePinsAreRefusedWithTheReason() throws {
        let (ws, _) = try makeWorkspace()
        _ = try ws.addAbsence(post: "MHT-W", dates: [day("2026-12-03")], half: nil, reason: nil)
        let at = DatedHalf(day("2026-12-01"), .am)
        // EP-1 is on leave on 2 December in the scenario; MHT-W recorded absent on the 3rd.
        try expectRefused(ws, "conflicts with leave: EP-1 is absent on 2026-12-02") { _ = try ws.addSessionRule(.pin, post: "EP-1", site: "PRU-DART", at: DatedHalf(day("2026-12-02"), .am)) }
        try expectRefused(ws, "conflicts with leave: MHT-W is absent on 2026-12-03") { _ = try ws.addSessionRule(.pin, post: "MHT-W", site: "PRU-DART", at: DatedHalf(day("2026-12-03"), .pm)) }
        try expectRefused(ws, "MHT-W may not serve PRU-DOV") { _ = try ws.addSessionRule(.pin, post: "MHT-W", site: "PRU-DOV", at: at) }
        try expectRefused(ws, "who does not work Fri PM") { _ = try ws.addSessionRule(.pin, post: "OT-1", site: "PRU-TW", at: DatedHalf(day("2026-12-04"), .pm)) }
        try expectRefused(ws, "unknown site \"PRU-X\"") { _ = try ws.addSessionRule(.pin, post: "EP-1", site: "PRU-X", at: at) }
        _ = try ws.addSessionRule(.pin, post: "EP-1", site: "PRU-DART", at: at)
        try expectRefused(ws, "already pinned at PRU-DART") { _ = try ws.addSessionRule(.pin, post: "EP-1", site: "PRU-MARG", at: at) }
        try expectRefused(ws, "conflicts with a forbid") { _ = try ws.addSessionRule(.forbid, post: "EP-1", site: "PRU-DART", at: at) }
        // Morning in Dartford, afternoon in Margate: too far apart at lunch.
        try expectRefused(ws, "conflict with travel") { _ = try ws.addSessionRule(.pin, post: "EP-1", site: "PRU-MARG", at: DatedHalf(day("2026-12-01"), .pm)) }

        // The plan honours the pin; recording an absence then removes the pin with it.
        let plan = try ws.plan(week: week1)
        #expect(plan.rota.assignments.contains { $0.post == "EP-1" && $0.site == "PRU-DART" && $0.date == at.date && $0.half == .am })
        let change = try ws.addAbsence(post: "EP-1", dates: [at.date], half: .am, reason: nil)
        #expect(change.removedPins.map(\.site) == ["PRU-DART"])
        #expect(try ws.sessionRules(week: week1).isEmpty)
    }

    @Test func rotaVersionsAndTheLogAreNeverRewritten() throws {
        let (ws, _) = try makeWorkspace()
        let a = try ws.plan(week: week1), b = try ws.plan(week: week1)
        #expect(a.version.version == 1 && b.version.version == 2 && b.version.status == .draft)
        for sql in ["UPDATE rota_assignments SET site = 'HUB'", "DELETE FROM rota_assignments", "DELETE FROM rotas",
                    "UPDATE rotas SET objective = 0", "UPDATE change_log SET summary = ''", "DELETE FROM change_log"] {
            #expect(throws: (any Error).self, "\(sql)") { try ws.executeUnchecked(sql) }
        }
        _ = try ws.publish(week: week1, version: 1, exportsTo: FileManager.default.temporaryDirectory.appendingPathComponent("hubspoke-ex-\(UUID().uuidString)").path)
        #expect(throws: (any Error).self) { try ws.executeUnchecked("UPDATE rotas SET status = 'draft' WHERE version = 1") }
        // The stored rota reads back as planned, byte for byte.
        let stored = try ws.storedRota(week: week1, version: 1)
        #expect(stored.rota.json() == a.rota.json())
        #expect(stored.rota.csv(scenario: stored.scenario) == a.rota.csv(scenario: a.scenario))
    }

    @Test func publishWritesEveryExportOrNothing() throws {
        let (ws, dir) = try makeWorkspace()
        _ = try ws.plan(week: week1)
        struct Broken: RotaExporter {
            struct Failure: Error {}
            var format: String { "html" }
            func files(for p: PublishedRota) throws -> [(path: String, data: Data)] { throw Failure() }
        }
        let folder = dir.appendingPathComponent("exports").path
        #expect(throws: WorkspaceError.self) { try ws.publish(week: week1, exportsTo: folder, exporters: RotaExporters.standard + [Broken()]) }
        #expect(try ws.versions(week: week1).first?.status == .draft)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).isEmpty)
        // A format of several files, one per post, in a folder of its own.
        struct Calendars: RotaExporter {
            var format: String { "ics" }
            func files(for p: PublishedRota) throws -> [(path: String, data: Data)] {
                p.scenario.posts.prefix(2).map { post in
                    ("\(fileName(for: p, extension: "ics"))/\(post.id).ics", Data("\(p.rota.assignments.filter { $0.post == post.id }.count)".utf8))
                }
            }
        }
        let out = try ws.publish(week: week1, exportsTo: folder, exporters: RotaExporters.standard + [Calendars()])
        #expect(out.files.map { $0.dropFirst(folder.count + 1) } == ["rota-2026-11-30-v1.csv", "rota-2026-11-30-v1.json", "rota-2026-11-30-v1.txt",
                                                                      "rota-2026-11-30-v1.ics/EP-1.ics", "rota-2026-11-30-v1.ics/MHT-1.ics"])
        #expect(try ws.versions(week: week1).first?.isCurrent == true)
    }

    @Test func repairKeepsDeliveredSessionsAndChangesLessThanPlanningAgain() throws {
        let (ws, dir) = try makeWorkspace()
        let folder = dir.appendingPathComponent("exports").path
        let v1 = try ws.plan(week: week1)
        _ = try ws.publish(week: week1, exportsTo: folder)
        // The busiest post on Thursday falls sick that morning (Thursday: on Wednesday afternoon the
        // default's team meeting leaves every post one session at most).
        let thursday = day("2026-12-03")
        let post = Dictionary(grouping: v1.rota.assignments.filter { $0.date == thursday }, by: \.post)
            .max { ($0.value.count, $1.key) < ($1.value.count, $0.key) }!.key
        _ = try ws.addAbsence(post: post, dates: [thursday], half: nil, reason: "sick")
        let from = DatedHalf(thursday, .am)
        let repaired = try ws.repair(week: week1, from: from)
        let again = try ws.plan(week: week1)
        func before(_ r: Rota) -> [Assignment] { r.assignments.filter { DatedHalf($0.date, $0.half) < from } }
        #expect(before(repaired.rota) == before(v1.rota))
        #expect(!repaired.rota.assignments.contains { $0.post == post && $0.date == thursday })
        let repairChanges = repaired.changes!.changedSessions
        let (_, _, scratch) = try ws.diff(week: week1, 1, again.version.version)
        #expect(repairChanges >= 2 && repairChanges < scratch.changedSessions, "repair \(repairChanges), re-plan \(scratch.changedSessions)")
        #expect(repaired.version.kind == .repair && repaired.version.repairedVersion == 1 && repaired.version.repairFrom == from)
        // The repair's objective has its own term, and the total still matches the solver's.
        #expect(repaired.rota.objective.terms.last?.quantity == Double(repairChanges))
        #expect(abs(repaired.rota.objective.total - (repaired.rota.solver.objective ?? .nan)) < 1e-6)
        // Repairing an unpublished week, or from a day outside it, is refused.
        try expectRefused(ws, "has no published rota to repair") { _ = try ws.repair(week: week2, from: DatedHalf(day("2026-12-09"), .am)) }
        try expectRefused(ws, "is not in the week of 2026-11-30") { _ = try ws.repair(week: week1, from: DatedHalf(day("2026-12-09"), .am)) }
    }

    @Test func theNextWeekKeepsCloseToThePublishedOne() throws {
        let (ws, dir) = try makeWorkspace()
        _ = try ws.plan(week: week1)
        let first = try ws.plan(week: week2)
        #expect(first.previous == nil)
        let published = try ws.publish(week: week1, version: 1, exportsTo: dir.path)
        let next = try ws.plan(week: week2)
        #expect(next.previous?.id == published.version.id)
        #expect(next.version.previous == "2026-11-30 v1")
        let continuity = next.rota.objective.terms.first { $0.name.hasPrefix("continuity") }!
        #expect(continuity.unit == "of \(published.version.sessions) sessions")
    }

    @Test func twoConnectionsWritingAtOnceLoseNothing() throws {
        let (ws, _) = try makeWorkspace(weeks: 52)
        let path = ws.path
        let posts = ["MHT-1", "FSW-1"]
        let errors = ErrorBox()
        DispatchQueue.concurrentPerform(iterations: 2) { i in
            do {
                let mine = try Workspace.open(at: path)
                // 40 working days from 2026-11-30 that are not bank holidays (Christmas falls in week 4).
                let days = (0..<70).map { week1.adding(days: ($0 / 5) * 7 + $0 % 5) }.filter { BankHolidays.shipped.holiday(on: $0) == nil }
                for (k, date) in days.prefix(40).enumerated() {
                    _ = try mine.addAbsence(post: posts[i], dates: [date], half: nil, reason: "leave \(k)")
                }
            } catch { errors.add("\(error)") }
        }
        #expect(errors.all.isEmpty, "\(errors.all)")
        #expect(try ws.absences().count == 80)
        #expect(try ws.history().filter { $0.command == "absence add" }.count == 80)
    }
}

final class ErrorBox: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [String] = []
    func add(_ s: String) { lock.lock(); items.append(s); lock.unlock() }
    var all: [String] { lock.lock(); defer { lock.unlock() }; return items }
}
