import ArgumentParser
import Foundation
import HubspokeSupport
import HubspokeModel
import HubspokePlanner
import HubspokeWorkspace

/// `--workspace PATH`, shared by the workspace commands: the SQLite file of weekly operations.
struct WorkspaceOptions: ParsableArguments {
    static let environmentVariable = "HUBSPOKE_WORKSPACE"
    static let defaultPath = "hubspoke.sqlite"

    @Option(name: .long, help: ArgumentHelp("The workspace file (default: $\(WorkspaceOptions.environmentVariable), else ./\(WorkspaceOptions.defaultPath)).", valueName: "path"))
    var workspace: String?

    var path: String { workspace ?? ProcessInfo.processInfo.environment[Self.environmentVariable].flatMap { $0.isEmpty ? nil : $0 } ?? Self.defaultPath }

    /// Opens the workspace to change it (a publish cut short is finished or undone first).
    func open() throws -> Workspace { try Fail.workspace { () throws(WorkspaceError) in try Workspace.open(at: path) } }

    /// Opens the workspace only to read it: nothing is written, so it works on a read-only file or a full disk.
    func openReadOnly() throws -> Workspace { try Fail.workspace { () throws(WorkspaceError) in try Workspace.openReadOnly(at: path) } }

    /// Where `publish` writes exports unless told otherwise: `exports` beside the workspace.
    var defaultExportsFolder: String {
        let folder = (path as NSString).deletingLastPathComponent
        return ((folder.isEmpty ? "." : folder) as NSString).appendingPathComponent("exports")
    }
}

/// `--week MONDAY`: the week a command works on.
struct WeekOption: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Monday of the week.", valueName: "date"))
    var week: DateArgument

    var monday: CalendarDate { week.date }
}

/// `--week MONDAY` as a filter: only that week's entries.
struct OptionalWeekOption: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Only this week (its Monday).", valueName: "date"))
    var week: DateArgument?

    var monday: CalendarDate? { week?.date }
}

/// A date argument (`YYYY-MM-DD`).
struct DateArgument: ExpressibleByArgument {
    let date: CalendarDate
    init?(argument: String) {
        guard let d = CalendarDate(iso: argument) else { return nil }
        date = d
    }
}

/// `am` or `pm`.
struct HalfArgument: ExpressibleByArgument {
    let half: Half
    init?(argument: String) {
        guard let h = Half(key: argument) else { return nil }
        half = h
    }
    static var allValueStrings: [String] { ["am", "pm"] }
}

/// A date with an optional half: `2026-12-02`, `2026-12-02am`, `2026-12-02pm`.
struct DatedHalfArgument: ExpressibleByArgument {
    let value: DatedHalf
    init?(argument: String) {
        guard let v = DatedHalf(argument) else { return nil }
        value = v
    }
}

extension Fail {
    /// Runs a workspace operation; its error becomes a message and the exit status of its kind.
    static func workspace<T>(_ body: () throws(WorkspaceError) -> T) throws -> T {
        do { return try body() } catch { throw message(error.description, ExitStatus(error.kind)) }
    }

    static func notes(_ notes: [String]) { for n in notes { note(n) } }
}

/// Text shared by the workspace commands.
enum WorkspaceText {
    /// The changes between two versions, one line per post and half-day.
    static func changes(_ diff: RotaDiff, indent: String = "  ") -> String {
        var t = TextTable()
        for c in diff.changes { t.add([c.at.long, c.post, c.from ?? "-", "->", c.to ?? "-"]) }
        return t.render(indent: indent)
    }

    static func count(_ diff: RotaDiff) -> String { diff.countText }

    /// What `plan` and `repair` print: the version saved and how the rota scores.
    static func outcome(_ o: PlanOutcome) -> String {
        let v = o.version, rota = o.rota
        var lines = ["\(v.label) saved as a draft: \(rota.solver.statusWords), \(rota.assignments.count) sessions planned"]
        lines.append("  demand: \(o.demandSource)")
        let requested = rota.coverage.reduce(0) { $0 + $1.requested }
        let unmet = rota.unmet.reduce(0) { $0 + $1.sessions }
        lines.append("  unmet: \(unmet) of \(requested) requested sessions" + (rota.unmet.isEmpty ? "" : ": "
            + rota.unmet.map { "\($0.site) \($0.role) \($0.sessions) \($0.priority.rawValue) (\($0.reason.rawValue))" }.joined(separator: "; ")))
        if let prev = o.previous, let term = rota.objective.terms.first(where: { $0.term == .continuity }) {
            lines.append("  continuity: \(Int(term.quantity)) \(term.unit) of \(prev.label) (published) changed")
        } else {
            lines.append("  continuity: no published rota of the week before")
        }
        if let r = o.repaired, let diff = o.changes, let from = v.repairFrom {
            lines.append("  repair of version \(r.version) from \(from.long): \(count(diff)); sessions before then kept")
            if !diff.changes.isEmpty { lines.append(changes(diff, indent: "    ")) }
        }
        lines.append("  objective \(fixed(rota.objective.total, 2)): " + rota.objective.terms.filter { $0.penalty != 0 }
            .map { "\($0.name.split(separator: ":").first ?? "") \(fixed($0.penalty, 2))" }.joined(separator: ", "))
        lines.append("Publish it with: hubspoke publish --week \(v.week.iso) --version \(v.version)")
        return lines.joined(separator: "\n") + "\n"
    }
}
