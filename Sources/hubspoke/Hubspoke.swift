import ArgumentParser
import Foundation

@main
struct Hubspoke: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hubspoke",
        abstract: "Allocate shared specialist posts across the sites of a hub-and-spoke children's service.",
        discussion: """
        With no scenario, commands use the embedded Kent and Medway scenario.

        \(ExitStatus.help())
        """,
        version: "0.1.0",
        groupedSubcommands: [
            CommandGroup(name: "Rota and analysis", subcommands: [
                RotaCommand.self, ValidateCommand.self, CheckCommand.self, SimulateCommand.self, StaffingCommand.self, MergeCommand.self,
            ]),
            CommandGroup(name: "Weekly workspace", subcommands: [
                InitCommand.self, DemandCommand.self, AbsenceCommand.self, PinCommand.self, ForbidCommand.self, PlanCommand.self,
                RepairCommand.self, EditCommand.self, SuggestCommand.self, PublishCommand.self, ShowCommand.self, DiffCommand.self, HistoryCommand.self, CalendarCommand.self, PreferenceCommand.self,
                // The old spelling of `pin remove`, hidden from help (see LegacySpellings.swift).
                UnpinCommand.self,
            ]),
            CommandGroup(name: "Web service", subcommands: [ServeCommand.self, UserCommand.self]),
        ]
    )

    /// ArgumentParser's `main`, with every message (usage errors, help, version) written
    /// through `Console`, so a failed write exits 1 instead of crashing.
    static func main() {
        CommandClock.start()
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
