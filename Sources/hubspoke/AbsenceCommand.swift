import ArgumentParser

struct AbsenceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "absence",
        abstract: "Record, list or remove absences (a post away for a day or half a day).",
        subcommands: [AbsenceAddCommand.self, AbsenceListCommand.self, AbsenceRemoveCommand.self]
    )
}

/// `POST DATE [am|pm]`: the absence `absence add` records and `absence remove` removes.
struct AbsenceArguments: ParsableArguments {
    @Argument(help: "The post's id.")
    var post: String

    @Argument(help: ArgumentHelp("The day (YYYY-MM-DD).", valueName: "date"))
    var date: DateArgument

    @Argument(help: "am or pm for half a day; nothing for the whole day.")
    var half: HalfArgument?
}
