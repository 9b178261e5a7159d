import ArgumentParser
import HubspokeModel
import HubspokeSupport
import HubspokeWorkspace

struct CalendarCloseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "close",
        abstract: "Close a site for a day or a date range, with a reason: no session is planned there then.",
        discussion: "Pins at the site on those days are removed with it. When a published rota has sessions there, the command says which weeks to plan again."
    )

    @Argument(help: "The site's id.")
    var site: String

    @Argument(help: ArgumentHelp("The first day (YYYY-MM-DD).", valueName: "date"))
    var date: DateArgument

    @Option(name: .long, help: ArgumentHelp("The last day (default: the first).", valueName: "date"))
    var to: DateArgument?

    @Option(name: .long, help: "Why it is closed, e.g. \"building work\" (no personal details).")
    var reason: String

    @OptionGroup var workspaceOptions: WorkspaceOptions

    func run() throws {
        let ws = try workspaceOptions.open()
        let change = try Fail.workspace { () throws(WorkspaceError) in
            try ws.closeSite(site, from: date.date, to: to?.date ?? date.date, reason: reason)
        }
        try Console.line(TerminalText.escaped("Closed: \(change.closure.site) \(change.closure.span) (\(change.closure.reason))"))
        for pin in change.removedPins { try Console.line("Removed \(pin) (the site is closed then)") }
        for week in change.affectedWeeks {
            try Console.line("The published rota of week \(week.iso) has sessions at \(site) then: plan the week again with hubspoke plan --week \(week.iso)")
        }
    }
}

struct CalendarReopenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reopen",
        abstract: "Remove a closure recorded with calendar close (the one covering the date)."
    )

    @Argument(help: "The site's id.")
    var site: String

    @Argument(help: ArgumentHelp("A day of the closure (YYYY-MM-DD).", valueName: "date"))
    var date: DateArgument

    @OptionGroup var workspaceOptions: WorkspaceOptions

    func run() throws {
        let ws = try workspaceOptions.open()
        let removed = try Fail.workspace { () throws(WorkspaceError) in try ws.reopenSite(site, on: date.date) }
        try Console.line(TerminalText.escaped("Reopened: \(removed.site) \(removed.span) (was closed: \(removed.reason))"))
    }
}
