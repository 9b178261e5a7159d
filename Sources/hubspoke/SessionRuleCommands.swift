import ArgumentParser
import HubspokeSupport
import HubspokeModel
import HubspokePlanner
import HubspokeWorkspace

/// `POST SITE DATE am|pm`: the session a pin or forbid is about, shared by `pin add|remove` and
/// `forbid add|remove`.
struct SessionArguments: ParsableArguments {
    @Argument(help: "The post's id.")
    var post: String

    @Argument(help: "The site's id.")
    var site: String

    @Argument(help: ArgumentHelp("The day (YYYY-MM-DD).", valueName: "date"))
    var date: DateArgument

    @Argument(help: "am or pm.")
    var half: HalfArgument

    var at: DatedHalf { DatedHalf(date.date, half.half) }
}

/// A kind of session rule: what makes `pin add|list|remove` and `forbid add|list|remove` differ
/// (their words); what they do is the same (`SessionRules`).
protocol SessionRuleKind {
    static var kind: SessionRuleRecord.Kind { get }
    /// What the rule asks, for help: "the post must be at the site on that half-day".
    static var meaning: String { get }
    /// When a rule is refused, for `add --help`.
    static var refusals: String { get }
}

enum PinRule: SessionRuleKind {
    static let kind = SessionRuleRecord.Kind.pin
    static let meaning = "the post must be at the site on that half-day"
    static let refusals = """
        A pin that cannot hold is refused and nothing is recorded: the post is absent or does not work then, \
        may not serve the site, is pinned elsewhere at the same time, or the week's pins break the travel, \
        contract or room rules, or a forbid of the same session.
        """
}

enum ForbidRule: SessionRuleKind {
    static let kind = SessionRuleRecord.Kind.forbid
    static let meaning = "the post must not be at the site on that half-day"
    static let refusals = "A forbid of a session the post is pinned to, or one already recorded, is refused and nothing is recorded."
}

/// `pin add` and `forbid add`.
struct SessionRuleAddCommand<Rule: SessionRuleKind>: ParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(commandName: "add", abstract: "Record a \(Rule.kind.rawValue): \(Rule.meaning).", discussion: Rule.refusals)
    }

    @OptionGroup var session: SessionArguments

    @OptionGroup var workspaceOptions: WorkspaceOptions

    func run() throws {
        try SessionRules.add(Rule.kind, post: session.post, site: session.site, at: session.at, workspaceOptions)
    }
}

/// `pin remove` and `forbid remove`.
struct SessionRuleRemoveCommand<Rule: SessionRuleKind>: ParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(commandName: "remove", abstract: "Remove a \(Rule.kind.rawValue) (recorded by mistake, or no longer needed).")
    }

    @OptionGroup var session: SessionArguments

    @OptionGroup var workspaceOptions: WorkspaceOptions

    func run() throws {
        try SessionRules.remove(Rule.kind, post: session.post, at: session.at, site: session.site, workspaceOptions)
    }
}

/// `pin list` and `forbid list`: both list the pins and the forbids, which hold together.
struct SessionRuleListCommand<Rule: SessionRuleKind>: ParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(commandName: "list", abstract: "List the pins and forbids by date (of one week with --week).")
    }

    @OptionGroup var week: OptionalWeekOption

    @OptionGroup var workspaceOptions: WorkspaceOptions

    func run() throws {
        try SessionRules.list(week: week.monday, workspaceOptions)
    }
}

/// What the pin and forbid commands do, in their new spellings and their old.
enum SessionRules {
    static func add(_ kind: SessionRuleRecord.Kind, post: String, site: String, at: DatedHalf, _ options: WorkspaceOptions) throws {
        let ws = try options.open()
        let change = try Fail.workspace { () throws(WorkspaceError) in try ws.addSessionRule(kind, post: post, site: site, at: at) }
        try Console.line("Recorded: \(change.rule)")
        Fail.notes(change.notes)
    }

    /// Removes the post's rules of `kind` on the half-day: at `site`, or at any site when nil (the old `unpin`).
    static func remove(_ kind: SessionRuleRecord.Kind, post: String, at: DatedHalf, site: String?, _ options: WorkspaceOptions) throws {
        let ws = try options.open()
        let removed = try Fail.workspace { () throws(WorkspaceError) in try ws.removeSessionRule(kind, post: post, at: at, site: site) }
        for r in removed { try Console.line("Removed: \(r)") }
    }

    static func list(week: CalendarDate?, _ options: WorkspaceOptions) throws {
        let ws = try options.openReadOnly()
        let rules = try Fail.workspace { () throws(WorkspaceError) in try ws.sessionRules(week: week) }
        if rules.isEmpty { try Console.line("No pins or forbids recorded."); return }
        var t = TextTable()
        t.add(["date", "half", "kind", "post", "site", "recorded"])
        for r in rules { t.add([r.date.iso, r.half.label, r.kind.rawValue, r.post, r.site, r.createdAt]) }
        try Console.line(t.render())
    }
}
