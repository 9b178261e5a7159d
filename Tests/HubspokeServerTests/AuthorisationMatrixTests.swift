import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import HubspokeServer
@testable import HubspokeWorkspace

/// The authorisation matrix pinned to issue 18's table, not to the route table it tests: every route
/// has a line here, written from the issue, of who may use it; each route is called as each of them
/// and judged against this line alone. A route with no line fails, so a new route must declare one.
@Suite(.serialized) struct AuthorisationMatrixTests {
    /// The callers: a PRU lead on their own site and on another lead's site (`:site`), a specialist
    /// on their own post and another's (`:post`); without such a parameter the two are the same kind of caller.
    enum Who: String, CaseIterable, Sendable {
        case manager, leadOwnSite, leadOtherSite, specialistOwnPost, specialistOtherPost, commissioner, anonymous
    }
    static let signedIn: Set<Who> = [.manager, .leadOwnSite, .leadOtherSite, .specialistOwnPost, .specialistOtherPost, .commissioner]
    static let anyone = signedIn.union([.anonymous])
    static let managerOnly: Set<Who> = [.manager]
    static let specialist: Set<Who> = [.specialistOwnPost, .specialistOtherPost]
    /// Commissioners, and the manager.
    static let commissioners: Set<Who> = [.manager, .commissioner]
    /// The manager, and a PRU lead for their own sites only.
    static let ownSite: Set<Who> = [.manager, .leadOwnSite]

    /// Issue 18: manager everything; PRU lead their own sites' requests, rota and (site) feeds; specialist
    /// their own rota, absence requests and feed; commissioner the published rotas; anonymous sign-in,
    /// setup links, the stylesheet and feeds by their token.
    static let expected: [String: Set<Who>] = [
        "GET /": anyone,
        "GET /static/style.css": anyone,
        "GET /login": anyone,
        "POST /login": anyone,
        "POST /logout": signedIn,
        "GET /setup/:token": anyone,
        "POST /setup/:token": anyone,
        "GET /home": signedIn,
        "GET /weeks/:week": signedIn,
        "GET /weeks/:week/requests/:site": ownSite,
        "POST /weeks/:week/requests/:site": ownSite,
        "POST /weeks/:week/cutoff": managerOnly,
        "POST /weeks/:week/absences": managerOnly,
        "POST /weeks/:week/rules": managerOnly,
        "POST /weeks/:week/plan": managerOnly,
        "POST /weeks/:week/check": managerOnly,
        "POST /weeks/:week/publish": managerOnly,
        "GET /jobs": managerOnly,
        "GET /jobs/:id": managerOnly,
        "GET /users": managerOnly,
        "POST /users": managerOnly,
        "POST /users/:name/disable": managerOnly,
        "POST /users/:name/reset": managerOnly,
        "GET /absence-requests": managerOnly,
        "POST /absence-requests/:id": managerOnly,
        "GET /history": managerOnly,
        "GET /my/absences": specialist,
        "POST /my/absences": specialist,
        "GET /my/feed": specialist,
        "POST /my/feed": specialist,
        "POST /my/feed/revoke": specialist,
        "GET /site-feeds": [.manager, .leadOwnSite, .leadOtherSite],
        "POST /sites/:site/feed": ownSite,
        "POST /sites/:site/feed/revoke": ownSite,
        "GET /feeds/:token/:file": anyone,
        "GET /api/v1/me": signedIn,
        "GET /api/v1/weeks/:week/rota": signedIn,
        "GET /api/v1/weeks/:week/requests/:site": ownSite,
        "PUT /api/v1/weeks/:week/requests/:site": ownSite,
        "GET /api/v1/weeks/:week/cutoff": managerOnly,
        "PUT /api/v1/weeks/:week/cutoff": managerOnly,
        "POST /api/v1/weeks/:week/absences": managerOnly,
        "POST /api/v1/weeks/:week/plan": managerOnly,
        "POST /api/v1/weeks/:week/check": managerOnly,
        "POST /api/v1/weeks/:week/publish": managerOnly,
        "GET /api/v1/jobs": managerOnly,
        "GET /api/v1/jobs/:id": managerOnly,
        "GET /api/v1/users": managerOnly,
        "POST /api/v1/users": managerOnly,
        "POST /api/v1/users/:name/disable": managerOnly,
        "POST /api/v1/users/:name/reset": managerOnly,
        "GET /api/v1/history": managerOnly,
        "GET /api/v1/absence-requests": managerOnly,
        "POST /api/v1/absence-requests": specialist,
        "POST /api/v1/absence-requests/:id": managerOnly,
        "GET /api/v1/my/absence-requests": specialist,
        "GET /api/v1/my/feed": specialist,
        "POST /api/v1/my/feed": specialist,
        "DELETE /api/v1/my/feed": specialist,
        "GET /api/v1/sites/:site/feed": ownSite,
        "POST /api/v1/sites/:site/feed": ownSite,
        "DELETE /api/v1/sites/:site/feed": ownSite,
        // Commissioners: simulations and staffing sweeps, started and read (the manager too).
        "GET /static/report.css": anyone,
        "GET /reports": commissioners,
        "GET /simulations/new": commissioners,
        "POST /simulations": commissioners,
        "GET /sweeps/new": commissioners,
        "POST /sweeps": commissioners,
        "GET /reports/:id": commissioners,
        "GET /reports/:id/view": commissioners,
        "GET /reports/:id/files/:file": commissioners,
        "GET /api/v1/reports": commissioners,
        "POST /api/v1/simulations": commissioners,
        "POST /api/v1/staffing-sweeps": commissioners,
        "GET /api/v1/reports/:id": commissioners,
        // The manager: cover suggestions, repair, pins and forbids, hand edits.
        "GET /weeks/:week/cover": managerOnly,
        "POST /weeks/:week/suggest": managerOnly,
        "POST /weeks/:week/repair": managerOnly,
        "POST /jobs/:id/apply": managerOnly,
        "POST /api/v1/weeks/:week/suggest": managerOnly,
        "POST /api/v1/weeks/:week/repair": managerOnly,
        "GET /api/v1/jobs/:id/options": managerOnly,
        "POST /api/v1/jobs/:id/apply": managerOnly,
        "GET /weeks/:week/rules": managerOnly,
        "POST /weeks/:week/rules/:id/remove": managerOnly,
        "GET /api/v1/weeks/:week/rules": managerOnly,
        "POST /api/v1/weeks/:week/rules": managerOnly,
        "DELETE /api/v1/weeks/:week/rules/:id": managerOnly,
        "POST /weeks/:week/edit": managerOnly,
        "POST /api/v1/weeks/:week/edit": managerOnly,
    ]

    static func key(_ route: Route) -> String { "\(route.method.rawValue) \(route.path)" }

    /// The user each caller signs in as: `lead` holds PRU-CANT (the `:site` filled in), `lead2` PRU-DOV;
    /// `specialist` holds EP-1 (the `:post` filled in), `specialist2` another post.
    static let users: [Who: String] = [.manager: "manager", .leadOwnSite: "lead", .leadOtherSite: "lead2", .specialistOwnPost: "specialist",
                                       .specialistOtherPost: "specialist2", .commissioner: "commissioner"]

    @Test func everyRouteHasAnExpectation() throws {
        let fixture = try ServerFixture()
        let keys = fixture.app.routes.map(Self.key)
        for key in keys { #expect(Self.expected[key] != nil, "\(key) has no line in AuthorisationMatrixTests.expected: say who may use it, from issue 18's table") }
        for key in Self.expected.keys.sorted() where !keys.contains(key) { #expect(Bool(false), "\(key) is expected but is no route") }
        #expect(Set(keys).count == keys.count, "each route once")
    }

    @Test func everyRouteForEveryCallerAsTheIssueSays() async throws {
        var fixture = try ServerFixture()
        fixture.links["specialist2"] = try fixture.ws.addUser(name: "specialist2", role: .specialist, post: "SLT-1").token
        let routes = fixture.app.routes.filter { Self.expected[Self.key($0)] != nil }
        let checked = try await fixture.test { client in
            var checked = 0
            for route in routes {
                let may = Self.expected[Self.key(route)] ?? []
                for who in Who.allCases {
                    // A fresh session each time: a route may end it (sign out) or change the user.
                    let session = try await Self.users[who].asyncMap { name in try #require(try await client.signIn(name)) }
                    let r = try await Self.call(route, client, session: session)
                    let toSignIn = r.status == .seeOther && r.headers[.location] == "/login"
                    let refused = r.status == .unauthorized || r.status == .forbidden || (toSignIn && !may.contains(.anonymous))
                    let what = "\(Self.key(route)) as \(who.rawValue): \(r.status.code)"
                    if may.contains(who) {
                        #expect(!refused, "\(what), but issue 18 allows it")
                    } else if who == .anonymous {
                        #expect(route.api ? r.status == .unauthorized : toSignIn, "\(what), expected \(route.api ? "401" : "the sign-in page")")
                    } else {
                        #expect(r.status == .forbidden, "\(what), expected 403")
                    }
                    checked += 1
                }
            }
            return checked
        }
        #expect(checked == routes.count * Who.allCases.count && routes.count == Self.expected.count)
        try await waitForJobs(fixture.ws)
    }

    /// The route's path with its parameters filled in: the first week, PRU-CANT (the first lead's site),
    /// EP-1 (the first specialist's post), and values that name nothing (refused past the gate with a 4xx of its own).
    static func path(_ route: Route) -> String {
        route.path.replacingOccurrences(of: ":week", with: week1.iso).replacingOccurrences(of: ":site", with: "PRU-CANT")
            .replacingOccurrences(of: ":post", with: "EP-1").replacingOccurrences(of: ":token", with: "no-such-token")
            .replacingOccurrences(of: ":file", with: "post-EP-1.ics").replacingOccurrences(of: ":id", with: "999").replacingOccurrences(of: ":name", with: "victim")
    }

    /// The route called as a browser or an API client would, with no form fields. The sign-in form
    /// is posted with its own token, as the sign-in page gives it: without one it is refused as a
    /// forged form (SecurityTests), which is not about roles.
    static func call(_ route: Route, _ client: Client, session: Session?) async throws -> TestResponse {
        if route.api { return try await client.api(path(route), route.method, session: session) }
        if route.method == .post && route.path == "/login" { return try await client.login([:]) }
        return route.changes ? try await client.post(path(route), session: session) : try await client.get(path(route), session: session)
    }

    /// Feeds are opened by their token alone: a post's token never opens another post's feed, nor a site's token another site's.
    @Test func aFeedTokenOpensOnlyItsOwnPostOrSite() async throws {
        let fixture = try ServerFixture()
        let users = try fixture.ws.users()
        let specialist = try #require(users.first { $0.name == "specialist" }), lead = try #require(users.first { $0.name == "lead" })
        let post = try fixture.ws.issueFeedToken(userID: specialist.id, target: .post("EP-1"))
        let site = try fixture.ws.issueFeedToken(userID: lead.id, target: .site("PRU-CANT"))
        try await fixture.test { client in
            let own = try await client.get("/feeds/\(post)/post-EP-1.ics")
            #expect(own.status == .ok && own.text.contains("BEGIN:VCALENDAR"))
            #expect(try await client.get("/feeds/\(post)/post-SLT-1.ics").status == .notFound)
            #expect(try await client.get("/feeds/\(post)/site-PRU-CANT.ics").status == .notFound)
            #expect(try await client.get("/feeds/\(site)/site-PRU-CANT.ics").status == .ok)
            #expect(try await client.get("/feeds/\(site)/site-PRU-DOV.ics").status == .notFound)
        }
    }
}

extension Optional {
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        switch self {
        case .some(let w): try await transform(w)
        case .none: nil
        }
    }
}
