import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import HubspokeModel
import HubspokeScenarioIO
@testable import HubspokeServer
@testable import HubspokeWorkspace

let week1 = CalendarDate(iso: "2026-11-30")!
let password = "river otter lamp 42"

/// A service over a fresh workspace of the embedded scenario (8 weeks), with one user of each role
/// (two PRU leads of different PRUs), every password set through its one-time link, as people do.
struct ServerFixture {
    let app: WebApp
    var ws: Workspace { app.ws }
    let folder: URL
    /// The users by their part in the tests: manager, lead (PRU-CANT), lead2 (PRU-DOV), specialist (EP-1), commissioner, victim.
    static let users: [(name: String, role: UserRole, sites: [String], post: String?)] = [
        ("manager", .manager, [], nil), ("lead", .pruLead, ["PRU-CANT"], nil), ("lead2", .pruLead, ["PRU-DOV"], nil),
        ("specialist", .specialist, [], "EP-1"), ("commissioner", .commissioner, [], nil), ("victim", .commissioner, [], nil),
    ]
    var links: [String: String] = [:]

    init(extraLeads: Int = 0, beforePlanning: (@Sendable () -> Void)? = nil, sessionLifetime: Int? = nil, behindProxy: Bool = false) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("hubspoke-web-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let ws = try Workspace.create(at: folder.appendingPathComponent("ws.sqlite").path, scenario: try ScenarioSource.named(nil),
                                      calendar: WeekCalendar(start: week1, weeks: 8))
        var settings = ServerSettings(host: "127.0.0.1", port: 8080)
        settings.bcryptCost = 4
        settings.beforePlanning = beforePlanning
        if let sessionLifetime { settings.sessionLifetime = sessionLifetime }
        settings.behindProxy = behindProxy
        app = try WebApp(workspace: ws, settings: settings)
        let pru = ["PRU-DART", "PRU-GILL", "PRU-CHAT", "PRU-TW", "PRU-MARG", "PRU-FOLK"]
        let extra = (0..<extraLeads).map { (name: "lead-x\($0)", role: UserRole.pruLead, sites: [pru[$0 % pru.count]], post: String?.none) }
        for u in Self.users + extra {
            links[u.name] = try ws.addUser(name: u.name, role: u.role, sites: u.sites, post: u.post).token
        }
    }

    /// Runs `body` with a client of the router (no network).
    func test<T: Sendable>(_ body: @Sendable (Client) async throws -> T) async throws -> T {
        let application = Application(router: app.router())
        let links = self.links
        return try await application.test(.router) { raw in
            let client = Client(raw: raw)
            for (name, token) in links.sorted(by: { $0.key < $1.key }) {
                let r = try await client.post("/setup/\(token)", form: ["password": password, "confirm": password])
                #expect(r.status == .seeOther, "setting the password of \(name)")
            }
            return try await body(client)
        }
    }
}

/// A signed-in user's cookie and CSRF token.
struct Session: Sendable {
    var cookie: String
    var csrf: String
}

/// The test client with forms, JSON and sessions.
struct Client: Sendable {
    let raw: any TestClientProtocol

    func request(_ uri: String, _ method: HTTPRequest.Method, session: Session? = nil, body: String? = nil, type: String? = nil,
                 headers extra: HTTPFields = [:]) async throws -> TestResponse {
        var headers = extra
        if let session { headers[.cookie] = "\(WebApp.sessionCookie)=\(session.cookie)" }
        if let type { headers[.contentType] = type }
        return try await raw.execute(uri: uri, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) })
    }

    func get(_ uri: String, session: Session? = nil) async throws -> TestResponse { try await request(uri, .get, session: session) }

    /// A form post; with a session, its CSRF token is added unless `csrf` is false.
    func post(_ uri: String, session: Session? = nil, form: [String: String] = [:], csrf: Bool = true) async throws -> TestResponse {
        var fields = form
        if let session, csrf { fields["_csrf"] = session.csrf }
        return try await request(uri, .post, session: session, body: encode(fields), type: "application/x-www-form-urlencoded")
    }

    /// A JSON call; with a session, the CSRF header is sent unless `csrf` is false.
    func api(_ uri: String, _ method: HTTPRequest.Method, session: Session?, json: String = "{}", csrf: Bool = true) async throws -> TestResponse {
        var headers: HTTPFields = [:]
        if let session, csrf { headers[.init("X-CSRF-Token")!] = session.csrf }
        return try await request(uri, method, session: session, body: json, type: "application/json", headers: headers)
    }

    /// The sign-in page's token: its cookie's value, which the form's `_csrf` field repeats.
    func signInToken() async throws -> String {
        let page = try await get("/login")
        let token = try #require(page.cookie(WebApp.signInCookieName), "the sign-in page sets its cookie")
        #expect(page.text.contains("name=\"_csrf\" value=\"\(token)\""), "the form carries the cookie's token")
        return token
    }

    /// A sign-in as a browser makes it: the sign-in page first, then the form with its token and cookie.
    func login(_ form: [String: String], headers extra: HTTPFields = [:]) async throws -> TestResponse {
        let token = try await signInToken()
        var fields = form, headers = extra
        fields["_csrf"] = token
        headers[.cookie] = "\(WebApp.signInCookieName)=\(token)"
        return try await request("/login", .post, body: encode(fields), type: "application/x-www-form-urlencoded", headers: headers)
    }

    /// Signs in; returns the session (its cookie from Set-Cookie, its CSRF token from /api/v1/me).
    func signIn(_ name: String, password: String = password) async throws -> Session? {
        let r = try await login(["name": name, "password": password])
        guard r.status == .seeOther, let cookie = r.cookie(WebApp.sessionCookie) else { return nil }
        let me = try await get("/api/v1/me", session: Session(cookie: cookie, csrf: ""))
        let csrf = (try JSONSerialization.jsonObject(with: Data(me.body.readableBytesView)) as? [String: Any])?["csrf"] as? String ?? ""
        return Session(cookie: cookie, csrf: csrf)
    }

    func encode(_ fields: [String: String]) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return fields.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")" }.joined(separator: "&")
    }
}

extension TestResponse {
    var text: String { String(buffer: body) }
    /// The Set-Cookie line of the cookie `name`, whole.
    func setCookie(_ name: String) -> String? { headers[values: .setCookie].first { $0.hasPrefix(name + "=") } }
    /// The value the response sets for the cookie `name` (empty when it clears it).
    func cookie(_ name: String) -> String? {
        setCookie(name).flatMap { $0.split(separator: ";").first }.map { String($0.dropFirst(name.count + 1)) }
    }
    var json: [String: Any] { (try? JSONSerialization.jsonObject(with: Data(body.readableBytesView))) as? [String: Any] ?? [:] }
}
