import Foundation
import HubspokeTestSupport
import Testing

/// Runs the built `hubspoke` binary as a user would.
struct CLI {
    static var binary: URL {
        // The test bundle lives in the build products folder, beside the executable.
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 where !FileManager.default.fileExists(atPath: dir.appendingPathComponent("hubspoke").path) {
            dir = dir.deletingLastPathComponent()
        }
        return dir.appendingPathComponent("hubspoke")
    }

    /// The longest a command may take before the test kills it and fails (a hang, not a slow run).
    static let timeout: Double = 600

    /// Runs the binary, collecting standard output and standard error whole (ProcessRunner: files,
    /// not pipes, so neither can fill up and block the other, whatever each holds).
    static func run(_ args: [String], sourceLocation: SourceLocation = #_sourceLocation) throws -> Outcome {
        try run(args, stdin: nil, stdout: nil, stderr: nil, sourceLocation: sourceLocation)
    }

    /// How a run ended: the exit status (or the signal), and what it wrote.
    typealias Outcome = ProcessOutcome

    /// Runs the binary; standard input, output and error go to the given handles, or else are
    /// collected (see `ProcessRunner`).
    static func run(_ args: [String], stdin: FileHandle?, stdout: FileHandle?, stderr: FileHandle?,
                    directory: URL? = nil, sourceLocation: SourceLocation = #_sourceLocation) throws -> Outcome {
        let r = try ProcessRunner.run(binary, args, directory: directory, stdin: stdin, stdout: stdout, stderr: stderr, timeout: timeout)
        if r.timedOut { Issue.record("hubspoke \(args.joined(separator: " ")) did not finish within \(Int(timeout)) s", sourceLocation: sourceLocation) }
        return r
    }

    static func temp() -> URL {
        let d = FileManager.default.temporaryDirectory.appendingPathComponent("hubspoke-cli-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: d, withIntermediateDirectories: true)
        return d
    }
}

@Suite(.serialized) struct CLITests {
    @Test func rotaOnTheDefaultScenario() throws {
        let r = try CLI.run(["rota"])
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out.contains("Kent and Medway"))
        #expect(r.out.contains("== Unmet demand =="))
        #expect(r.out.contains("Solver: optimal"))
        #expect(r.err.contains("optimal in"))
    }

    @Test func outputsAreByteForByteReproducibleAndReadBack() throws {
        let dir = CLI.temp()
        for format in ["csv", "json", "table"] {
            let a = dir.appendingPathComponent("a.\(format)").path, b = dir.appendingPathComponent("b.\(format)").path
            #expect(try CLI.run(["rota", "--format", format, "--output", a]).status == 0)
            #expect(try CLI.run(["rota", "kent-medway", "--format", format, "--output", b, "--threads", "1"]).status == 0)
            #expect(FileManager.default.contents(atPath: a) == FileManager.default.contents(atPath: b))
        }
        // A previous rota (CSV or JSON) read back: nothing needs to change.
        for format in ["csv", "json"] {
            let r = try CLI.run(["rota", "--previous", dir.appendingPathComponent("a.\(format)").path, "--format", "json"])
            #expect(r.status == 0, "\(r.err)")
            #expect(r.out.contains("\"name\" : \"continuity: previous sessions changed\",\n        \"penalty\" : 0,\n        \"quantity\" : 0"))
        }
    }

    @Test func exportsLPAndMPS() throws {
        let dir = CLI.temp()
        let lp = dir.appendingPathComponent("m.lp").path, mps = dir.appendingPathComponent("m.mps").path
        let r = try CLI.run(["rota", "teaching", "--export-lp", lp, "--export-mps", mps, "--output", dir.appendingPathComponent("r.txt").path])
        #expect(r.status == 0, "\(r.err)")
        let text = try String(contentsOfFile: lp, encoding: .utf8)
        #expect(text.contains("Minimize") && text.contains("contract"))
        #expect(FileManager.default.fileExists(atPath: mps))
    }

    @Test func badInputGetsAClearMessageAndNoOutput() throws {
        let dir = CLI.temp()
        let bad = dir.appendingPathComponent("bad.yaml")
        try "name: x\nroles: [{id: R}]\nsites: [{id: A, kind: hub, rooms: 1}]\nposts: [{id: P, role: Q, sessions: 2, base: A}]\n".write(to: bad, atomically: true, encoding: .utf8)
        let out = dir.appendingPathComponent("out.csv").path
        let r = try CLI.run(["rota", bad.path, "--format", "csv", "--output", out])
        #expect(r.status == 1)
        #expect(r.err.contains("bad.yaml:4: posts[0].role: unknown role \"Q\""), "\(r.err)")
        #expect(!FileManager.default.fileExists(atPath: out))

        let v = try CLI.run(["validate", bad.path])
        #expect(v.status == 1)

        let missing = try CLI.run(["rota", dir.appendingPathComponent("nope.yaml").path])
        #expect(missing.status == 1 && missing.err.contains("nope.yaml: file not found"))

        let csv = dir.appendingPathComponent("demand.csv")
        try "site,role,sessions,priority\nPRU-DART,EP,2,urgent\nPRU-NOWHERE,EP,1,high\n".write(to: csv, atomically: true, encoding: .utf8)
        let d = try CLI.run(["rota", "--demand", csv.path, "--output", out])
        #expect(d.status == 1 && d.err.contains("demand.csv:3: site: unknown site \"PRU-NOWHERE\""), "\(d.err)")
        #expect(!FileManager.default.fileExists(atPath: out))

        let unwritable = try CLI.run(["rota", "--output", dir.appendingPathComponent("no/such/dir/r.txt").path])
        #expect(unwritable.status == 1 && unwritable.err.contains("does not exist"))

        let prev = dir.appendingPathComponent("prev.csv")
        try "week,date,day,half,post,role,site\n1,2026-11-30,mon,AM,EP-9,EP,PRU-DART\n".write(to: prev, atomically: true, encoding: .utf8)
        let p = try CLI.run(["rota", "--previous", prev.path])
        #expect(p.status == 1 && p.err.contains("prev.csv:2: post: unknown post \"EP-9\""), "\(p.err)")

        let gap = try CLI.run(["rota", "--gap", "2"])
        #expect(gap.status != 0 && gap.err.contains("--gap"))
    }

    @Test func conflictingHardRulesAreNamed() throws {
        let dir = CLI.temp()
        // Build a scenario where minimum presence cannot hold: copy the teaching file with the rule on.
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let yaml = try String(contentsOf: root.appendingPathComponent("Scenarios/teaching.yaml"), encoding: .utf8)
            .replacingOccurrences(of: "  lunch_travel_minutes: 40", with: "  lunch_travel_minutes: 40\n  minimum_presence: {sessions: 3, weeks: 1}")
        let f = dir.appendingPathComponent("conflict.yaml")
        try yaml.write(to: f, atomically: true, encoding: .utf8)
        let r = try CLI.run(["rota", f.path])
        #expect(r.status == 3, "\(r.err)")
        #expect(r.err.contains("hard rules conflict") && r.err.contains("minimum presence of PSY"), "\(r.err)")
    }
}
