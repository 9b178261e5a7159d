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

    @OptionGroup var week: OptionalWeekOption

    @OptionGroup var workspaceOptions: WorkspaceOptions

    func run() throws {
        let ws = try workspaceOptions.openReadOnly()
        let list = try Fail.workspace { () throws(WorkspaceError) in try ws.absences(post: post, week: week.monday) }
        if list.isEmpty { try Console.line("No absences recorded."); return }
        var t = TextTable()
        t.add(["date", "half", "post", "reason", "recorded"])
        for a in list { t.add([a.date.iso, a.half?.label ?? "day", a.post, a.reason ?? "", a.createdAt]) }
        try Console.line(t.render())
        try Console.line("\(list.count) absence\(list.count == 1 ? "" : "s")")
    }
}
