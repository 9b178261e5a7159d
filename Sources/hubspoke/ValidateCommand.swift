import ArgumentParser
import HubspokeModel
import HubspokeSupport

struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check a scenario and list every problem with its file, line and field."
    )

    @OptionGroup var scenarioOptions: ScenarioOptions

    func run() throws {
        let scenario = try scenarioOptions.load()
        let demandTotal = scenario.demand.reduce(0) { $0 + $1.sessions * ($1.week == nil ? scenario.weeks : 1) }
        let capacity = scenario.posts.reduce(0) { $0 + $1.sessionsPerWeek } * scenario.weeks
        try Console.line("\(scenario.source): valid")
        try Console.line("  \(scenario.name): \(scenario.sites.count) sites (\(SiteKind.allCases.map { k in "\(scenario.sites.filter { $0.kind == k }.count) \(k.rawValue)" }.joined(separator: ", "))), \(scenario.roles.count) roles, \(scenario.posts.count) posts")
        try Console.line("  horizon \(scenario.weeks) week(s) from \(scenario.startDate.iso); \(demandTotal) sessions requested, \(capacity) contracted")
        try Console.line("  travel \(scenario.travel.method)")
        for note in scenario.calendarNotes() { try Console.line(TerminalText.escaped("  note: \(note)")) }
        let protected = scenario.protectedSchedule()
        for note in protected.notes { try Console.line(TerminalText.escaped("  note: protected time: \(note)")) }
        if !protected.clashes.isEmpty {
            throw Fail.message("protected time cannot be met:\n" + protected.clashes.map { "  - \($0)" }.joined(separator: "\n"), .conflict)
        }
    }
}
