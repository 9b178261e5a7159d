import Foundation
import HubspokeModel
import HubspokeScenarioIO
import HubspokeTestSupport
import HubspokeWorkspace
import Synchronization

/// `hubspoke-bench serve`: the web service under `wrk` (100 connections on loopback, `seconds` each):
/// the week page as the manager, a specialist's calendar feed, a mixed load, and the week page while
/// plan jobs keep running. The server is the `hubspoke` binary beside this one (`swift build -c
/// release` builds both), on a temporary workspace with Kent and Medway's first week planned and
/// published; the manager sets their password through the one-time link and signs in over HTTP.
func benchServe(seconds: Int) throws {
    let tools = try ServeBenchTools()
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hubspoke-bench-serve-\(ProcessInfo.processInfo.processIdentifier)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let fixture = try ServeFixture(dir: dir)
    let port = try FreePort.loopback(), base = "http://127.0.0.1:\(port)"
    let server = try ProcessRunner.start(tools.hubspoke, ["serve", "--workspace", fixture.path, "--port", String(port)])
    defer { server.kill(SIGTERM); _ = server.wait(timeout: 30) }
    let client = HTTPClient(curl: tools.curl, base: base)
    try client.waitForServer()
    let cookie = try client.signIn(setupPath: fixture.managerLink.path, name: "manager")
    let csrf = try client.csrf(cookie: cookie)
    let week = "/weeks/\(fixture.week.iso)", feed = "/feeds/\(fixture.feedToken)/post-EP-1.ics"
    let wrk = Wrk(executable: tools.wrk, base: base, cookie: cookie, seconds: seconds, dir: dir)
    print("hubspoke-bench serve: wrk, 2 threads, 100 connections, \(seconds) s each, on \(base) (the release build if this is one)")
    try wrk.run("week page, manager", path: week)
    try wrk.run("calendar feed (post-EP-1.ics)", path: feed, cookie: false)
    try wrk.run("mixed (week page, feed, start page, stylesheet, rota JSON, jobs page)", path: week,
                script: mixedScript([week, feed, "/home", "/static/style.css", "/api/v1/weeks/\(fixture.week.iso)/rota", "/jobs"]))
    let before = try fixture.ws.jobs(limit: 1000).count
    let planner = PlanLoop(client: client, cookie: cookie, csrf: csrf, path: "/api/v1/weeks/\(fixture.week.iso)/plan")
    planner.start()
    try wrk.run("week page, manager, while plan jobs run", path: week)
    planner.stop()
    let jobs = try fixture.ws.jobs(limit: 1000).dropLast(before)
    let done = jobs.filter { $0.state == .done }.count, failed = jobs.filter { $0.state == .failed }.count
    let t = planner.tally
    print("  plan jobs meanwhile: \(jobs.count) started, \(done) done, \(failed) failed, \(jobs.count - done - failed) still running; "
          + "a job was under way at \(t.joined) of \(t.posts) plan requests (\(t.posts == 0 ? 0 : 100 * t.joined / t.posts)% of the time)")
}

/// The programs the benchmark runs: `hubspoke` beside this binary, `wrk` and `curl` on PATH.
struct ServeBenchTools {
    var hubspoke: URL, wrk: URL, curl: URL

    init() throws {
        hubspoke = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("hubspoke")
        guard FileManager.default.isExecutableFile(atPath: hubspoke.path) else {
            throw BenchFailure("\(hubspoke.path) is missing: build it first (swift build -c release)")
        }
        guard let wrk = ProcessRunner.onPath("wrk"), let curl = ProcessRunner.onPath("curl") else {
            throw BenchFailure("wrk and curl are needed: run Tools/setup.sh --test")
        }
        self.wrk = wrk; self.curl = curl
    }
}

struct BenchFailure: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}

/// The workspace the server serves: the default scenario over 4 weeks, its first week planned and
/// published; the manager (waiting for a password) and EP-1's specialist, with a feed token.
struct ServeFixture {
    var ws: Workspace, path: String, week: CalendarDate, managerLink: SetupLink, feedToken: String

    init(dir: URL) throws {
        path = dir.appendingPathComponent("ws.sqlite").path
        var source = try ScenarioSource.named(nil)
        source.sections = .all
        let sc = try source.parse()
        ws = try Workspace.create(at: path, scenario: source, calendar: WeekCalendar(start: sc.startDate, weeks: 4))
        week = sc.startDate
        _ = try ws.plan(week: week)
        _ = try ws.publish(week: week, exportsTo: dir.path)
        managerLink = try ws.addUser(name: "manager", role: .manager)
        let specialist = try ws.addUser(name: "ep1", role: .specialist, post: "EP-1")
        feedToken = try ws.issueFeedToken(userID: specialist.user.id, target: .post("EP-1"))
    }
}

/// HTTP for the benchmark's set-up, through curl: the password, the sign-in, the CSRF token, plans.
struct HTTPClient: Sendable {
    var curl: URL, base: String

    func request(_ path: String, cookie: String? = nil, form: [String: String]? = nil, headers: [String: String] = [:], method: String? = nil,
                 showHeaders: Bool = false) throws -> String {
        var args = ["-sS", "--max-time", "30"] + (showHeaders ? ["-i"] : []) + (method.map { ["-X", $0] } ?? [])
        if let cookie { args += ["-H", "Cookie: \(cookie)"] }
        for (k, v) in headers.sorted(by: { $0.key < $1.key }) { args += ["-H", "\(k): \(v)"] }
        for (k, v) in (form ?? [:]).sorted(by: { $0.key < $1.key }) { args += ["--data-urlencode", "\(k)=\(v)"] }
        let r = try ProcessRunner.run(curl, args + [base + path], timeout: 60)
        guard r.status == 0 else { throw BenchFailure("curl \(path): \(r.err)") }
        return r.out
    }

    func waitForServer() throws {
        let r = try ProcessRunner.run(curl, ["-sS", "-o", "/dev/null", "--retry", "60", "--retry-delay", "1", "--retry-connrefused", base + "/login"], timeout: 90)
        guard r.status == 0 else { throw BenchFailure("the server did not answer at \(base): \(r.err)") }
    }

    /// Sets the password through the one-time link, signs in, and returns the session cookie (`name=value`).
    func signIn(setupPath: String, name: String) throws -> String {
        let password = "bench " + UUID().uuidString
        _ = try request(setupPath, form: ["password": password, "confirm": password])
        let signedIn = try signInOverHTTP(name: name, password: password) { path, cookie, form in
            try request(path, cookie: cookie, form: form, showHeaders: true)
        }
        guard let cookie = signedIn.cookie else { throw BenchFailure("signing in gave no session cookie:\n\(signedIn.answer.prefix(600))") }
        return cookie
    }

    func csrf(cookie: String) throws -> String {
        let me = try request("/api/v1/me", cookie: cookie)
        guard let object = try JSONSerialization.jsonObject(with: Data(me.utf8)) as? [String: Any], let token = object["csrf"] as? String else {
            throw BenchFailure("/api/v1/me gave no CSRF token: \(me.prefix(300))")
        }
        return token
    }
}

/// Threads that keep a plan job running: each asks for a plan of the week through the API, again
/// 20 ms after each answer, until stopped; a request while one is queued or running joins it (the
/// answer says so), so a request that did not join started a job because none was running. The
/// share of requests that joined is the share of the time a plan job was running, as sampled.
final class PlanLoop: Sendable {
    let client: HTTPClient, cookie: String, csrf: String, path: String
    private let state = Mutex<(stop: Bool, posts: Int, joined: Int, jobs: Set<Int>)>((false, 0, 0, []))
    private let finished = DispatchSemaphore(value: 0)

    init(client: HTTPClient, cookie: String, csrf: String, path: String) {
        self.client = client; self.cookie = cookie; self.csrf = csrf; self.path = path
    }

    /// Plan requests answered, how many of them joined a job under way, and the jobs they named.
    var tally: (posts: Int, joined: Int, jobs: Int) { state.withLock { ($0.posts, $0.joined, $0.jobs.count) } }

    /// How many threads ask at once (each answer waits behind wrk's requests, so one alone leaves gaps).
    static let threads = 4

    func start() {
        for _ in 0..<Self.threads {
            Thread { [self] in
                while !state.withLock({ $0.stop }) {
                    if let answer = try? client.request(path, cookie: cookie, headers: ["X-CSRF-Token": csrf], method: "POST"),
                       let job = try? JSONSerialization.jsonObject(with: Data(answer.utf8)) as? [String: Any],
                       let id = job["id"] as? Int, let joined = job["joined"] as? Bool {
                        state.withLock { $0.posts += 1; $0.joined += joined ? 1 : 0; $0.jobs.insert(id) }
                    }
                    Thread.sleep(forTimeInterval: 0.02)
                }
                finished.signal()
            }.start()
        }
        Thread.sleep(forTimeInterval: 0.5)  // the first job is running when wrk starts
    }

    func stop() {
        state.withLock { $0.stop = true }
        for _ in 0..<Self.threads { finished.wait() }
    }
}

/// wrk on one path (or a Lua script), with the manager's cookie; prints what wrk measured.
struct Wrk {
    var executable: URL, base: String, cookie: String, seconds: Int, dir: URL

    func run(_ label: String, path: String, cookie withCookie: Bool = true, script: String? = nil) throws {
        var args = ["-t2", "-c100", "-d\(seconds)s", "--latency", "--timeout", "10s"]
        if withCookie { args += ["-H", "Cookie: \(cookie)"] }
        if let script {
            let file = dir.appendingPathComponent("mixed.lua")
            try script.write(to: file, atomically: true, encoding: .utf8)
            args += ["-s", file.path]
        }
        let r = try ProcessRunner.run(executable, args + [base + path], timeout: Double(seconds) + 60)
        guard r.status == 0 else { throw BenchFailure("wrk \(label): \(r.err)") }
        print("  \(label): " + Self.summary(r.out))
    }

    /// "2345.6 req/s; latency p50 1.2ms, p90 3.4ms, p99 9.9ms; 23456 requests" (and non-2xx or socket errors, if any).
    static func summary(_ out: String) -> String {
        func after(_ label: String) -> String? {
            out.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.first { $0.hasPrefix(label) }
                .map { String($0.dropFirst(label.count)).trimmingCharacters(in: .whitespaces) }
        }
        let requests = out.split(separator: "\n").first { $0.contains("requests in") }.map { $0.trimmingCharacters(in: .whitespaces) } ?? "?"
        var parts = ["\(after("Requests/sec:") ?? "?") req/s",
                     "latency p50 \(after("50%") ?? "?"), p90 \(after("90%") ?? "?"), p99 \(after("99%") ?? "?")", requests]
        if let bad = after("Non-2xx or 3xx responses:") { parts.append("NON-2xx/3xx: \(bad)") }
        if let errors = after("Socket errors:") { parts.append("socket errors: \(errors)") }
        return parts.joined(separator: "; ")
    }
}

/// A wrk script that cycles through `paths`, one request each in turn.
func mixedScript(_ paths: [String]) -> String {
    """
    local paths = {\(paths.map { "\"\($0)\"" }.joined(separator: ", "))}
    local i = 0
    request = function()
      i = i + 1
      return wrk.format("GET", paths[(i % #paths) + 1])
    end

    """
}
