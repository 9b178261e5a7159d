import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import HubspokeModel
import HubspokeScenarioIO
import HubspokeSimulation
@testable import HubspokeServer
@testable import HubspokeWorkspace

/// A commissioner's simulations and staffing sweeps on the web: jobs that run to their end with
/// their reports, bad parameters refused with nothing stored, the limits on jobs at once, a job
/// left running by a stopped server, and who may read the reports.
@Suite(.serialized) struct CommissionerTests {
    /// The jobs' folder of the fixture's service.
    static func reports(_ fixture: ServerFixture) -> URL { fixture.folder.appendingPathComponent("reports") }

    @Test func aSimulationRunsToItsEndAndItsReportIsReadable() async throws {
        let fixture = try ServerFixture()
        let id = try await fixture.test { client in
            let c = try #require(try await client.signIn("commissioner"))
            let form = try await client.get("/simulations/new", session: c)
            #expect(form.status == .ok && form.text.contains("name=\"policy-greedy\"") && form.text.contains("name=\"precision\""))
            let r = try await client.post("/simulations", session: c, form: ["policy-greedy": "on", "policy-fixed": "on", "weeks": "8", "replications": "2", "seed": "7"])
            #expect(r.status == .seeOther)
            let location = try #require(r.headers[.location])
            let id = try #require(Int64(location.dropFirst("/reports/".count)))
            let running = try await client.get(location, session: c)
            #expect(running.status == .ok && running.text.contains("State: "))
            try await waitForJobs(fixture.ws)
            let page = try await client.get(location, session: c)
            #expect(page.text.contains("State: done.") && page.headers[.init("Refresh")!] == nil, "no reload once done")
            #expect(page.text.contains("<dt>policies</dt><dd>fixed; greedy</dd>") && page.text.contains("<dt>seed</dt><dd>7</dd>"), "the parameters as stored")
            for f in ["report.json", "report.csv", "replications.csv", "quarterly.csv", "return.csv"] {
                #expect(page.text.contains("/reports/\(id)/files/\(f)"), "the page links \(f)")
            }
            // The report, served so that the CSP (default-src 'self') allows its look: no inline style, the reports' stylesheet linked.
            let view = try await client.get("\(location)/view", session: c)
            #expect(view.status == .ok && view.text.contains("<h1>Simulation: ") && view.text.contains("href=\"/static/report.css\""))
            #expect(!view.text.contains("<style") && !view.text.contains("style=") && !view.text.contains("<script") && !view.text.contains("http-equiv"))
            let css = try await client.get("/static/report.css")
            #expect(css.status == .ok && css.text.contains(".series-1"))
            let download = try await client.get("\(location)/files/return.csv", session: c)
            #expect(download.status == .ok && download.headers[.contentDisposition]?.contains("attachment") == true && download.text.hasPrefix("policy,quarter,"))
            // The manager reads it too; the list shows it.
            let m = try #require(try await client.signIn("manager"))
            #expect(try await client.get("/reports", session: m).text.contains("/reports/\(id)/view"))
            // The manager's list of every job links it to its own page, not the plan jobs' one.
            let jobs = try await client.get("/jobs", session: m).text
            #expect(jobs.contains("href=\"/reports/\(id)\"") && !jobs.contains("href=\"/jobs/\(id)\""), "\(jobs)")
            let api = try await client.api("/api/v1/reports/\(id)", .get, session: m)
            #expect(api.json["state"] as? String == "done" && (api.json["files"] as? [String])?.count == 6)
            return id
        }
        // What the job stored is what the simulator gives for the same parameters, byte for byte (the policies in
        // the form's order, the catalog's; the seed and replications as asked; two threads here against the job's one).
        let scenario = try fixture.ws.scenario(sections: .all)
        let settings = try #require(scenario.simulation)
        let model = ServiceModel(scenario, settings: settings, weeks: 8)
        let direct = try Simulator.run(model, policies: try ["fixed", "greedy"].map { try PolicyCatalog.make($0, model: model) },
                                       options: SimulationOptions(weeks: 8, replications: 2, seed: 7, threads: 2))
        let stored = try String(contentsOf: Self.reports(fixture).appendingPathComponent("job-\(id)/report.json"), encoding: .utf8)
        #expect(stored == direct.json())
        let log = try fixture.ws.history()
        #expect(log.contains { $0.command == "simulate" && $0.user == "commissioner" && $0.summary.contains("job #\(id) started") })
    }

    @Test func aStaffingSweepThroughTheAPI() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            let c = try #require(try await client.signIn("commissioner"))
            let r = try await client.api("/api/v1/staffing-sweeps", .post, session: c,
                                         json: #"{"vary":["EP=1,1.5"],"targets":["seen_within_4_weeks>=50"],"weeks":8,"replications":2}"#)
            #expect(r.status == .accepted && r.json["kind"] as? String == "staffing")
            let id = try #require(r.json["id"] as? Int)
            try await waitForJobs(fixture.ws)
            let job = try await client.api("/api/v1/reports/\(id)", .get, session: c)
            #expect(job.json["state"] as? String == "done", "\(job.text)")
            let json = try await client.get("/reports/\(id)/files/report.json", session: c)
            let options = (json.json["options"] as? [Any])?.count
            #expect(options == 2, "EP at 1 and 1.5 FTE")
            #expect(try await client.get("/reports/\(id)/view", session: c).text.contains("Staffing sweep"))
            #expect(try await client.get("/reports/\(id)/files/return.csv", session: c).status == .notFound, "a sweep has no return")
            #expect(try await client.get("/sweeps/new", session: c).text.contains("name=\"vary-EP\""))
            // The form: one field per role (empty ones kept as they are), targets one a line.
            let form = try await client.post("/sweeps", session: c, form: ["vary-EP": "1, 1.5", "vary-SLT": " ", "targets": "seen_within_4_weeks>=50\r\n\r\nutilisation<=90",
                                                                          "policy": "greedy", "frontierKpi": "wait_mean", "weeks": "8", "replications": "1", "precisionKpi": ""])
            #expect(form.status == .seeOther, "\(form.text)")
            try await waitForJobs(fixture.ws)
            let second = try #require(try fixture.ws.commissionJobs(limit: 1).first)
            #expect(second.state == .done && second.id != Int64(id), "\(second.result)")
            #expect(try fixture.ws.jobParameters(id: second.id)
                    == #"{"frontierKpi":"wait_mean","policy":"greedy","replications":1,"seed":1,"targets":["seen_within_4_weeks>=50","utilisation<=90"],"vary":["EP=1, 1.5"],"weeks":8}"#)
        }
    }

    /// Each case: the form's fields, or the JSON body, and the field its 400 must name. Nothing is stored.
    @Test func badParametersAreRefusedWithNothingStored() async throws {
        let fixture = try ServerFixture()
        let forms: [([String: String], String)] = [
            ([:], "policies:"), (["policy-greedy": "on", "weeks": "105"], "weeks:"), (["policy-greedy": "on", "weeks": "0"], "weeks:"),
            (["policy-greedy": "on", "weeks": "ten"], "weeks:"), (["policy-greedy": "on", "replications": "201"], "replications:"),
            (["policy-greedy": "on", "replications": "5", "precision": "0.05"], "replications:"), (["policy-greedy": "on", "precision": "1.5"], "precision:"),
            (["policy-greedy": "on", "precision": "0.05", "precisionKpi": "nope"], "precisionKpi:"), (["policy-greedy": "on", "maxReplications": "10"], "maxReplications:"),
            (["policy-greedy": "on", "precision": "0.05", "maxReplications": "1"], "maxReplications:"), (["policy-greedy": "on", "seed": "-1"], "seed:"),
            (["policy-greedy": "on", "policy-fixed": "on", "policy-proportional": "on", "policy-optimal": "on", "replications": "200", "weeks": "52"], "replications:"),
            (["policy-optimal": "on", "replications": "40", "weeks": "52"], "20800 replication-weeks"),
        ]
        let apis: [(String, String, String)] = [
            ("/api/v1/simulations", #"{"policies":["nope"]}"#, "policies:"), ("/api/v1/simulations", #"{"policies":["greedy","greedy"]}"#, "policies:"),
            ("/api/v1/simulations", #"{"policies":"greedy"}"#, "policies:"), ("/api/v1/simulations", "{", "malformed"),
            ("/api/v1/staffing-sweeps", #"{"vary":[]}"#, "vary:"), ("/api/v1/staffing-sweeps", #"{"vary":["XX=1"]}"#, "vary:"),
            ("/api/v1/staffing-sweeps", #"{"vary":["EP=0.5..10:0.1"]}"#, "vary:"), ("/api/v1/staffing-sweeps", #"{"vary":["EP=1"],"targets":["bogus"]}"#, "targets:"),
            ("/api/v1/staffing-sweeps", #"{"vary":["EP=1"],"policy":"best"}"#, "policy:"), ("/api/v1/staffing-sweeps", #"{"vary":["EP=1"],"frontierKpi":"annual_cost"}"#, "frontierKpi:"),
            ("/api/v1/staffing-sweeps", #"{"vary":["EP=1,1.5"],"policy":"optimal","replications":20,"weeks":52}"#, "replications:"),
        ]
        try await fixture.test { client in
            let c = try #require(try await client.signIn("commissioner"))
            for (form, field) in forms {
                let r = try await client.post("/simulations", session: c, form: form)
                #expect(r.status == .badRequest && r.text.contains(field), "\(form): \(r.status.code), expected 400 naming \(field)")
            }
            for (path, json, field) in apis {
                let r = try await client.api(path, .post, session: c, json: json)
                let message = r.json["error"] as? String ?? ""
                #expect(r.status == .badRequest && message.contains(field), "\(json): \(r.status.code) \(message), expected 400 naming \(field)")
            }
        }
        #expect(try fixture.ws.commissionJobs(limit: 10).isEmpty, "no job stored")
        #expect(!FileManager.default.fileExists(atPath: Self.reports(fixture).path), "no report written")
        #expect(!(try fixture.ws.history()).contains { $0.command == "simulate" || $0.command == "staffing sweep" })
    }

    /// One job at a time per user, two in all: the next gets 429 saying which rule, and nothing is queued.
    @Test func limitsOnJobsAtOnce() async throws {
        let fixture = try ServerFixture()
        guard case .started(let first) = try fixture.ws.startCommissionJob(.simulate, parameters: "{}", summary: "held", by: "commissioner",
                                                                            perUser: 1, overall: 2) else { Issue.record("not started"); return }
        try await fixture.test { client in
            let c = try #require(try await client.signIn("commissioner"))
            let own = try await client.post("/simulations", session: c, form: ["policy-greedy": "on", "weeks": "8", "replications": "1"])
            #expect(own.status == .tooManyRequests && own.text.contains("your job #\(first.id)"))
            _ = try fixture.ws.startCommissionJob(.staffing, parameters: "{}", summary: "held", by: "victim", perUser: 1, overall: 2)
            let m = try #require(try await client.signIn("manager"))
            let all = try await client.api("/api/v1/simulations", .post, session: m, json: #"{"policies":["greedy"],"weeks":8,"replications":1}"#)
            #expect(all.status == .tooManyRequests && (all.json["error"] as? String ?? "").contains("2 simulations or sweeps are running"))
        }
        #expect(try fixture.ws.commissionJobs(limit: 10).count == 2, "the refused ones are not queued")
        for j in try fixture.ws.commissionJobs(limit: 10) { try fixture.ws.updateJob(id: j.id, state: .failed, result: "test") }
    }

    @Test func aJobLeftRunningIsShownFailedAfterARestart() async throws {
        let fixture = try ServerFixture()
        guard case .started(let job) = try fixture.ws.startCommissionJob(.simulate, parameters: #"{"policies":["greedy"]}"#, summary: "killed",
                                                                          by: "commissioner", perUser: 1, overall: 2) else { Issue.record("not started"); return }
        try fixture.ws.updateJob(id: job.id, state: .running, progress: "simulating")
        // The service starts again over the same workspace (what `hubspoke serve` does after a kill).
        _ = try WebApp(workspace: fixture.ws, settings: fixture.app.settings)
        try await fixture.test { client in
            let c = try #require(try await client.signIn("commissioner"))
            let page = try await client.get("/reports/\(job.id)", session: c)
            #expect(page.text.contains("State: failed.") && page.text.contains("stopped") && page.headers[.init("Refresh")!] == nil)
            #expect(!page.text.contains("/files/"), "no downloads")
            #expect(try await client.get("/reports/\(job.id)/files/report.json", session: c).status == .notFound)
            #expect(try await client.get("/reports/\(job.id)/view", session: c).status == .notFound)
        }
    }

    /// Who may use the new routes (the matrix test walks them all; this says it in the table's words).
    @Test func onlyCommissionersAndManagersReadAndStart() async throws {
        let fixture = try ServerFixture()
        let mine = fixture.app.commissionerRoutes.filter { $0.path != "/static/report.css" }
        #expect(mine.count == 12)
        for route in mine {
            #expect(route.access.allows(.commissioner) && route.access.allows(.manager), "\(route.path)")
            #expect(!route.access.allows(.pruLead) && !route.access.allows(.specialist) && !route.access.allows(nil), "\(route.path)")
        }
        try await fixture.test { client in
            for name in ["lead", "specialist"] {
                let s = try #require(try await client.signIn(name))
                #expect(try await client.get("/reports", session: s).status == .forbidden)
                #expect(try await client.api("/api/v1/simulations", .post, session: s, json: #"{"policies":["greedy"]}"#).status == .forbidden)
                #expect(!(try await client.get("/home", session: s).text.contains("href=\"/reports\"")), "no link for \(name)")
            }
            let c = try #require(try await client.signIn("commissioner"))
            #expect(try await client.get("/home", session: c).text.contains("href=\"/reports\""))
        }
        #expect(try fixture.ws.commissionJobs(limit: 10).isEmpty)
    }
}
