import ArgumentParser
import Foundation
import HubspokeModel
import HubspokePlanner
import HubspokeWorkspace

struct RepairCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "repair",
        abstract: "Re-plan the rest of a week with as few changed sessions as possible (after an absence, say).",
        discussion: """
        Starts from the week's published rota (or --version N). Sessions before --from have been delivered \
        and stay as they were; from --from on, every session removed or added costs --change-weight, so the \
        rota changes only where that gains more (for example, moving a post to cover an urgent session). \
        The result is saved as the week's next version, a draft: check it with hubspoke diff, then publish it.
        """
    )

    @OptionGroup var week: WeekOption

    @Option(name: .long, help: ArgumentHelp("First half-day to re-plan: YYYY-MM-DD, YYYY-MM-DDam or YYYY-MM-DDpm.", valueName: "date[am|pm]"))
    var from: DatedHalfArgument

    @Option(name: .long, help: "The version to repair (default: the week's published rota).")
    var version: Int?

    @Option(name: .long, help: "Penalty per changed session (a session removed or added).")
    var changeWeight: Double = RepairPlan.defaultChangeWeight

    @OptionGroup var solverOptions: SolverOptions

    @OptionGroup var workspaceOptions: WorkspaceOptions

    func validate() throws {
        if !(changeWeight >= 0 && changeWeight <= 1_000_000) { throw ValidationError("--change-weight must be from 0 to 1000000, got \(changeWeight)") }
        if let v = version, v < 1 { throw ValidationError("--version must be 1 or more, got \(v)") }
    }

    func run() throws {
        let ws = try workspaceOptions.open()
        let line = solverOptions.progressLine()
        defer { line?.finish() }
        let options = solverOptions.planOptions(progress: line)
        let outcome = try Fail.workspace { () throws(WorkspaceError) in
            try ws.repair(week: week.monday, from: from.value, version: version, changeWeight: changeWeight, options: options)
        }
        line?.finish()
        Fail.notes(outcome.notes)
        try Console.out(text: WorkspaceText.outcome(outcome))
        Fail.note("\(outcome.rota.solver.statusWords) in \(String(format: "%.3f", outcome.rota.solver.seconds)) s")
    }
}
