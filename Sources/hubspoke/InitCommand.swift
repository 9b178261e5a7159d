import ArgumentParser
import HubspokeModel
import HubspokeStaffing
import HubspokeWorkspace

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create a workspace for weekly operations from a scenario.",
        discussion: """
        The workspace is an SQLite file holding the scenario (its YAML text, sites, roles and posts), each \
        week's demand, absences, pins and forbids, every rota version and a log of every change. It holds \
        no child-identifiable data: demand is aggregated by site, role and priority.
        """
    )

    @Argument(help: "Scenario YAML file, or the name of an embedded scenario (kent-medway, teaching). Default: kent-medway.")
    var scenario: String?

    @Option(name: .long, help: ArgumentHelp("Monday of the first week of the calendar (default: the scenario's start).", valueName: "date"))
    var start: DateArgument?

    @Option(name: .long, help: "Weeks in the calendar (1 to 520).")
    var weeks: Int = 52

    @OptionGroup var workspaceOptions: WorkspaceOptions

    func run() throws {
        var source = try Fail.input { try ScenarioSource.named(scenario) }
        source.sections = .all
        let parsed = try Fail.input { try source.parse() }
        let calendar = WeekCalendar(start: start?.date ?? parsed.startDate, weeks: weeks)
        let path = workspaceOptions.path
        let ws = try Fail.workspace { () throws(WorkspaceError) in try Workspace.create(at: path, scenario: source, calendar: calendar) }
        try Console.line("Created workspace \(ws.path) for \(parsed.name) (\(source.file))")
        try Console.line("  \(parsed.sites.count) sites, \(parsed.roles.count) roles, \(parsed.posts.count) posts; calendar \(ws.calendar.description)")
        try Console.line("Next: hubspoke demand import WEEK.csv --week \(ws.calendar.start.iso), then hubspoke plan --week \(ws.calendar.start.iso)")
    }
}
