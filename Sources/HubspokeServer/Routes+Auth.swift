import Foundation
import Hummingbird
import HubspokeReports
import HubspokeWorkspace
import HubspokeSupport

/// Signing in and out, setting a password through a one-time link, the start page, the stylesheet.
extension WebApp {
    var authRoutes: [Route] {
        [
            Route(.get, "/", .anyone, "start: the user's home page, or the sign-in page") { call in
                Responses.redirect(call.caller == nil ? "/login" : "/home")
            },
            Route(.get, "/static/style.css", .anyone, "the stylesheet") { _ in
                Responses.text(Layout.css, type: "text/css; charset=utf-8", cache: "public, max-age=3600")
            },
            Route(.get, "/login", .anyone, "the sign-in form, with its own security token (a cookie and the form's _csrf)") { call in
                call.app.loginPage(call, notice: call.form["notice"])
            },
            Route(.post, "/login", .anyone, "sign in (form: name, password, _csrf from the sign-in page); throttled per account and address") { call in
                try await call.app.login(call)
            },
            Route(.post, "/logout", .everyone, "sign out: the session ends") { call in
                let caller = try call.signedIn()
                try call.ws.endSession(token: caller.token)
                var response = Responses.redirect("/login?notice=signed-out")
                response.setCookie(call.app.sessionCookie(nil))
                return response
            },
            Route(.get, "/setup/:token", .anyone, "the one-time link: a form to set one's password") { call in
                guard let user = try call.ws.setupUser(token: try call.parameter("token")) else { throw WebError(.notFound, "this link is not valid (used already, expired or unknown): ask a manager for a new one") }
                return call.app.setupPage(user: user, token: try call.parameter("token"), problem: nil)
            },
            Route(.post, "/setup/:token", .anyone, "set one's password (form: password, confirm)") { call in try await call.app.setup(call) },
        ]
    }

    /// The sign-in page. Its form carries a token of its own, also set as a cookie (`signInCookie`):
    /// a sign-in whose form token does not match the cookie is refused, so another site cannot sign
    /// a browser in to an account of its choosing (login CSRF). The browser's token is kept while it
    /// has one, so two open sign-in pages both work.
    func loginPage(_ call: Call, notice: String?, problem: String? = nil, status: HTTPResponse.Status = .ok) -> Response {
        let notices = ["signed-out": "You have signed out.", "password-set": "Your password is set: sign in with it."]
        let token = Self.signInToken(call.request) ?? SecretToken.make()
        var response = Responses.html(Layout.page(title: "Sign in", caller: nil, body: [
            notice.flatMap { notices[$0] }.map { HTML.el("p", ["class": "notice"], text: $0) } ?? .group([]),
            problem.map { HTML.el("p", ["class": "problem", "role": "alert"], text: $0) } ?? .group([]),
            HTML.el("form", ["method": "post", "action": "/login"]) {
                HTML.empty("input", ["type": "hidden", "name": "_csrf", "value": token])
                Layout.field("name", "User name", attributes: ["autocomplete": "username", "required": "required"])
                Layout.field("password", "Password", type: "password", attributes: ["autocomplete": "current-password", "required": "required"])
                HTML.el("button", ["type": "submit"], text: "Sign in")
            },
        ]), status: status)
        response.setCookie(signInCookie(token))
        return response
    }

    func login(_ call: Call) async throws -> Response {
        guard let token = Self.signInToken(call.request), SecretToken.equal(call.form["_csrf"] ?? "", token) else {
            return loginPage(call, notice: nil, problem: "The sign-in form was out of date or came from another page: sign in again here.", status: .forbidden)
        }
        let name = call.form["name"]?.trimmingCharacters(in: .whitespaces) ?? "", password = call.form["password"] ?? ""
        guard !name.isEmpty, !password.isEmpty, name.count <= 64 else { return loginPage(call, notice: nil, problem: "Give your user name and password.", status: .badRequest) }
        let failures = try ws.recentFailures(name: name, address: call.address, window: settings.throttleWindow)
        if failures.account >= settings.accountFailures || failures.address >= settings.addressFailures {
            try ws.recordLogin(name: name, address: call.address, success: false)
            return loginPage(call, notice: nil, problem: "Too many failed sign-ins: wait \(settings.throttleWindow / 60) minutes, or ask a manager to reset your password.",
                             status: .tooManyRequests)
        }
        let credentials = try ws.credentials(name: name)
        guard await Passwords.verify(password, hash: credentials?.hash, dummy: dummyHash), let user = credentials?.user else {
            try ws.recordLogin(name: name, address: call.address, success: false)
            return loginPage(call, notice: nil, problem: "The user name or password is wrong.", status: .unauthorized)
        }
        try ws.recordLogin(name: name, address: call.address, success: true)
        // A new session at every sign-in (any cookie the browser had is replaced); the sign-in
        // form's token has done its work.
        let (session, _) = try ws.startSession(userID: user.id, lifetime: settings.sessionLifetime)
        var response = Responses.redirect("/home")
        response.setCookie(sessionCookie(session))
        response.setCookie(signInCookie(nil))
        return response
    }

    /// The sign-in form's token from the request's cookie, when it has one of the right shape.
    static func signInToken(_ request: Request) -> String? {
        guard let value = request.cookies[signInCookieName]?.value, value.count >= 32, value.count <= 128,
              value.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) else { return nil }
        return value
    }

    /// The sign-in form's cookie: HttpOnly, SameSite=Strict, for `/login` only, an hour; an empty value clears it.
    func signInCookie(_ token: String?) -> Cookie {
        Cookie(name: Self.signInCookieName, value: token ?? "", maxAge: token == nil ? 0 : 3600, path: "/login",
               secure: settings.secureCookies, httpOnly: true, sameSite: .strict)
    }

    func setupPage(user: UserRecord, token: String, problem: String?, status: HTTPResponse.Status = .ok) -> Response {
        Responses.html(Layout.page(title: "Set your password", caller: nil, body: [
            HTML.el("p", text: "User \(user.name) (\(user.role.label)). Choose a password of at least \(ServerSettings.minimumPasswordLength) characters; a few unrelated words make a good one."),
            problem.map { HTML.el("p", ["class": "problem", "role": "alert"], text: $0) } ?? .group([]),
            HTML.el("form", ["method": "post", "action": "/setup/\(token)"]) {
                Layout.field("password", "New password", type: "password", attributes: ["autocomplete": "new-password", "required": "required"])
                Layout.field("confirm", "The same again", type: "password", attributes: ["autocomplete": "new-password", "required": "required"])
                HTML.el("button", ["type": "submit"], text: "Set password")
            },
        ]), status: status)
    }

    func setup(_ call: Call) async throws -> Response {
        let token = try call.parameter("token")
        guard let user = try ws.setupUser(token: token) else { throw WebError(.notFound, "this link is not valid (used already, expired or unknown): ask a manager for a new one") }
        let password = call.form["password"] ?? ""
        if password != call.form["confirm"] { return setupPage(user: user, token: token, problem: "The two passwords differ.", status: .badRequest) }
        if let problem = Passwords.problem(password, user: user.name, service: scenario.name.split(separator: " ").map(String.init)) { return setupPage(user: user, token: token, problem: "Refused: \(problem).", status: .badRequest) }
        let hash = await Passwords.hash(password, cost: settings.bcryptCost)
        _ = try Workspace.$webUser.withValue(user.name) { () throws(WorkspaceError) in try ws.completeSetup(token: token, passwordHash: hash) }
        return Responses.redirect("/login?notice=password-set")
    }
}
