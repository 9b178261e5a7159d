import Foundation
import Synchronization
import HubspokeModel
import HubspokePlanner
import HubspokeSupport
import HubspokeWorkspace

/// Cover suggestions and repairs as background jobs, on `PlanJobs`' threads (never the event loop).
/// The same request made again while its job is queued or running joins it. A suggestion job's
/// options are held here, in memory, for the latest `keep` jobs, so that one of them can be applied;
/// after a restart they are gone (the job page says so) and suggest is run again.
final class CoverJobs: Sendable {
    let jobs: PlanJobs
    var ws: Workspace { jobs.ws }
    static let keep = 20
    private struct Held {
        var outcomes: [Int64: SuggestOutcome] = [:]
        /// Jobs queued or running, by what they were asked to do.
        var running: [String: Int64] = [:]
    }
    private let held = Mutex(Held())

    init(jobs: PlanJobs) { self.jobs = jobs }

    /// The options of a suggestion job that finished (nil: still running, failed, or no longer held).
    func outcome(of id: Int64) -> SuggestOutcome? { held.withLock { $0.outcomes[id] } }

    /// Finds the best `k` covers of `basis` as a job (`joined` when the same one is under way).
    func startSuggest(_ basis: CoverBasis, k: Int, week: CalendarDate, user: String) throws(WorkspaceError) -> (job: JobRecord, joined: Bool) {
        let key = "suggest \(week.iso) \(basis.request) k \(k) from version \(basis.source.version) at \(basis.latestVersion)"
        return try start(kind: "suggest", key: key, week: week, user: user, running: "finding cover for \(basis.request)") { [self] id, options in
            let outcome = try ws.findCover(basis, k: k, options: options)
            held.withLock { h in
                h.outcomes[id] = outcome
                for old in h.outcomes.keys.sorted().dropLast(Self.keep) { h.outcomes[old] = nil }
            }
            let found = outcome.suggestions
            return "\(found.options.count) option(s) of \(found.asked) asked for \(found.request), from \(outcome.source.label) (\(outcome.source.status.rawValue))"
                + (outcome.notes.isEmpty ? "" : "; " + outcome.notes.joined(separator: "; "))
        }
    }

    /// Re-plans `week` from `from` keeping the sessions before it (the workspace's repair) as a job.
    func startRepair(week: CalendarDate, from: DatedHalf, version: Int?, user: String) throws(WorkspaceError) -> (job: JobRecord, joined: Bool) {
        let key = "repair \(week.iso) from \(from.long) of version \(version.map(String.init) ?? "published")"
        return try start(kind: "repair", key: key, week: week, user: user, running: "repairing from \(from.long)") { [ws] _, options in
            let o = try ws.repair(week: week, from: from, version: version, options: options, holdingTheLock: false)
            let changed = o.changes.map { "\($0.changedSessions) sessions changed" } ?? ""
            return "\(o.version.label) saved as a draft: repaired from version \(o.repaired?.version ?? 0) from \(from.long), \(changed), "
                + "\(o.rota.unmet.reduce(0) { $0 + $1.sessions }) unmet" + (o.notes.isEmpty ? "" : "; " + o.notes.joined(separator: "; "))
        }
    }

    private func start(kind: String, key: String, week: CalendarDate, user: String, running: String,
                       _ work: @escaping @Sendable (Int64, PlanOptions) throws -> String) throws(WorkspaceError) -> (job: JobRecord, joined: Bool) {
        if let id = held.withLock({ $0.running[key] }), let job = try ws.job(id: id), job.state == .queued || job.state == .running {
            return (job, true)
        }
        let job = try ws.newJob(kind: kind, week: week, by: user)
        held.withLock { $0.running[key] = job.id }
        jobs.spawn(job, user: user, running: running) { [self] options in
            defer { held.withLock { h in if h.running[key] == job.id { h.running[key] = nil } } }
            return try work(job.id, options)
        }
        return (job, false)
    }
}
