import ArgumentParser
import HubspokeModel
import HubspokeSupport
import HubspokeWorkspace

struct PreferenceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "preference",
        abstract: "Record, list or remove a post's preferences for a week (sessions it prefers or would avoid).",
        discussion: "They add to the scenario's own preferences: see \"Staff preferences\" in the README.",
        subcommands: [PreferenceAddCommand.self, PreferenceListCommand.self, PreferenceRemoveCommand.self]
    )
}

enum PreferenceKindFlag: String, EnumerableFlag {
    case prefer, avoid
    static func help(for value: PreferenceKindFlag) -> ArgumentHelp? {
        value == .prefer ? "The post would like these sessions." : "The post would rather not work these sessions."
    }
}

struct PreferenceAddCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Record a preference of a post for a week: a site, a day and/or a half, with a weight."
    )

    @Argument(help: "The post's id.")
    var post: String

    @Flag var kind: PreferenceKindFlag

    @OptionGroup var week: WeekOption

    @Option(name: .long, help: "The site it names.")
    var site: String?

    @Option(name: .long, help: "The weekday it names (mon to fri).")
    var day: String?

    @Option(name: .long, help: ArgumentHelp("The half it names.", valueName: "am|pm"))
    var half: HalfArgument?

    @Option(name: .long, help: "What each session it names weighs in the objective (0 to 1000).")
    var weight: Double = 2

    @OptionGroup var workspaceOptions: WorkspaceOptions

    func validate() throws {
        if let day, Weekday(key: day) == nil || day.count < 3 { throw ValidationError("--day \(day) is not a weekday (mon to fri)") }
        if site == nil && day == nil && half == nil { throw ValidationError("name a site (--site), a day (--day) and/or a half (--half)") }
        if !(0...1000).contains(weight) { throw ValidationError("--weight \(weight) is out of range (0 to 1000)") }
    }

    func run() throws {
        let ws = try workspaceOptions.open()
        let kind = StaffPreference.Kind(rawValue: self.kind.rawValue) ?? .prefer
        let record = try Fail.workspace { () throws(WorkspaceError) in
            try ws.addPreference(week: week.monday, post: post, kind: kind, site: site, weekday: day.flatMap(Weekday.init(key:)),
                                 half: half?.half, weight: weight)
        }
        try Console.line(TerminalText.escaped("Recorded preference \(record)"))
    }
}

struct PreferenceListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List recorded preferences, by week and post.")

    @OptionGroup var week: OptionalWeekOption

    @OptionGroup var workspaceOptions: WorkspaceOptions

    func run() throws {
        let ws = try workspaceOptions.openReadOnly()
        let list = try Fail.workspace { () throws(WorkspaceError) in try ws.preferences(week: week.monday) }
        if list.isEmpty { try Console.line("No preferences recorded."); return }
        var t = TextTable()
        t.rightAligned = [0, 5]
        t.add(["#", "week", "post", "kind", "names", "weight"])
        for p in list {
            t.add(["\(p.id)", p.week.iso, p.post, p.kind.rawValue, p.preference().what, fixed(p.weight, 2)])
        }
        try Console.line(TerminalText.escaped(t.render()))
    }
}

struct PreferenceRemoveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "remove", abstract: "Remove a recorded preference by its number (see preference list).")

    @Argument(help: "The preference's number.")
    var id: Int64

    @OptionGroup var workspaceOptions: WorkspaceOptions

    func run() throws {
        let ws = try workspaceOptions.open()
        let removed = try Fail.workspace { () throws(WorkspaceError) in try ws.removePreference(id: id) }
        try Console.line(TerminalText.escaped("Removed preference \(removed)"))
    }
}
