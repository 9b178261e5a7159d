import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import HubspokeModel
@testable import HubspokeServer
@testable import HubspokeWorkspace

/// Cover suggestions and repair as jobs, an option applied (and a stale apply refused), pins and
/// forbids listed, added and removed: through the pages and the API, each change logged with its user.
@Suite(.serialized) struct CoverTests {
    static let w = "/weeks/\(week1.iso)"

    /// The job id of a redirect to `/jobs/N`.
    static func jobID(_ r: TestResponse) throws -> Int {
        let location = try #require(r.headers[.location], "a redirect: \(r.status.code) \(r.text.prefix(300))")
        return try #require(Int(location.dropFirst("/jobs/".count)), "to a job: \(location)")
    }

    @Test func suggestionsShownAppliedOnceAndAStaleApplyRefused() async throws {
        let fixture = try ServerFixture()
        _ = try fixture.ws.plan(week: week1)
        try await fixture.test { client in
            let m = try #require(try await client.signIn("manager"))
            let started = try await client.post("\(Self.w)/suggest", session: m, form: ["need": "absent", "post": "MHT-E", "date": "2026-12-03", "half": "day", "k": "2"])
            #expect(started.status == .seeOther)
            let id = try Self.jobID(started)
            try await waitForJobs(fixture.ws)
            let page = try await client.get("/jobs/\(id)", session: m)
            #expect(page.status == .ok && page.text.contains("State: done."), "\(page.text.prefix(600))")
            #expect(page.text.contains("Option 1: objective") && page.text.contains("Apply option 1"), "the options with their forms")
            #expect(page.text.contains("Each option is optimal, within a relative gap of") && page.text.contains("are ties"), "the tolerance, as the CLI states it")
            let options = try await client.api("/api/v1/jobs/\(id)/options", .get, session: m)
            let listed = try #require(options.json["options"] as? [[String: Any]])
            #expect(options.status == .ok && options.json["readAt"] as? Int == 1 && !listed.isEmpty)
            // The options say what they change: MHT-E's sessions on the Thursday are gone in each.
            for o in listed {
                let changes = o["changes"] as? [[String: Any]] ?? []
                #expect(changes.contains { $0["post"] as? String == "MHT-E" && $0["date"] as? String == "2026-12-03" }, "option \(o["number"] ?? "?") moves MHT-E")
            }

            #expect(try await client.post("/jobs/\(id)/apply", session: m, form: ["option": "1", "version": "1"]).status == .seeOther)
            let versions = try fixture.ws.versions(week: week1)
            #expect(versions.count == 2 && versions.last?.kind == .repair && versions.last?.repairedVersion == 1)
            // The same form again (read at version 1, now 2): refused, both versions shown, nothing saved.
            let stale = try await client.post("/jobs/\(id)/apply", session: m, form: ["option": listed.count > 1 ? "2" : "1", "version": "1"])
            #expect(stale.status == .conflict && stale.text.contains("Not saved") && stale.text.contains("version 2") && stale.text.contains("Find cover again"))
            let staleAPI = try await client.api("/api/v1/jobs/\(id)/apply", .post, session: m, json: #"{"option": 1, "version": 1}"#)
            #expect(staleAPI.status == .conflict && staleAPI.json["current"] as? Int == 2 && staleAPI.json["inputsChanged"] as? Bool == false)
            // A version the options were not read at is stale too, even when it is the latest.
            #expect(try await client.post("/jobs/\(id)/apply", session: m, form: ["option": "1", "version": "2"]).status == .conflict)
            #expect(try fixture.ws.versions(week: week1).count == 2, "nothing saved by a stale apply")
        }
        let log = try fixture.ws.history().filter { $0.command == "suggest" }
        #expect(log.count == 1 && log[0].user == "manager" && log[0].summary.contains("option 1"))
    }

    @Test func anInputChangedSinceTheOptionsIsAConflict() async throws {
        let fixture = try ServerFixture()
        _ = try fixture.ws.plan(week: week1)
        try await fixture.test { client in
            let m = try #require(try await client.signIn("manager"))
            let job = try await client.api("/api/v1\(Self.w)/suggest", .post, session: m,
                                           json: #"{"need": "gap", "site": "PRU-DOV", "role": "EP", "date": "2026-12-03", "half": "am", "k": 1}"#)
            #expect(job.status == .accepted, "\(job.text)")
            let id = try #require(job.json["id"] as? Int)
            try await waitForJobs(fixture.ws)
            #expect(try fixture.ws.job(id: Int64(id))?.state == .done)
            #expect(try await client.post("\(Self.w)/absences", session: m, form: ["post": "FSW-1", "date": "2026-12-04", "half": "am"]).status == .seeOther)
            let r = try await client.api("/api/v1/jobs/\(id)/apply", .post, session: m, json: #"{"option": 1, "version": 1}"#)
            #expect(r.status == .conflict && r.json["inputsChanged"] as? Bool == true, "\(r.text)")
            #expect((r.json["error"] as? String)?.contains("absences") == true)
        }
        #expect(try fixture.ws.versions(week: week1).count == 1, "nothing saved")
    }

    @Test func aRepairRunsAsAJobAndSavesADraft() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            let m = try #require(try await client.signIn("manager"))
            let none = try await client.post("\(Self.w)/repair", session: m, form: ["date": "2026-12-02", "half": "am"])
            #expect(none.status == .badRequest && none.text.contains("no published rota"), "nothing to repair yet")
            _ = try fixture.ws.plan(week: week1)
            #expect(try await client.post("\(Self.w)/publish", session: m, form: ["version": "1"]).status == .seeOther)
            #expect(try await client.post("\(Self.w)/absences", session: m, form: ["post": "MHT-W", "date": "2026-12-02"]).status == .seeOther)
            #expect(try await client.get("\(Self.w)/cover", session: m).text.contains("Repair the week"))
            let id = try Self.jobID(try await client.post("\(Self.w)/repair", session: m, form: ["date": "2026-12-02", "half": "am"]))
            try await waitForJobs(fixture.ws)
            let job = try await client.api("/api/v1/jobs/\(id)", .get, session: m)
            #expect(job.json["state"] as? String == "done" && job.json["kind"] as? String == "repair", "\(job.text)")
            #expect((job.json["result"] as? String)?.contains("version 2 saved as a draft") == true)
        }
        let v = try #require(try fixture.ws.versions(week: week1).last)
        #expect(v.version == 2 && v.kind == .repair && v.repairedVersion == 1 && v.status == .draft)
        let kept = try fixture.ws.storedRota(week: week1, version: 2).rota.assignments
        #expect(!kept.contains { $0.post == "MHT-W" && $0.date.iso == "2026-12-02" }, "the absent post's sessions are gone")
        let before = try fixture.ws.storedRota(week: week1, version: 1).rota.assignments.filter { $0.date.iso < "2026-12-02" }
        #expect(Set(kept.filter { $0.date.iso < "2026-12-02" }) == Set(before), "the sessions before the repair stay")
        #expect(try fixture.ws.history().contains { $0.command == "repair" && $0.user == "manager" })
    }

    @Test func pinsAndForbidsListedAddedAndRemoved() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            let m = try #require(try await client.signIn("manager"))
            let added = try await client.post("\(Self.w)/rules", session: m,
                                              form: ["kind": "pin", "post": "EP-1", "site": "PRU-DOV", "date": "2026-12-03", "half": "am", "back": "rules"])
            #expect(added.status == .seeOther && added.headers[.location]?.hasPrefix("\(Self.w)/rules?notice=") == true)
            let api = try await client.api("/api/v1\(Self.w)/rules", .post, session: m,
                                           json: #"{"kind": "forbid", "post": "SLT-1", "site": "PRU-TW", "date": "2026-12-04", "half": "pm"}"#)
            #expect(api.status == .created, "\(api.text)")
            let page = try await client.get("\(Self.w)/rules", session: m).text
            #expect(page.contains("EP-1") && page.contains("PRU-DOV") && page.contains("SLT-1") && page.contains("Remove #"))
            let listed = try JSONSerialization.jsonObject(with: Data(try await client.api("/api/v1\(Self.w)/rules", .get, session: m).body.readableBytesView)) as? [[String: Any]] ?? []
            #expect(listed.map { $0["kind"] as? String } == ["pin", "forbid"])
            let pin = try #require(listed.first?["id"] as? Int), forbid = try #require(listed.last?["id"] as? Int)
            #expect(try await client.api("/api/v1\(Self.w)/rules/\(forbid)", .delete, session: m).status == .ok)
            #expect(try await client.post("\(Self.w)/rules/\(pin)/remove", session: m).status == .seeOther)
            #expect(try await client.post("\(Self.w)/rules/\(pin)/remove", session: m).status == .notFound, "removed once")
            #expect(try await client.api("/api/v1/weeks/2026-12-07/rules/\(pin)", .delete, session: m).status == .notFound, "another week's id")
        }
        #expect(try fixture.ws.sessionRules(week: week1).isEmpty)
        let log = try fixture.ws.history().filter { ["pin", "forbid", "unpin", "unforbid"].contains($0.command) }
        #expect(log.map(\.command).sorted() == ["forbid", "pin", "unforbid", "unpin"] && log.allSatisfy { $0.user == "manager" })
    }

    /// Unknown posts, sites and roles, dates out of the week, malformed forms and JSON: a clear 4xx,
    /// no job started and nothing changed.
    @Test func badInputRefusedAndNothingStarted() async throws {
        let fixture = try ServerFixture()
        _ = try fixture.ws.plan(week: week1)
        try await fixture.test { client in
            let m = try #require(try await client.signIn("manager"))
            let before = try fixture.ws.history().count
            let s = "\(Self.w)/suggest", api = "/api/v1\(Self.w)"
            let cases: [(String, TestResponse, HTTPResponse.Status, String)] = [
                ("an unknown post", try await client.post(s, session: m, form: ["post": "XX-9", "date": "2026-12-02"]), .badRequest, "unknown post"),
                ("a date out of the week", try await client.post(s, session: m, form: ["post": "EP-1", "date": "2026-12-09"]), .badRequest, "not in the week"),
                ("a date out of the calendar", try await client.post("/weeks/2030-01-07/suggest", session: m, form: ["post": "EP-1", "date": "2030-01-07"]), .notFound, "2030-01-07"),
                ("an unknown need", try await client.post(s, session: m, form: ["need": "cake", "date": "2026-12-02"]), .badRequest, "absent or gap"),
                ("a gap of an unknown role", try await client.post(s, session: m, form: ["need": "gap", "site": "PRU-DOV", "role": "XYZ", "date": "2026-12-02", "half": "am"]), .badRequest, "unknown role"),
                ("a gap without a half", try await client.post(s, session: m, form: ["need": "gap", "site": "PRU-DOV", "role": "EP", "date": "2026-12-02", "half": "day"]), .badRequest, "am or pm"),
                ("k out of range", try await client.post(s, session: m, form: ["post": "EP-1", "date": "2026-12-02", "k": "0"]), .badRequest, "1 to 50"),
                ("an unknown version", try await client.post(s, session: m, form: ["post": "EP-1", "date": "2026-12-02", "version": "7"]), .badRequest, "7"),
                ("malformed JSON", try await client.api("\(api)/suggest", .post, session: m, json: "{\"post\": "), .badRequest, "malformed"),
                ("JSON with a list", try await client.api("\(api)/repair", .post, session: m, json: #"{"date": ["2026-12-02"]}"#), .badRequest, "date"),
                ("a repair of an unknown version", try await client.post("\(Self.w)/repair", session: m, form: ["date": "2026-12-02", "version": "9"]), .badRequest, "no version 9"),
                ("the options of no job", try await client.api("/api/v1/jobs/4242/options", .get, session: m), .notFound, "no such"),
                ("apply without an option", try await client.post("/jobs/4242/apply", session: m, form: ["version": "1"]), .notFound, "no such"),
                ("a rule at an unknown site", try await client.api("\(api)/rules", .post, session: m, json: #"{"kind": "pin", "post": "EP-1", "site": "NOWHERE", "date": "2026-12-02", "half": "am"}"#), .badRequest, "unknown site"),
                ("a rule without a half", try await client.api("\(api)/rules", .post, session: m, json: #"{"kind": "pin", "post": "EP-1", "site": "PRU-DOV", "date": "2026-12-02"}"#), .badRequest, "half: missing"),
                ("removing a rule by a bad id", try await client.post("\(Self.w)/rules/abc/remove", session: m), .notFound, "abc"),
            ]
            for (what, r, status, message) in cases {
                #expect(r.status == status, "\(what): \(r.status.code), expected \(status.code): \(r.text.prefix(300))")
                #expect(r.text.contains(message), "\(what): the message says \(message): \(r.text.prefix(300))")
            }
            #expect(try fixture.ws.history().count == before, "nothing changed")
            #expect(try fixture.ws.jobs(limit: 10).isEmpty, "no job started")
        }
    }
}

/// A suggestion's options live in the service's memory: after a restart its job page and the API say
/// they are gone (410), and nothing can be applied from them.
@Suite(.serialized) struct CoverRestartTests {
    @Test func optionsGoneAfterARestart() async throws {
        let fixture = try ServerFixture()
        _ = try fixture.ws.plan(week: week1)
        let id = try await fixture.test { client in
            let m = try #require(try await client.signIn("manager"))
            let r = try await client.post("/weeks/\(week1.iso)/suggest", session: m, form: ["post": "FSW-1", "date": "2026-12-04", "half": "am", "k": "1"])
            try await waitForJobs(fixture.ws)
            return try CoverTests.jobID(r)
        }
        let restarted = try WebApp(workspace: fixture.ws, settings: fixture.app.settings)
        try await Application(router: restarted.router()).test(.router) { raw in
            let client = Client(raw: raw)
            let m = try #require(try await client.signIn("manager"))
            #expect(try await client.api("/api/v1/jobs/\(id)/options", .get, session: m).status == .gone)
            let page = try await client.get("/jobs/\(id)", session: m)
            #expect(page.status == .ok && page.text.contains("State: done.") && page.text.contains("no longer held"))
            #expect(try await client.post("/jobs/\(id)/apply", session: m, form: ["option": "1", "version": "1"]).status == .gone)
        }
        #expect(try fixture.ws.versions(week: week1).count == 1, "nothing saved")
    }
}
