import ArgumentParser
import HubspokeWorkspace

struct AbsenceRemoveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remove",
        abstract: "Remove a recorded absence (recorded by mistake, or cancelled)."
    )

    @Argument(help: "The post's id.")
    var post: String

    @Argument(help: ArgumentHelp("The day (YYYY-MM-DD).", valueName: "date"))
    var date: DateArgument

    @Argument(help: "am or pm for a half-day absence; nothing for a whole-day one.")
    var half: HalfArgument?

    @OptionGroup var workspaceOptions: WorkspaceOptions

    func run() throws {
        let ws = try workspaceOptions.open()
        let a = try Fail.workspace { () throws(WorkspaceError) in try ws.removeAbsence(post: post, date: date.date, half: half?.half) }
        try Console.line("Removed: \(a.post) absent \(a.when)")
    }
}
