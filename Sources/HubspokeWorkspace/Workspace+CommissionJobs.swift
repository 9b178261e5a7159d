import GRDB
import HubspokeModel

/// Whether a commissioner's job (a simulation or a staffing sweep) was let in: started, or refused
/// because its user or the whole service already has as many such jobs queued or running as allowed.
public enum JobAdmission: Sendable {
    case started(JobRecord)
    /// The user's own job (the oldest) that is still queued or running.
    case userBusy(JobRecord)
    /// How many such jobs the service is running.
    case serviceBusy(Int)
}

/// The kinds of job a commissioner starts: they share the limits on jobs at once.
public enum CommissionJobKind: String, Sendable, CaseIterable {
    case simulate, staffing
}

extension Schema {
    /// Schema v6: the web service's other jobs beside plans (`kind`): cover suggestions and repairs,
    /// simulations and staffing sweeps, with the parameters they were started with (JSON). SQLite
    /// cannot change a CHECK, so the table is made again with its rows.
    static func commissionJobs(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE jobs_new (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                kind TEXT NOT NULL CHECK (kind IN ('plan', 'suggest', 'repair', 'simulate', 'staffing')),
                week TEXT,
                state TEXT NOT NULL CHECK (state IN ('queued', 'running', 'done', 'failed')),
                progress TEXT NOT NULL DEFAULT '',
                result TEXT NOT NULL DEFAULT '',
                requested_by TEXT NOT NULL,
                created_at TEXT NOT NULL,
                started_at TEXT,
                finished_at TEXT,
                parameters TEXT NOT NULL DEFAULT ''
            );
            INSERT INTO jobs_new (id, kind, week, state, progress, result, requested_by, created_at, started_at, finished_at)
                SELECT id, kind, week, state, progress, result, requested_by, created_at, started_at, finished_at FROM jobs;
            DROP TABLE jobs;
            ALTER TABLE jobs_new RENAME TO jobs;
            CREATE INDEX jobs_by_week ON jobs(week, state);
            CREATE INDEX jobs_by_kind ON jobs(kind, state);
            """)
    }
}

extension Workspace {
    /// Queues a commissioner's job with its parameters (JSON), in one transaction with the check of
    /// the limits (at most `perUser` of the user's and `overall` of everyone's simulations and sweeps
    /// queued or running) and the change log entry naming the user (`summary`).
    public func startCommissionJob(_ kind: CommissionJobKind, parameters: String, summary: String, by user: String,
                                   perUser: Int, overall: Int) throws(WorkspaceError) -> JobAdmission {
        try write { db in
            let active = try JobRecord.fetch(db, sql: "WHERE kind IN ('simulate', 'staffing') AND state IN ('queued', 'running') ORDER BY id")
            let own = active.filter { $0.requestedBy.caseInsensitiveCompare(user) == .orderedSame }
            if own.count >= perUser, let first = own.first { return .userBusy(first) }
            if active.count >= overall { return .serviceBusy(active.count) }
            try db.execute(sql: "INSERT INTO jobs (kind, week, state, requested_by, created_at, parameters) VALUES (?, NULL, 'queued', ?, ?, ?)",
                           arguments: [kind.rawValue, user, Clock.now(), parameters])
            let job = try JobRecord.fetch(db, sql: "WHERE id = ?", arguments: [db.lastInsertedRowID])[0]
            try writeLog(db, command: kind == .simulate ? "simulate" : "staffing sweep", week: nil,
                         summary: "job #\(job.id) started: \(summary)", details: ["job": String(job.id), "parameters": parameters])
            return .started(job)
        }
    }

    /// The parameters a job was started with (JSON; empty for a plan).
    public func jobParameters(id: Int64) throws(WorkspaceError) -> String? {
        try read { db in try String.fetchOne(db, sql: "SELECT parameters FROM jobs WHERE id = ?", arguments: [id]) }
    }

    /// The latest simulations and staffing sweeps, newest first.
    public func commissionJobs(limit: Int) throws(WorkspaceError) -> [JobRecord] {
        try read { db in try JobRecord.fetch(db, sql: "WHERE kind IN ('simulate', 'staffing') ORDER BY id DESC LIMIT ?", arguments: [limit]) }
    }
}
