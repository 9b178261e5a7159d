import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import HubspokeServer
@testable import HubspokeWorkspace

@Suite(.serialized) struct ReliabilityTests {
    @Test func aStaleFormGetsAConflictShowingBoth() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            let lead = try #require(try await client.signIn("lead")), manager = try #require(try await client.signIn("manager"))
            let page = "/weeks/\(week1.iso)/requests/PRU-CANT"
            #expect(try await client.post(page, session: manager, form: ["version": "0", "s-EP-urgent": "4", "note": "first one"]).status == .seeOther)
            let stale = try await client.post(page, session: lead, form: ["version": "0", "s-MHT-high": "2", "note": "second one"])
            #expect(stale.status == .conflict)
            #expect(stale.text.contains("first one") && stale.text.contains("second one") && stale.text.contains("version 1"))
            let api = try await client.api("/api/v1\(page)", .put, session: lead, json: #"{"version":0,"rows":[]}"#)
            #expect(api.status == .conflict && (api.json["current"] as? [String: Any])?["version"] as? Int == 1)
        }
        let saved = try fixture.ws.requests(week: week1, site: "PRU-CANT")
        #expect(saved.version == 1 && saved.note == "first one" && saved.rows == [RequestSet.Row(role: "EP", priority: .urgent, sessions: 4)], "nothing overwritten")
        #expect(try fixture.ws.demand(week: week1).rows.filter { $0.site == "PRU-CANT" }.map(\.sessions) == [4], "the week's demand took the requests")
    }

    /// 8 PRU leads, 50 submissions at once (each lead retrying on a conflict): all land, as the log shows.
    @Test func fiftyConcurrentSubmissionsFromEightLeadsAllLand() async throws {
        let fixture = try ServerFixture(extraLeads: 6)
        let leads = ["lead", "lead2"] + (0..<6).map { "lead-x\($0)" }
        let before = try fixture.ws.history().filter { $0.command == "requests" }.count
        let sites = try await fixture.test { client in
            var sessions: [(String, Session, String)] = []
            for name in leads {
                let user = try #require(try fixture.ws.users().first { $0.name == name })
                sessions.append((name, try #require(try await client.signIn(name)), user.sites[0]))
            }
            let jobs = (0..<50).map { sessions[$0 % sessions.count] }
            try await withThrowingTaskGroup(of: Void.self) { group in
                for (i, (_, session, site)) in jobs.enumerated() {
                    group.addTask {
                        let uri = "/api/v1/weeks/\(week1.iso)/requests/\(site)"
                        for _ in 0..<100 {
                            let current = try await client.api(uri, .get, session: session).json["version"] as? Int ?? -1
                            let r = try await client.api(uri, .put, session: session, json: #"{"version":\#(current),"note":"round \#(i)","rows":[{"role":"EP","priority":"routine","sessions":\#(i % 5 + 1)}]}"#)
                            if r.status == .ok { return }
                            #expect(r.status == .conflict, "only a conflict is retried: \(r.status.code) \(r.text)")
                        }
                        Issue.record("submission \(i) never landed")
                    }
                }
                try await group.waitForAll()
            }
            return Set(sessions.map(\.2))
        }
        let log = try fixture.ws.history().filter { $0.command == "requests" }
        #expect(log.count - before == 50)
        #expect(Set(log.compactMap(\.user)) == Set(leads), "each entry names its lead")
        let versions = try sites.map { try fixture.ws.requests(week: week1, site: $0).version }.reduce(0, +)
        #expect(versions == 50, "every submission a version of its site's set")
    }

    /// The walk: a PRU lead's requests, the manager's absence, plan (a job; a second request joins it),
    /// publish; the specialist's feed then holds the new sessions, and a revoked token gets 404.
    @Test func planPublishAndTheFeed() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            let lead = try #require(try await client.signIn("lead")), m = try #require(try await client.signIn("manager"))
            let s = try #require(try await client.signIn("specialist"))
            #expect(try await client.post("/weeks/\(week1.iso)/requests/PRU-CANT", session: lead, form: ["version": "0", "s-EP-urgent": "3"]).status == .seeOther)
            #expect(try await client.post("/weeks/\(week1.iso)/absences", session: m, form: ["post": "MHT-W", "date": "2026-12-02", "reason": "training"]).status == .seeOther)
            let first = try await client.api("/api/v1/weeks/\(week1.iso)/plan", .post, session: m)
            let second = try await client.api("/api/v1/weeks/\(week1.iso)/plan", .post, session: m)
            #expect(first.status == .accepted && first.json["id"] as? Int == second.json["id"] as? Int && second.json["joined"] as? Bool == true)
            try await waitForJobs(fixture.ws)
            let job = try await client.api("/api/v1/jobs/\(first.json["id"] as? Int ?? 0)", .get, session: m)
            #expect(job.json["state"] as? String == "done", "\(job.text)")
            let issued = try await client.post("/my/feed", session: s).text
            let token = try #require(issued.range(of: "/feeds/[A-Za-z0-9_-]{43}/", options: .regularExpression).map { String(issued[$0]).split(separator: "/")[1] })
            let empty = try await client.get("/feeds/\(token)/post-EP-1.ics")
            #expect(empty.status == .ok && !empty.text.contains("BEGIN:VEVENT"), "nothing published yet")
            #expect(try await client.post("/weeks/\(week1.iso)/publish", session: m, form: ["version": "1"]).status == .seeOther)
            let feed = try await client.get("/feeds/\(token)/post-EP-1.ics")
            #expect(feed.headers[.contentType]?.hasPrefix("text/calendar") == true)
            #expect(feed.text.contains("BEGIN:VEVENT") && feed.text.contains("UID:EP-1-2026-1") && feed.text.contains("SEQUENCE:1") && feed.text.hasSuffix("END:VCALENDAR\r\n"))
            let published = try fixture.ws.storedRota(week: week1).rota.assignments.filter { $0.post == "EP-1" }
            #expect(feed.text.components(separatedBy: "UID:EP-1-").count - 1 == published.count)
            #expect(try await client.get("/feeds/\(token)/post-EP-2.ics").status == .notFound, "another post's file")
            #expect(try await client.get("/feeds/\(String(repeating: "A", count: 43))/post-EP-1.ics").status == .notFound, "an unknown token")
            #expect(try await client.post("/my/feed/revoke", session: s).status == .seeOther)
            #expect(try await client.get("/feeds/\(token)/post-EP-1.ics").status == .notFound, "a revoked token")
            // The PRU lead sees their site's published rota, not the others'.
            let leadWeek = try await client.get("/weeks/\(week1.iso)", session: lead).text
            #expect(leadWeek.contains("id=\"site-PRU-CANT\"") && !leadWeek.contains("id=\"site-PRU-DOV\""))
        }
        let log = try fixture.ws.history()
        #expect(log.contains { $0.command == "publish" && $0.user == "manager" } && log.contains { $0.command == "absence add" && $0.user == "manager" })
    }

    /// A specialist's absence request, approved by the manager, becomes an absence; each step names its user.
    @Test func anAbsenceRequestApproved() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            let s = try #require(try await client.signIn("specialist")), m = try #require(try await client.signIn("manager"))
            #expect(try await client.post("/my/absences", session: s, form: ["date": "2026-12-03", "half": "pm", "reason": "course"]).status == .seeOther)
            #expect(try await client.post("/my/absences", session: s, form: ["date": "2026-12-03", "reason": "Dr Patel appointment"]).status == .badRequest, "a name is refused")
            let pending = try fixture.ws.absenceRequests(state: .pending)
            #expect(pending.count == 1 && pending[0].post == "EP-1" && pending[0].requestedBy == "specialist")
            #expect(try await client.get("/absence-requests", session: m).text.contains("Approve #\(pending[0].id)"))
            #expect(try await client.post("/absence-requests/\(pending[0].id)", session: m, form: ["decision": "approve"]).status == .seeOther)
            #expect(try await client.post("/absence-requests/\(pending[0].id)", session: m, form: ["decision": "approve"]).status == .badRequest, "decided once")
            #expect(try await client.get("/my/absences", session: s).text.contains("approved"))
        }
        let absences = try fixture.ws.absences(post: "EP-1")
        #expect(absences.count == 1 && absences[0].date.iso == "2026-12-03" && absences[0].half == .pm)
        let log = try fixture.ws.history()
        #expect(log.contains { $0.command == "absence request" && $0.user == "specialist" } && log.contains { $0.command == "absence add" && $0.user == "manager" })
    }

    @Test func aJobLeftRunningIsShownFailedAfterARestart() throws {
        let fixture = try ServerFixture()
        let (job, _) = try fixture.ws.planJob(week: week1, by: "manager")
        try fixture.ws.updateJob(id: job.id, state: .running)
        _ = try WebApp(workspace: fixture.ws, settings: fixture.app.settings)
        let after = try #require(try fixture.ws.job(id: job.id))
        #expect(after.state == .failed && after.result.contains("stopped"))
        #expect(try fixture.ws.versions(week: week1).isEmpty, "no half-saved version")
    }
}
