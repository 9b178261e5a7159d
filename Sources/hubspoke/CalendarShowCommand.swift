import ArgumentParser
import Foundation
import HubspokeModel
import HubspokeSupport
import HubspokeWorkspace

struct CalendarShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show each working day of a week at every site: open, or closed and why.",
        discussion: "Days whose term dates are assumed (beyond the published year, or another group's dates) are listed below the table with the assumption."
    )

    @Option(name: .long, help: ArgumentHelp("The week (its Monday; default: the workspace's first week).", valueName: "date"))
    var week: DateArgument?

    @Option(name: .long, help: "How many weeks to show (1 to 52).")
    var weeks: Int = 1

    @Option(name: .long, help: "Only this site.")
    var site: String?

    @OptionGroup var workspaceOptions: WorkspaceOptions

    func validate() throws {
        guard (1...52).contains(weeks) else { throw ValidationError("--weeks \(weeks) is out of range (1 to 52)") }
        if let week, week.date.weekdayIndex != 0 { throw ValidationError("--week \(week.date.iso) is not a Monday") }
    }

    func run() throws {
        let ws = try workspaceOptions.openReadOnly()
        let first = week?.date ?? ws.calendar.start
        let last = first.adding(days: 7 * weeks - 3)
        let days = try Fail.workspace { () throws(WorkspaceError) in try ws.calendarDays(from: first, to: last, site: site) }
        let calendar = try Fail.workspace { () throws(WorkspaceError) in try ws.serviceCalendar() }
        var out: [String] = []
        var assumptions: [String] = []
        for w in 0..<weeks {
            let monday = first.adding(days: 7 * w)
            let week = days.filter { $0.date >= monday && $0.date < monday.adding(days: 7) }
            out.append("Week of \(monday.iso)")
            let holidays = (0..<5).compactMap { calendar.bankHolidays.holiday(on: monday.adding(days: $0)) }
            if !holidays.isEmpty { out.append("  bank holidays: " + holidays.map { "\(Weekday.allCases[$0.date.weekdayIndex].short) \($0.date.iso) \($0.label)" }.joined(separator: ", ")) }
            var table = TextTable()
            table.add(["site"] + (0..<5).map { "\(Weekday.allCases[$0].short) \(monday.adding(days: $0).day)" })
            var sites: [String] = []
            for d in week where !sites.contains(d.site) { sites.append(d.site) }
            for s in sites {
                table.add([s] + week.filter { $0.site == s }.map { $0.status.closure?.reason ?? "open" })
            }
            out.append(table.render().split(separator: "\n").map { "  " + $0 }.joined(separator: "\n"))
            for case let a? in week.map(\.status.assumption) where !assumptions.contains(a) { assumptions.append(a) }
        }
        if calendar.groups.isEmpty { out.append("note: the scenario gives no term dates (calendar.terms): PRUs are taken to be open on every weekday but bank holidays") }
        out += assumptions.map { "note: \($0)" }
        try Console.line(TerminalText.escaped(out.joined(separator: "\n")))
    }
}
