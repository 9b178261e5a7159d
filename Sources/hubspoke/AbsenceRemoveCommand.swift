import ArgumentParser
import HubspokeWorkspace

struct AbsenceRemoveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remove",
        abstract: "Remove a recorded absence (recorded by mistake, or cancelled)."
    )

    @OptionGroup var absence: AbsenceArguments

    @OptionGroup var workspaceOptions: WorkspaceOptions

    func run() throws {
        let ws = try workspaceOptions.open()
        let a = try Fail.workspace { () throws(WorkspaceError) in try ws.removeAbsence(post: absence.post, date: absence.date.date, half: absence.half?.half) }
        try Console.line("Removed: \(a.post) absent \(a.when)")
    }
}
