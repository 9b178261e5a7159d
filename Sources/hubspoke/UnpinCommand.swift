import ArgumentParser
import HubspokePlanner
import HubspokeWorkspace

struct UnpinCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "unpin",
        abstract: "Remove a pin: the post's pin on that half-day (at --site only, when given)."
    )

    @Argument(help: "The post's id.")
    var post: String

    @Argument(help: ArgumentHelp("The day (YYYY-MM-DD).", valueName: "date"))
    var date: DateArgument

    @Argument(help: "am or pm.")
    var half: HalfArgument

    @Option(name: .long, help: "Only the pin at this site.")
    var site: String?

    @OptionGroup var workspaceOptions: WorkspaceOptions

    func run() throws {
        let ws = try workspaceOptions.open()
        let removed = try Fail.workspace { () throws(WorkspaceError) in
            try ws.removeSessionRule(.pin, post: post, at: DatedHalf(date.date, half.half), site: site)
        }
        for r in removed { try Console.line("Removed: \(r)") }
    }
}
