import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import HubspokeServer
@testable import HubspokeWorkspace

/// Every route × every role (and anonymous): allowed or refused as issue 18's table says, and a PRU
/// lead kept to their own PRU's requests, pages and API.
@Suite(.serialized) struct AuthorisationTests {
    @Test func everyRouteForEveryRole() async throws {
        let fixture = try ServerFixture()
        let routes = fixture.app.routes
        #expect(routes.count >= 40)
        let roles: [(String?, UserRole?)] = [(nil, nil), ("manager", .manager), ("lead", .pruLead), ("specialist", .specialist), ("commissioner", .commissioner)]
        let checked = try await fixture.test { client in
            var checked = 0
            for route in routes {
                for (name, role) in roles {
                    // A fresh session each time: a route may end it (sign out) or change the user.
                    var session: Session?
                    if let name { session = .some(try #require(try await client.signIn(name) as Session?)) }
                    let r = try await AuthorisationMatrixTests.call(route, client, session: session)
                    // Sent to the sign-in page by the gate (GET / sends anonymous callers there as its answer).
                    let gated: Bool = if case .roles = route.access { true } else { false }
                    let toSignIn = gated && r.status == .seeOther && r.headers[.location] == "/login"
                    let who = "\(route.method) \(route.path) as \(name ?? "anonymous")"
                    if route.access.allows(role) {
                        #expect(r.status != .unauthorized && r.status != .forbidden && !toSignIn, "\(who): refused (\(r.status.code)), but the table allows it")
                    } else if role == nil {
                        #expect(route.api ? r.status == .unauthorized : toSignIn, "\(who): \(r.status.code), expected \(route.api ? "401" : "the sign-in page")")
                    } else {
                        #expect(r.status == .forbidden, "\(who): \(r.status.code), expected 403")
                    }
                    checked += 1
                }
            }
            return checked
        }
        #expect(checked == routes.count * roles.count)
        try await waitForJobs(fixture.ws)
    }

    /// The table, route by route, for the roles' own pages: what each role may and may not do.
    @Test func tableMatchesTheIssue() throws {
        let fixture = try ServerFixture()
        func access(_ method: HTTPRequest.Method, _ path: String) -> Access? { fixture.app.routes.first { $0.method == method && $0.path == path }?.access }
        let managerOnly = [(HTTPRequest.Method.post, "/weeks/:week/plan"), (.post, "/weeks/:week/publish"), (.post, "/users"), (.get, "/history"),
                           (.post, "/weeks/:week/absences"), (.post, "/weeks/:week/rules"), (.post, "/weeks/:week/check"), (.get, "/api/v1/users"),
                           (.get, "/weeks/:week/cover"), (.post, "/weeks/:week/suggest"), (.post, "/weeks/:week/repair"), (.post, "/jobs/:id/apply"),
                           (.post, "/api/v1/weeks/:week/suggest"), (.post, "/api/v1/weeks/:week/repair"), (.get, "/api/v1/jobs/:id/options"),
                           (.post, "/api/v1/jobs/:id/apply"), (.get, "/weeks/:week/rules"), (.post, "/weeks/:week/rules/:id/remove"),
                           (.get, "/api/v1/weeks/:week/rules"), (.post, "/api/v1/weeks/:week/rules"), (.delete, "/api/v1/weeks/:week/rules/:id")]
        for (m, p) in managerOnly {
            let a = try #require(access(m, p), "\(p) exists")
            #expect(a.allows(.manager) && !a.allows(.pruLead) && !a.allows(.specialist) && !a.allows(.commissioner) && !a.allows(nil), "\(p) is the manager's")
        }
        let requests = try #require(access(.post, "/weeks/:week/requests/:site"))
        #expect(requests.allows(.pruLead) && requests.allows(.manager) && !requests.allows(.specialist) && !requests.allows(.commissioner))
        let feed = try #require(access(.post, "/my/feed"))
        #expect(feed.allows(.specialist) && !feed.allows(.manager) && !feed.allows(.pruLead))
        let week = try #require(access(.get, "/weeks/:week"))
        #expect(UserRole.allCases.allSatisfy(week.allows) && !week.allows(nil))
    }

    @Test func pruLeadKeptToTheirOwnSites() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            let lead2 = try #require(try await client.signIn("lead2"))
            let page = "/weeks/\(week1.iso)/requests/PRU-CANT", api = "/api/v1/weeks/\(week1.iso)/requests/PRU-CANT"
            #expect(try await client.get(page, session: lead2).status == .forbidden)
            #expect(try await client.post(page, session: lead2, form: ["version": "0", "s-EP-urgent": "3"]).status == .forbidden)
            #expect(try await client.api(api, .get, session: lead2).status == .forbidden)
            #expect(try await client.api(api, .put, session: lead2, json: #"{"version":0,"rows":[{"role":"EP","priority":"urgent","sessions":3}]}"#).status == .forbidden)
            // Their own site works, and the first lead's page links only their own site.
            #expect(try await client.get("/weeks/\(week1.iso)/requests/PRU-DOV", session: lead2).status == .ok)
            let home = try await client.get("/home", session: lead2).text
            #expect(home.contains("/requests/PRU-DOV") && !home.contains("/requests/PRU-CANT"))
        }
        #expect(try fixture.ws.requests(week: week1, site: "PRU-CANT").version == 0, "nothing saved for PRU-CANT")
    }
}

/// Waits until no job is queued or running (a test must not leave a plan solving behind it).
func waitForJobs(_ ws: Workspace, timeout: Double = 300) async throws {
    let start = Date()
    while try ws.jobs(limit: 100).contains(where: { $0.state == .queued || $0.state == .running }) {
        guard Date().timeIntervalSince(start) < timeout else { Issue.record("a job is still running after \(Int(timeout)) s"); return }
        try await Task.sleep(nanoseconds: 200_000_000)
    }
}

/// ROUTES.md and openapi.yaml, which people (and the browser test) read, list every route.
@Suite struct RouteDocumentationTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Sources/HubspokeServer")

    @Test func everyRouteIsDocumented() throws {
        let fixture = try ServerFixture()
        let routesMD = try String(contentsOf: Self.folder.appendingPathComponent("ROUTES.md"), encoding: .utf8)
        let openAPI = try String(contentsOf: Self.folder.appendingPathComponent("openapi.yaml"), encoding: .utf8)
        for route in fixture.app.routes {
            #expect(routesMD.contains("| \(route.method.rawValue) | `\(route.path)` |"), "ROUTES.md lists \(route.method) \(route.path)")
            if route.api {
                let path = route.path.dropFirst("/api/v1".count).replacingOccurrences(of: #":(\w+)"#, with: "{$1}", options: .regularExpression)
                #expect(openAPI.contains("  \(path):"), "openapi.yaml has \(path)")
                #expect(openAPI.contains("    \(route.method.rawValue.lowercased()):"), "openapi.yaml has \(route.method)")
            }
        }
    }
}
