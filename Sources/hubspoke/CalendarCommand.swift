import ArgumentParser

struct CalendarCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calendar",
        abstract: "Show the calendar (bank holidays, term dates, closures), import bank holidays, close or reopen a site.",
        discussion: """
        No post works on a bank holiday. A PRU receives no session on a day it is closed to pupils (school \
        holidays, half terms, INSET days, closures); the hub and spokes stay open in school holidays unless closed. \
        The term dates come from the scenario's calendar: section; closures and a newer bank-holiday feed can be \
        recorded in the workspace, and every change goes to its log.
        """,
        subcommands: [CalendarShowCommand.self, CalendarImportCommand.self, CalendarCloseCommand.self, CalendarReopenCommand.self]
    )
}
