import Foundation
import Hummingbird
import HummingbirdTesting
import HubspokeSupport
import Testing
@testable import HubspokeServer
@testable import HubspokeWorkspace

@Suite(.serialized) struct SecurityTests {
    @Test func changesWithoutTheCSRFTokenAreRefused() async throws {
        let fixture = try ServerFixture()
        let before = try fixture.ws.history().count
        try await fixture.test { client in
            let manager = try #require(try await client.signIn("manager"))
            let cutoff = "/weeks/\(week1.iso)/cutoff"
            #expect(try await client.post(cutoff, session: manager, form: ["version": "0", "closes_at": "2026-11-27T12:00"], csrf: false).status == .forbidden)
            #expect(try await client.post(cutoff, session: manager, form: ["version": "0", "closes_at": "2026-11-27T12:00", "_csrf": "forged"], csrf: false).status == .forbidden)
            let api = "/api/v1/weeks/\(week1.iso)/requests/PRU-CANT"
            #expect(try await client.api(api, .put, session: manager, json: #"{"version":0,"rows":[]}"#, csrf: false).status == .forbidden)
            // Another session's token does not do either.
            let lead = try #require(try await client.signIn("lead"))
            #expect(try await client.post(cutoff, session: Session(cookie: manager.cookie, csrf: lead.csrf), form: ["version": "0", "closes_at": "2026-11-27T12:00"]).status == .forbidden)
            #expect(try await client.post(cutoff, session: manager, form: ["version": "0", "closes_at": "2026-11-27T12:00"]).status == .seeOther, "with the token it works")
        }
        #expect(try fixture.ws.requestCutoff(week: week1) == "2026-11-27T12:00:00Z")
        #expect(try fixture.ws.history().count == before + 1 + ServerFixture.users.count, "the passwords set, then only the one cut-off")
    }

    @Test func throttlingPerAccountAndPerAddress() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            for _ in 0..<fixture.app.settings.accountFailures {
                #expect(try await client.login(["name": "lead", "password": "wrong password here"]).status == .unauthorized)
            }
            let throttled = try await client.login(["name": "lead", "password": password])
            #expect(throttled.status == .tooManyRequests, "the right password too, once the account is throttled")
            #expect(try await client.signIn("manager") != nil, "another account from the same address still signs in")
            // From one address, failures against many names add up.
            for i in 0..<fixture.app.settings.addressFailures { _ = try await client.login(["name": "nobody\(i)", "password": "wrong password here"]) }
            #expect(try await client.login(["name": "commissioner", "password": password]).status == .tooManyRequests)
        }
        let log = try fixture.ws.loginAttempts(limit: 100)
        #expect(log.contains { $0.name == "manager" && $0.success } && log.filter { $0.name == "lead" && !$0.success }.count == 6, "failed and successful sign-ins are logged")
    }

    /// Login CSRF: a sign-in must carry the token of a sign-in page this browser opened (its cookie
    /// and the form's field agree). A form posted from elsewhere, with no token, another browser's
    /// token or a token the cookie does not hold, is refused with a fresh form, signs nobody in and is
    /// not counted as a failed sign-in.
    @Test func aSignInFromAnotherPageIsRefused() async throws {
        let fixture = try ServerFixture()
        let before = try fixture.ws.loginAttempts(limit: 100).count
        try await fixture.test { client in
            let right = ["name": "manager", "password": password]
            let mine = try await client.signInToken(), other = try await client.signInToken()
            #expect(mine != other, "each new sign-in page has its own token")
            let form = "application/x-www-form-urlencoded"
            let forged: [(String, HTTPFields)] = [
                (client.encode(right), [:]),
                (client.encode(right.merging(["_csrf": mine]) { a, _ in a }), [:]),
                (client.encode(right), [.cookie: "\(WebApp.signInCookieName)=\(mine)"]),
                (client.encode(right.merging(["_csrf": other]) { a, _ in a }), [.cookie: "\(WebApp.signInCookieName)=\(mine)"]),
                (client.encode(right.merging(["_csrf": "short"]) { a, _ in a }), [.cookie: "\(WebApp.signInCookieName)=short"]),
            ]
            for (i, (body, headers)) in forged.enumerated() {
                let r = try await client.request("/login", .post, body: body, type: form, headers: headers)
                #expect(r.status == .forbidden && r.cookie(WebApp.sessionCookie) == nil, "forged sign-in \(i): \(r.status.code)")
                #expect(r.text.contains("came from another page") && r.cookie(WebApp.signInCookieName)?.count ?? 0 >= 32, "a fresh form")
            }
            // The browser's own pair signs in; its token is kept while it lasts, so two open pages both work.
            let page = try await client.request("/login", .get, headers: [.cookie: "\(WebApp.signInCookieName)=\(mine)"])
            #expect(page.text.contains("value=\"\(mine)\""))
            let ok = try await client.request("/login", .post, body: client.encode(right.merging(["_csrf": mine]) { a, _ in a }), type: form,
                                              headers: [.cookie: "\(WebApp.signInCookieName)=\(mine)"])
            #expect(ok.status == .seeOther && ok.cookie(WebApp.sessionCookie)?.isEmpty == false)
        }
        let attempts = try fixture.ws.loginAttempts(limit: 100)
        #expect(attempts.count == before + 1 && attempts.allSatisfy(\.success), "forged forms are not counted; the real sign-in is")
    }

    /// Behind a proxy on this machine (`behindProxy`), the per-address throttle counts the address the
    /// proxy forwards, its last X-Forwarded-For entry: one address's failures lock out neither another
    /// address nor the account of someone else. Without the setting the header is ignored: the same
    /// failures from "many addresses" add up as one.
    @Test(arguments: [true, false]) func behindAProxyTheForwardedAddressIsThrottled(_ behindProxy: Bool) async throws {
        let fixture = try ServerFixture(behindProxy: behindProxy), failures = fixture.app.settings.addressFailures
        @Sendable func forwarded(_ address: String) -> HTTPFields { [.init("X-Forwarded-For")!: "198.51.100.7, \(address)"] }
        try await fixture.test { client in
            for i in 0..<failures {
                let r = try await client.login(["name": "nobody\(i)", "password": "wrong password here"], headers: forwarded("203.0.113.5"))
                #expect(r.status == .unauthorized)
            }
            let same = try await client.login(["name": "manager", "password": password], headers: forwarded("203.0.113.5"))
            #expect(same.status == .tooManyRequests, "that address is throttled")
            let other = try await client.login(["name": "manager", "password": password], headers: forwarded("203.0.113.6"))
            #expect(other.status == (behindProxy ? .seeOther : .tooManyRequests), "another address \(behindProxy ? "signs in" : "is the same connection")")
        }
        let log = try fixture.ws.loginAttempts(limit: 100)
        #expect(log.contains { $0.address == (behindProxy ? "203.0.113.5" : "local") } && !log.contains { $0.address == "198.51.100.7" })
    }

    @Test func aSessionIsInvalidAfterSignOut() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            let s = try #require(try await client.signIn("commissioner"))
            #expect(try await client.get("/home", session: s).status == .ok)
            let out = try await client.post("/logout", session: s)
            #expect(out.status == .seeOther && out.headers[.setCookie]?.contains("Max-Age=0") == true)
            let after = try await client.get("/home", session: s)
            #expect(after.status == .seeOther && after.headers[.location] == "/login")
            #expect(try await client.api("/api/v1/me", .get, session: s).status == .unauthorized)
            // Signing in again gives a new session token (rotated), never the old one.
            let again = try #require(try await client.signIn("commissioner"))
            #expect(again.cookie != s.cookie && again.csrf != s.csrf)
        }
    }

    @Test func cookiesAndHeaders() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            let login = try await client.login(["name": "manager", "password": password])
            let cookie = try #require(login.setCookie(WebApp.sessionCookie))
            #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict") && !cookie.contains("Secure"), "\(cookie)")
            let form = try #require(try await client.get("/login").setCookie(WebApp.signInCookieName))
            #expect(form.contains("HttpOnly") && form.contains("SameSite=Strict") && form.contains("Path=/login"), "\(form)")
            #expect(login.cookie(WebApp.signInCookieName) == "", "a sign-in clears the form's cookie")
            for r in [try await client.get("/login"), try await client.get("/no/such/page"), try await client.api("/api/v1/me", .get, session: nil), login] {
                #expect(r.headers[.contentSecurityPolicy]?.contains("default-src 'self'") == true)
                #expect(r.headers[.contentSecurityPolicy]?.contains("frame-ancestors 'none'") == true)
                #expect(r.headers[.init("X-Content-Type-Options")!] == "nosniff")
                #expect(r.headers[.init("Referrer-Policy")!] == "no-referrer")
            }
            let page = try await client.get("/login").text
            #expect(!page.contains("<script") && !page.contains("<style") && !page.contains("style="), "no inline script or style")
        }
        var https = ServerSettings(publicURL: "https://rota.example.org/")
        https.bcryptCost = 4
        #expect(https.secureCookies && https.publicURL == "https://rota.example.org")
        let app = try WebApp(workspace: fixture.ws, settings: https)
        #expect(app.sessionCookie("t").description.contains("Secure"))
    }

    @Test func xssPayloadsAreRenderedInert() async throws {
        let fixture = try ServerFixture()
        let payload = "<script>alert(1)</script>"
        try await fixture.test { client in
            let lead = try #require(try await client.signIn("lead"))
            let page = "/weeks/\(week1.iso)/requests/PRU-CANT"
            #expect(try await client.post(page, session: lead, form: ["version": "0", "s-EP-urgent": "2", "note": payload]).status == .seeOther)
            let shown = try await client.get(page, session: lead).text
            #expect(shown.contains("&lt;script&gt;alert(1)&lt;/script&gt;") && !shown.contains(payload))
            let manager = try #require(try await client.signIn("manager"))
            let refused = try await client.post("/users", session: manager, form: ["name": payload, "role": "manager"])
            #expect(refused.status == .badRequest && !refused.text.contains(payload))
        }
    }

    @Test func passwordsAndNotes() {
        #expect(Passwords.problem("short", user: "ann") != nil)
        #expect(Passwords.problem("password1234", user: "ann") != nil, "common")
        #expect(Passwords.problem("annabel-rota-2026", user: "annabel") != nil, "holds the name")
        #expect(Passwords.problem("aaaaaaaaaaaaaa", user: "ann") != nil, "too few characters")
        #expect(Passwords.problem("river otter lamp 42", user: "ann") == nil)
        for bad in ["seen 943 476 5919 today", "DOB 12/03/2015", "born 2015-03-12", "for John Smith please", "Mrs Jones asked", String(repeating: "x", count: 201)] {
            #expect(NoteCheck.problem(bad) != nil, "refused: \(bad)")
        }
        for good in ["two urgent assessments, one group", "Year 9 group needs a room", "EP for the reintegration meeting", ""] {
            #expect(NoteCheck.problem(good) == nil, "accepted: \(good)")
        }
    }

    @Test func tokensAreStoredHashed() throws {
        #expect(SecretToken.hash("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SecretToken.hash("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        let a = SecretToken.make(), b = SecretToken.make()
        #expect(a.count == 43 && a != b)
        let fixture = try ServerFixture()
        let token = try #require(fixture.links["manager"])
        let stored = try fixture.ws.read { db in try String.fetchAll(db, sql: "SELECT ifnull(setup_token_hash, '') FROM users") }
        #expect(!stored.contains(token) && stored.contains(SecretToken.hash(token)))
    }
}
