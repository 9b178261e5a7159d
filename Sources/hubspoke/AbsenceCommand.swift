import ArgumentParser

struct AbsenceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "absence",
        abstract: "Record, list or remove absences (a post away for a day or half a day).",
        subcommands: [AbsenceAddCommand.self, AbsenceListCommand.self, AbsenceRemoveCommand.self]
    )
}
