import Foundation
import HubspokeTestSupport
import Testing

/// The web service in a real browser (issue 18): `hubspoke serve` on a free port over a temporary
/// workspace, its users added with `hubspoke user add`, and `Tools/browser-walk.py` (Chromium and
/// Selenium) walking the weekly loop: requests, absence, plan, check, publish, the feed; a second PRU
/// lead refused; axe-core on the main pages; the week page's screenshots. CI runs
/// `Tools/setup.sh --test` first, so the browser is there: this test never skips.
@Suite(.serialized) struct BrowserWalkTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let week = "2026-11-30"
    static let pages = ["sign-in", "start", "requests", "job", "week", "cover", "users", "specialist-rota", "simulation-form", "simulation-job", "simulation-report"]

    @Test func theWeeklyLoopInChromium() throws {
        if let missing = try Self.missingBrowser() {
            Issue.record("the browser walk needs \(missing): run Tools/setup.sh --test")
            return
        }
        let ws = WorkspaceCLI()
        try ws.ok(["init"])
        let port = try FreePort.loopback(), base = "http://127.0.0.1:\(port)"
        let users: [[String: String]] = [
            ["name": "manager", "role": "manager"],
            ["name": "lead-cant", "role": "pru_lead", "site": "PRU-CANT"],
            ["name": "lead-dov", "role": "pru_lead", "site": "PRU-DOV"],
            ["name": "ep1", "role": "specialist", "post": "EP-1"],
            ["name": "comm", "role": "commissioner"],
        ]
        var links: [[String: String]] = []
        for u in users {
            var args = ["user", "add", u["name"] ?? "", "--role", u["role"] ?? "", "--public-url", base]
            if let site = u["site"] { args += ["--site", site] }
            if let post = u["post"] { args += ["--post", post] }
            let out = try ws.ok(args)
            let link = out.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.first { $0.hasPrefix(base + "/setup/") }
            try #require(link != nil, "hubspoke user add \(u["name"] ?? "") printed no one-time link: \(out)")
            links.append(u.merging(["link": link ?? ""]) { a, _ in a })
        }
        let usersFile = try ws.write("users.json", String(decoding: try JSONSerialization.data(withJSONObject: links, options: [.sortedKeys]), as: UTF8.self))
        let out = ws.dir.appendingPathComponent("walk")

        let server = try ProcessRunner.start(CLI.binary, ["serve", "--workspace", ws.path, "--port", String(port)])
        let walk = try ProcessRunner.run(URL(fileURLWithPath: "/usr/bin/env"),
                                         ["python3", Self.root.appendingPathComponent("Tools/browser-walk.py").path,
                                          "--base", base, "--users", usersFile, "--week", Self.week, "--out", out.path], timeout: 900)
        server.kill(SIGTERM)
        let served = server.wait(timeout: 30)
        #expect(!served.timedOut, "hubspoke serve did not stop within 30 s of SIGTERM")
        #expect(served.out.contains("Serving \(ws.path) at \(base)"), "hubspoke serve: \(served.out) \(served.err)")
        #expect(!walk.timedOut, "the walk ran past 900 s")
        try #require(walk.status == 0, "Tools/browser-walk.py failed (status \(walk.status)):\n\(walk.err)\n\(walk.out)\nserver: \(served.err)")
        #expect(walk.out.contains("browser-walk: passed: \(Self.pages.count) pages audited"), "\(walk.out)")
        try Self.expectOutputs(out)
        try Self.expectLog(ws)
    }

    /// The screenshots (PNG) and the axe results: every main page audited, none with a serious or critical violation.
    static func expectOutputs(_ out: URL) throws {
        for width in [1280, 390] {
            let png = FileManager.default.contents(atPath: out.appendingPathComponent("week-\(width).png").path) ?? Data()
            #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]), "week-\(width).png is not a PNG (\(png.count) bytes)")
        }
        let data = FileManager.default.contents(atPath: out.appendingPathComponent("axe-results.json").path) ?? Data()
        let results = try #require(try JSONSerialization.jsonObject(with: data) as? [String: [String: Any]], "axe-results.json is not an object")
        #expect(results.keys.sorted() == pages.sorted())
        for (page, result) in results.sorted(by: { $0.key < $1.key }) {
            let violations = result["violations"] as? [[String: Any]] ?? []
            let blocking = violations.filter { ["serious", "critical"].contains($0["impact"] as? String ?? "") }.compactMap { $0["id"] as? String }
            #expect(blocking.isEmpty, "\(page): \(blocking)")
            #expect((result["passes"] as? Int ?? 0) > 0, "\(page): axe found nothing to pass: was it run?")
        }
    }

    /// The workspace's log: each change by the user who made it.
    static func expectLog(_ ws: WorkspaceCLI) throws {
        let history = try ws.ok(["history"])
        let entries = history.split(separator: "\n").filter { $0.hasPrefix("  #") }
        for (what, who) in [("requests of PRU-CANT for week \(week) saved (version 1)", "lead-cant"), ("SLT-1 absent", "manager"),
                            ("week \(week) version 1 planned", "manager"), ("week \(week) version 1 published", "manager"),
                            ("started: simulation: policies greedy", "comm"),
                            ("week \(week) version 2 saved as a draft: option 1 of", "manager")] {
            let entry = entries.first { $0.contains(what) }
            #expect(entry?.contains("web:\(who) ") == true, "the log has no \(what) by \(who): \(history)")
        }
        #expect(!history.contains("PRU-CANT for week \(week) saved (version 2)"), "the second lead changed PRU-CANT's requests: \(history)")
    }

    /// What the walk needs and this machine lacks, or nil.
    static func missingBrowser() throws -> String? {
        for path in ["/usr/bin/chromium", "/usr/bin/chromedriver"] where !FileManager.default.isExecutableFile(atPath: path) { return path }
        let python = try ProcessRunner.run(URL(fileURLWithPath: "/usr/bin/env"), ["python3", "-c", "import selenium, axe_selenium_python"], timeout: 60)
        return python.status == 0 ? nil : "python3 with selenium and axe-selenium-python (\(python.err.trimmingCharacters(in: .whitespacesAndNewlines)))"
    }
}
