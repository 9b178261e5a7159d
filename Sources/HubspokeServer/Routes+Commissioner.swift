import Foundation
import Hummingbird
import HubspokeModel
import HubspokeReports
import HubspokeSimulation
import HubspokeStaffing
import HubspokeWorkspace

/// The commissioner's pages and API (the manager has them too): start a simulation or a staffing
/// sweep with their own parameters as a background job (`CommissionJobs`), follow it, and read the
/// reports, on a page or as downloads. PRU leads and specialists are refused.
extension WebApp {
    static let readers = Access.roles([.manager, .commissioner])

    var commissionerRoutes: [Route] {
        [
            Route(.get, "/static/report.css", .anyone, "the reports' stylesheet (what the reports inline, served so that the CSP allows it)") { _ in
                Responses.text(ReportStyle.css, type: "text/css; charset=utf-8", cache: "public, max-age=3600")
            },
            Route(.get, "/reports", Self.readers, "the simulations and staffing sweeps, newest first, with their state and reports") { call in
                Responses.html(try call.app.reportsPage(caller: try call.signedIn(), notice: call.form["notice"]))
            },
            Route(.get, "/simulations/new", Self.readers, "the form that starts a simulation") { call in
                Responses.html(try call.app.simulationForm(caller: try call.signedIn()))
            },
            Route(.post, "/simulations", Self.readers, "start a simulation (form: policy-NAME checkboxes, weeks, replications or precision with precisionKpi and maxReplications, seed); redirects to its job") { call in
                Responses.redirect("/reports/\(try call.app.startCommission(.simulate, CommissionParameters(form: call.form, kind: .simulate, scenario: try call.app.simulationScenario()), call).id)")
            },
            Route(.get, "/sweeps/new", Self.readers, "the form that starts a staffing sweep") { call in
                Responses.html(try call.app.sweepForm(caller: try call.signedIn()))
            },
            Route(.post, "/sweeps", Self.readers, "start a staffing sweep (form: vary-ROLE ranges, targets one a line, policy, frontierKpi, weeks, replications or precision, seed); redirects to its job") { call in
                Responses.redirect("/reports/\(try call.app.startCommission(.staffing, CommissionParameters(form: call.form, kind: .staffing, scenario: try call.app.simulationScenario()), call).id)")
            },
            Route(.get, "/reports/:id", Self.readers, "a simulation's or sweep's job: state and progress (the page reloads itself while it runs), parameters, its report and downloads") { call in
                let job = try call.app.commissionJob(call)
                return call.app.commissionJobPage(job, caller: try call.signedIn())
            },
            Route(.get, "/reports/:id/view", Self.readers, "the job's HTML report, with the reports' stylesheet from the service") { call in
                let job = try call.app.commissionJob(call)
                let page = try call.app.reportFile(job, "report.html")
                let back = HTML.el("p", ["class": "service"]) { HTML.el("a", ["href": "/reports/\(job.id)"], text: "Back to job #\(job.id)") }.render()
                let served = HTMLDocument.served(page, stylesheetLink: "/static/report.css")
                return Responses.html(served.replacingOccurrences(of: "<body>", with: "<body>" + back))
            },
            Route(.get, "/reports/:id/files/:file", Self.readers, "a download of the job's outputs: report.html, report.json, report.csv; a simulation's replications.csv, quarterly.csv, return.csv") { call in
                let job = try call.app.commissionJob(call), name = try call.parameter("file")
                guard let kind = CommissionJobKind(rawValue: job.kind), let file = ReportFile.names(kind).first(where: { $0.name == name }) else {
                    throw WebError(.notFound, "no such file of job #\(job.id)")
                }
                var response = Responses.text(try call.app.reportFile(job, name), type: file.type)
                response.headers[.contentDisposition] = "attachment; filename=\"\(job.kind)-\(job.id)-\(name)\""
                return response
            },
            Route(.get, "/api/v1/reports", Self.readers, "the simulations and staffing sweeps, newest first") { call in
                Responses.json(try call.ws.commissionJobs(limit: 100).map { try call.app.apiReport($0) })
            },
            Route(.post, "/api/v1/simulations", Self.readers, "start a simulation {policies, weeks?, replications? or precision, precisionKpi?, maxReplications?, seed?}; 202 with the job, 429 at the limit") { call in
                let job = try call.app.startCommission(.simulate, try decode(CommissionParameters.self, call.json), call)
                return Responses.json(try call.app.apiReport(job), status: .accepted)
            },
            Route(.post, "/api/v1/staffing-sweeps", Self.readers, "start a staffing sweep {vary, targets?, policy?, frontierKpi?, weeks?, replications? or precision..., seed?}; 202 with the job, 429 at the limit") { call in
                let job = try call.app.startCommission(.staffing, try decode(CommissionParameters.self, call.json), call)
                return Responses.json(try call.app.apiReport(job), status: .accepted)
            },
            Route(.get, "/api/v1/reports/:id", Self.readers, "a simulation's or sweep's job: state, progress, parameters, result and its files") { call in
                Responses.json(try call.app.apiReport(try call.app.commissionJob(call)))
            },
        ]
    }

    /// The workspace's scenario with its simulation and costs sections.
    func simulationScenario() throws(WebError) -> Scenario {
        do { return try commissions.scenario() } catch { throw WebError(.unprocessableContent, error.description) }
    }

    /// Checks the parameters (400 naming the field; nothing stored) and starts the job.
    func startCommission(_ kind: CommissionJobKind, _ parameters: CommissionParameters, _ call: Call) throws -> JobRecord {
        let scenario = try simulationScenario()
        let spec = try parameters.checked(kind, scenario: scenario)
        return try commissions.start(spec, scenario: scenario, user: try call.signedIn().user.name)
    }

    /// The simulation or sweep of the path's `:id` (a plan job is not one: 404).
    func commissionJob(_ call: Call) throws -> JobRecord {
        guard let id = Int64(try call.parameter("id")), let job = try ws.job(id: id), CommissionJobKind(rawValue: job.kind) != nil else {
            throw WebError(.notFound, "no such simulation or sweep")
        }
        return job
    }

    /// One of a finished job's outputs (404 until the job is done: a job that did not end has none).
    func reportFile(_ job: JobRecord, _ name: String) throws(WebError) -> String {
        guard job.state == .done else { throw WebError(.notFound, "job #\(job.id) is \(job.state.rawValue): it has no report") }
        let path = (commissions.outputs(of: job.id) as NSString).appendingPathComponent(name)
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { throw WebError(.notFound, "job #\(job.id) has no \(name)") }
        return text
    }

    func apiReport(_ job: JobRecord) throws -> APIReport {
        let parameters = try ws.jobParameters(id: job.id).flatMap { try? JSONDecoder().decode(CommissionParameters.self, from: Data($0.utf8)) }
        let files = job.state == .done ? CommissionJobKind(rawValue: job.kind).map { ReportFile.names($0).map { "/reports/\(job.id)/files/\($0.name)" } } ?? [] : []
        return APIReport(id: job.id, kind: job.kind, state: job.state.rawValue, progress: commissions.progress(of: job.id) ?? job.progress,
                         result: job.result, requestedBy: job.requestedBy, createdAt: job.createdAt, parameters: parameters,
                         report: job.state == .done ? "/reports/\(job.id)/view" : nil, files: files)
    }
}

struct APIReport: Codable {
    var id: Int64, kind: String, state: String, progress: String, result: String, requestedBy: String, createdAt: String
    var parameters: CommissionParameters?, report: String?, files: [String]
}
