import ArgumentParser
import HubspokeSupport
import HubspokePlanner
import HubspokeWorkspace

struct PinCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pin",
        abstract: "Pin a session: the post must be at the site on that half-day (or list pins and forbids with --list).",
        discussion: """
        A pin that cannot hold is refused and nothing is recorded: the post is absent or does not work then, \
        may not serve the site, is pinned elsewhere at the same time, or the week's pins break the travel, \
        contract or room rules, or a forbid of the same session.
        """
    )

    @Argument(help: "The post's id.")
    var post: String?

    @Argument(help: "The site's id.")
    var site: String?

    @Argument(help: ArgumentHelp("The day (YYYY-MM-DD).", valueName: "date"))
    var date: DateArgument?

    @Argument(help: "am or pm.")
    var half: HalfArgument?

    @Flag(name: .long, help: "List the pins and forbids instead (of one week with --week).")
    var list = false

    @Option(name: .long, help: ArgumentHelp("With --list: only this week (its Monday).", valueName: "date"))
    var week: DateArgument?

    @OptionGroup var workspaceOptions: WorkspaceOptions

    func validate() throws {
        if list {
            if post != nil { throw ValidationError("--list takes no post, site or session") }
        } else {
            if post == nil || site == nil || date == nil || half == nil { throw ValidationError("give POST SITE DATE am|pm, or --list") }
            if week != nil { throw ValidationError("--week goes with --list") }
        }
    }

    func run() throws {
        let ws = try list ? workspaceOptions.openReadOnly() : workspaceOptions.open()
        if list {
            let rules = try Fail.workspace { () throws(WorkspaceError) in try ws.sessionRules(week: week?.date) }
            if rules.isEmpty { try Console.line("No pins or forbids recorded."); return }
            var t = TextTable()
            t.add(["date", "half", "kind", "post", "site", "recorded"])
            for r in rules { t.add([r.date.iso, r.half.label, r.kind.rawValue, r.post, r.site, r.createdAt]) }
            try Console.line(t.render())
            return
        }
        let change = try Fail.workspace { () throws(WorkspaceError) in
            try ws.addSessionRule(.pin, post: post!, site: site!, at: DatedHalf(date!.date, half!.half))
        }
        try Console.line("Recorded: \(change.rule)")
        Fail.notes(change.notes)
    }
}
