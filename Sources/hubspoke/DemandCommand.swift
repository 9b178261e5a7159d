import ArgumentParser

struct DemandCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demand",
        abstract: "Import or show a week's demand (sessions requested per site, role and priority).",
        subcommands: [DemandImportCommand.self, DemandShowCommand.self]
    )
}
