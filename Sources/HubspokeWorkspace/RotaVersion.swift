import Foundation
import GRDB
import HubspokeModel
import HubspokePlanner

/// One stored rota of a week. Versions are numbered from 1 per week and never changed once written;
/// a draft becomes published, and the week's current rota is the version published last.
public struct RotaVersion: Sendable, Hashable {
    public enum Kind: String, Sendable { case plan, repair }
    public enum Status: String, Sendable { case draft, published }
    public var id: Int64
    public var week: CalendarDate
    public var version: Int
    public var kind: Kind
    public var status: Status
    public var createdAt: String
    public var sessions: Int
    public var unmet: Int
    public var objective: Double
    /// The published rota of the week before that the plan kept close to ("2026-11-23 v2").
    public var previous: String?
    /// For a repair: the version repaired, and the first half-day re-planned.
    public var repairedVersion: Int?
    public var repairFrom: DatedHalf?
    /// When it was last published.
    public var publishedAt: String?
    /// Whether it is the week's current published rota.
    public var isCurrent: Bool

    public var label: String { "week \(week.iso) version \(version)" }

    static let select = """
        SELECT r.id, r.week, r.version, r.kind, r.status, r.created_at, r.sessions, r.unmet, r.objective, r.repair_from,
               pr.week AS prev_week, pr.version AS prev_version, rr.version AS repaired_version,
               (SELECT max(p.published_at) FROM publications p WHERE p.rota_id = r.id) AS published_at,
               ifnull((SELECT p.rota_id FROM publications p WHERE p.week = r.week ORDER BY p.id DESC LIMIT 1) = r.id, 0) AS is_current
        FROM rotas r LEFT JOIN rotas pr ON pr.id = r.previous_rota_id LEFT JOIN rotas rr ON rr.id = r.repaired_rota_id
        """

    static func fetch(_ db: Database, sql filter: String, arguments: StatementArguments = []) throws -> [RotaVersion] {
        try Row.fetchAll(db, sql: select + " " + filter + " ORDER BY r.week, r.version", arguments: arguments).map { row in
            let prevWeek: String? = row["prev_week"], prevVersion: Int? = row["prev_version"]
            return RotaVersion(id: row["id"], week: CalendarDate(iso: row["week"])!, version: row["version"],
                               kind: Kind(rawValue: row["kind"]) ?? .plan, status: Status(rawValue: row["status"]) ?? .draft,
                               createdAt: row["created_at"], sessions: row["sessions"], unmet: row["unmet"], objective: row["objective"],
                               previous: prevWeek.map { "\($0) v\(prevVersion ?? 0)" }, repairedVersion: row["repaired_version"],
                               repairFrom: (row["repair_from"] as String?).flatMap(DatedHalf.init), publishedAt: row["published_at"],
                               isCurrent: row["is_current"])
        }
    }

    static func find(_ db: Database, week: CalendarDate, version: Int) throws -> RotaVersion {
        if let v = try fetch(db, sql: "WHERE r.week = ? AND r.version = ?", arguments: [week.iso, version]).first { return v }
        let known = try Int.fetchAll(db, sql: "SELECT version FROM rotas WHERE week = ? ORDER BY version", arguments: [week.iso])
        throw WorkspaceError.bad("week \(week.iso) has no version \(version)"
                                 + (known.isEmpty ? ": nothing has been planned for it" : "; its versions are \(known.map(String.init).joined(separator: ", "))"))
    }

    /// The week's current published rota: the version published last.
    static func current(_ db: Database, week: CalendarDate) throws -> RotaVersion? {
        guard let id = try Int64.fetchOne(db, sql: "SELECT rota_id FROM publications WHERE week = ? ORDER BY id DESC LIMIT 1", arguments: [week.iso]) else { return nil }
        return try fetch(db, sql: "WHERE r.id = ?", arguments: [id]).first
    }

    /// The latest version of the week, published or not.
    static func latest(_ db: Database, week: CalendarDate) throws -> RotaVersion? {
        try fetch(db, sql: "WHERE r.week = ? AND r.version = (SELECT max(version) FROM rotas WHERE week = ?)", arguments: [week.iso, week.iso]).first
    }

    /// Its sessions, by date, half and post (in scenario order, as the planner writes them).
    func assignments(_ db: Database) throws -> [Assignment] {
        try Row.fetchAll(db, sql: """
            SELECT a.date, a.half, a.post, a.role, a.site FROM rota_assignments a JOIN posts p ON p.id = a.post
            WHERE a.rota_id = ? ORDER BY a.date, a.half, p.position
            """, arguments: [id]).map {
            Assignment(week: 1, date: CalendarDate(iso: $0["date"])!, half: Half(key: $0["half"]) ?? .am, post: $0["post"], role: $0["role"], site: $0["site"])
        }
    }

    /// The whole rota as planned: its summary (objective, solver, unmet demand, coverage) and sessions.
    func rota(_ db: Database) throws -> Rota {
        let summary = try String.fetchOne(db, sql: "SELECT summary FROM rotas WHERE id = ?", arguments: [id]) ?? "{}"
        var rota = try JSONDecoder().decode(Rota.self, from: Data(summary.utf8))
        rota.assignments = try assignments(db)
        return rota
    }

    /// Stores a planned rota as the next version of its week.
    static func save(_ db: Database, rota: Rota, week: CalendarDate, kind: Kind, scenarioID: Int64, previous: RotaVersion?,
                     repaired: RotaVersion?, repairFrom: DatedHalf?) throws -> RotaVersion {
        let version = (try Int.fetchOne(db, sql: "SELECT max(version) FROM rotas WHERE week = ?", arguments: [week.iso]) ?? 0) + 1
        var summary = rota
        summary.assignments = []
        let unmet = rota.unmet.reduce(0) { $0 + $1.sessions }
        try db.execute(sql: """
            INSERT INTO rotas (week, version, kind, status, scenario_id, previous_rota_id, repaired_rota_id, repair_from,
                               created_at, sessions, unmet, objective, summary)
            VALUES (?, ?, ?, 'draft', ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [week.iso, version, kind.rawValue, scenarioID, previous?.id, repaired?.id,
                             repairFrom.map { "\($0.date.iso) \($0.half.key)" }, Clock.now(), rota.assignments.count, unmet,
                             (rota.objective.total * 1000).rounded() / 1000, summary.json()])
        let id = db.lastInsertedRowID
        for a in rota.assignments {
            try db.execute(sql: "INSERT INTO rota_assignments (rota_id, date, half, post, role, site) VALUES (?, ?, ?, ?, ?, ?)",
                           arguments: [id, a.date.iso, a.half.key, a.post, a.role, a.site])
        }
        return try fetch(db, sql: "WHERE r.id = ?", arguments: [id]).first!
    }
}

/// The sessions that differ between two versions of a week's rota.
public struct RotaDiff: Sendable {
    public struct Change: Sendable, Hashable {
        public var post: String
        public var at: DatedHalf
        /// Site in the first version (nil: none) and in the second.
        public var from: String?
        public var to: String?
    }
    public var changes: [Change]
    /// Sessions of the first version that the second lacks, and sessions the second adds.
    public var removed: Int
    public var added: Int
    /// Changed sessions: removed plus added (moving a session to another site counts twice).
    public var changedSessions: Int { removed + added }

    /// Compares two lists of sessions; changes are listed by date, half and post (in `postOrder`).
    public init(_ a: [Assignment], _ b: [Assignment], postOrder: [String]) {
        func key(_ x: Assignment) -> String { "\(x.post)|\(x.date.iso)|\(x.half.key)" }
        var first: [String: Assignment] = [:], second: [String: Assignment] = [:]
        for x in a { first[key(x)] = x }
        for x in b { second[key(x)] = x }
        var changes: [Change] = []
        var removed = 0, added = 0
        for k in Set(first.keys).union(second.keys) {
            let x = first[k], y = second[k]
            guard x?.site != y?.site, let any = x ?? y else { continue }
            if x != nil { removed += 1 }
            if y != nil { added += 1 }
            changes.append(Change(post: any.post, at: DatedHalf(any.date, any.half), from: x?.site, to: y?.site))
        }
        let rank = Dictionary(uniqueKeysWithValues: postOrder.enumerated().map { ($1, $0) })
        self.changes = changes.sorted { ($0.at, rank[$0.post] ?? Int.max, $0.post) < ($1.at, rank[$1.post] ?? Int.max, $1.post) }
        self.removed = removed
        self.added = added
    }
}
