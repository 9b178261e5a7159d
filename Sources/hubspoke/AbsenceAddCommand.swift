import ArgumentParser
import HubspokePlanner
import HubspokeWorkspace

struct AbsenceAddCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Record an absence: a whole day, a morning or an afternoon (or every working day to --to).",
        discussion: "Pins of the post on those half-days are removed with it. When a published rota has the post working then, the command says how to repair it."
    )

    @OptionGroup var absence: AbsenceArguments

    @Option(name: .long, help: ArgumentHelp("Last day of a longer absence: every working day from the date to this one.", valueName: "date"))
    var to: DateArgument?

    @Option(name: .long, help: "A short reason (no personal or medical details).")
    var reason: String?

    @OptionGroup var workspaceOptions: WorkspaceOptions

    func validate() throws {
        if let to {
            let first = absence.date.date
            if absence.half != nil { throw ValidationError("--to records whole days: leave out am or pm") }
            if to.date < first { throw ValidationError("--to \(to.date.iso) is before \(first.iso)") }
            if to.date.dayNumber - first.dayNumber > 366 { throw ValidationError("--to is more than a year after the first day") }
        }
    }

    func run() throws {
        let ws = try workspaceOptions.open()
        let first = absence.date.date, last = to?.date ?? first
        let dates = (0...(last.dayNumber - first.dayNumber)).map { first.adding(days: $0) }.filter { to == nil || $0.weekdayIndex < 5 }
        let change = try Fail.workspace { () throws(WorkspaceError) in
            try ws.addAbsence(post: absence.post, dates: dates, half: absence.half?.half, reason: reason)
        }
        for a in change.absences { try Console.line("Recorded: \(a.post) absent \(a.when)\(a.reason.map { ": \($0)" } ?? "")") }
        for h in change.skippedHolidays { try Console.line("Not recorded: \(h.date.iso) is a bank holiday (\(h.label)), when no post works") }
        for pin in change.removedPins { try Console.line("Removed \(pin) (the post is absent then)") }
        for (version, sessions) in change.affectedSessions {
            guard let start = sessions.map({ DatedHalf($0.date, $0.half) }).min() else { continue }
            try Console.line("The published rota of week \(version.week.iso) (version \(version.version)) has \(absence.post) working then: "
                  + sessions.map { "\($0.site) \(DatedHalf($0.date, $0.half).long)" }.joined(separator: ", "))
            try Console.line("  repair it with: hubspoke repair --week \(version.week.iso) --from \(start.date.iso)\(start.half.key)")
        }
    }
}
