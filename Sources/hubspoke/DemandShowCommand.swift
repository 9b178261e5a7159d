import ArgumentParser
import HubspokeSupport
import HubspokeWorkspace

struct DemandShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show the demand a week is planned from: imported, or the scenario's own."
    )

    @OptionGroup var week: WeekOption

    @OptionGroup var workspaceOptions: WorkspaceOptions

    func run() throws {
        let ws = try workspaceOptions.openReadOnly()
        let d = try Fail.workspace { () throws(WorkspaceError) in try ws.demand(week: week.monday) }
        try Console.line("Week \(d.week.iso): \(d.sessions) sessions requested, from \(d.source)")
        var t = TextTable()
        t.rightAligned = [3]
        t.add(["site", "role", "priority", "sessions"])
        for r in d.rows { t.add([r.site, r.role, r.priority.rawValue, String(r.sessions)]) }
        try Console.line(t.render(indent: "  "))
    }
}
