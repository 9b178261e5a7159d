import Foundation
import Testing

/// The shape of the command line: grouped help, every exit status in the root help, and pins and
/// forbids in the `add|list|remove` shape of absences, their old spellings still working for one
/// release with the same standard output and a note on standard error.
@Suite(.serialized) struct CommandShapeTests {
    /// The subcommands listed under a help section's heading, in order.
    static func section(_ help: String, _ heading: String) -> [String] {
        let lines = help.components(separatedBy: "\n")
        guard let start = lines.firstIndex(of: heading) else { return [] }
        return lines[(start + 1)...].prefix { !$0.isEmpty }
            .filter { $0.hasPrefix("  ") && !$0.hasPrefix("   ") }
            .compactMap { $0.split(separator: " ").first.map(String.init) }
    }

    @Test func rootHelpGroupsTheCommands() throws {
        let r = try CLI.run(["--help"])
        #expect(r.status == 0)
        #expect(Self.section(r.out, "ROTA AND ANALYSIS SUBCOMMANDS:") == ["rota", "validate", "check", "simulate", "staffing", "merge"], "\(r.out)")
        #expect(Self.section(r.out, "WEEKLY WORKSPACE SUBCOMMANDS:")
                == ["init", "demand", "absence", "pin", "forbid", "plan", "repair", "edit", "suggest", "publish", "show", "diff", "history", "calendar", "preference"], "\(r.out)")
        #expect(!r.out.contains("unpin") && !r.out.contains("old-spelling"))
        for (sub, expected) in [("pin", ["add", "list", "remove"]), ("forbid", ["add", "list", "remove"]), ("absence", ["add", "list", "remove"])] {
            let h = try CLI.run([sub, "--help"])
            #expect(h.status == 0)
            #expect(Self.section(h.out, "SUBCOMMANDS:") == expected, "\(sub): \(h.out)")
        }
    }

    /// Every status a command can give is in the root help, exit 2 included, one a line.
    @Test func rootHelpListsEveryExitStatus() throws {
        let help = try CLI.run(["--help"]).out
        let lines = help.components(separatedBy: "\n")
        let start = try #require(lines.firstIndex(of: "Exit status:"))
        let codes = lines[(start + 1)...].prefix { $0.hasPrefix("  ") }.compactMap { Int32($0.split(separator: " ").first ?? "") }
        #expect(codes == [0, 1, 2, 3, 4, 5, 64], "\(help)")
        // The codes seen in practice are among them: a usage error, bad input, targets not met.
        #expect(try CLI.run(["rota", "--no-such-option"]).status == 64)
        #expect(try CLI.run(["validate", "no-such-scenario"]).status == 1)
        let missed = try CLI.run(["staffing", "least-cost", "--vary", "EP=0.5,1", "--target", "seen_within_4_weeks>=100",
                                  "--weeks", "8", "--replications", "2", "--quiet"])
        #expect(missed.status == 2 && codes.contains(missed.status), "\(missed.err)")
    }

    /// Replaces the clock in listings (when a rule was recorded), which differs between runs.
    static func withoutTimes(_ text: String) -> String {
        text.replacingOccurrences(of: #"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z"#, with: "TIME", options: .regularExpression)
    }

    /// The same sequence of changes in two workspaces, one through the old spellings and one through
    /// the new: the same standard output, step by step, and the same exit status.
    @Test func oldAndNewSpellingsGiveTheSameOutput() throws {
        let old = WorkspaceCLI(), new = WorkspaceCLI()
        for ws in [old, new] { try ws.ok(["init", "--start", "2026-11-30"]) }
        let steps: [(old: [String], new: [String])] = [
            (["pin", "--list"], ["pin", "list"]),
            (["pin", "EP-1", "PRU-DOV", "2026-12-03", "am"], ["pin", "add", "EP-1", "PRU-DOV", "2026-12-03", "am"]),
            (["forbid", "SLT-1", "PRU-TW", "2026-12-04", "pm"], ["forbid", "add", "SLT-1", "PRU-TW", "2026-12-04", "pm"]),
            // Refused: in one place per session; too far to travel at lunch (a reason of two lines).
            (["pin", "EP-1", "PRU-GILL", "2026-12-03", "am"], ["pin", "add", "EP-1", "PRU-GILL", "2026-12-03", "am"]),
            (["pin", "EP-1", "PRU-GILL", "2026-12-03", "pm"], ["pin", "add", "EP-1", "PRU-GILL", "2026-12-03", "pm"]),
            (["pin", "EP-1", "PRU-DOV", "2026-12-03", "pm"], ["pin", "add", "EP-1", "PRU-DOV", "2026-12-03", "pm"]),
            (["pin", "--list"], ["pin", "list"]),
            (["pin", "--list", "--week", "2026-11-30"], ["pin", "list", "--week", "2026-11-30"]),
            (["forbid", "SLT-1", "PRU-TW", "2026-12-04", "pm", "--remove"], ["forbid", "remove", "SLT-1", "PRU-TW", "2026-12-04", "pm"]),
            (["unpin", "EP-1", "2026-12-03", "pm", "--site", "PRU-DOV"], ["pin", "remove", "EP-1", "PRU-DOV", "2026-12-03", "pm"]),
            (["unpin", "EP-1", "2026-12-03", "am"], ["pin", "remove", "EP-1", "PRU-DOV", "2026-12-03", "am"]),
            (["unpin", "EP-1", "2026-12-03", "am", "--site", "PRU-DOV"], ["pin", "remove", "EP-1", "PRU-DOV", "2026-12-03", "am"]),
            (["pin", "--list"], ["pin", "list"]),
        ]
        var statuses: [Int32] = []
        for step in steps {
            let a = try old.run(step.old), b = try new.run(step.new)
            statuses.append(b.status)
            #expect(a.status == b.status, "\(step.old) \(a.status) vs \(step.new) \(b.status)")
            #expect(Self.withoutTimes(a.out) == Self.withoutTimes(b.out), "\(step.old) vs \(step.new)")
            #expect(a.err.hasPrefix("hubspoke: \"hubspoke \(step.old[0]) "), "\(step.old): \(a.err)")
            let note = try #require(a.err.split(separator: "\n").first)
            #expect(note.hasSuffix(" is an old spelling that goes in the next release: use \"hubspoke \(step.new[0]) \(step.new[1]) POST SITE DATE am|pm\"")
                    || note.hasSuffix("use \"hubspoke \(step.new[0]) \(step.new[1])\""), "\(note)")
            #expect(!b.err.contains("old spelling"), "\(step.new): \(b.err)")
            // Past the note, the same messages (a refusal's reason, a note of what changed).
            #expect(a.err.split(separator: "\n").dropFirst() == b.err.split(separator: "\n")[...], "\(a.err) vs \(b.err)")
            // forbid list is pin list.
            if step.new == ["pin", "list"] { #expect(try new.ok(["forbid", "list"]) == b.out) }
        }
        // The refused pins and the removal of a pin already removed fail; the rest succeed.
        #expect(statuses == [0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 1, 0])
        #expect(try new.ok(["pin", "list"]) == "No pins or forbids recorded.\n")
        // The two change logs record the same commands.
        let logOf = { (ws: WorkspaceCLI) in try ws.ok(["history"]).split(separator: "\n").filter { $0.hasPrefix("  #") }
            .map { $0.split(separator: " ", omittingEmptySubsequences: true).dropFirst(3).joined(separator: " ") } }
        #expect(try logOf(old) == logOf(new))
    }

    @Test func aShapeLeftIncompleteIsAUsageError() throws {
        let ws = WorkspaceCLI()
        try ws.ok(["init"])
        for args in [["pin"], ["pin", "EP-1"], ["pin", "add", "EP-1", "PRU-DOV", "2026-12-03"], ["forbid", "remove", "EP-1"],
                     ["pin", "--list", "EP-1"], ["pin", "EP-1", "PRU-DOV", "2026-12-03", "am", "--week", "2026-11-30"],
                     ["pin", "list", "--week", "not-a-date"]] {
            let r = try ws.run(args)
            #expect(r.status == 64, "\(args): \(r.status) \(r.err)")
            #expect(r.out.isEmpty)
        }
        #expect(try ws.logLength() == 1)
    }
}
