import ArgumentParser
import HubspokeModel
import HubspokePlanner
import HubspokeWorkspace

// The spellings of pin, unpin and forbid before `pin add|list|remove` and `forbid add|list|remove`,
// kept for one release: hidden from help, each prints a note on standard error pointing to the
// new spelling, and writes the same standard output as before. Remove this file in the next release.

extension Fail {
    /// The one-line note of an old spelling.
    static func oldSpelling(_ old: String, use new: String) {
        note("\"hubspoke \(old)\" is an old spelling that goes in the next release: use \"hubspoke \(new)\"")
    }
}

/// `pin POST SITE DATE am|pm` and `pin --list [--week MONDAY]`: `pin`'s default subcommand.
struct PinOldSpelling: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "old-spelling",
        abstract: "The old spelling of pin add and pin list.",
        usage: "hubspoke pin add POST SITE DATE am|pm (or the old spelling: hubspoke pin POST SITE DATE am|pm, pin --list)",
        shouldDisplay: false
    )

    @Argument var post: String?
    @Argument var site: String?
    @Argument var date: DateArgument?
    @Argument var half: HalfArgument?

    @Flag(name: .long) var list = false

    @OptionGroup var week: OptionalWeekOption

    @OptionGroup var workspaceOptions: WorkspaceOptions

    func validate() throws {
        if list {
            if post != nil { throw ValidationError("--list takes no post, site or session") }
        } else {
            if post == nil { throw ValidationError("give a subcommand: pin add POST SITE DATE am|pm, pin list or pin remove POST SITE DATE am|pm") }
            if site == nil || date == nil || half == nil { throw ValidationError("give POST SITE DATE am|pm, or --list") }
            if week.monday != nil { throw ValidationError("--week goes with --list") }
        }
    }

    func run() throws {
        if list {
            Fail.oldSpelling("pin --list", use: "pin list")
            return try SessionRules.list(week: week.monday, workspaceOptions)
        }
        Fail.oldSpelling("pin POST SITE DATE am|pm", use: "pin add POST SITE DATE am|pm")
        guard let post, let site, let date, let half else { throw ValidationError("give POST SITE DATE am|pm, or --list") }
        try SessionRules.add(.pin, post: post, site: site, at: DatedHalf(date.date, half.half), workspaceOptions)
    }
}

/// `forbid POST SITE DATE am|pm [--remove]`: `forbid`'s default subcommand.
struct ForbidOldSpelling: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "old-spelling",
        abstract: "The old spelling of forbid add and forbid remove.",
        usage: "hubspoke forbid add POST SITE DATE am|pm (or the old spelling: hubspoke forbid POST SITE DATE am|pm [--remove])",
        shouldDisplay: false
    )

    @OptionGroup var session: SessionArguments

    @Flag(name: .long) var remove = false

    @OptionGroup var workspaceOptions: WorkspaceOptions

    func run() throws {
        if remove {
            Fail.oldSpelling("forbid POST SITE DATE am|pm --remove", use: "forbid remove POST SITE DATE am|pm")
            return try SessionRules.remove(.forbid, post: session.post, at: session.at, site: session.site, workspaceOptions)
        }
        Fail.oldSpelling("forbid POST SITE DATE am|pm", use: "forbid add POST SITE DATE am|pm")
        try SessionRules.add(.forbid, post: session.post, site: session.site, at: session.at, workspaceOptions)
    }
}

/// `unpin POST DATE am|pm [--site SITE]`: a top-level command, hidden.
struct UnpinCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "unpin",
        abstract: "The old spelling of pin remove.",
        usage: "hubspoke pin remove POST SITE DATE am|pm (or the old spelling: hubspoke unpin POST DATE am|pm [--site SITE])",
        shouldDisplay: false
    )

    @Argument var post: String
    @Argument var date: DateArgument
    @Argument var half: HalfArgument

    @Option(name: .long) var site: String?

    @OptionGroup var workspaceOptions: WorkspaceOptions

    func run() throws {
        Fail.oldSpelling("unpin POST DATE am|pm", use: "pin remove POST SITE DATE am|pm")
        try SessionRules.remove(.pin, post: post, at: DatedHalf(date.date, half.half), site: site, workspaceOptions)
    }
}
