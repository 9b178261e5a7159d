import ArgumentParser
import HubspokeWorkspace

struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "List the sessions that differ between two versions of a week's rota.",
        discussion: "A changed session is one removed or one added: moving a post to another site counts twice."
    )

    @OptionGroup var week: WeekOption

    @Argument(help: "The first version.")
    var a: Int

    @Argument(help: "The second version.")
    var b: Int

    @OptionGroup var workspaceOptions: WorkspaceOptions

    func run() throws {
        let ws = try workspaceOptions.openReadOnly()
        let (va, vb, diff) = try Fail.workspace { () throws(WorkspaceError) in try ws.diff(week: week.monday, a, b) }
        func label(_ v: RotaVersion) -> String {
            "version \(v.version) (\(v.kind.rawValue), \(v.status.rawValue)\(v.isCurrent ? ", current" : "")\(v.repairedVersion.map { ", repairs version \($0)" } ?? ""))"
        }
        try Console.line("Week \(va.week.iso): \(label(va)) -> \(label(vb))")
        if !diff.changes.isEmpty { try Console.line(WorkspaceText.changes(diff)) }
        try Console.line(WorkspaceText.count(diff))
    }
}
