import ArgumentParser
import HubspokePlanner
import HubspokeWorkspace

struct ForbidCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "forbid",
        abstract: "Forbid a session: the post must not be at the site on that half-day (--remove lifts it)."
    )

    @Argument(help: "The post's id.")
    var post: String

    @Argument(help: "The site's id.")
    var site: String

    @Argument(help: ArgumentHelp("The day (YYYY-MM-DD).", valueName: "date"))
    var date: DateArgument

    @Argument(help: "am or pm.")
    var half: HalfArgument

    @Flag(name: .long, help: "Remove the forbid instead.")
    var remove = false

    @OptionGroup var workspaceOptions: WorkspaceOptions

    func run() throws {
        let ws = try workspaceOptions.open()
        let at = DatedHalf(date.date, half.half)
        if remove {
            let removed = try Fail.workspace { () throws(WorkspaceError) in try ws.removeSessionRule(.forbid, post: post, at: at, site: site) }
            for r in removed { try Console.line("Removed: \(r)") }
            return
        }
        let change = try Fail.workspace { () throws(WorkspaceError) in try ws.addSessionRule(.forbid, post: post, site: site, at: at) }
        try Console.line("Recorded: \(change.rule)")
        Fail.notes(change.notes)
    }
}
