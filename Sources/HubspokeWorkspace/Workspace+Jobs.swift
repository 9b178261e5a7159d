import GRDB
import HubspokeModel

/// A background job of the web service (a plan of a week), with its progress and result.
public struct JobRecord: Sendable, Hashable {
    public enum State: String, Sendable, Codable { case queued, running, done, failed }
    public var id: Int64
    public var kind: String
    public var week: CalendarDate?
    public var state: State
    public var progress: String
    public var result: String
    public var requestedBy: String
    public var createdAt: String
    public var finishedAt: String?

    static func fetch(_ db: Database, sql filter: String, arguments: StatementArguments = []) throws -> [JobRecord] {
        try Row.fetchAll(db, sql: "SELECT * FROM jobs \(filter)", arguments: arguments).map { row in
            JobRecord(id: row["id"], kind: row["kind"], week: (row["week"] as String?).flatMap(CalendarDate.init(iso:)),
                      state: State(rawValue: row["state"]) ?? .failed, progress: row["progress"], result: row["result"],
                      requestedBy: row["requested_by"], createdAt: row["created_at"], finishedAt: row["finished_at"])
        }
    }
}

extension Workspace {
    /// A plan job for `week`: the one queued or running for it (`joined`), or a new one, in one transaction.
    public func planJob(week: CalendarDate, by user: String) throws(WorkspaceError) -> (job: JobRecord, joined: Bool) {
        _ = try calendar.index(ofWeek: week)
        return try write { db in
            if let running = try JobRecord.fetch(db, sql: "WHERE kind = 'plan' AND week = ? AND state IN ('queued', 'running') ORDER BY id LIMIT 1",
                                                 arguments: [week.iso]).first {
                return (running, true)
            }
            return (try insertJob(db, kind: "plan", week: week, by: user), false)
        }
    }

    /// A new job of `kind` (`suggest`, `repair`) for `week`, queued.
    public func newJob(kind: String, week: CalendarDate, by user: String) throws(WorkspaceError) -> JobRecord {
        _ = try calendar.index(ofWeek: week)
        return try write { db in try insertJob(db, kind: kind, week: week, by: user) }
    }

    private func insertJob(_ db: Database, kind: String, week: CalendarDate, by user: String) throws -> JobRecord {
        try db.execute(sql: "INSERT INTO jobs (kind, week, state, requested_by, created_at) VALUES (?, ?, 'queued', ?, ?)",
                       arguments: [kind, week.iso, user, Clock.now()])
        return try JobRecord.fetch(db, sql: "WHERE id = ?", arguments: [db.lastInsertedRowID])[0]
    }

    /// Moves a job on: running with some progress, or finished (done or failed) with its result.
    public func updateJob(id: Int64, state: JobRecord.State, progress: String? = nil, result: String? = nil) throws(WorkspaceError) {
        try write { db in
            let finished = state == .done || state == .failed
            try db.execute(sql: """
                UPDATE jobs SET state = ?, progress = ifnull(?, progress), result = ifnull(?, result),
                  started_at = ifnull(started_at, ?), finished_at = CASE WHEN ? THEN ? ELSE finished_at END WHERE id = ?
                """, arguments: [state.rawValue, progress, result, Clock.now(), finished, Clock.now(), id])
        }
    }

    public func job(id: Int64) throws(WorkspaceError) -> JobRecord? {
        try read { db in try JobRecord.fetch(db, sql: "WHERE id = ?", arguments: [id]).first }
    }

    /// The latest jobs, newest first.
    public func jobs(limit: Int) throws(WorkspaceError) -> [JobRecord] {
        try read { db in try JobRecord.fetch(db, sql: "ORDER BY id DESC LIMIT ?", arguments: [limit]) }
    }

    /// Jobs left queued or running by a server that stopped (killed mid-plan): shown as failed. A plan
    /// saves its version in one transaction at its end, so the workspace holds either that version or none.
    @discardableResult
    public func failInterruptedJobs() throws(WorkspaceError) -> Int {
        try write { db in
            try db.execute(sql: "UPDATE jobs SET state = 'failed', result = 'the server stopped while this job ran; start it again', finished_at = ? WHERE state IN ('queued', 'running')",
                           arguments: [Clock.now()])
            return db.changesCount
        }
    }
}
