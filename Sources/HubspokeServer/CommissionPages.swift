import Foundation
import Hummingbird
import HubspokeModel
import HubspokeReports
import HubspokeSimulation
import HubspokeStaffing
import HubspokeSupport
import HubspokeWorkspace

/// The commissioner's pages: the reports (jobs) list, the two forms that start a job, and a job's page.
extension WebApp {
    func reportsPage(caller: Caller, notice: String?) throws -> String {
        let jobs = try ws.commissionJobs(limit: 100)
        return Layout.page(title: "Simulations and staffing sweeps", caller: caller, body: [
            notice.map { HTML.el("p", ["class": "notice", "role": "status"], text: $0) } ?? .group([]),
            HTML.el("p") {
                HTML.el("a", ["href": "/simulations/new"], text: "Start a simulation")
                " · "
                HTML.el("a", ["href": "/sweeps/new"], text: "Start a staffing sweep")
            },
            Layout.table("The latest simulations and sweeps", header: ["Job", "State", "By", "Started", "Result", "Report"], rows: jobs.map { j in
                [HTML.el("a", ["href": "/reports/\(j.id)"], text: "#\(j.id) \(Self.kindLabel(j.kind))"), .text(j.state.rawValue), .text(j.requestedBy),
                 .text(j.createdAt), .text(j.result),
                 j.state == .done ? HTML.el("a", ["href": "/reports/\(j.id)/view"], text: "report #\(j.id)") : .text("")]
            }),
        ])
    }

    static func kindLabel(_ kind: String) -> String { kind == CommissionJobKind.staffing.rawValue ? "staffing sweep" : "simulation" }

    /// The caps and limits, said on both forms.
    static var capsNotice: HTML {
        HTML.el("p", ["class": "notice"], text: "A web job runs at most \(CommissionLimits.maxWeeks) weeks, \(CommissionLimits.maxReplications) replications "
                + "and \(grouped(CommissionLimits.maxWork)) replication-weeks in all (policies or options × replications × weeks; the optimal policy counts "
                + "\(CommissionLimits.optimalWeight) times); a sweep at most \(CommissionLimits.maxOptions) options. Each user runs "
                + "\(CommissionLimits.perUser) job at a time, and the service \(CommissionLimits.overall) in all. "
                + "Larger runs: hubspoke simulate and hubspoke staffing sweep on the command line.")
    }

    func simulationForm(caller: Caller) throws -> String {
        let scenario = try simulationScenario()
        return Layout.page(title: "Start a simulation", caller: caller, body: [
            Self.capsNotice,
            Layout.postForm("/simulations", caller: caller, button: "Start the simulation") {
                HTML.el("fieldset") {
                    HTML.el("legend", text: "Policies (every policy meets the same referrals: differences are paired)")
                    for name in PolicyCatalog.names {
                        Layout.field("policy-\(name)", name + (name == "optimal" ? " (slower: a linear program each week)" : ""), type: "checkbox",
                                     value: "on", attributes: ["checked": name == "optimal" ? nil : "checked"])
                    }
                }
                Self.runFields(scenario)
            },
        ])
    }

    func sweepForm(caller: Caller) throws -> String {
        let scenario = try simulationScenario()
        let fte = StaffingLevel(scenario).sessions
        let services = Measure.all.map(\.key).filter { !$0.hasSuffix("cost") }
        return Layout.page(title: "Start a staffing sweep", caller: caller, body: [
            Self.capsNotice,
            Layout.postForm("/sweeps", caller: caller, button: "Start the sweep") {
                HTML.el("fieldset") {
                    HTML.el("legend", text: "FTE to try per role (LOW..HIGH:STEP, A,B,C or one FTE; empty: as now)")
                    for (i, r) in scenario.roles.enumerated() {
                        Layout.field("vary-\(r.id)", "\(r.name) (\(r.id), now \(fixed(Double(fte[i]) / 10, 1)) FTE)",
                                     attributes: ["placeholder": "e.g. \(fixed(Double(fte[i]) / 10, 1))..\(fixed(Double(fte[i]) / 10 + 1, 1)):0.5"])
                    }
                }
                HTML.el("p") {
                    HTML.el("label", ["for": "f-targets"], text: "Targets, one a line (KEY>=VALUE or KEY<=VALUE, e.g. seen_within_4_weeks>=90)")
                    HTML.el("textarea", ["id": "f-targets", "name": "targets", "rows": "3"], text: "")
                }
                Layout.select("policy", "Allocation policy", options: PolicyCatalog.names.map { ($0, $0) }, selected: "greedy")
                Layout.select("frontierKpi", "Service measure of the frontier", options: services.map { ($0, $0) }, selected: KPI.Key.seenWithin4Weeks.rawValue)
                Self.runFields(scenario)
            },
        ])
    }

    /// The run's fields both forms share: weeks, replications or precision, seed.
    static func runFields(_ scenario: Scenario) -> HTML {
        let weeks = scenario.simulation?.weeks ?? 52
        return HTML.el("fieldset") {
            HTML.el("legend", text: "The run")
            Layout.field("weeks", "Weeks (1 to \(CommissionLimits.maxWeeks))", type: "number", value: String(min(weeks, CommissionLimits.maxWeeks)),
                         attributes: ["min": "1", "max": String(CommissionLimits.maxWeeks)])
            Layout.field("replications", "Replications (20 if empty)", type: "number", attributes: ["min": "1", "max": String(CommissionLimits.maxReplications), "placeholder": "20"])
            Layout.field("precision", "Or by precision: half-width share (e.g. 0.05)", type: "number", attributes: ["min": "0.001", "max": "0.999", "step": "0.001"])
            Layout.select("precisionKpi", "KPI of the precision", options: [("", "mean wait (wait_mean)")] + KPI.all.map { ($0.key.rawValue, $0.key.rawValue) })
            Layout.field("maxReplications", "At most this many replications (precision; \(CommissionLimits.maxReplications) if empty)", type: "number",
                         attributes: ["min": "2", "max": String(CommissionLimits.maxReplications)])
            Layout.field("seed", "Seed", type: "number", value: "1", attributes: ["min": "0"])
        }
    }

    /// The parameters a job was started with (stored as JSON), one term each, in the JSON's order (its keys sorted).
    static func parameterList(_ json: String) -> HTML {
        let object = (try? JSONSerialization.jsonObject(with: Data(json.utf8))) as? [String: Any] ?? [:]
        return HTML.el("dl", ["class": "facts"]) {
            for (key, value) in object.sorted(by: { $0.key < $1.key }) {
                HTML.el("dt", text: key)
                HTML.el("dd", text: (value as? [Any]).map { $0.map { "\($0)" }.joined(separator: "; ") } ?? "\(value)")
            }
        }
    }

    func commissionJobPage(_ job: JobRecord, caller: Caller) -> Response {
        let progress = commissions.progress(of: job.id) ?? job.progress
        let parameters = (try? ws.jobParameters(id: job.id)) ?? nil
        var body: [HTML] = [
            HTML.el("p", ["role": "status"], text: "State: \(job.state.rawValue)." + (progress.isEmpty ? "" : " \(progress)")),
            job.result.isEmpty ? .group([]) : HTML.el("p", ["class": job.state == .failed ? "problem" : "notice"], text: job.result),
            HTML.el("p", text: "Started by \(job.requestedBy) at \(job.createdAt)" + (job.finishedAt.map { ", ended at \($0)" } ?? "") + "."),
            HTML.el("h2", text: "Parameters"),
            Self.parameterList(parameters ?? ""),
        ]
        if job.state == .done, let kind = CommissionJobKind(rawValue: job.kind) {
            body.append(HTML.el("h2", text: "Report"))
            body.append(HTML.el("p") { HTML.el("a", ["href": "/reports/\(job.id)/view"], text: "Open the report of job #\(job.id)") })
            body.append(HTML.el("ul") {
                for f in ReportFile.names(kind) { HTML.el("li") { HTML.el("a", ["href": "/reports/\(job.id)/files/\(f.name)"], text: "\(f.name): \(f.label)") } }
            })
        }
        body.append(HTML.el("p") { HTML.el("a", ["href": "/reports"], text: "All simulations and sweeps") })
        var response = Responses.html(Layout.page(title: "Job #\(job.id): \(Self.kindLabel(job.kind))", caller: caller, body: body))
        // While it runs, the page reloads itself every two seconds (a header, so no script is needed).
        if job.state == .queued || job.state == .running { response.headers[.init("Refresh")!] = "2" }
        return response
    }
}

/// 20000 as "20,000".
func grouped(_ n: Int) -> String {
    let digits = String(n.magnitude)
    let head = digits.count % 3 == 0 ? 3 : digits.count % 3
    var out = String(digits.prefix(head))
    for i in stride(from: head, to: digits.count, by: 3) {
        out += "," + digits.dropFirst(i).prefix(3)
    }
    return (n < 0 ? "-" : "") + out
}
