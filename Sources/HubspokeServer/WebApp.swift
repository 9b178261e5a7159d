import Foundation
import Hummingbird
import HubspokeSupport
import HubspokeModel
import HubspokeWorkspace

/// The web service over one workspace: its routes (`routes`), the session and CSRF checks every
/// request passes, and the plan jobs it runs in the background.
public final class WebApp: Sendable {
    public let ws: Workspace
    public let settings: ServerSettings
    let jobs: PlanJobs
    /// Simulations and staffing sweeps (their outputs in the folder `reports` beside the workspace).
    let commissions: CommissionJobs
    /// Cover suggestions and repairs (jobs on `jobs`' threads), with the options found.
    let cover: CoverJobs
    /// Where `publish` writes the exports: the folder `exports` beside the workspace.
    let exportsFolder: String
    /// What an unknown user's password is checked against (as long as a known one's).
    let dummyHash: String
    /// The workspace's scenario (it does not change while the service runs).
    let scenario: Scenario
    let cache = RenderCache()
    /// Sessions, pages and feed tokens while the workspace is unchanged (see `FreshCache`).
    let fresh: FreshCache

    public init(workspace: Workspace, settings: ServerSettings) throws(WorkspaceError) {
        // Requests read at once, each on its own snapshot, and none waits for a plan's long read.
        let pooled = try workspace.withConcurrentReads()
        ws = pooled
        fresh = FreshCache(try ChangeWatch(pooled))
        self.settings = settings
        jobs = PlanJobs(ws: pooled, beforePlanning: settings.beforePlanning)
        cover = CoverJobs(jobs: jobs)
        dummyHash = Passwords.dummy(cost: settings.bcryptCost)
        scenario = try workspace.scenario()
        let folder = (workspace.path as NSString).deletingLastPathComponent
        exportsFolder = ((folder.isEmpty ? "." : folder) as NSString).appendingPathComponent("exports")
        commissions = CommissionJobs(ws: pooled, folder: ((folder.isEmpty ? "." : folder) as NSString).appendingPathComponent("reports"))
        // A job left queued or running by a server that stopped is shown as failed.
        try workspace.failInterruptedJobs()
    }

    static let sessionCookie = "hubspoke_session"
    /// The sign-in form's own token (`loginPage`).
    static let signInCookieName = "hubspoke_signin"

    /// Every route of the service, pages first, then the JSON API and the feeds.
    var routes: [Route] { authRoutes + weekRoutes + managerRoutes + userRoutes + specialistRoutes + siteFeedRoutes + apiRoutes + apiParityRoutes + feedRoutes + commissionerRoutes + coverRoutes + ruleRoutes + editRoutes }

    /// The router serving `routes`, behind the security headers and error pages.
    func router() -> Router<WebContext> {
        let router = Router(context: WebContext.self)
        router.add(middleware: SecurityMiddleware(app: self))
        for route in routes {
            router.on(RouterPath(route.path), method: route.method) { [self] request, context in
                try await dispatch(route, request, context)
            }
        }
        return router
    }

    /// Listens on the settings' host and port until stopped (SIGINT or SIGTERM).
    public func run() async throws {
        let app = Application(router: router(), configuration: .init(address: .hostname(settings.host, port: settings.port), serverName: nil))
        try await app.runService()
    }

    /// Runs one route: who is calling (the session cookie), whether their role may use it, the body
    /// (bounded; a form or JSON), the CSRF token of a change, then the handler with the caller named
    /// in every change log entry it writes.
    func dispatch(_ route: Route, _ request: Request, _ context: WebContext) async throws -> Response {
        let stamp = try fresh.stamp()
        let caller = try caller(of: request, at: stamp)
        guard route.access.allows(caller?.role) else {
            if caller == nil { throw route.api ? WebError(.unauthorized, "sign in first") : WebError(.seeOther, "/login") }
            throw WebError.forbidden
        }
        var request = request
        var form = Form(fields: Dictionary(request.uri.queryParameters.map { (String($0.key), String($0.value)) }, uniquingKeysWith: { a, _ in a }))
        var json = Data()
        if route.changes {
            let body: ByteBuffer
            do { body = try await request.collectBody(upTo: ServerSettings.maxBody) } catch {
                throw WebError(.contentTooLarge, "the request is larger than \(ServerSettings.maxBody / 1024) KB")
            }
            let data = Data(body.readableBytesView)
            if route.api { json = data } else {
                guard let text = String(data: data, encoding: .utf8) else { throw WebError(.badRequest, "the form is not UTF-8") }
                form = try Form(encoded: text)
            }
            if let caller, case .roles = route.access { try checkCSRF(caller, form: form, request: request) }
        }
        let call = Call(request: request, context: context, form: form, json: json, caller: caller, app: self, stamp: stamp)
        return try await Workspace.$webUser.withValue(caller?.user.name) { try await route.handler(call) }
    }

    /// The signed-in user of the request's session cookie, if it is live: unexpired (checked on every
    /// request), not ended and its user not disabled (both are changes to the workspace, so the first
    /// request after them reads the session again; see `FreshCache`).
    func caller(of request: Request, at stamp: Int) throws -> Caller? {
        guard let token = request.cookies[Self.sessionCookie]?.value, !token.isEmpty else { return nil }
        let key = "session/" + SecretToken.hash(token)
        var found: WebSession? = fresh.lookup(key, at: stamp)
        if found == nil {
            found = try ws.session(token: token)
            if let session = found { fresh.keep(session, key, at: stamp) }
        }
        guard let session = found, session.expiresAt > Int(Date().timeIntervalSince1970) else { return nil }
        return Caller(user: session.user, token: token, csrf: session.csrf)
    }

    /// A page that shows only what the workspace holds, for the signed-in caller: rendered once per
    /// user while the workspace is unchanged, with the session's CSRF token written in per request.
    /// `key` names the page (its path); the user's id is added. What is not in the workspace file
    /// (a notice in the address, a running job's progress, the time) must not be on such a page.
    func cachedPage(_ key: String, _ call: Call, _ render: (Caller) throws -> String) throws -> Response {
        let caller = try call.signedIn()
        let template = try fresh.value("page/\(caller.user.id)/\(key)", at: call.stamp) { () throws -> PageTemplate in
            var blank = caller
            blank.csrf = PageTemplate.placeholder
            return PageTemplate(try render(blank))
        }
        return Response(status: .ok, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: template.render(csrf: caller.csrf)))
    }

    /// A change made with a session cookie carries the session's CSRF token: the form field `_csrf`,
    /// or the header `X-CSRF-Token` for the API.
    func checkCSRF(_ caller: Caller, form: Form, request: Request) throws(WebError) {
        let given = form["_csrf"] ?? request.headers[.init("X-CSRF-Token")!] ?? ""
        guard SecretToken.equal(given, caller.csrf) else {
            throw WebError(.forbidden, "the form's security token is missing or stale: go back, reload the page and try again")
        }
    }

    /// The session cookie: HttpOnly, SameSite=Strict, Secure over https; an empty value clears it.
    func sessionCookie(_ token: String?) -> Cookie {
        Cookie(name: Self.sessionCookie, value: token ?? "", maxAge: token == nil ? 0 : settings.sessionLifetime, path: "/",
               secure: settings.secureCookies, httpOnly: true, sameSite: .strict)
    }
}
