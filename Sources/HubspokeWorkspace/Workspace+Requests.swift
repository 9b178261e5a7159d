import Foundation
import GRDB
import HubspokeSupport
import HubspokeModel

/// A PRU's requests for one week, as its lead last saved them: sessions per role and priority, a
/// short note, and the version they were saved at (0: none saved yet), for optimistic concurrency.
public struct RequestSet: Sendable, Hashable {
    public struct Row: Sendable, Hashable, Codable {
        public var role: String
        public var priority: Priority
        public var sessions: Int
        public init(role: String, priority: Priority, sessions: Int) { self.role = role; self.priority = priority; self.sessions = sessions }
    }
    public var week: CalendarDate
    public var site: String
    public var version: Int
    public var note: String
    public var rows: [Row]
    public var updatedAt: String?
    public var updatedBy: String?
    public var sessions: Int { rows.reduce(0) { $0 + $1.sessions } }
}

/// What saving a request set did: saved as a new version, or refused because someone saved another
/// version since the form was read (both are shown; nothing is overwritten).
public enum RequestOutcome: Sendable {
    case saved(RequestSet)
    case conflict(current: RequestSet, submitted: [RequestSet.Row], note: String)
}

extension Workspace {
    /// The requests of `site` for `week` (version 0 with the week's current demand of the site when none were saved).
    public func requests(week: CalendarDate, site: String) throws(WorkspaceError) -> RequestSet {
        _ = try calendar.index(ofWeek: week)
        return try read { db in
            try checkSite(db, site)
            return try requestSet(db, week: week, site: site)
        }
    }

    /// Saves `site`'s requests for `week`, if the set is still at `expectedVersion` (else a conflict,
    /// nothing changed), before the cut-off (unless `overrideCutoff`, for a manager). The week's demand
    /// takes them in the same transaction: the site's rows are replaced, the other sites' kept.
    public func submitRequests(week: CalendarDate, site: String, rows: [RequestSet.Row], note: String, expectedVersion: Int,
                               overrideCutoff: Bool = false) throws(WorkspaceError) -> RequestOutcome {
        _ = try calendar.index(ofWeek: week)
        if let problem = NoteCheck.problem(note, places: try placeNames()) { throw .bad("note: \(problem)") }
        var first: [String: Int] = [:]
        for (i, r) in rows.enumerated() {
            guard (0...50).contains(r.sessions) else { throw .bad("\(r.role) \(r.priority.rawValue): \(r.sessions) sessions is out of range (0 to 50)") }
            let key = "\(r.role) \(r.priority.rawValue)"
            if let j = first[key] { throw .bad("rows \(j + 1) and \(i + 1) both give \(key): give each role and priority once") }
            first[key] = i
        }
        let merged = rows.filter { $0.sessions > 0 }.sorted { ($0.role, $0.priority.rank) < ($1.role, $1.priority.rank) }
        return try write { db in
            try checkSite(db, site)
            let roles = try String.fetchAll(db, sql: "SELECT id FROM roles ORDER BY position")
            if let bad = merged.first(where: { !roles.contains($0.role) }) {
                throw WorkspaceError.bad("unknown role \"\(bad.role)\": the roles are \(roles.joined(separator: ", "))")
            }
            if !overrideCutoff, let closes = try String.fetchOne(db, sql: "SELECT closes_at FROM request_cutoffs WHERE week = ?", arguments: [week.iso]),
               Clock.now() >= closes {
                throw WorkspaceError.bad("the requests of week \(week.iso) closed at \(closes): ask the service manager")
            }
            let current = try requestSet(db, week: week, site: site)
            guard current.version == expectedVersion else { return .conflict(current: current, submitted: merged, note: note) }
            try saveRequests(db, week: week, site: site, rows: merged, note: note, version: current.version + 1)
            try writeLog(db, command: "requests", week: week,
                         summary: "requests of \(site) for week \(week.iso) saved (version \(current.version + 1)): \(merged.reduce(0) { $0 + $1.sessions }) sessions in \(merged.count) rows",
                         details: ["site": site, "version": String(current.version + 1), "rows": merged.map { "\($0.role):\($0.priority.rawValue):\($0.sessions)" }.joined(separator: " "),
                                   "note": note])
            return .saved(try requestSet(db, week: week, site: site))
        }
    }

    private func saveRequests(_ db: Database, week: CalendarDate, site: String, rows: [RequestSet.Row], note: String, version: Int) throws {
        let demand = try weekDemand(db, week: week)
        try db.execute(sql: "DELETE FROM request_rows WHERE week = ? AND site = ?", arguments: [week.iso, site])
        for r in rows {
            try db.execute(sql: "INSERT INTO request_rows (week, site, role, priority, sessions) VALUES (?, ?, ?, ?, ?)",
                           arguments: [week.iso, site, r.role, r.priority.rawValue, r.sessions])
        }
        try db.execute(sql: "INSERT OR REPLACE INTO request_sets (week, site, version, note, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?)",
                       arguments: [week.iso, site, version, note, Clock.now(), Workspace.webUser ?? Clock.actor])
        // The week's demand: the other sites' rows as they are (imported, or the scenario's), this site's as requested.
        try db.execute(sql: "DELETE FROM demand WHERE week = ?", arguments: [week.iso])
        try db.execute(sql: "INSERT OR REPLACE INTO demand_weeks (week, source, imported_at) VALUES (?, ?, ?)",
                       arguments: [week.iso, "PRU requests", Clock.now()])
        let kept = demand.rows.filter { $0.site != site && $0.sessions > 0 }.map { ($0.site, $0.role, $0.priority, $0.sessions) }
        for (s, role, priority, sessions) in kept + rows.map({ (site, $0.role, $0.priority, $0.sessions) }) {
            try db.execute(sql: """
                INSERT INTO demand (week, site, role, priority, sessions) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (week, site, role, priority) DO UPDATE SET sessions = sessions + excluded.sessions
                """, arguments: [week.iso, s, role, priority.rawValue, sessions])
        }
    }

    private func requestSet(_ db: Database, week: CalendarDate, site: String) throws -> RequestSet {
        guard let head = try Row.fetchOne(db, sql: "SELECT * FROM request_sets WHERE week = ? AND site = ?", arguments: [week.iso, site]) else {
            let rows = try weekDemand(db, week: week).rows.filter { $0.site == site }
                .map { RequestSet.Row(role: $0.role, priority: $0.priority, sessions: $0.sessions) }
            return RequestSet(week: week, site: site, version: 0, note: "", rows: rows)
        }
        let rows = try Row.fetchAll(db, sql: """
            SELECT q.role, q.priority, q.sessions FROM request_rows q JOIN roles r ON r.id = q.role
            WHERE q.week = ? AND q.site = ? ORDER BY r.position, CASE q.priority WHEN 'urgent' THEN 0 WHEN 'high' THEN 1 ELSE 2 END
            """, arguments: [week.iso, site]).map {
            RequestSet.Row(role: $0["role"], priority: Priority(rawValue: $0["priority"]) ?? .routine, sessions: $0["sessions"])
        }
        return RequestSet(week: week, site: site, version: head["version"], note: head["note"], rows: rows,
                          updatedAt: head["updated_at"], updatedBy: head["updated_by"])
    }
}
