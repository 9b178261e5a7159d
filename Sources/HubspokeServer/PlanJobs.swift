import Foundation
import Synchronization
import HubspokeModel
import HubspokePlanner
import HubspokeSupport
import HubspokeWorkspace

/// Plans run as background jobs, each on a thread of its own (never the event loop; GLPK's rule is one
/// problem, one thread). One plan per week at a time: a second request joins the one queued or
/// running. The job's row in the workspace holds its state and result; its progress while it runs is
/// kept here, in memory (it changes many times a second; the job's row holds the result).
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
            spawn(job, user: user, running: "planning") { [ws] options in
                let outcome = try ws.plan(week: week, options: options, holdingTheLock: false)
                let unmet = outcome.rota.unmet.reduce(0) { $0 + $1.sessions }
                return "\(outcome.version.label) saved as a draft: \(outcome.rota.assignments.count) sessions planned, \(unmet) unmet"
            }
        }
        return (job, joined)
    }

    /// Runs `work` for `job` on a thread of its own, as the job's user (named in the log): the job's
    /// row goes to running (`running` its progress), then to done with the result `work` returns, or to
    /// failed with its error. The solver's progress, through the options given to `work`, is shown meanwhile.
    func spawn(_ job: JobRecord, user: String, running: String, _ work: @escaping @Sendable (PlanOptions) throws -> String) {
        let thread = Thread { [self] in
            Self.yieldToRequests()
            beforePlanning?()
            Workspace.$webUser.withValue(user) {
                var options = PlanOptions()
                options.progress = { [self] p in live.withLock { $0[job.id] = Self.progressText(p) } }
                defer { live.withLock { $0[job.id] = nil } }
                do {
                    try ws.updateJob(id: job.id, state: .running, progress: running)
                    try ws.updateJob(id: job.id, state: .done, progress: "finished", result: try work(options))
                } catch {
                    try? ws.updateJob(id: job.id, state: .failed, result: (error as? WorkspaceError)?.description ?? "\(error)")
                }
            }
        }
        thread.name = "hubspoke \(job.kind) job \(job.id)"
        thread.stackSize = 16 << 20
        thread.start()
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
