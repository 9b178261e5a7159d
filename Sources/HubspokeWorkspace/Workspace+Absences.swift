import GRDB
import HubspokeModel

/// A recorded absence: a post away for a whole day or half of it.
public struct AbsenceRecord: Sendable, Hashable {
    public var id: Int64
    public var post: String
    public var date: CalendarDate
    /// nil: the whole day.
    public var half: Half?
    public var reason: String?
    public var createdAt: String

    public var when: String { "\(longDate(date)) \(half?.label ?? "(whole day)")" }

    static func fetch(_ db: Database, sql filter: String, arguments: StatementArguments = []) throws -> [AbsenceRecord] {
        try Row.fetchAll(db, sql: """
            SELECT a.id, a.post, a.date, a.half, a.reason, a.created_at FROM absences a JOIN posts p ON p.id = a.post
            \(filter) ORDER BY a.date, ifnull(a.half, ''), p.position
            """, arguments: arguments).map {
            AbsenceRecord(id: $0["id"], post: $0["post"], date: CalendarDate(iso: $0["date"])!, half: ($0["half"] as String?).flatMap { Half(key: $0) },
                          reason: $0["reason"], createdAt: $0["created_at"])
        }
    }
}

/// What recording an absence did.
public struct AbsenceChange: Sendable {
    public var absences: [AbsenceRecord]
    /// Pins of the post that fell on the absence, removed with it.
    public var removedPins: [SessionRuleRecord]
    /// Sessions of published rotas the absence takes away (to repair).
    public var affectedSessions: [(version: RotaVersion, sessions: [Assignment])]
    /// Bank holidays in a longer absence's days, not recorded (no post works then).
    public var skippedHolidays: [BankHoliday] = []
}

extension Workspace {
    /// Records an absence of `post` on each of `dates` (a whole day, or `half` of it). Pins of the post
    /// on those half-days are removed with it. All or nothing: any problem and nothing is recorded.
    public func addAbsence(post: String, dates: [CalendarDate], half: Half?, reason: String?) throws(WorkspaceError) -> AbsenceChange {
        guard !dates.isEmpty else { throw .bad("no date given") }
        if let r = reason, r.count > 200 { throw .bad("the reason is \(r.count) characters long; keep it under 200 (and keep personal details out of the workspace)") }
        let base = try scenario()
        return try write { db in
            try checkPost(db, post)
            let holidays = try serviceCalendar(db, base: base.calendar).bankHolidays
            let skipped = dates.compactMap { holidays.holiday(on: $0) }
            if skipped.count == dates.count, let first = skipped.first {
                throw WorkspaceError.bad("\(first.date.iso) is a bank holiday (\(first.label)): no post works then, so there is no absence to record")
            }
            var added: [AbsenceRecord] = []
            var removedPins: [SessionRuleRecord] = []
            let now = Clock.now()
            for date in dates where holidays.holiday(on: date) == nil {
                _ = try calendar.checkWorkingDay(date, "absences")
                let existing = try AbsenceRecord.fetch(db, sql: "WHERE a.post = ? AND a.date = ?", arguments: [post, date.iso])
                if let clash = existing.first(where: { $0.half == nil || half == nil || $0.half == half }) {
                    throw WorkspaceError.bad("\(post) is already recorded as absent on \(clash.when)\(clash.reason.map { " (\($0))" } ?? ""): remove that absence first to record a different one")
                }
                try db.execute(sql: "INSERT INTO absences (post, date, half, reason, created_at) VALUES (?, ?, ?, ?, ?)",
                               arguments: [post, date.iso, half?.key, reason, now])
                added.append(AbsenceRecord(id: db.lastInsertedRowID, post: post, date: date, half: half, reason: reason, createdAt: now))
                let pins = try SessionRuleRecord.fetch(db, sql: "WHERE r.kind = 'pin' AND r.post = ? AND r.date = ?\(half.map { " AND r.half = '\($0.key)'" } ?? "")",
                                                       arguments: [post, date.iso])
                for pin in pins { try db.execute(sql: "DELETE FROM session_rules WHERE id = ?", arguments: [pin.id]) }
                removedPins += pins
            }
            let weeks = Set(dates.map(WeekCalendar.monday(of:)))
            var affected: [(version: RotaVersion, sessions: [Assignment])] = []
            for week in weeks.sorted() {
                guard let current = try RotaVersion.current(db, week: week) else { continue }
                let hit = try current.assignments(db).filter { a in
                    a.post == post && added.contains { $0.date == a.date && ($0.half == nil || $0.half == a.half) }
                }
                if !hit.isEmpty { affected.append((current, hit)) }
            }
            let whenText = added.map(\.when).joined(separator: ", ")
            try writeLog(db, command: "absence add", week: weeks.count == 1 ? weeks.first : nil,
                    summary: "\(post) absent \(whenText)\(reason.map { ": \($0)" } ?? "")"
                        + (removedPins.isEmpty ? "" : "; removed \(removedPins.map(\.description).joined(separator: ", "))"),
                    details: ["post": post, "dates": added.map(\.date.iso).joined(separator: " "), "half": half?.key ?? "day",
                              "reason": reason ?? "", "ids": added.map { String($0.id) }.joined(separator: " "),
                              "removed_pins": removedPins.map { String($0.id) }.joined(separator: " ")])
            return AbsenceChange(absences: added, removedPins: removedPins, affectedSessions: affected, skippedHolidays: skipped)
        }
    }

    /// Removes the absence of `post` on `date` (whole day when `half` is nil).
    public func removeAbsence(post: String, date: CalendarDate, half: Half?) throws(WorkspaceError) -> AbsenceRecord {
        try write { db in
            try checkPost(db, post)
            let found = try AbsenceRecord.fetch(db, sql: "WHERE a.post = ? AND a.date = ? AND ifnull(a.half, 'day') = ?",
                                                arguments: [post, date.iso, half?.key ?? "day"])
            guard let a = found.first else {
                let others = try AbsenceRecord.fetch(db, sql: "WHERE a.post = ? AND a.date = ?", arguments: [post, date.iso])
                throw WorkspaceError.bad("no absence of \(post) is recorded on \(longDate(date)) \(half?.label ?? "(whole day)")"
                                         + (others.isEmpty ? "" : "; recorded that day: \(others.map(\.when).joined(separator: ", "))"))
            }
            try db.execute(sql: "DELETE FROM absences WHERE id = ?", arguments: [a.id])
            try writeLog(db, command: "absence remove", week: WeekCalendar.monday(of: date), summary: "\(post) no longer absent \(a.when)",
                    details: ["post": post, "date": date.iso, "half": half?.key ?? "day", "id": String(a.id), "reason": a.reason ?? ""])
            return a
        }
    }

    /// Recorded absences, by date, optionally of one post or one week.
    public func absences(post: String? = nil, week: CalendarDate? = nil) throws(WorkspaceError) -> [AbsenceRecord] {
        if let week { _ = try calendar.index(ofWeek: week) }
        return try read { db in
            if let post { try checkPost(db, post) }
            var clauses: [String] = [], args: [DatabaseValueConvertible] = []
            if let post { clauses.append("a.post = ?"); args.append(post) }
            if let week { clauses.append("a.date BETWEEN ? AND ?"); args += [week.iso, week.adding(days: 6).iso] }
            return try AbsenceRecord.fetch(db, sql: clauses.isEmpty ? "" : "WHERE " + clauses.joined(separator: " AND "),
                                           arguments: StatementArguments(args))
        }
    }
}
