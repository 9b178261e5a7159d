import Foundation
import Testing

/// A catalogue of bad inputs, one test each, run through the real binary: every one exits 1 with
/// `file:line: field: what is wrong` on one line, the first cause first, and writes nothing.
@Suite(.serialized) struct InputFaultTests {
    /// A small valid scenario; the tests change one thing in it. Line numbers are as below.
    static let base = """
    name: fault catalogue
    start: 2026-11-30
    roles:
      - {id: EP, name: Educational Psychologist}
    sites:
      - {id: HUB, kind: hub, rooms: 2, location: [51.27, 0.52]}
      - {id: SP, kind: spoke, rooms: 1, location: [51.38, 0.52]}
      - {id: PRU, kind: pru, spoke: SP, rooms: 1, location: [51.39, 0.55]}
    posts:
      - {id: EP-1, role: EP, sessions: 4, base: HUB, pattern: [mon, tue], serves: all}
      - {id: EP-2, role: EP, sessions: 2, base: SP, serves: [spoke:SP]}
    demand:
      - {site: PRU, role: EP, sessions: 2, priority: urgent}
      - {site: SP, role: EP, sessions: 1, priority: high}

    """

    static let demand = "site,role,sessions,priority\nPRU,EP,2,urgent\nSP,EP,1,high\n"

    let dir = CLI.temp()
    var out: String { dir.appendingPathComponent("out.csv").path }

    func write(_ name: String, _ text: String) throws -> String {
        let path = dir.appendingPathComponent(name).path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// The base scenario with `old` replaced by `new` (which must occur), written as `x.yaml`.
    func scenario(_ old: String, _ new: String) throws -> String {
        #expect(Self.base.contains(old), "the base scenario has \(old)")
        return try write("x.yaml", Self.base.replacingOccurrences(of: old, with: new))
    }

    /// Runs `args` with `--format csv --output out.csv` (unless `writes` is false) and checks the
    /// refusal: exit 1, `expected` (`file:line: field: what`) in the first problem, nothing written.
    @discardableResult
    func refused(_ args: [String], _ expected: String, writes: Bool = true, only: Bool = false,
                 sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let r = try CLI.run(args + (writes ? ["--format", "csv", "--output", out] : []))
        #expect(r.status == 1, "exit \(r.status): \(r.err)", sourceLocation: sourceLocation)
        let lines = r.err.split(separator: "\n").map(String.init)
        let first = lines.first.map { $0.hasSuffix("problems:") && lines.count > 1 ? lines[1] : $0 } ?? ""
        #expect(first.contains(expected), "first problem: \(first)\nall: \(r.err)", sourceLocation: sourceLocation)
        if only { #expect(lines.count == 1, "one message, not its knock-on errors: \(r.err)", sourceLocation: sourceLocation) }
        #expect(!FileManager.default.fileExists(atPath: out), "nothing written", sourceLocation: sourceLocation)
        #expect(r.out.isEmpty, "nothing on standard output: \(r.out)", sourceLocation: sourceLocation)
        return r.err
    }

    @Test func theBaseScenarioIsValid() throws {
        let r = try CLI.run(["validate", try write("x.yaml", Self.base), "--demand", try write("week.csv", Self.demand)])
        #expect(r.status == 0, "\(r.err)")
    }

    // MARK: Class 5: no silent defaults

    @Test func demandWithoutPriorityColumn() throws {
        let csv = try write("week.csv", "site,role,sessions\nPRU,EP,2\n")
        try refused(["rota", try write("x.yaml", Self.base), "--demand", csv], "\(csv):1: priority: missing column", only: true)
    }

    @Test func demandImportWithoutPriorityColumnChangesNothing() throws {
        let ws = WorkspaceCLI()
        try ws.ok(["init", "kent-medway", "--weeks", "4"])
        let before = FileManager.default.contents(atPath: ws.path)
        let csv = try ws.write("week.csv", "site,role,sessions\nPRU-DART,EP,2\n")
        let r = try ws.run(["demand", "import", csv, "--week", "2026-11-30"])
        #expect(r.status == 1)
        #expect(r.err.contains("\(csv):1: priority: missing column"), "\(r.err)")
        #expect(FileManager.default.contents(atPath: ws.path) == before, "the workspace is unchanged")
    }

    @Test func demandRowWithoutPriority() throws {
        let csv = try write("week.csv", "site,role,sessions,priority\nPRU,EP,2,urgent\nSP,EP,1,\n")
        try refused(["rota", try write("x.yaml", Self.base), "--demand", csv], "\(csv):3: priority: missing priority", only: true)
    }

    @Test func scenarioWithoutStart() throws {
        let x = try scenario("start: 2026-11-30\n", "")
        try refused(["rota", x], "\(x):1: start: missing required field", only: true)
    }

    @Test func duplicateDemandRowsInCSVNameBothLines() throws {
        let csv = try write("week.csv", Self.demand + "PRU,EP,1,urgent\n")
        try refused(["rota", try write("x.yaml", Self.base), "--demand", csv], "\(csv):4: site: EP at PRU, urgent, every week is asked for twice (also at line 2)", only: true)
    }

    @Test func duplicateDemandRowsInYAMLNameBothLines() throws {
        let x = try write("x.yaml", Self.base + "  - {site: PRU, role: EP, sessions: 1, priority: urgent}\n")
        try refused(["rota", x], "\(x):15: demand[2].site: EP at PRU, urgent, every week is asked for twice (also at line 13)", only: true)
    }

    @Test func demandAtAPRUWithNoRooms() throws {
        let x = try scenario("spoke: SP, rooms: 1", "spoke: SP, rooms: 0")
        try refused(["validate", x], "\(x):13: demand[0].site: demand for EP at PRU, but PRU has no rooms (rooms: 0)", writes: false, only: true)
    }

    @Test func pinAtASiteWithNoRooms() throws {
        let x = try write("x.yaml", Self.base.replacingOccurrences(of: "spoke: SP, rooms: 1", with: "spoke: SP, rooms: 0")
            .replacingOccurrences(of: "sessions: 2, priority: urgent", with: "sessions: 0, priority: urgent")
            + "pins:\n  - {post: EP-1, site: PRU, day: mon, half: am}\n")
        try refused(["rota", x], "\(x):16: pins[0]: pins of EP-1 at PRU", only: true)
    }

    // MARK: Class 6: every message has its line

    @Test func duplicateKeyNamesItsLineAndNotTheWholeFile() throws {
        let padding = String(repeating: "# a long comment that makes the file large\n", count: 20_000)
        let x = try write("x.yaml", Self.base + padding + "name: again\n")
        let err = try refused(["rota", x], "\(x):\(15 + 20_000): name: field given twice (first at line 1)", only: true)
        #expect(err.utf8.count < 500, "the message is one line, not the file: \(err.utf8.count) bytes")
    }

    @Test func duplicateKeyInAnEntryNamesItsPath() throws {
        let x = try scenario("  - {id: EP-2, role: EP, sessions: 2, base: SP, serves: [spoke:SP]}",
                             "  - id: EP-2\n    role: EP\n    sessions: 2\n    base: SP\n    role: EP")
        try refused(["rota", x], "\(x):15: posts[1].role: field given twice (first at line 12)", only: true)
    }

    @Test func contractLargerThanThePattern() throws {
        let x = try scenario("sessions: 4, base: HUB", "sessions: 6, base: HUB")
        try refused(["rota", x], "\(x):10: posts[0].sessions: EP-1 is contracted for 6 sessions but its pattern has only 4 half-days", only: true)
    }

    @Test func contractAsFTELargerThanThePattern() throws {
        let x = try scenario("sessions: 4, base: HUB", "fte: 0.6, base: HUB")
        try refused(["rota", x], "\(x):10: posts[0].sessions: EP-1 is contracted for 6 sessions", only: true)
    }

    @Test func leaveOnAWeekend() throws {
        let x = try scenario("serves: [spoke:SP]}", "serves: [spoke:SP],\n      leave: [2026-12-01, 2026-12-05]}")
        try refused(["rota", x], "\(x):12: posts[1].leave[1]: 2026-12-05 is a Saturday", only: true)
    }

    @Test func aPostServingNothing() throws {
        let x = try scenario("serves: [spoke:SP]}", "serves: []}")
        try refused(["rota", x], "\(x):11: posts[1].serves: EP-2 may serve no site", only: true)
    }

    @Test func pinsThatBreakRooms() throws {
        let x = try write("x.yaml", Self.base + "pins:\n  - {post: EP-1, site: SP, day: mon, half: am}\n  - {post: EP-2, site: SP, day: mon, half: am}\n")
        try refused(["rota", x], "\(x):17: pins[1]: pins of EP-1, EP-2 at SP", only: true)
    }

    @Test func invalidUTF8NamesLineAndColumn() throws {
        // "Educational" with a Latin-1 e-acute (0xE9) after "Edu": a file saved in the wrong encoding.
        let parts = Self.base.components(separatedBy: "Educational")
        let x = dir.appendingPathComponent("x.yaml").path
        try Data(Array((parts[0] + "Edu").utf8) + [0xE9] + Array(("cational" + parts[1]).utf8)).write(to: URL(fileURLWithPath: x))
        try refused(["rota", x], "\(x):4: invalid UTF-8 at column 23 (byte offset ", only: true)
    }

    @Test func controlCharacterNamesLineAndColumn() throws {
        let x = try scenario("name: fault catalogue", "name: fault\u{1B}[2J catalogue")
        try refused(["rota", x], "\(x):1: control character U+001B at column 12 (byte offset 11) is not allowed", only: true)
    }

    @Test func aFolderGivenAsTheScenario() throws {
        try refused(["rota", dir.path], "\(dir.path): is a folder, not a scenario file", only: true)
    }

    @Test func noSitesIsOneError() throws {
        // Without sites every post's base and every demand row would be unknown too: one message.
        let lines = Self.base.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.contains("kind:") }
        let x = try write("x.yaml", lines.joined(separator: "\n").replacingOccurrences(of: "sites:\n", with: "sites: []\n"))
        try refused(["rota", x], "\(x):5: sites: the scenario has no sites", only: true)
    }

    @Test func noRolesIsOneError() throws {
        let y = try write("y.yaml", Self.base.replacingOccurrences(of: "roles:\n  - {id: EP, name: Educational Psychologist}\n", with: "roles: []\n"))
        try refused(["rota", y], "\(y):3: roles: the scenario has no roles", only: true)
    }

    @Test func aRefusedSiteIsNotReportedAgainByItsPosts() throws {
        let x = try scenario("{id: SP, kind: spoke", "{id: SP, kind: clinic")
        let err = try refused(["rota", x], "\(x):7: sites[1].kind: \"clinic\" is not one of: hub, spoke, pru")
        #expect(!err.contains("unknown site \"SP\""), "no knock-on errors: \(err)")
    }

    @Test func staffingFlagIsNamedAsItself() throws {
        try refused(["staffing", "business-case", "--staffing", "EP=abc"], "--staffing EP=abc: \"abc\" is not a number of FTE", only: true)
    }

    // MARK: Class 9: input size limits

    static let big = String(repeating: "# padding\n", count: 1_100_000)   // 11 MB

    @Test func aScenarioOverTheLimit() throws {
        let x = try write("x.yaml", Self.base + Self.big)
        try refused(["rota", x], "\(x): too large (10.5 MB; the limit is 10 MB)", only: true)
    }

    @Test func aDemandCSVOverTheLimit() throws {
        let csv = try write("week.csv", Self.demand + String(repeating: "\n", count: 11_000_000))
        try refused(["rota", try write("x.yaml", Self.base), "--demand", csv], "\(csv): too large (10.5 MB; the limit is 10 MB)", only: true)
    }

    @Test func aPreviousRotaOverTheLimit() throws {
        let previous = try write("previous.csv", "week,day,half,post,site\n" + String(repeating: "\n", count: 11_000_000))
        try refused(["rota", try write("x.yaml", Self.base), "--previous", previous], "\(previous): too large (10.5 MB; the limit is 10 MB)", only: true)
    }

    @Test func aShardOverTheLimit() throws {
        let shard = try write("shard-0.json", "{" + String(repeating: " ", count: 11_000_000) + "}")
        try refused(["merge", shard], "\(shard): too large (10.5 MB; the limit is 10 MB)", only: true)
    }

    @Test func aDemandFileNamedByTheScenarioOverTheLimit() throws {
        _ = try write("big.csv", Self.demand + String(repeating: "\n", count: 11_000_000))
        let x = try write("x.yaml", Self.base + "demand_csv: big.csv\n")
        try refused(["rota", x], "\(x):15: demand_csv: ", only: true)
    }

    @Test func aListOverItsLimit() throws {
        let sites = (0..<1_001).map { "  - {id: S\($0), kind: hub, rooms: 1, location: [51.0, 0.0]}" }.joined(separator: "\n")
        let x = try scenario("sites:\n", "sites:\n" + sites + "\n")
        try refused(["rota", x], "\(x):5: sites: 1004 entries: at most 1000 are read", only: true)
    }

    @Test func aDemandCSVWithTooManyRows() throws {
        let csv = try write("week.csv", "site,role,sessions,priority,week\n" + (0..<50_001).map { "PRU,EP,1,high,\($0)" }.joined(separator: "\n"))
        try refused(["rota", try write("x.yaml", Self.base), "--demand", csv], "\(csv):1: 50001 rows: at most 50000 are read", only: true)
    }

    @Test func manyProblemsAreCountedNotAllListed() throws {
        let x = try write("x.yaml", Self.base + (0..<300).map { "colour\($0): blue" }.joined(separator: "\n") + "\n")
        let err = try refused(["rota", x], "\(x):15: colour0: unknown field \"colour0\"")
        #expect(err.hasPrefix("hubspoke: error: 300 problems:\n"), "\(err.prefix(80))")
        #expect(err.split(separator: "\n").count == 102, "100 listed, and one line for the rest")
        #expect(err.contains("\(x): and 200 more problem(s), not listed"))
    }

    // MARK: Cases that already worked

    @Test func unknownField() throws {
        let x = try scenario("name: fault catalogue", "name: fault catalogue\ncolour: blue")
        try refused(["rota", x], "\(x):2: colour: unknown field \"colour\"", only: true)
    }

    @Test func duplicateIds() throws {
        let x = try scenario("{id: EP-2,", "{id: EP-1,")
        try refused(["rota", x], "\(x):11: posts[1].id: duplicate post id \"EP-1\"", only: true)
    }

    @Test func unknownRole() throws {
        let x = try scenario("{id: EP-2, role: EP", "{id: EP-2, role: OT")
        try refused(["rota", x], "\(x):11: posts[1].role: unknown role \"OT\"", only: true)
    }

    @Test func unknownSiteInDemand() throws {
        let x = try scenario("{site: SP, role: EP", "{site: NOWHERE, role: EP")
        try refused(["rota", x], "\(x):14: demand[1].site: unknown site \"NOWHERE\"", only: true)
    }

    @Test func unknownPostInAPin() throws {
        let x = try write("x.yaml", Self.base + "pins:\n  - {post: EP-9, site: SP, day: mon, half: am}\n")
        try refused(["rota", x], "\(x):16: pins[0].post: unknown post \"EP-9\"", only: true)
    }

    @Test func aNumberOutOfRange() throws {
        let x = try scenario("rooms: 2,", "rooms: 99,")
        try refused(["rota", x], "\(x):6: sites[0].rooms: 99 is out of range (0 to 50)", only: true)
    }

    @Test func aHorizonNotOnAMonday() throws {
        let x = try scenario("start: 2026-11-30", "start: 2026-12-01")
        try refused(["rota", x], "\(x):2: start: 2026-12-01 is not a Monday", only: true)
    }

    @Test func aYAMLAliasBomb() throws {
        // Ten levels of ten aliases: 10^10 leaves if expanded. Aliases are shared, never copied.
        let names = (0..<10).map { "l\($0)" }
        var bomb = "pins:\n  - &l0 [x, x, x, x, x, x, x, x, x, x]\n"
        for (name, previous) in zip(names.dropFirst(), names) {
            bomb += "  - &\(name) [" + Array(repeating: "*\(previous)", count: 10).joined(separator: ", ") + "]\n"
        }
        let x = try write("x.yaml", Self.base + bomb)
        let started = Date()
        try refused(["rota", x], "\(x):16: pins[0]: expected a mapping of fields")
        #expect(Date().timeIntervalSince(started) < 5)
    }

    @Test func notANumber() throws {
        let x = try scenario("location: [51.27, 0.52]", "location: [.nan, 0.52]")
        try refused(["rota", x], "\(x):6: sites[0].location[0]: expected a number, found \".nan\"", only: true)
    }

    @Test func inconsistentTravel() throws {
        let x = try write("x.yaml", Self.base + "travel:\n  minutes:\n    HUB: {SP: 20}\n    SP: {HUB: 25}\n")
        try refused(["rota", x], "\(x):18: travel.minutes.SP.HUB: inconsistent travel data: SP-HUB is 25 minutes here but 20 at line 17", only: true)
    }

    @Test func pinsClashing() throws {
        let x = try write("x.yaml", Self.base + "pins:\n  - {post: EP-1, site: SP, day: mon, half: am}\n  - {post: EP-1, site: HUB, day: mon, half: am}\n")
        try refused(["rota", x], "\(x):17: pins[1]: pin EP-1 at HUB Mon AM conflicts with pin EP-1 at SP Mon AM (line 16)", only: true)
    }

    @Test func aYAMLSyntaxError() throws {
        let x = try scenario("  - {site: SP, role: EP, sessions: 1, priority: high}", "  - {site: SP, role: EP, sessions: 1, priority: high")
        try refused(["rota", x], "\(x):15: YAML syntax error", only: true)
    }

    @Test func aPreviousRotaNamingAnUnknownPost() throws {
        let previous = try write("previous.csv", "week,date,day,half,start,end,post,role,site,site_name\n1,2026-11-30,mon,AM,09:00,12:30,EP-9,EP,SP,SP\n")
        try refused(["rota", try write("x.yaml", Self.base), "--previous", previous], "\(previous):2: post: unknown post \"EP-9\"", only: true)
    }

    @Test func aPreviousRotaJSONWithAWrongField() throws {
        let previous = try write("previous.json", "{\"assignments\": [{\"week\": \"one\", \"day\": \"mon\", \"half\": \"AM\", \"post\": \"EP-1\", \"site\": \"SP\"}]}")
        try refused(["rota", try write("x.yaml", Self.base), "--previous", previous], "\(previous): assignments[0].week: not a rota JSON file written by hubspoke rota: expected a whole number", only: true)
    }

    @Test func aMissingScenario() throws {
        let x = dir.appendingPathComponent("nope.yaml").path
        try refused(["rota", x], "\(x): file not found", only: true)
    }
}
