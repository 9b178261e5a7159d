import Foundation
import Hummingbird
import HubspokeModel
import HubspokeWorkspace

/// Who may use a route: anyone (sign-in, setup, feeds by their token, the stylesheet), or signed-in
/// users of the given roles. A PRU lead's routes also check the site (`Caller.mayAct(onSite:)`).
enum Access: Sendable {
    case anyone
    case roles(Set<UserRole>)

    static let everyone = Access.roles(Set(UserRole.allCases))
    static let manager = Access.roles([.manager])

    func allows(_ role: UserRole?) -> Bool {
        switch self {
        case .anyone: true
        case .roles(let roles): role.map(roles.contains) ?? false
        }
    }
}

/// One route of the service: its method, path, who may use it and what it does. The table of all
/// routes (`WebApp.routes`) is what the router serves, what ROUTES.md documents and what the
/// authorisation test walks.
struct Route: Sendable {
    var method: HTTPRequest.Method
    var path: String
    var access: Access
    /// A JSON route (under /api/v1): errors as JSON, 401 instead of the sign-in page.
    var api: Bool { path.hasPrefix("/api/") }
    var summary: String
    var handler: @Sendable (Call) async throws -> Response

    init(_ method: HTTPRequest.Method, _ path: String, _ access: Access, _ summary: String, _ handler: @escaping @Sendable (Call) async throws -> Response) {
        self.method = method; self.path = path; self.access = access; self.summary = summary; self.handler = handler
    }

    /// Whether the route changes something: it then needs the session's CSRF token.
    var changes: Bool { method != .get && method != .head }
}

/// What a route's handler is given: the request, its parsed body (a form, or JSON for the API), the
/// caller when signed in, and the service.
struct Call: Sendable {
    var request: Request
    var context: WebContext
    var form: Form
    var json: Data
    var caller: Caller?
    var app: WebApp
    /// The workspace's change number read as the request came in (`FreshCache`).
    var stamp: Int

    var ws: Workspace { app.ws }

    /// The caller's address, for the throttle and the sign-in log: the connection's, or behind a
    /// proxy on this machine the one the proxy forwarded (`ServerSettings.behindProxy`).
    var address: String {
        guard app.settings.behindProxy, Self.isLoopback(context.address) else { return context.address }
        return Self.forwarded(request.headers[values: .init("X-Forwarded-For")!]) ?? context.address
    }

    /// A connection from this machine: a loopback address, or none (in-process, as in tests).
    static func isLoopback(_ address: String) -> Bool {
        address == "local" || address == "::1" || address.hasPrefix("127.") || address.hasPrefix("::ffff:127.")
    }

    /// The last address of `X-Forwarded-For` (the proxy appends the peer it saw), when it looks like
    /// an IPv4 or IPv6 address.
    static func forwarded(_ values: [String]) -> String? {
        guard let last = values.joined(separator: ",").split(separator: ",").last?.trimmingCharacters(in: .whitespaces),
              !last.isEmpty, last.count <= 45, last.allSatisfy({ $0.isHexDigit || $0 == "." || $0 == ":" }) else { return nil }
        return last
    }

    func parameter(_ name: String) throws(WebError) -> String {
        guard let v = context.parameters.get(name) else { throw WebError(.badRequest, "\(name): missing") }
        return v
    }

    /// The caller of a route that is for signed-in users only.
    func signedIn() throws(WebError) -> Caller {
        guard let caller else { throw WebError(.unauthorized, "sign in first") }
        return caller
    }

    /// The site in the path, which the caller must be allowed to act on (a PRU lead: their own).
    func site(_ name: String = "site") throws(WebError) -> String {
        let site = try parameter(name)
        let caller = try signedIn()
        guard app.scenario.sites.contains(where: { $0.id == site }) else { throw WebError(.notFound, "unknown site \(site)") }
        guard caller.mayAct(onSite: site) else { throw WebError(.forbidden, "site \(site) is not one of yours") }
        return site
    }

    /// The week in the path: a Monday of the workspace's calendar.
    func week(_ name: String = "week") throws(WebError) -> CalendarDate {
        let text = try parameter(name)
        guard let date = CalendarDate(iso: text) else { throw WebError(.notFound, "\(text) is not a date (YYYY-MM-DD)") }
        do { _ = try ws.calendar.index(ofWeek: date) } catch { throw WebError(.notFound, error.description) }
        return date
    }
}
