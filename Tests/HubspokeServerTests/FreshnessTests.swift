import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import HubspokeModel
@testable import HubspokeServer
@testable import HubspokeWorkspace

/// The service keeps sessions and pages in memory while the workspace is unchanged (`FreshCache`):
/// these tests change the workspace through a connection of its own, as a `hubspoke` command in
/// another process does, and check that the very next request shows the change; and that a page
/// kept for one user never reaches another, nor one session's CSRF token another session.
@Suite(.serialized) struct FreshnessTests {
    /// The workspace as a command run beside the service opens it: another connection.
    func otherProcess(_ fixture: ServerFixture) throws -> Workspace { try Workspace.open(at: fixture.ws.path) }

    @Test func theWeekPageShowsAChangeFromAnotherProcessAtOnce() async throws {
        let fixture = try ServerFixture()
        _ = try fixture.ws.plan(week: week1)
        let cli = try otherProcess(fixture)
        try await fixture.test { client in
            let manager = try #require(try await client.signIn("manager"))
            let page = "/weeks/\(week1.iso)"
            let first = try await client.get(page, session: manager).text
            let second = try await client.get(page, session: manager).text
            #expect(first.contains("Version 1 (draft)") && first == second, "kept while nothing changed")
            _ = try cli.publish(week: week1, version: 1, exportsTo: fixture.folder.appendingPathComponent("exports").path)
            #expect(try await client.get(page, session: manager).text.contains("Version 1 (published, the week&#39;s rota)"), "a publish shows at once")
            _ = try cli.addAbsence(post: "SLT-1", dates: [week1], half: nil, reason: nil)
            _ = try cli.plan(week: week1)
            let replanned = try await client.get(page, session: manager).text
            #expect(replanned.contains("Version 2 (draft)") && replanned.contains("version 2 (draft"), "a plan shows at once, in the text and the publish form")
            _ = try cli.setRequestCutoff(week: week1, closesAt: "2026-11-27T12:00:00Z", expectedVersion: try cli.cutoff(week: week1).version)
            #expect(try await client.get(page, session: manager).text.contains(#"value="2026-11-27T12:00""#), "a cut-off shows at once")
            let home = try await client.get("/home", session: manager).text
            _ = try cli.publish(week: week1, version: 2, exportsTo: fixture.folder.appendingPathComponent("exports").path)
            let homeAfter = try await client.get("/home", session: manager).text
            #expect(home.contains("version 1 published") && homeAfter.contains("version 2 published"), "the start page too")
        }
    }

    @Test func aUserDisabledFromAnotherProcessIsSignedOutAtOnce() async throws {
        let fixture = try ServerFixture()
        let cli = try otherProcess(fixture)
        try await fixture.test { client in
            let s = try #require(try await client.signIn("commissioner"))
            #expect(try await client.get("/home", session: s).status == .ok)
            #expect(try await client.get("/home", session: s).status == .ok, "the session, kept in memory")
            _ = try cli.disableUser(name: "commissioner")
            let after = try await client.get("/home", session: s)
            #expect(after.status == .seeOther && after.headers[.location] == "/login", "the next request after the command is refused")
            #expect(try await client.api("/api/v1/me", .get, session: s).status == .unauthorized)
        }
    }

    @Test func anExpiredSessionIsRefusedThoughNothingChanged() async throws {
        let fixture = try ServerFixture(sessionLifetime: 2)
        try await fixture.test { client in
            let s = try #require(try await client.signIn("commissioner"))
            #expect(try await client.get("/home", session: s).status == .ok)
            let stamp = try fixture.app.fresh.stamp()
            try await Task.sleep(for: .milliseconds(2100))
            #expect(try fixture.app.fresh.stamp() == stamp, "no change to the workspace meanwhile")
            #expect(try await client.get("/home", session: s).headers[.location] == "/login", "expiry is checked on every request")
        }
    }

    @Test func aKeptPageCarriesEachSessionsOwnTokenAndReachesOnlyItsUser() async throws {
        let fixture = try ServerFixture()
        _ = try fixture.ws.plan(week: week1)
        _ = try fixture.ws.publish(week: week1, version: 1, exportsTo: fixture.folder.appendingPathComponent("exports").path)
        try await fixture.test { client in
            let a = try #require(try await client.signIn("manager")), b = try #require(try await client.signIn("manager"))
            let pageA = try await client.get("/weeks/\(week1.iso)", session: a).text, pageB = try await client.get("/weeks/\(week1.iso)", session: b).text
            #expect(pageA.contains(#"name="_csrf" value="\#(a.csrf)""#) && !pageA.contains(b.csrf))
            #expect(pageB.contains(#"name="_csrf" value="\#(b.csrf)""#) && !pageB.contains(a.csrf))
            #expect(!pageA.contains(PageTemplate.placeholder) && pageA.replacingOccurrences(of: a.csrf, with: b.csrf) == pageB, "the same page, each with its token")
            #expect(try await client.post("/weeks/\(week1.iso)/cutoff", session: b, form: ["version": "0", "closes_at": ""]).status == .seeOther, "the token written in works")
            let lead = try #require(try await client.signIn("lead")), lead2 = try #require(try await client.signIn("lead2"))
            for _ in 0..<2 {
                let home = try await client.get("/home", session: lead).text, home2 = try await client.get("/home", session: lead2).text
                #expect(home.contains("PRU-CANT requests") && !home.contains("PRU-DOV requests"))
                #expect(home2.contains("PRU-DOV requests") && !home2.contains("PRU-CANT requests"))
                let commissioner = try #require(try await client.signIn("commissioner"))
                let theirs = try await client.get("/weeks/\(week1.iso)", session: commissioner).text
                #expect(!theirs.contains("Manage the week"), "the manager's page is the manager's")
            }
        }
    }

    @Test func theChangeNumberMovesExactlyWhenSomethingIsCommitted() throws {
        let fixture = try ServerFixture()
        let watch = try ChangeWatch(fixture.ws), cli = try otherProcess(fixture)
        let start = try watch.stamp()
        _ = try fixture.ws.versions()
        _ = try cli.users()
        #expect(try watch.stamp() == start, "reads change nothing")
        _ = try cli.setRequestCutoff(week: week1, closesAt: nil, expectedVersion: try cli.cutoff(week: week1).version)
        let afterOther = try watch.stamp()
        #expect(afterOther != start, "a commit of another connection")
        _ = try fixture.ws.setRequestCutoff(week: week1, closesAt: nil, expectedVersion: try fixture.ws.cutoff(week: week1).version)
        #expect(try watch.stamp() != afterOther, "a commit of the service's own")
    }

    /// The service's reads go through a pool: one held open (as a plan's solve holds its read) does
    /// not keep the others waiting.
    @Test func readsDoNotWaitForALongRead() throws {
        let fixture = try ServerFixture()
        let holding = DispatchSemaphore(value: 0), release = DispatchSemaphore(value: 0), finished = DispatchSemaphore(value: 0)
        Thread {
            _ = try? fixture.ws.read { _ in holding.signal(); _ = release.wait(timeout: .now() + 10) }
            finished.signal()
        }.start()
        holding.wait()
        let started = Date()
        _ = try fixture.ws.versions()
        _ = try fixture.ws.users()
        #expect(Date().timeIntervalSince(started) < 5, "read while another read is open")
        #expect(finished.wait(timeout: .now()) == .timedOut, "the long read was still open")
        release.signal()
        finished.wait()
    }
}
