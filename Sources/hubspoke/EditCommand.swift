import ArgumentParser
import HubspokeModel
import HubspokePlanner
import HubspokeWorkspace

struct EditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "edit",
        abstract: "Move one session of a week's rota by hand, check it, and save it as a draft.",
        discussion: """
        --move POST DATE am|pm SITE puts the post at SITE then (off: no session then), in the week's latest \
        version (or --version N). The edited rota is checked with the week's scenario as planned: every hard \
        rule, then the objective term by term beside the version it was made from, with the sessions that \
        differ. An edit that keeps every rule is saved as the week's next version, a draft, and logged. One that \
        breaks a rule is listed with its breaches, exits \(ExitStatus.conflict.rawValue) and saves nothing: a \
        stored version always keeps the hard rules (publish, repair and the next week start from it); change \
        what it breaks first (a pin, an absence), or ask hubspoke suggest for a way that keeps them.
        """
    )

    @OptionGroup var week: WeekOption

    @Option(name: .long, parsing: .upToNextOption,
            help: ArgumentHelp("The session to move and where to: POST DATE am|pm SITE (or off).", valueName: "post date half site|off"))
    var move: [String]

    @Option(name: .long, help: "The version to edit (default: the week's latest).")
    var version: Int?

    @OptionGroup var workspaceOptions: WorkspaceOptions

    func validate() throws {
        _ = try sessionMove()
        if let v = version, v < 1 { throw ValidationError("--version must be 1 or more, got \(v)") }
    }

    /// `--move` read: four values, a date and a half.
    func sessionMove() throws -> SessionMove {
        guard move.count == 4 else { throw ValidationError("--move takes four values, POST DATE am|pm SITE (or off); got \(move.count)") }
        guard let date = CalendarDate(iso: move[1]) else { throw ValidationError("--move: the date must be YYYY-MM-DD, got \(move[1])") }
        guard let half = Half(key: move[2]) else { throw ValidationError("--move: the half must be am or pm, got \(move[2])") }
        return SessionMove(post: move[0], at: DatedHalf(date, half), site: move[3].lowercased() == "off" ? nil : move[3])
    }

    func run() throws {
        let ws = try workspaceOptions.open()
        let change = try sessionMove()
        let o = try Fail.workspace { () throws(WorkspaceError) in try ws.edit(week: week.monday, move: change, version: version) }
        let label = "version \(o.source.version)"
        let made = o.saved.map { "\($0.label) saved as a draft: \(change), made from \(label)" }
        if let made { try Console.line(made) } else {
            Fail.note("the edit breaks \(o.check.breaches.count) hard rule(s): nothing was saved")
        }
        let theirs = o.check.breaches.isEmpty ? try CheckCommand.checked(o.sourceSessions, o.scenario, o.previous, protected: o.sourceProtected) : nil
        let title = "\(o.saved?.label ?? "the edited rota") (\(o.saved == nil ? "not saved" : "draft")): \(o.check.sessions.count) session(s) "
            + "of \(o.scenario.name), \(o.scenario.startDate.iso), \(o.scenario.weeks) week(s)"
        try CheckText.print(o.check, title: title, against: theirs.map { ($0, label) })
    }
}
