import ArgumentParser
import HubspokeSupport
import HubspokeWorkspace

struct AbsenceListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List recorded absences by date."
    )

    @Option(name: .long, help: "Only this post's absences.")
    var post: String?

    @Option(name: .long, help: ArgumentHelp("Only this week's absences (its Monday).", valueName: "date"))
    var week: DateArgument?

    @OptionGroup var workspaceOptions: WorkspaceOptions

    func run() throws {
        let ws = try workspaceOptions.openReadOnly()
        let list = try Fail.workspace { () throws(WorkspaceError) in try ws.absences(post: post, week: week?.date) }
        if list.isEmpty { try Console.line("No absences recorded."); return }
        var t = TextTable()
        t.add(["date", "half", "post", "reason", "recorded"])
        for a in list { t.add([a.date.iso, a.half?.label ?? "day", a.post, a.reason ?? "", a.createdAt]) }
        try Console.line(t.render())
        try Console.line("\(list.count) absence\(list.count == 1 ? "" : "s")")
    }
}
