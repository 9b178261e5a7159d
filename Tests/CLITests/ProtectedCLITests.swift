import Foundation
import Testing

/// Protected time through the CLI: the rota shows it by name, `check` reads it back, and a hard
/// clash makes `validate` and `rota` exit 3 naming the post, the commitment, the date and the cause.
@Suite struct ProtectedCLITests {
    /// Kent and Medway's YAML with `extra` in place of its own `protected:` section, if any.
    func scenario(_ extra: String, in dir: URL) throws -> String {
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Scenarios/kent-medway.yaml")
        var kept: [Substring] = []
        var skipping = false
        for line in try String(contentsOf: file, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("protected:") { skipping = true; continue }
            if skipping, let c = line.first, c != " ", c != "#" { skipping = false }
            if !skipping { kept.append(line) }
        }
        let path = dir.appendingPathComponent("km.yaml").path
        try (kept.joined(separator: "\n") + "\n" + extra).write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static let protected = """
        protected:
          fixed:
            - {name: team meeting, site: HUB, day: wed, half: pm, roles: [EP, MHT, P16, FSW, SLT, OT]}
          flexible:
            - {name: admin/write-up at base, sessions: 2, roles: [EP]}

        """

    @Test func theRotaShowsItAndCheckReadsItBack() throws {
        let dir = CLI.temp()
        let yaml = try scenario(Self.protected, in: dir)
        let table = try CLI.run(["rota", yaml])
        #expect(table.status == 0, "\(table.err)")
        #expect(table.out.contains("team meeting") && table.out.contains("admin/write-up at base"))
        let csv = dir.appendingPathComponent("rota.csv").path
        #expect(try CLI.run(["rota", yaml, "--format", "csv", "--output", csv]).status == 0)
        let clean = try CLI.run(["check", csv, yaml])
        #expect(clean.status == 0 && clean.out.contains("Hard rules: all kept"), "\(clean.out)\(clean.err)")
        let text = try String(contentsOfFile: csv, encoding: .utf8)
        let edited = text.split(separator: "\n").filter { !$0.contains(",MHT-1,") || !$0.hasSuffix("team meeting") }.joined(separator: "\n") + "\n"
        try edited.write(toFile: csv, atomically: true, encoding: .utf8)
        let broken = try CLI.run(["check", csv, yaml])
        #expect(broken.status == 3 && broken.out.contains("protected time: MHT-1 HUB 2026-12-02 PM: team meeting at HUB not kept"), "\(broken.out)")
    }

    @Test func aHardClashExitsThreeNamingPostCommitmentDateAndCause() throws {
        let dir = CLI.temp()
        let yaml = try scenario(Self.protected + "pins:\n  - {post: MHT-1, site: PRU-DOV, day: wed, half: pm}\n", in: dir)
        for command in ["validate", "rota"] {
            let r = try CLI.run([command, yaml])
            #expect(r.status == 3, "\(command): \(r.err)")
            #expect(r.err.contains("MHT-1: team meeting") && r.err.contains("Wed 2 Dec 2026 PM") && r.err.contains("the pin MHT-1 at PRU-DOV"), "\(r.err)")
        }
    }

    @Test func aBadCommitmentIsNamedAtItsLine() throws {
        let dir = CLI.temp()
        let yaml = try scenario("protected:\n  fixed:\n    - {name: m, site: HUB, day: wed, half: pm, every: 0, roles: [EP]}\n", in: dir)
        let r = try CLI.run(["validate", yaml])
        #expect(r.status == 1 && r.err.contains("protected.fixed[0].every: 0 is out of range"), "\(r.err)")
    }
}
