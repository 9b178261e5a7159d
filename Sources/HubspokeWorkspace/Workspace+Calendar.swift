import Foundation
import GRDB
import HubspokeModel
import HubspokeSupport

/// A closure of a site recorded in the workspace (`hubspoke calendar close`).
public struct ClosureRecord: Sendable, Hashable {
    public var id: Int64
    public var site: String
    public var span: DateSpan
    public var reason: String
    public var createdAt: String

    static func fetch(_ db: Database, sql filter: String = "", arguments: StatementArguments = []) throws -> [ClosureRecord] {
        try Row.fetchAll(db, sql: """
            SELECT c.id, c.site, c.first_day, c.last_day, c.reason, c.created_at FROM calendar_closures c
            JOIN sites s ON s.id = c.site \(filter) ORDER BY c.first_day, s.position, c.id
            """, arguments: arguments).compactMap { row in
            guard let first = CalendarDate(iso: row["first_day"]), let last = CalendarDate(iso: row["last_day"]) else { return nil }
            return ClosureRecord(id: row["id"], site: row["site"], span: DateSpan(first, last), reason: row["reason"], createdAt: row["created_at"])
        }
    }
}

/// What closing a site did: the closure, and the pins on its days that were removed with it.
public struct ClosureChange: Sendable {
    public var closure: ClosureRecord
    public var removedPins: [SessionRuleRecord]
    /// Published weeks with sessions at the site on those days (to plan again).
    public var affectedWeeks: [CalendarDate]
}

/// One day of the calendar at one site, for `calendar show`.
public struct CalendarDay: Sendable, Hashable {
    public var date: CalendarDate
    public var site: String
    public var status: DayStatus
}

extension Workspace {
    /// The scenario's calendar with the workspace's changes: its imported bank-holiday feed and its closures.
    func serviceCalendar(_ db: Database, base: ServiceCalendar) throws -> ServiceCalendar {
        var calendar = base
        // A workspace from before schema v3, opened only to read, has no calendar tables yet.
        guard try db.tableExists("calendar_closures") else { return calendar }
        if let row = try Row.fetchOne(db, sql: "SELECT feed, source FROM bank_holiday_feed WHERE id = 1") {
            let feed = try BankHolidays(feed: Data((row["feed"] as String).utf8), file: row["source"])
            calendar.bankHolidays = calendar.bankHolidays.updated(with: feed)
        }
        calendar.closures += try ClosureRecord.fetch(db).map { SiteClosure(site: $0.site, span: $0.span, reason: $0.reason) }
        return calendar
    }

    /// The calendar the workspace plans with.
    public func serviceCalendar() throws(WorkspaceError) -> ServiceCalendar {
        let base = try scenario().calendar
        return try read { db in try serviceCalendar(db, base: base) }
    }

    /// Closures recorded in the workspace, by first day.
    public func closures() throws(WorkspaceError) -> [ClosureRecord] { try read { db in try ClosureRecord.fetch(db) } }

    /// Closes `site` from `first` to `last` for `reason`. Pins at the site on those days are removed
    /// with it (and listed); published weeks with sessions there are named, to plan again.
    public func closeSite(_ site: String, from first: CalendarDate, to last: CalendarDate, reason: String) throws(WorkspaceError) -> ClosureChange {
        let text = reason.trimmingCharacters(in: .whitespaces)
        guard !text.isEmpty, text.count <= 80, !text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw .bad("give a reason of 1 to 80 printable characters (no personal details), e.g. --reason \"building work\"")
        }
        guard last >= first else { throw .bad("\(last.iso) is before \(first.iso): give --to on or after the first day") }
        guard last.dayNumber - first.dayNumber < 366 else { throw .bad("a closure is at most a year long; record a longer one in the scenario's calendar") }
        _ = try calendar.checkWorkingDay(first.weekdayIndex < 5 ? first : first.adding(days: 7 - first.weekdayIndex), "closures")
        return try write { db in
            try checkSite(db, site)
            let overlapping = try ClosureRecord.fetch(db, sql: "WHERE c.site = ? AND c.first_day <= ? AND c.last_day >= ?", arguments: [site, last.iso, first.iso])
            if let other = overlapping.first {
                throw WorkspaceError.bad("\(site) is already closed \(other.span) (\(other.reason)): reopen it first to record a different closure")
            }
            let now = Clock.now()
            try db.execute(sql: "INSERT INTO calendar_closures (site, first_day, last_day, reason, created_at) VALUES (?, ?, ?, ?, ?)",
                           arguments: [site, first.iso, last.iso, text, now])
            let record = ClosureRecord(id: db.lastInsertedRowID, site: site, span: DateSpan(first, last), reason: text, createdAt: now)
            let pins = try SessionRuleRecord.fetch(db, sql: "WHERE r.kind = 'pin' AND r.site = ? AND r.date BETWEEN ? AND ?", arguments: [site, first.iso, last.iso])
            for pin in pins { try db.execute(sql: "DELETE FROM session_rules WHERE id = ?", arguments: [pin.id]) }
            var weeks: [CalendarDate] = []
            var monday = WeekCalendar.monday(of: first)
            while monday <= last {
                if let current = try RotaVersion.current(db, week: monday),
                   try current.assignments(db).contains(where: { $0.site == site && record.span.contains($0.date) }) { weeks.append(monday) }
                monday = monday.adding(days: 7)
            }
            try writeLog(db, command: "calendar close", week: weeks.count == 1 ? weeks.first : nil,
                         summary: "\(site) closed \(record.span): \(text)" + (pins.isEmpty ? "" : "; removed \(pins.map(\.description).joined(separator: ", "))"),
                         details: ["site": site, "from": first.iso, "to": last.iso, "reason": text, "id": String(record.id),
                                   "removed_pins": pins.map { String($0.id) }.joined(separator: " ")])
            return ClosureChange(closure: record, removedPins: pins, affectedWeeks: weeks)
        }
    }

    /// Removes the workspace's closure of `site` that covers `date`.
    public func reopenSite(_ site: String, on date: CalendarDate) throws(WorkspaceError) -> ClosureRecord {
        let base = try scenario().calendar
        return try write { db in
            try checkSite(db, site)
            guard let found = try ClosureRecord.fetch(db, sql: "WHERE c.site = ? AND c.first_day <= ? AND c.last_day >= ?", arguments: [site, date.iso, date.iso]).first else {
                let kind = try sites(db)[site] ?? .pru
                let status = base.status(of: site, kind: kind, on: date)
                let why = status.closure.map { ": that day is closed by the scenario's calendar (\($0.label)); change the scenario to open it" } ?? ""
                throw WorkspaceError.bad("no closure of \(site) covering \(date.iso) is recorded in this workspace\(why)")
            }
            try db.execute(sql: "DELETE FROM calendar_closures WHERE id = ?", arguments: [found.id])
            try writeLog(db, command: "calendar reopen", week: nil, summary: "\(site) reopened \(found.span) (was closed: \(found.reason))",
                         details: ["site": site, "from": found.span.first.iso, "to": found.span.last.iso, "reason": found.reason, "id": String(found.id)])
            return found
        }
    }

    /// Stores a newer bank-holiday feed: it replaces the shipped list for every year it covers.
    /// Returns the holidays it adds or moves against the calendar before.
    public func importBankHolidays(_ feed: BankHolidays, source: String) throws(WorkspaceError) -> (added: [BankHoliday], removed: [BankHoliday]) {
        let before = try serviceCalendar().bankHolidays
        let after = before.updated(with: feed)
        let added = after.holidays.filter { !before.holidays.contains($0) }
        let removed = before.holidays.filter { !after.holidays.contains($0) }
        let stored: BankHolidays
        if let old = try read({ db in try Row.fetchOne(db, sql: "SELECT feed, source FROM bank_holiday_feed WHERE id = 1") }) {
            do { stored = try BankHolidays(feed: Data((old["feed"] as String).utf8), file: old["source"]).updated(with: feed) }
            catch { throw .bad("the workspace's stored bank-holiday feed no longer reads: \(error.description)") }
        } else {
            stored = feed
        }
        let json = String(decoding: stored.feedJSON(), as: UTF8.self)
        try write { db in
            try db.execute(sql: "INSERT OR REPLACE INTO bank_holiday_feed (id, feed, source, imported_at) VALUES (1, ?, ?, ?)",
                           arguments: [json, source, Clock.now()])
            try writeLog(db, command: "calendar import", week: nil,
                         summary: "bank holidays from \(source): \(feed.holidays.count) listed, \(added.count) new or moved, \(removed.count) gone",
                         details: ["source": source, "years": feed.years.map { "\($0.lowerBound)-\($0.upperBound)" } ?? "",
                                   "added": added.map(\.date.iso).joined(separator: " "), "removed": removed.map(\.date.iso).joined(separator: " ")])
        }
        return (added, removed)
    }

    /// Every working day from `first` to `last`, at every site (or one), with its status.
    public func calendarDays(from first: CalendarDate, to last: CalendarDate, site: String? = nil) throws(WorkspaceError) -> [CalendarDay] {
        let scenario = try scenario()
        let calendar = try read { db in try serviceCalendar(db, base: scenario.calendar) }
        let sites = scenario.sites.filter { site == nil || $0.id == site }
        if let site, sites.isEmpty { throw .bad("unknown site \"\(site)\" (sites: \(scenario.sites.map(\.id).joined(separator: ", ")))") }
        var days: [CalendarDay] = []
        var day = first
        while day <= last {
            if day.weekdayIndex < 5 {
                for s in sites { days.append(CalendarDay(date: day, site: s.id, status: calendar.status(of: s.id, kind: s.kind, on: day))) }
            }
            day = day.adding(days: 1)
        }
        return days
    }

    /// Site kinds by id.
    func sites(_ db: Database) throws -> [String: SiteKind] {
        Dictionary(uniqueKeysWithValues: try Row.fetchAll(db, sql: "SELECT id, kind FROM sites").map { ($0["id"], SiteKind(rawValue: $0["kind"]) ?? .pru) })
    }
}
