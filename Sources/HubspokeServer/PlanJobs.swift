import Foundation
import Synchronization
import HubspokeModel
import HubspokePlanner
import HubspokeSupport
import HubspokeWorkspace

/// Plans run as background jobs, each on a thread of its own (never the event loop; GLPK's rule is one
/// problem, one thread). One plan per week at a time: a second request joins the one queued or
/// running. The job's row in the workspace holds its state and result; its progress while it runs is
/// kept here, in memory (the planner reports it from inside the workspace's own read, which must not write).
final class PlanJobs: Sendable {
    let ws: Workspace
    private let live = Mutex<[Int64: String]>([:])
    private let beforePlanning: (@Sendable () -> Void)?
    init(ws: Workspace, beforePlanning: (@Sendable () -> Void)? = nil) { self.ws = ws; self.beforePlanning = beforePlanning }

    /// What a running job last reported.
    func progress(of id: Int64) -> String? { live.withLock { $0[id] } }

    /// Starts a plan of `week`, or joins the one under way.
    func startPlan(week: CalendarDate, user: String) throws(WorkspaceError) -> (job: JobRecord, joined: Bool) {
        let (job, joined) = try ws.planJob(week: week, by: user)
        if !joined {
            let thread = Thread { [self] in Self.yieldToRequests(); beforePlanning?(); run(job, week: week, user: user) }
            thread.name = "hubspoke plan job \(job.id)"
            thread.stackSize = 16 << 20
            thread.start()
        }
        return (job, joined)
    }

    func run(_ job: JobRecord, week: CalendarDate, user: String) {
        Workspace.$webUser.withValue(user) {
            var options = PlanOptions()
            options.progress = { [self] p in live.withLock { $0[job.id] = Self.progressText(p) } }
            defer { live.withLock { $0[job.id] = nil } }
            do {
                try ws.updateJob(id: job.id, state: .running, progress: "planning")
                let outcome = try ws.plan(week: week, options: options)
                let unmet = outcome.rota.unmet.reduce(0) { $0 + $1.sessions }
                try ws.updateJob(id: job.id, state: .done, progress: "finished",
                                 result: "\(outcome.version.label) saved as a draft: \(outcome.rota.assignments.count) sessions planned, \(unmet) unmet")
            } catch {
                try? ws.updateJob(id: job.id, state: .failed, result: (error as? WorkspaceError)?.description ?? "\(error)")
            }
        }
    }

    /// A plan's thread runs at a lower CPU priority (nice 10) than the threads that answer requests,
    /// so pages stay fast while it solves on a busy machine; it takes what the requests leave. On
    /// Linux the nice value is the calling thread's own (POSIX would make it the process's, so elsewhere
    /// nothing changes).
    static func yieldToRequests() {
        #if os(Linux)
        _ = nice(10)
        #endif
    }

    static func progressText(_ p: PlanProgress) -> String {
        [p.phase, p.best.map { "best \(fixed($0, 1))" }, p.gap.map { "gap \(fixed($0 * 100, 1))%" }].compactMap { $0 }.joined(separator: ", ")
    }
}
