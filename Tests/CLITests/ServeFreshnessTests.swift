import Foundation
import HubspokeTestSupport
import Testing

/// `hubspoke serve` keeps sessions and pages in memory while the workspace is unchanged: commands
/// run beside it in other processes (a plan, a publish, `user disable`) show on the very next
/// request, over HTTP (curl).
@Suite(.serialized) struct ServeFreshnessTests {
    /// curl against the server: the body, or with `headers` the status line and headers too.
    struct Curl {
        let base: String
        let executable = ProcessRunner.onPath("curl")

        func get(_ path: String, cookie: String? = nil, form: [String: String]? = nil, headers: Bool = false) throws -> String {
            let curl = try #require(executable, "curl is needed: run Tools/setup.sh --test")
            var args = ["-sS", "--max-time", "30"] + (headers ? ["-i"] : []) + (cookie.map { ["-H", "Cookie: \($0)"] } ?? [])
            for (k, v) in (form ?? [:]).sorted(by: { $0.key < $1.key }) { args += ["--data-urlencode", "\(k)=\(v)"] }
            let r = try ProcessRunner.run(curl, args + [base + path], timeout: 60)
            try #require(r.status == 0, "curl \(path): \(r.err)")
            return r.out
        }
    }

    @Test func changesFromOtherProcessesShowOnTheNextRequest() throws {
        let ws = WorkspaceCLI(), week = "2026-11-30"
        try ws.ok(["init"])
        let port = try FreePort.loopback(), http = Curl(base: "http://127.0.0.1:\(port)")
        let added = try ws.ok(["user", "add", "boss", "--role", "manager", "--public-url", http.base])
        let link = try #require(added.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.first { $0.hasPrefix(http.base + "/setup/") })
        let server = try ProcessRunner.start(CLI.binary, ["serve", "--workspace", ws.path, "--port", String(port)])
        defer { server.kill(SIGTERM); _ = server.wait(timeout: 30) }
        _ = try ProcessRunner.run(try #require(http.executable), ["-sS", "-o", "/dev/null", "--retry", "60", "--retry-delay", "1", "--retry-connrefused", http.base + "/login"], timeout: 90)
        let pass = "fresh pages every time 7"
        _ = try http.get(String(link.dropFirst(http.base.count)), form: ["password": pass, "confirm": pass])
        let signedIn = try signInOverHTTP(name: "boss", password: pass) { path, cookie, form in try http.get(path, cookie: cookie, form: form, headers: true) }
        let cookie = try #require(signedIn.cookie, "no session cookie:\n\(signedIn.answer.prefix(600))")
        let page = "/weeks/\(week)"
        #expect(try http.get(page, cookie: cookie).contains("This week has no rota yet"))
        #expect(try http.get(page, cookie: cookie).contains("This week has no rota yet"), "kept while nothing changes")
        try ws.ok(["plan", "--week", week])
        #expect(try http.get(page, cookie: cookie).contains("Version 1 (draft)"), "hubspoke plan in another process shows at once")
        try ws.ok(["publish", "--week", week])
        #expect(try http.get(page, cookie: cookie).contains("Version 1 (published, the week&#39;s rota)"), "hubspoke publish shows at once")
        #expect(try http.get("/home", cookie: cookie).contains("version 1 published"))
        try ws.ok(["user", "add", "deputy", "--role", "manager"])  // the last manager cannot be disabled
        try ws.ok(["user", "disable", "boss"])
        let after = try http.get("/home", cookie: cookie, headers: true)
        #expect(after.hasPrefix("HTTP/1.1 303") && after.lowercased().contains("location: /login"), "hubspoke user disable: the next request is refused\n\(after.prefix(300))")
    }
}
