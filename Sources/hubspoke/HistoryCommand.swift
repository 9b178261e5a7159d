import ArgumentParser
import HubspokeSupport
import HubspokeModel
import HubspokeWorkspace

struct HistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "List the rota versions and the change log (of one week with --week)."
    )

    @OptionGroup var week: OptionalWeekOption

    @Option(name: .long, help: "Only the last N log entries.")
    var limit: Int?

    @OptionGroup var workspaceOptions: WorkspaceOptions

    func validate() throws {
        if let n = limit, n < 1 { throw ValidationError("--limit must be 1 or more, got \(n)") }
    }

    func run() throws {
        let ws = try workspaceOptions.openReadOnly()
        Fail.notes(try Fail.workspace { () throws(WorkspaceError) in try ws.pendingPublishNotes() })
        let (versions, entries) = try Fail.workspace { () throws(WorkspaceError) in
            (try ws.versions(week: week.monday), try ws.history(week: week.monday, limit: limit))
        }
        try Console.line("Rota versions\(week.monday.map { " of week \($0.iso)" } ?? ""):")
        if versions.isEmpty {
            try Console.line("  none")
        } else {
            var t = TextTable()
            t.rightAligned = [1, 5, 6, 7]
            t.add(["week", "version", "kind", "status", "created", "sessions", "unmet", "objective", "notes"])
            for v in versions {
                var notes: [String] = []
                if v.isCurrent { notes.append("current") }
                if let r = v.repairedVersion, let from = v.repairFrom { notes.append("repairs v\(r) from \(from.long)") }
                if let p = v.previous { notes.append("continues \(p)") }
                t.add([v.week.iso, String(v.version), v.kind.rawValue, v.status.rawValue, v.createdAt, String(v.sessions), String(v.unmet),
                       fixed(v.objective, 2), notes.joined(separator: "; ")])
            }
            try Console.line(t.render(indent: "  "))
        }
        try Console.line("Change log\(limit.map { " (last \($0))" } ?? ""):")
        var t = TextTable()
        for e in entries { t.add(["#\(e.id)", e.at, e.actor, e.command, e.summary]) }
        try Console.line(entries.isEmpty ? "  none" : t.render(indent: "  "))
    }
}
