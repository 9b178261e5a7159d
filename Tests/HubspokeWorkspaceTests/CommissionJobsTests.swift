import Foundation
import Testing
import HubspokeModel
@testable import HubspokeWorkspace

/// The workspace's side of the web's simulations and staffing sweeps: the migration that lets the
/// jobs table hold them, and the limits checked with the start in one transaction.
@Suite struct CommissionJobsTests {
    /// A workspace of schema v5 (its jobs table takes plans only) with a plan job, migrated on opening: the plan job is kept.
    @Test func aVersion5WorkspaceIsMigratedWithItsJobs() throws {
        let (ws, _) = try makeWorkspace()
        try ws.executeUnchecked("""
            DROP TABLE jobs;
            CREATE TABLE jobs (id INTEGER PRIMARY KEY AUTOINCREMENT, kind TEXT NOT NULL CHECK (kind IN ('plan')), week TEXT, state TEXT NOT NULL, progress TEXT NOT NULL DEFAULT '', result TEXT NOT NULL DEFAULT '', requested_by TEXT NOT NULL, created_at TEXT NOT NULL, started_at TEXT, finished_at TEXT);
            INSERT INTO jobs (kind, week, state, result, requested_by, created_at) VALUES ('plan', '2026-11-30', 'done', 'version 1 saved', 'manager', '2026-11-30T09:00:00Z');
            DELETE FROM grdb_migrations WHERE identifier = 'v6';
            """)
        let again = try Workspace.open(at: ws.path)
        let jobs = try again.jobs(limit: 10)
        #expect(jobs.count == 1 && jobs[0].kind == "plan" && jobs[0].result == "version 1 saved" && jobs[0].week?.iso == "2026-11-30")
        #expect(try again.jobParameters(id: jobs[0].id) == "")
        guard case .started(let job) = try again.startCommissionJob(.simulate, parameters: "{}", summary: "s", by: "ann", perUser: 1, overall: 2) else {
            Issue.record("the migrated workspace takes no simulation"); return
        }
        #expect(job.kind == "simulate" && job.id > jobs[0].id)
    }

    @Test func theLimitsAndTheLogOfAStart() throws {
        let (ws, _) = try makeWorkspace()
        let start = { (user: String) throws -> JobAdmission in
            try Workspace.$webUser.withValue(user) {
                try ws.startCommissionJob(.staffing, parameters: #"{"vary":["EP=1"]}"#, summary: "vary EP=1", by: user, perUser: 1, overall: 2)
            }
        }
        guard case .started(let first) = try start("ann") else { Issue.record("the first job was refused"); return }
        guard case .userBusy(let busy) = try start("ANN") else { Issue.record("a second job of ann's (any case) was let in"); return }
        #expect(busy.id == first.id)
        guard case .started = try start("bob") else { Issue.record("bob's first job was refused"); return }
        guard case .serviceBusy(let running) = try start("cat") else { Issue.record("a third job at once was let in"); return }
        #expect(running == 2)
        #expect(try ws.commissionJobs(limit: 10).count == 2, "the refused starts queued nothing")
        // A plan job is not one of them, and a finished job frees its user's place.
        _ = try ws.planJob(week: CalendarDate(iso: "2026-11-30")!, by: "ann")
        #expect(try ws.commissionJobs(limit: 10).allSatisfy { $0.kind == "staffing" })
        try ws.updateJob(id: first.id, state: .done, result: "done")
        guard case .started = try start("ann") else { Issue.record("ann's place was not freed"); return }
        let log = try ws.history().filter { $0.command == "staffing sweep" }
        #expect(log.count == 3 && log.allSatisfy { $0.summary.contains("started: vary EP=1") })
        #expect(log.map { $0.user ?? "" }.sorted() == ["ann", "ann", "bob"])
        #expect(try ws.jobParameters(id: first.id) == #"{"vary":["EP=1"]}"#)
    }
}
