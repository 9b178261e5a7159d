import Foundation
import HubspokeTestSupport
import Testing

/// The web service in a real browser: Tools/browser-walk.py drives headless Chromium through
/// chromedriver (Selenium) over `hubspoke serve`: a PRU lead's requests, the manager's absence, plan,
/// check and publish, the specialist's feed, a second PRU lead refused, and an axe-core audit of the
/// main pages. Needs `Tools/setup.sh --test` (chromium, chromium-driver, selenium, axe-selenium-python).
@Suite struct BrowserWalkTests {
    static var available: Bool {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/chromium"), FileManager.default.isExecutableFile(atPath: "/usr/bin/chromedriver"),
              let python = ProcessRunner.onPath("python3"),
              let probe = try? ProcessRunner.run(python, ["-c", "import selenium, axe_selenium_python"], timeout: 60) else { return false }
        return probe.status == 0 && !probe.signalled
    }

    @Test(.enabled(if: available, "needs Chromium, chromedriver, selenium and axe-selenium-python (Tools/setup.sh --test)"))
    func aWalkThroughTheWeeklyLoop() throws {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Tools/browser-walk.py")
        let shots = FileManager.default.temporaryDirectory.appendingPathComponent("hubspoke-browser-\(UUID().uuidString)")
        let python = try #require(ProcessRunner.onPath("python3"))
        let port = String(19_000 + Int.random(in: 0..<900))
        let outcome = try ProcessRunner.run(python, [script.path, CLI.binary.path, shots.path, port], timeout: 900)
        #expect(outcome.status == 0 && !outcome.signalled, "the walk: \(outcome.out)\(outcome.err.suffix(2000))")
        #expect(outcome.out.contains("browser walk: every step held"))
        #expect(!outcome.out.contains("FAIL"))
        for width in [1280, 390] {
            #expect(FileManager.default.fileExists(atPath: shots.appendingPathComponent("week-\(width).png").path), "a screenshot at \(width) px")
        }
    }
}
