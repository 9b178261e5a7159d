import Foundation
import Testing
import HubspokeModel
import HubspokePlanner
@testable import HubspokeWorkspace

/// Closures, bank holidays and the imported feed in the workspace, each change logged.
@Suite struct WorkspaceCalendarTests {
    @Test func aClosureClosesTheSiteForItsDaysAndIsLogged() throws {
        let (ws, dir) = try makeWorkspace()
        defer { try? FileManager.default.removeItem(at: dir) }
        let change = try ws.closeSite("PRU-DOV", from: day("2026-12-02"), to: day("2026-12-03"), reason: "boiler repair")
        #expect(change.closure.span == DateSpan(day("2026-12-02"), day("2026-12-03")))
        let days = try ws.calendarDays(from: week1, to: week1.adding(days: 4), site: "PRU-DOV")
        #expect(days.map { $0.status.closure?.label ?? "open" } == ["open", "open", "closed: boiler repair", "closed: boiler repair", "open"])
        let base = try ws.scenario()
        let week = try ws.read { db in var notes: [String] = []; return try ws.weekScenario(db, week: week1, base: base, notes: &notes).0 }
        #expect(week.closure(of: "PRU-DOV", on: day("2026-12-02"))?.reason == "boiler repair")
        #expect(try ws.history().last?.command == "calendar close")
        let reopened = try ws.reopenSite("PRU-DOV", on: day("2026-12-03"))
        #expect(reopened.reason == "boiler repair")
        #expect(try ws.closures().isEmpty)
        #expect(try ws.history().last?.summary.contains("reopened") == true)
    }

    @Test func closingRemovesThePinsOfItsDaysAndAPinOnAClosedDayIsRefused() throws {
        let (ws, dir) = try makeWorkspace()
        defer { try? FileManager.default.removeItem(at: dir) }
        _ = try ws.addSessionRule(.pin, post: "EP-1", site: "PRU-DOV", at: DatedHalf(day("2026-12-03"), .am))
        let change = try ws.closeSite("PRU-DOV", from: day("2026-12-03"), to: day("2026-12-03"), reason: "flood")
        #expect(change.removedPins.map(\.post) == ["EP-1"])
        try expectRefused(ws, "PRU-DOV is closed that day (closed: flood)") {
            _ = try ws.addSessionRule(.pin, post: "EP-1", site: "PRU-DOV", at: DatedHalf(day("2026-12-03"), .pm))
        }
        try expectRefused(ws, "already closed") { _ = try ws.closeSite("PRU-DOV", from: day("2026-12-01"), to: day("2026-12-04"), reason: "x") }
        try expectRefused(ws, "a reason of 1 to 80") { _ = try ws.closeSite("PRU-TW", from: day("2026-12-01"), to: day("2026-12-01"), reason: " ") }
        try expectRefused(ws, "no closure of PRU-TW") { _ = try ws.reopenSite("PRU-TW", on: day("2026-12-01")) }
    }

    @Test func noAbsenceIsRecordedOnABankHoliday() throws {
        let (ws, dir) = try makeWorkspace(weeks: 6)
        defer { try? FileManager.default.removeItem(at: dir) }
        try expectRefused(ws, "2026-12-25 is a bank holiday (Christmas Day)") {
            _ = try ws.addAbsence(post: "MHT-W", dates: [day("2026-12-25")], half: nil, reason: nil)
        }
        let range = try ws.addAbsence(post: "MHT-W", dates: [day("2026-12-24"), day("2026-12-25"), day("2026-12-28"), day("2026-12-29")], half: nil, reason: "leave")
        #expect(range.absences.map(\.date.iso) == ["2026-12-24", "2026-12-29"])
        #expect(range.skippedHolidays.map(\.title) == ["Christmas Day", "Boxing Day"])
    }

    @Test func anImportedFeedReplacesTheYearsItCoversAndIsKept() throws {
        let (ws, dir) = try makeWorkspace()
        defer { try? FileManager.default.removeItem(at: dir) }
        var events = BankHolidays.shipped.holidays.filter { $0.date.year == 2026 }
        events.append(BankHoliday(date: day("2026-12-03"), title: "A one-off bank holiday"))
        let change = try ws.importBankHolidays(BankHolidays(events), source: "gov.json")
        #expect(change.added.map(\.date.iso) == ["2026-12-03"] && change.removed.isEmpty)
        let again = try Workspace.openReadOnly(at: ws.path)
        #expect(try again.serviceCalendar().bankHolidays.holiday(on: day("2026-12-03"))?.title == "A one-off bank holiday")
        #expect(try again.serviceCalendar().bankHolidays.holiday(on: day("2027-03-26"))?.title == "Good Friday")
        #expect(try ws.history().last?.command == "calendar import")
    }
}
