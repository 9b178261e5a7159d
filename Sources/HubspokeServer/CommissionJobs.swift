import Foundation
import Synchronization
import HubspokeModel
import HubspokeReports
import HubspokeSimulation
import HubspokeStaffing
import HubspokeSupport
import HubspokeWorkspace

/// What a web job may ask for, and how many run at once. The command line's ranges still hold
/// (weeks 1 to 520, replications 1 to 100,000); the web's are narrower, so that one job ends in minutes.
enum CommissionLimits {
    static let maxWeeks = 104
    static let maxReplications = 200
    /// The work of one job: policies (or staffing options) × replications (the cap with precision) × weeks,
    /// the optimal policy counting `optimalWeight` times. Measured on the debug build under a load of 14:
    /// 5 replications × 52 weeks of greedy in 3.3 s, of optimal in 39 s (a linear program each week).
    static let maxWork = 20_000
    static let optimalWeight = 10
    static let maxOptions = 24
    /// Simulations and sweeps queued or running: one per user, two in all (the plan jobs have their own rule).
    static let perUser = 1
    static let overall = 2
    /// Replications run at once by one job (results do not depend on it): a job leaves the other core to the pages.
    static let threads = 1
}

/// A commissioner's simulation or staffing sweep, checked: what the simulator and the sweep are given.
struct CommissionSpec: Sendable {
    var kind: CommissionJobKind
    /// The parameters with their defaults filled in, as stored with the job.
    var parameters: CommissionParameters
    var policies: [String]
    var ranges: [RoleRange]
    var targets: [Target]
    var options: SimulationOptions
}

/// Simulations and staffing sweeps run as background jobs, each on a thread of its own (never the
/// event loop; the optimal policy's GLPK problems are each built and solved on the replication's
/// own thread). The job's row holds its state; its outputs are written all or none, with
/// `AtomicFile.writeAll`, into `reports/job-ID/` beside the workspace before the job is marked done,
/// so a job that did not end shows no files, and one left running by a stopped server is shown
/// failed at the next start (`Workspace.failInterruptedJobs`).
final class CommissionJobs: Sendable {
    let ws: Workspace
    let folder: String
    private let live = Mutex<[Int64: String]>([:])
    /// The workspace's scenario with its simulation and costs sections, read once (it does not change
    /// while the service runs), so that the forms and starts do not parse YAML on the event loop each time.
    private let read = Mutex<Scenario?>(nil)

    init(ws: Workspace, folder: String) { self.ws = ws; self.folder = folder }

    func scenario() throws(WorkspaceError) -> Scenario {
        if let scenario = read.withLock({ $0 }) { return scenario }
        let scenario = try ws.scenario(sections: .all)
        read.withLock { $0 = scenario }
        return scenario
    }

    /// What a running job last reported.
    func progress(of id: Int64) -> String? { live.withLock { $0[id] } }

    /// The folder of a job's outputs.
    func outputs(of id: Int64) -> String { (folder as NSString).appendingPathComponent("job-\(id)") }

    /// Queues the job (or refuses it: 429 when its user or the service has as many running as allowed) and starts its thread.
    func start(_ spec: CommissionSpec, scenario: Scenario, user: String) throws -> JobRecord {
        let admission = try ws.startCommissionJob(spec.kind, parameters: spec.parameters.json, summary: spec.parameters.summary(spec.kind),
                                                  by: user, perUser: CommissionLimits.perUser, overall: CommissionLimits.overall)
        switch admission {
        case .userBusy(let job):
            throw WebError(.tooManyRequests, "your job #\(job.id) is still \(job.state.rawValue): wait for it to end (one simulation or sweep at a time each)")
        case .serviceBusy(let n):
            throw WebError(.tooManyRequests, "\(n) simulations or sweeps are running, as many as the service runs at once: try again when one ends")
        case .started(let job):
            let thread = Thread { [self] in PlanJobs.yieldToRequests(); run(job, spec, scenario: scenario, user: user) }
            thread.name = "hubspoke \(spec.kind.rawValue) job \(job.id)"
            thread.stackSize = 16 << 20
            thread.start()
            return job
        }
    }

    func run(_ job: JobRecord, _ spec: CommissionSpec, scenario: Scenario, user: String) {
        Workspace.$webUser.withValue(user) {
            defer { live.withLock { $0[job.id] = nil } }
            let progress: @Sendable (Int, Int) -> Void = { [self] done, total in
                live.withLock { $0[job.id] = "replication \(done) of \(total)" }
            }
            do {
                try ws.updateJob(id: job.id, state: .running, progress: "simulating")
                let started = Date()
                let (files, summary) = try spec.kind == .simulate
                    ? simulate(spec, scenario: scenario, progress: progress) : sweep(spec, scenario: scenario, progress: progress)
                let dir = outputs(of: job.id)
                try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
                try AtomicFile.writeAll(files.map { OutputFile(path: (dir as NSString).appendingPathComponent($0.name), text: $0.text) })
                try ws.updateJob(id: job.id, state: .done, progress: "finished",
                                 result: summary + " in \(fixed(Date().timeIntervalSince(started), 1)) s")
            } catch {
                let message = (error as? WorkspaceError)?.description ?? (error as? StaffingError)?.description ?? (error as? OutputError)?.description ?? "\(error)"
                try? ws.updateJob(id: job.id, state: .failed, result: message)
            }
        }
    }

    /// The simulation, as `hubspoke simulate` runs it, and its outputs.
    func simulate(_ spec: CommissionSpec, scenario: Scenario, progress: @escaping @Sendable (Int, Int) -> Void) throws -> ([ReportFile], String) {
        guard let settings = scenario.simulation else { throw StaffingError("the workspace's scenario has no simulation: section") }
        let model = ServiceModel(scenario, settings: settings, weeks: spec.options.weeks)
        let policies = try spec.policies.map { try PolicyCatalog.make($0, model: model) }
        let report = try Simulator.run(model, policies: policies, options: spec.options, progress: progress)
        let files = [ReportFile.html(report.html(scenario: scenario)), ReportFile(name: "report.json", text: report.json()),
                     ReportFile(name: "report.csv", text: report.csv()), ReportFile(name: "replications.csv", text: try report.replicationsCSV()),
                     ReportFile(name: "quarterly.csv", text: report.quarterlyCSV()), ReportFile(name: "return.csv", text: report.returnCSV())]
        let precision = report.precision.map { ", by precision: \($0.summary)" } ?? ""
        return (files, "\(report.replications) replication(s) × \(policies.count) polic\(policies.count == 1 ? "y" : "ies") × \(spec.options.weeks) weeks\(precision)")
    }

    /// The staffing sweep, as `hubspoke staffing sweep` runs it, and its outputs.
    func sweep(_ spec: CommissionSpec, scenario: Scenario, progress: @escaping @Sendable (Int, Int) -> Void) throws -> ([ReportFile], String) {
        let o = spec.options
        let plan = SimulationPlan(policy: spec.policies[0], weeks: o.weeks, replications: o.replications, seed: o.seed, precision: o.precision)
        var evaluator = try Evaluator(base: scenario, plan: plan, threads: o.threads, ranges: spec.ranges)
        let levels = try Sweep.levels(base: scenario, ranges: spec.ranges)
        let header = Sweep.header(base: scenario, ranges: spec.ranges, evaluator: evaluator, targets: spec.targets,
                                  frontierKPI: spec.parameters.frontierKpi ?? KPI.Key.seenWithin4Weeks.rawValue, optionCount: levels.count)
        let report = Sweep.assemble(header, try Sweep.run(levels, evaluator: &evaluator, progress: progress))
        let files = [ReportFile.html(report.html()), ReportFile(name: "report.json", text: report.json()), ReportFile(name: "report.csv", text: report.csv())]
        return (files, "\(levels.count) staffing option(s) × \(o.precision == nil ? "\(o.replications)" : "up to \(o.replicationLimit)") replication(s) × \(o.weeks) weeks")
    }
}

/// One output of a job: its file name in the job's folder, and its text.
struct ReportFile: Sendable {
    var name: String
    var text: String

    /// The report page as the command line writes it (`--format html`): self-contained, served
    /// CSP-clean by `servedReport`.
    static func html(_ text: String) -> ReportFile { ReportFile(name: "report.html", text: text) }

    /// The outputs a job of this kind writes, with their media types, in the order the job page lists them.
    static func names(_ kind: CommissionJobKind) -> [(name: String, type: String, label: String)] {
        let common = [("report.html", "text/html; charset=utf-8", "the report as one self-contained page (HTML)"),
                      ("report.json", "application/json", "the report's figures (JSON)"), ("report.csv", "text/csv; charset=utf-8", "the report's table (CSV)")]
        switch kind {
        case .staffing: return common
        case .simulate:
            return common + [("replications.csv", "text/csv; charset=utf-8", "one row per policy and replication (CSV)"),
                             ("quarterly.csv", "text/csv; charset=utf-8", "the quarterly return (CSV)"),
                             ("return.csv", "text/csv; charset=utf-8", "the national return (CSV)")]
        }
    }
}
