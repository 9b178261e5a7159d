import ArgumentParser
import HubspokeModel
import HubspokePlanner
import HubspokeScenarioIO
import HubspokeSupport
import HubspokeWorkspace

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check a rota (a CSV or JSON written by rota, perhaps edited by hand): every hard rule, and the objective term by term.",
        discussion: """
        Every breach is listed with its post, site, date and half and the rule it breaks, and the command \
        exits \(ExitStatus.conflict.rawValue). A rota that keeps every rule gets its objective term by term, \
        counted by the planner's own model; with --against OTHER, beside OTHER's and the difference, with the \
        sessions that differ. In a workspace, --week W --version N checks a stored version against the week's \
        published one.
        """
    )

    @Argument(help: "The rota file (CSV or JSON written by hubspoke rota); or give --week for a workspace's stored version.")
    var rota: String?

    @OptionGroup var scenarioOptions: ScenarioOptions

    @Option(name: .long, help: ArgumentHelp("Another rota of the same scenario, to compare with.", valueName: "file"))
    var against: String?

    @Option(name: .long, help: ArgumentHelp("The rota of the week before, for the continuity term (as rota --previous).", valueName: "file"))
    var previous: String?

    @OptionGroup var week: OptionalWeekOption

    @Option(name: .long, help: "With --week: the stored version to check (default: the latest), against the week's published one.")
    var version: Int?

    @OptionGroup var workspaceOptions: WorkspaceOptions

    func validate() throws {
        if week.week == nil && rota == nil { throw ValidationError("give a rota file, or --week for a workspace's stored version") }
        if week.week != nil && (rota != nil || against != nil || previous != nil || scenarioOptions.scenario != nil) {
            throw ValidationError("--week checks a workspace's stored version: leave out the rota file, --against and --previous")
        }
        if version != nil && week.week == nil { throw ValidationError("--version needs --week") }
    }

    func run() throws {
        if let monday = week.monday { return try checkStored(monday) }
        let scenario = try scenarioOptions.load()
        let path = rota ?? ""
        let file = try Fail.input { try RotaFile.load(path: path, scenario: scenario) }
        let prev = try previous.map { p in try Fail.input { try PreviousRota.load(path: p, scenario: scenario) } }
        let other = try against.map { a in try Fail.input { try RotaFile.load(path: a, scenario: scenario) } }
        try report(file.sessions, protected: file.protected, title: "\(path): \(file.rows.count) session(s)", scenario: scenario, previous: prev,
                   against: other.map { ($0.sessions, $0.protected, "--against") })
    }

    /// A workspace's stored version, with the week's scenario as it is planned, the week before's
    /// published rota for continuity, and the week's published version to compare with.
    func checkStored(_ monday: CalendarDate) throws {
        let ws = try workspaceOptions.openReadOnly()
        let checked = try Fail.workspace { () throws(WorkspaceError) in try ws.storedRota(week: monday, version: version, preferPublished: false) }
        let published = try? ws.storedRota(week: monday)
        let before = (try? ws.storedRota(week: monday.adding(days: -7))).flatMap { $0.version.status == .published ? $0 : nil }
        let sc = checked.scenario
        let other = published.flatMap { $0.version.id == checked.version.id ? nil : ($0.rota.assignments, $0.rota.protected ?? [], "published v\($0.version.version)") }
        try report(checked.rota.assignments, protected: checked.rota.protected ?? [], title: "\(checked.version.label) (\(checked.version.status.rawValue)): \(checked.rota.assignments.count) session(s)", scenario: sc,
                   previous: before.map { PreviousRota(rota: $0.rota, scenario: sc) }, against: other)
    }

    func report(_ sessions: [Assignment], protected: [ProtectedSession], title: String, scenario: Scenario, previous prev: PreviousRota?,
                against other: (sessions: [Assignment], protected: [ProtectedSession], label: String)?) throws {
        let report = try Self.checked(sessions, scenario, prev, protected: protected)
        // The other rota is counted only beside one that keeps every rule.
        let theirs = report.breaches.isEmpty ? try other.map { try Self.checked($0.sessions, scenario, prev, protected: $0.protected) } : nil
        try CheckText.print(report, title: "\(title) of \(scenario.name), \(scenario.startDate.iso), \(scenario.weeks) week(s)",
                            against: theirs.flatMap { t in other.map { (t, $0.label) } })
    }

    /// The check; a planner failure (which a rota that keeps every rule should not meet) exits 4.
    static func checked(_ sessions: [Assignment], _ scenario: Scenario, _ previous: PreviousRota?, protected: [ProtectedSession]) throws -> RotaCheckReport {
        do { return try RotaCheckReport.check(sessions, scenario: scenario, previous: previous, protected: protected) } catch {
            throw Fail.message("cannot count the objective: \(error)", .noResult)
        }
    }
}
