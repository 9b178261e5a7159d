import ArgumentParser
import Foundation

@main
struct Hubspoke: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hubspoke",
        abstract: "Allocate shared specialist posts across the sites of a hub-and-spoke children's service.",
        discussion: """
        With no scenario, commands use the embedded Kent and Medway scenario.
        Exit status: 0 success, 1 bad input, 3 hard rules conflict, 4 no rota (solver failure or time limit), 5 workspace busy (another publish included), damaged or unwritable, 64 usage.
        """,
        version: "0.1.0",
        subcommands: [RotaCommand.self, ValidateCommand.self, SimulateCommand.self, StaffingCommand.self, MergeCommand.self,
                      InitCommand.self, DemandCommand.self, AbsenceCommand.self, PinCommand.self, UnpinCommand.self, ForbidCommand.self,
                      PlanCommand.self, RepairCommand.self, PublishCommand.self, ShowCommand.self, DiffCommand.self, HistoryCommand.self, CalendarCommand.self]
    )

    /// ArgumentParser's `main`, with every message (usage errors, help, version) written
    /// through `Console`, so a failed write exits 1 instead of crashing.
    static func main() {
        Console.start()
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            let code = exitCode(for: error)
            let text = fullMessage(for: error)
            if !text.isEmpty {
                if code == .success {
                    do { try Console.out(text: text + "\n") } catch { Foundation.exit(exitCode(for: error).rawValue) }
                } else {
                    Console.error(text + "\n")
                }
            }
            Foundation.exit(code.rawValue)
        }
    }
}
