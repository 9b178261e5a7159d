import GRDB
import HubspokeModel
import HubspokeSupport

/// A staff preference recorded for one week (`hubspoke preference add`).
public struct PreferenceRecord: Sendable, Hashable, CustomStringConvertible {
    public var id: Int64
    public var week: CalendarDate
    public var post: String
    public var kind: StaffPreference.Kind
    public var site: String?
    public var weekday: Weekday?
    public var half: Half?
    public var weight: Double
    public var createdAt: String

    /// The preference as the planner takes it.
    public func preference(source: SourceRef? = nil) -> StaffPreference {
        StaffPreference(post: post, kind: kind, site: site, weekday: weekday, half: half, weight: weight, source: source)
    }

    public var description: String { "#\(id) \(post) \(kind.rawValue)s \(preference(source: nil).what) (weight \(fixed(weight, weight == weight.rounded() ? 0 : 2))) in the week of \(week.iso)" }

    static func fetch(_ db: Database, week: CalendarDate? = nil) throws -> [PreferenceRecord] {
        guard try db.tableExists("preferences") else { return [] }
        return try Row.fetchAll(db, sql: """
            SELECT f.* FROM preferences f JOIN posts p ON p.id = f.post
            \(week == nil ? "" : "WHERE f.week = ?") ORDER BY f.week, p.position, f.id
            """, arguments: week.map { [$0.iso] } ?? []).compactMap { row in
            guard let week = CalendarDate(iso: row["week"]), let kind = StaffPreference.Kind(rawValue: row["kind"]) else { return nil }
            return PreferenceRecord(id: row["id"], week: week, post: row["post"], kind: kind, site: row["site"],
                                    weekday: (row["weekday"] as Int?).flatMap(Weekday.init(rawValue:)), half: (row["half"] as String?).flatMap(Half.init(key:)),
                                    weight: row["weight"], createdAt: row["created_at"])
        }
    }
}

extension Workspace {
    /// Records a preference of `post` for the week: checked with the week's scenario (a known post,
    /// a site it may serve), so a preference that could not hold is refused and nothing is recorded.
    public func addPreference(week: CalendarDate, post: String, kind: StaffPreference.Kind, site: String?, weekday: Weekday?,
                              half: Half?, weight: Double) throws(WorkspaceError) -> PreferenceRecord {
        guard site != nil || weekday != nil || half != nil else { throw .bad("name a site (--site), a day (--day) and/or a half (--half)") }
        guard (0...1000).contains(weight) else { throw .bad("--weight \(weight) is out of range (0 to 1000)") }
        let base = try scenario()
        return try write { db in
            _ = try calendar.index(ofWeek: week)
            try checkPost(db, post)
            if let site { try checkSite(db, site) }
            let now = Clock.now()
            try db.execute(sql: "INSERT INTO preferences (week, post, kind, site, weekday, half, weight, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                           arguments: [week.iso, post, kind.rawValue, site, weekday?.rawValue, half?.key, weight, now])
            let record = PreferenceRecord(id: db.lastInsertedRowID, week: week, post: post, kind: kind, site: site, weekday: weekday,
                                          half: half, weight: weight, createdAt: now)
            var notes: [String] = []
            do { _ = try weekScenario(db, week: week, base: base, notes: &notes) } catch let e as WeekProblems {
                throw WorkspaceError.bad("cannot record the preference:\n" + e.lines)
            }
            try writeLog(db, command: "preference add", week: week, summary: record.description,
                         details: ["id": String(record.id), "post": post, "kind": kind.rawValue, "site": site ?? "", "day": weekday?.key ?? "",
                                   "half": half?.key ?? "", "weight": String(weight)])
            return record
        }
    }

    /// Removes a recorded preference by its number.
    public func removePreference(id: Int64) throws(WorkspaceError) -> PreferenceRecord {
        try write { db in
            guard let found = try PreferenceRecord.fetch(db).first(where: { $0.id == id }) else {
                throw WorkspaceError.bad("no preference #\(id) is recorded (hubspoke preference list shows them)")
            }
            try db.execute(sql: "DELETE FROM preferences WHERE id = ?", arguments: [id])
            try writeLog(db, command: "preference remove", week: found.week, summary: "removed \(found.description)",
                         details: ["id": String(id), "post": found.post, "kind": found.kind.rawValue])
            return found
        }
    }

    /// Recorded preferences, by week and post order, of one week or all.
    public func preferences(week: CalendarDate? = nil) throws(WorkspaceError) -> [PreferenceRecord] {
        if let week { _ = try calendar.index(ofWeek: week) }
        return try read { db in try PreferenceRecord.fetch(db, week: week) }
    }
}
