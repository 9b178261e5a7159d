import Foundation
import Testing

/// `hubspoke suggest` (on files and in a workspace, with --apply) and `hubspoke edit --move`.
@Suite(.serialized) struct SuggestCLITests {
    static let week = "2026-11-30"

    /// A workspace with the Kent and Medway week planned and published.
    func published() throws -> WorkspaceCLI {
        let ws = WorkspaceCLI()
        try ws.ok(["init", "--start", Self.week])
        try ws.ok(["plan", "--week", Self.week, "--quiet"])
        try ws.ok(["publish", "--week", Self.week])
        return ws
    }

    func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    func options(_ doc: [String: Any]) -> [[String: Any]] { doc["options"] as? [[String: Any]] ?? [] }

    /// An option's changes as comparable text ("MHT-1 2026-12-03 am PRU-MARG>-").
    func changes(_ option: [String: Any]) -> Set<String> {
        Set((option["changes"] as? [[String: Any]] ?? []).map {
            "\($0["post"] ?? "") \($0["date"] ?? "") \($0["half"] ?? "") \(($0["from"] as? String) ?? "-")>\(($0["to"] as? String) ?? "-")"
        })
    }

    /// The objective a workspace command printed ("objective 531.20: ...").
    func objective(_ text: String) -> Double? {
        guard let r = text.range(of: #"objective [0-9.]+"#, options: .regularExpression) else { return nil }
        return Double(text[r].dropFirst("objective ".count))
    }

    @Test func onFilesTheOptionsAreDistinctSortedReproducibleAndKeepTheRules() throws {
        let dir = CLI.temp()
        let rota = dir.appendingPathComponent("rota.csv").path
        #expect(try CLI.run(["rota", "--format", "csv", "--output", rota]).status == 0)
        let args = ["suggest", "--rota", rota, "--absent", "MHT-E", "2026-12-03", "--k", "4", "--format", "json", "--quiet"]
        let a = try CLI.run(args), b = try CLI.run(args + ["kent-medway"])
        #expect(a.status == 0, "\(a.err)")
        #expect(a.out == b.out, "the same input gives the same bytes")
        let doc = try json(a.out)
        let found = options(doc)
        #expect(found.count == 4 && doc["exhausted"] as? Bool == false)
        let objectives = found.compactMap { $0["objective"] as? Double }
        #expect(objectives == objectives.sorted() && objectives.count == 4)
        #expect(Set(found.map(changes)).count == 4, "every option changes a different set of sessions")
        #expect(found.allSatisfy { changes($0).contains("MHT-E 2026-12-03 am PRU-MARG>-") || changes($0).contains { $0.hasPrefix("MHT-E 2026-12-03") } })
        // The table names the same options, each with its reason.
        let table = try CLI.run(Array(args.dropLast(3)) + ["--quiet"])
        for (i, o) in found.enumerated() {
            // The table rounds to 2 places, the JSON to 3 (836.175 is printed 836.18).
            let line = table.out.split(separator: "\n").first { $0.hasPrefix("Option \(i + 1): objective ") }
            let shown = line.flatMap { Double($0.dropFirst("Option \(i + 1): objective ".count).prefix { $0 != " " }) }
            #expect(abs((shown ?? .nan) - (o["objective"] as? Double ?? 0)) <= 0.005 + 1e-9, "\(table.out)")
        }
        #expect(table.out.contains("why: +") || table.out.contains("why: ties with option"))
    }

    @Test func inAWorkspaceTheFirstIsTheRepairAndAppliedOptionsAreDraftsThatKeepTheRules() throws {
        let ws = try published()
        try ws.ok(["absence", "add", "MHT-E", "2026-12-03", "--reason", "sick"])
        // Without --apply, suggest reads the workspace only: it works on a read-only file.
        let before = try Data(contentsOf: URL(fileURLWithPath: ws.path))
        try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: ws.path)
        let found = try json(try ws.ok(["suggest", "--week", Self.week, "--absent", "MHT-E", "2026-12-03", "--k", "3", "--format", "json", "--quiet"]))
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: ws.path)
        #expect(try Data(contentsOf: URL(fileURLWithPath: ws.path)) == before)
        #expect(options(found).count == 3)
        let repair = try ws.ok(["repair", "--week", Self.week, "--from", "2026-12-03am", "--quiet"])
        let best = try #require(options(found).first?["objective"] as? Double)
        let repaired = try #require(objective(repair))
        #expect(abs(best - repaired) <= 0.01, "option 1 \(best), repair \(repaired)")
        // Option 3 applied: a draft with exactly its changes from the published version, keeping every rule.
        let log = try ws.logLength()
        let applied = try ws.ok(["suggest", "--week", Self.week, "--absent", "MHT-E", "2026-12-03", "--k", "3", "--apply", "3", "--quiet"])
        #expect(applied.contains("week \(Self.week) version 3 saved as a draft: option 3"), "\(applied)")
        #expect(try ws.logLength() == log + 1)
        let diff = try ws.ok(["diff", "--week", Self.week, "1", "3"])
        let third = options(found)[2]
        #expect(changedSessions(diff) == third["changed_sessions"] as? Int, "\(diff)")
        // Version 3's sessions are version 1's with exactly the option's changes.
        let v1 = try sessions(ws, version: 1), v3 = try sessions(ws, version: 3)
        var expected = v1
        for c in third["changes"] as? [[String: Any]] ?? [] {
            let at = "\(c["post"] ?? "") \(c["date"] ?? "") \(c["half"] ?? "")"
            if let from = c["from"] as? String { expected.remove("\(at) \(from)") }
            if let to = c["to"] as? String { expected.insert("\(at) \(to)") }
        }
        #expect(v3 == expected)
        let check = try ws.run(["check", "--week", Self.week, "--version", "3"])
        #expect(check.status == 0 && check.out.contains("Hard rules: all kept"), "\(check.out)\(check.err)")
    }

    /// A stored version's sessions as "POST DATE half SITE", from its CSV.
    func sessions(_ ws: WorkspaceCLI, version: Int) throws -> Set<String> {
        let csv = try ws.ok(["show", "--week", Self.week, "--version", String(version), "--format", "csv"])
        return Set(csv.split(separator: "\n").dropFirst().map { line in
            let f = line.split(separator: ",", omittingEmptySubsequences: false)
            return "\(f[6]) \(f[1]) \(f[3].lowercased()) \(f[8])"
        })
    }

    @Test func aGapIsCoveredByEveryOption() throws {
        // Tuesday: on Thursday EP-1, the only EP, has its write-up time and Friday is not a working
        // day, so a Thursday gap for an EP has no cover (exit 3, the hard rules conflict).
        let ws = try published()
        let doc = try json(try ws.ok(["suggest", "--week", Self.week, "--gap", "PRU-TW", "EP", "2026-12-01", "am", "--k", "2", "--format", "json", "--quiet"]))
        #expect(options(doc).count == 2)
        for o in options(doc) { #expect(changes(o).contains { $0.hasPrefix("EP-1 2026-12-01 am") && $0.hasSuffix(">PRU-TW") }, "\(changes(o))") }
    }

    @Test func editMoveRoundTripIsLoggedAndCheckedAgainstItsSource() throws {
        let ws = try published()
        let csv = try ws.ok(["show", "--week", Self.week, "--format", "csv"])
        // A Friday afternoon session (the first in the published CSV, whichever post works it), moved off and back.
        let row = try #require(csv.split(separator: "\n").first { $0.contains(",2026-12-04,fri,PM,") })
        let fields = row.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        let post = fields[6], site = fields[8]
        let moved = try ws.ok(["edit", "--week", Self.week, "--move", post, "2026-12-04", "pm", "off"])
        #expect(moved.contains("version 2 saved as a draft: \(post) Fri 4 Dec 2026 PM to off, made from version 1"), "\(moved)")
        #expect(moved.contains("Hard rules: all kept") && moved.contains("1 session(s) differ from version 1"), "\(moved)")
        #expect(moved.contains("  - \(post) at \(site) 2026-12-04 PM"))
        #expect(!(try ws.ok(["show", "--week", Self.week, "--version", "2", "--format", "csv"])).contains(",2026-12-04,fri,PM,13:30,16:30,\(post),"))
        let back = try ws.ok(["edit", "--week", Self.week, "--move", post, "2026-12-04", "pm", site])
        #expect(back.contains("version 3 saved as a draft") && back.contains("  + \(post) at \(site) 2026-12-04 PM"), "\(back)")
        #expect(try ws.ok(["show", "--week", Self.week, "--version", "3", "--format", "csv"]) == csv.replacingOccurrences(of: "v1", with: "v3"))
        #expect(changedSessions(try ws.ok(["diff", "--week", Self.week, "1", "3"])) ?? 0 == 0)
        // The objective of the round trip is the published version's again.
        #expect(back.contains("total") && back.contains("version 2"))
        #expect(try ws.ok(["history", "--week", Self.week]).components(separatedBy: "  edit ").count - 1 == 2)
    }

    @Test func badEditsAndBadRequestsChangeNothing() throws {
        let ws = try published()
        try ws.ok(["calendar", "close", "PRU-TW", "2026-12-04", "--reason", "flood"])
        let log = try ws.logLength()
        let refused: [([String], Int32, String)] = [
            (["edit", "--week", Self.week, "--move", "NOPE", "2026-12-04", "pm", "HUB"], 1, "unknown post NOPE"),
            (["edit", "--week", Self.week, "--move", "MHT-1", "2026-12-04", "pm", "NOWHERE"], 1, "unknown site NOWHERE"),
            (["edit", "--week", Self.week, "--move", "MHT-1", "2026-12-4x", "pm", "HUB"], 64, "the date must be YYYY-MM-DD"),
            (["edit", "--week", Self.week, "--move", "MHT-1", "2026-12-08", "pm", "HUB"], 1, "is not in the week of 2026-11-30"),
            (["edit", "--week", Self.week, "--move", "MHT-1", "2026-12-04", "pm", "PRU-TW"], 1, "PRU-TW is closed on Fri 4 Dec 2026"),
            (["edit", "--week", Self.week, "--move", "MHT-W", "2026-12-04", "pm", "PRU-MARG"], 3, "eligib"),
            (["suggest", "--week", Self.week, "--absent", "NOPE", "2026-12-03"], 1, "unknown post NOPE"),
            (["suggest", "--week", Self.week, "--gap", "PRU-TW", "EP", "2026-12-04", "am"], 1, "PRU-TW is closed"),
            (["suggest", "--week", Self.week, "--gap", "PRU-TW", "XX", "2026-12-03", "am"], 1, "unknown role XX"),
            (["suggest", "--week", Self.week, "--absent", "MHT-1", "2026-12-03", "--k", "2", "--apply", "3"], 1, "there are 2 options; nothing was saved"),
            (["suggest", "--week", Self.week, "--absent", "MHT-1", "2026-12-03", "--gap", "PRU-TW", "EP", "2026-12-03", "am"], 64, "give one of"),
        ]
        for (args, status, message) in refused {
            let r = try ws.run(args + ["--quiet"].filter { _ in args[0] == "suggest" })
            #expect(r.status == status && (r.err + r.out).contains(message), "\(args.joined(separator: " ")): \(r.status) \(r.err)\(r.out)")
        }
        #expect(try ws.logLength() == log)
        #expect(!(try ws.ok(["history", "--week", Self.week])).contains("version 2"))
    }
}
