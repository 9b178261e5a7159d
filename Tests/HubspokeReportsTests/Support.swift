import Foundation
import Testing
import HubspokeModel
import HubspokeScenarioIO
import HubspokePlanner
import HubspokeTestSupport
@testable import HubspokeReports

/// The repository's root folder (for Tools/check-ics.py).
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

func temporaryFolder() -> URL {
    let d = FileManager.default.temporaryDirectory.appendingPathComponent("hubspoke-reports-\(UUID().uuidString)")
    try? FileManager.default.createDirectory(at: d, withIntermediateDirectories: true)
    return d
}

/// Runs a program found on PATH (through ProcessRunner: its output goes to files, so a large output
/// cannot fill a pipe), killed after `timeout` seconds. A missing program is a test failure, not a
/// skip: CI installs every tool the tests use (Tools/setup.sh --test).
func runTool(_ name: String, _ arguments: [String], timeout: Double = 120) throws -> ProcessOutcome? {
    guard let path = ProcessRunner.onPath(name) else {
        Issue.record("\(name) is not installed: run Tools/setup.sh --test")
        return nil
    }
    let r = try ProcessRunner.run(path, arguments, timeout: timeout)
    if r.timedOut { Issue.record("\(name) did not finish within \(Int(timeout)) s") }
    return r
}

/// What Tools/check-ics.py read from a folder of calendars with Python's icalendar package.
struct ParsedCalendars: Decodable {
    struct Event: Decodable, Hashable {
        var uid: String
        var start: String      // UTC, 2026-11-30T09:00:00Z
        var end: String
        var tzid: String
        var summary: String
        var location: String
        var sequence: Int
        var stamp: String
    }
    struct File: Decodable { var name: String; var events: [Event] }
    var files: [String: File]
    var problems: [String]
}

func parseCalendars(in folder: URL) throws -> ParsedCalendars? {
    let script = repositoryRoot.appendingPathComponent("Tools/check-ics.py").path
    guard let r = try runTool("python3", [script, folder.path]) else { return nil }
    guard r.status == 0 else {
        Issue.record("Tools/check-ics.py failed (\(r.status)): \(r.err)")
        return nil
    }
    return try JSONDecoder().decode(ParsedCalendars.self, from: Data(r.out.utf8))
}

/// The Kent and Medway rota, planned once for the whole test run.
enum KentMedway {
    private static let planned = Result { () throws -> (Scenario, Rota) in
        let sc = try Scenario.embedded(sections: .all)
        return (sc, try RotaPlanner.plan(sc))
    }
    static var scenario: Scenario { get throws { try planned.get().0 } }
    static var rota: Rota { get throws { try planned.get().1 } }
}

/// Unfolds iCalendar text (CRLF followed by a space continues a line) into its content lines.
func contentLines(_ ics: String) -> [String] {
    ics.replacingOccurrences(of: "\r\n ", with: "").components(separatedBy: "\r\n").filter { !$0.isEmpty }
}

/// The VEVENT blocks of iCalendar text, keyed by UID, each as its unfolded content lines.
func events(_ ics: String) -> [String: [String]] {
    var out: [String: [String]] = [:]
    var current: [String]? = nil
    for line in contentLines(ics) {
        if line == "BEGIN:VEVENT" { current = [] } else if line == "END:VEVENT", let c = current {
            if let uid = c.first(where: { $0.hasPrefix("UID:") }) { out[String(uid.dropFirst(4))] = c }
            current = nil
        } else { current?.append(line) }
    }
    return out
}
