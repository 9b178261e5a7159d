import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import HubspokeSupport
@testable import HubspokeServer
@testable import HubspokeWorkspace

/// The API's operations for what the pages do (cut-off, check, users, absence requests, jobs, feeds),
/// site feeds, the cut-off's version, the last manager, passwords and notes.
@Suite(.serialized) struct APIParityTests {
    static func json(_ r: TestResponse) -> Any? { try? JSONSerialization.jsonObject(with: Data(r.body.readableBytesView)) }

    @Test func theCutoffByTheAPIWithItsVersion() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            let m = try #require(try await client.signIn("manager"))
            let api = "/api/v1/weeks/\(week1.iso)/cutoff"
            #expect(try await client.api(api, .get, session: m).json["version"] as? Int == 0)
            let saved = try await client.api(api, .put, session: m, json: #"{"version":0,"closesAt":"2026-11-27T12:00"}"#)
            #expect(saved.status == .ok && saved.json["closesAt"] as? String == "2026-11-27T12:00:00Z" && saved.json["version"] as? Int == 1 && saved.json["timeZone"] as? String == "UTC")
            // A second writer still at version 0 is refused, and told what is saved.
            let stale = try await client.api(api, .put, session: m, json: #"{"version":0,"closesAt":null}"#)
            #expect(stale.status == .conflict && (stale.json["current"] as? [String: Any])?["closesAt"] as? String == "2026-11-27T12:00:00Z")
            // The form too: a stale version gets 409 with both times, and the form again at the saved version.
            let form = try await client.post("/weeks/\(week1.iso)/cutoff", session: m, form: ["version": "0", "closes_at": "2026-11-28T09:30"])
            #expect(form.status == .conflict && form.text.contains("2026-11-27T12:00:00Z (UTC)") && form.text.contains("2026-11-28T09:30:00Z (UTC)")
                    && form.text.contains(#"name="version" value="1""#))
            #expect(try await client.post("/weeks/\(week1.iso)/cutoff", session: m, form: ["version": "1", "closes_at": ""]).status == .seeOther)
            #expect(try await client.get("/weeks/\(week1.iso)", session: m).text.contains(#"name="version" value="2""#))
        }
        #expect(try fixture.ws.cutoff(week: week1) == RequestCutoff(closesAt: nil, version: 2, changedBy: "manager", changedAt: try fixture.ws.cutoff(week: week1).changedAt))
    }

    @Test func cutoffTimesAreRealDatesAndTimes() throws {
        #expect(try Workspace.cutoffTime("2026-11-27T12:00") == "2026-11-27T12:00:00Z")
        #expect(try Workspace.cutoffTime("2028-02-29T23:59:59Z") == "2028-02-29T23:59:59Z")
        for bad in ["2026-02-30T12:00", "2026-11-27T25:00", "2026-11-27T12:60", "2026-11-27T24:00", "2027-02-29T10:00", "2026-11-27", "2026-11-27T1:00", "2026-11-27T12:00:61Z", "tomorrow"] {
            #expect(throws: WorkspaceError.self, "\(bad) refused") { try Workspace.cutoffTime(bad) }
        }
    }

    @Test func usersAbsenceRequestsJobsAndCheckByTheAPI() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            let m = try #require(try await client.signIn("manager")), sp = try #require(try await client.signIn("specialist"))
            let added = try await client.api("/api/v1/users", .post, session: m, json: #"{"name":"newlead","role":"pru_lead","sites":["PRU-DOV"]}"#)
            let link = try #require((Self.json(added) as? [String: Any])?["link"] as? String)
            #expect(added.status == .created && link.contains("/setup/"))
            #expect(try await client.api("/api/v1/users", .post, session: m, json: #"{"name":"newlead","role":"commissioner"}"#).text.contains("already exists"))
            let disabled = try await client.api("/api/v1/users/newlead/disable", .post, session: m)
            #expect(disabled.status == .ok && disabled.json["disabled"] as? Bool == true)
            let reset = try await client.api("/api/v1/users/newlead/reset", .post, session: m)
            #expect(reset.status == .ok && (reset.json["link"] as? String ?? "") != link && reset.json["user"] != nil)
            #expect(try await client.api("/api/v1/users/manager/disable", .post, session: m).text.contains("last active manager"))

            // A specialist asks; the manager lists the pending requests and approves by the API.
            let asked = try await client.api("/api/v1/absence-requests", .post, session: sp, json: #"{"date":"2026-12-02","half":"am","reason":"training"}"#)
            let id = try #require(asked.json["id"] as? Int)
            let mine = try #require(Self.json(try await client.api("/api/v1/my/absence-requests", .get, session: sp)) as? [[String: Any]])
            #expect(mine.count == 1 && mine[0]["state"] as? String == "pending" && mine[0]["post"] as? String == "EP-1")
            let pending = try #require(Self.json(try await client.api("/api/v1/absence-requests?state=pending", .get, session: m)) as? [[String: Any]])
            #expect(pending.map { $0["id"] as? Int } == [id])
            #expect(try await client.api("/api/v1/absence-requests?state=maybe", .get, session: m).status == .badRequest)
            let decided = try await client.api("/api/v1/absence-requests/\(id)", .post, session: m, json: #"{"decision":"approve"}"#)
            #expect(decided.status == .ok && decided.json["state"] as? String == "approved")
            #expect(try await client.api("/api/v1/absence-requests/\(id)", .post, session: m, json: #"{"decision":"perhaps"}"#).status == .badRequest)

            // Plan, then the jobs list holds the job; a pasted rota with a session on the absence breaks a rule.
            let job = try await client.api("/api/v1/weeks/\(week1.iso)/plan", .post, session: m)
            try await waitForJobs(fixture.ws)
            let jobs = try #require(Self.json(try await client.api("/api/v1/jobs", .get, session: m)) as? [[String: Any]])
            #expect(jobs.first?["id"] as? Int == job.json["id"] as? Int && jobs.first?["state"] as? String == "done")
            let stored = try fixture.ws.storedRota(week: week1, preferPublished: false)
            func check(_ csv: String) async throws -> TestResponse {
                let body = String(data: try JSONSerialization.data(withJSONObject: ["rota": csv]), encoding: .utf8) ?? ""
                return try await client.api("/api/v1/weeks/\(week1.iso)/check", .post, session: m, json: body)
            }
            let checked = try await check(stored.rota.csv(scenario: stored.scenario))
            #expect(checked.status == .ok && (checked.json["breaches"] as? [String])?.isEmpty == true, "\(checked.text.prefix(300))")
            #expect((checked.json["objective"] as? [[String: Any]])?.isEmpty == false && checked.json["sessions"] as? Int == stored.rota.assignments.count)
            let garbage = try await check("garbage")
            #expect(garbage.status == .badRequest && garbage.text.contains("the pasted rota"))
        }
    }

    @Test func siteFeedsForALeadsOwnSites() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            let lead = try #require(try await client.signIn("lead")), m = try #require(try await client.signIn("manager"))
            #expect(try await client.get("/site-feeds", session: lead).text.contains("/sites/PRU-CANT/feed"))
            #expect(!(try await client.get("/site-feeds", session: lead).text.contains("/sites/PRU-DOV/feed")))
            #expect(try await client.post("/sites/PRU-DOV/feed", session: lead).status == .forbidden, "not their site")
            #expect(try await client.api("/api/v1/sites/PRU-DOV/feed", .post, session: lead).status == .forbidden)
            // Plan and publish, so the feed has sessions.
            _ = try await client.api("/api/v1/weeks/\(week1.iso)/plan", .post, session: m)
            try await waitForJobs(fixture.ws)
            #expect(try await client.api("/api/v1/weeks/\(week1.iso)/publish", .post, session: m, json: #"{"version":1}"#).status == .ok)

            let page = try await client.post("/sites/PRU-CANT/feed", session: lead)
            let first = try #require(page.text.firstMatch(of: /\/feeds\/([A-Za-z0-9_-]+)\/site-PRU-CANT\.ics/)).1
            let ics = try await client.get("/feeds/\(first)/site-PRU-CANT.ics")
            #expect(ics.status == .ok && ics.text.contains("BEGIN:VEVENT"))
            #expect(try await client.get("/feeds/\(first)/site-PRU-DOV.ics").status == .notFound, "the token opens only its site")
            // Re-issued by the API: the old address is dead, the new one live.
            let again = try await client.api("/api/v1/sites/PRU-CANT/feed", .post, session: lead)
            let url = try #require(again.json["url"] as? String)
            let second = try #require(url.firstMatch(of: /\/feeds\/([A-Za-z0-9_-]+)\//)).1
            #expect(try await client.get("/feeds/\(first)/site-PRU-CANT.ics").status == .notFound)
            #expect(try await client.get("/feeds/\(second)/site-PRU-CANT.ics").status == .ok)
            #expect(try await client.api("/api/v1/sites/PRU-CANT/feed", .get, session: lead).json["live"] as? Bool == true)
            // A manager holds any site's feed; the lead's revoke ends theirs (404), by the page.
            #expect(try await client.api("/api/v1/sites/HUB/feed", .post, session: m).status == .created)
            #expect(try await client.post("/sites/PRU-CANT/feed/revoke", session: lead).status == .seeOther)
            #expect(try await client.get("/feeds/\(second)/site-PRU-CANT.ics").status == .notFound)
            #expect(try await client.api("/api/v1/sites/PRU-CANT/feed", .get, session: lead).json["live"] as? Bool == false)
            // The specialist's feed by the API, issued and revoked.
            let sp = try #require(try await client.signIn("specialist"))
            let mine = try #require(try await client.api("/api/v1/my/feed", .post, session: sp).json["url"] as? String)
            let path = String(mine.dropFirst(fixture.app.settings.publicURL.count))
            #expect(try await client.get(path).status == .ok)
            #expect(try await client.api("/api/v1/my/feed", .delete, session: sp).status == .ok)
            #expect(try await client.get(path).status == .notFound)
            let stored = try fixture.ws.read { db in try String.fetchAll(db, sql: "SELECT token_hash FROM feed_tokens") }
            #expect(!stored.contains(String(first)) && stored.contains(SecretToken.hash(String(first))), "tokens are stored hashed")
        }
    }

    @Test func theLastActiveManagerStays() throws {
        let fixture = try ServerFixture()
        #expect(throws: WorkspaceError.self) { try fixture.ws.disableUser(name: "manager") }
        #expect(try fixture.ws.users().first { $0.name == "manager" }?.disabled == false)
        _ = try fixture.ws.addUser(name: "manager2", role: .manager)
        #expect(try fixture.ws.disableUser(name: "manager").disabled, "with another manager, the first may go")
        #expect(throws: WorkspaceError.self) { try fixture.ws.disableUser(name: "manager2") }
    }

    @Test func guessablePasswordsAreRefused() {
        for bad in ["Password123!", "P@ssw0rd2026!", "Hubspoke2026!!", "#rota-rota-2026", "Welcome12345!", "!!Qwerty2026!!", "Medway2026!!", "ann-1234567890"] {
            #expect(Passwords.problem(bad, user: "ann", service: ["Kent", "and", "Medway"]) != nil, "refused: \(bad)")
        }
        for good in ["river otter lamp 42", "Password lamp 2026", "correct-staple-19-pony", "Kettle9Orbit!Moss"] {
            #expect(Passwords.problem(good, user: "ann", service: ["Kent", "and", "Medway"]) == nil, "accepted: \(good)")
        }
    }

    @Test func notesThatLookLikeChildData() {
        let places = ["Kent Health Needs Education Service (Canterbury) Canterbury", "Will Adams Centre Gillingham", "The Rowans AP Academy Chatham"]
        for bad in ["943.476.5919", "943/476/5919", "seen 9434765919", "March 12, 2015", "12th of March 2015", "Mar 3 2014 review",
                    "jack smith urgent", "JACK SMITH", "Smith, J. needs EP", "for Jack please", "Olivia-Rose needs", "O'Brien family",
                    "J. Smith", "Jones family asked", "Foster family of Smith, K",  "McCarthy needs a room", "Mrs Jones asked", "dob 12/03/2015"] {
            #expect(NoteCheck.problem(bad, places: places) != nil, "refused: \(bad)")
        }
        for good in ["Canterbury Academy group", "Will Adams Centre room", "The Rowans AP Academy", "two urgent assessments, one group",
                     "Year 9 group needs a room", "EP for the reintegration meeting", "PRU lead meeting at 4 o'clock", "12 sessions in March",
                     "will need a quiet room", "Speech and Language Therapist at the hub", "10 pupils, 2 groups", "Foster family visit", "Monday, I think", "Family Support Worker needed", ""] {
            #expect(NoteCheck.problem(good, places: places) == nil, "accepted: \(good)")
        }
    }
}
