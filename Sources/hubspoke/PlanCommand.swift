import ArgumentParser
import Foundation
import HubspokeModel
import HubspokeWorkspace

struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Plan a week from its demand, absences, pins and forbids, and save it as a new draft version.",
        discussion: """
        The plan keeps close to the published rota of the week before (continuity), automatically. \
        Versions are never overwritten: each plan is the week's next version. Show it with hubspoke show, \
        publish it with hubspoke publish.
        """
    )

    @OptionGroup var week: WeekOption

    @OptionGroup var solverOptions: SolverOptions

    @OptionGroup var workspaceOptions: WorkspaceOptions

    func run() throws {
        let ws = try workspaceOptions.open()
        let line = solverOptions.progressLine()
        defer { line?.finish() }
        let options = solverOptions.planOptions(progress: line)
        let outcome = try Fail.workspace { () throws(WorkspaceError) in try ws.plan(week: week.monday, options: options) }
        line?.finish()
        Fail.notes(outcome.notes)
        try Console.out(text: WorkspaceText.outcome(outcome))
        Fail.note("\(outcome.rota.solver.statusWords) in \(String(format: "%.3f", outcome.rota.solver.seconds)) s")
    }
}
