import HubspokeModel

/// The scenario's calendar as the simulator reads it, working day by working day from the start:
/// which sites are open (bank holidays, closures, PRUs' school holidays and INSET days) and which
/// days are bank holidays (no post works). Worked out once per run for the weeks it simulates; a
/// day beyond them is asked of the calendar itself.
public struct ServiceDays: Sendable {
    public let weeks: Int
    /// open[day][site], day = 5 x week + weekday.
    private let open: [[Bool]]
    private let holiday: [Bool]
    private let scenario: Scenario

    public init(_ scenario: Scenario, weeks: Int) {
        self.scenario = scenario
        self.weeks = weeks
        let dates = (0..<(weeks * 5)).map { scenario.startDate.adding(days: ($0 / 5) * 7 + $0 % 5) }
        open = dates.map { date in scenario.sites.map { scenario.calendar.status(of: $0.id, kind: $0.kind, on: date).isOpen } }
        holiday = dates.map { scenario.calendar.bankHolidays.holiday(on: $0) != nil }
    }

    /// Whether `site` (index) is open on weekday `weekday` (0 Monday) of week `week` (0-based).
    public func isOpen(site s: Int, week: Int, weekday: Int) -> Bool {
        guard week < weeks else {
            let site = scenario.sites[s]
            return scenario.calendar.status(of: site.id, kind: site.kind, on: date(week, weekday)).isOpen
        }
        return open[week * 5 + weekday][s]
    }

    /// Whether that day is a bank holiday, when no post works.
    public func isBankHoliday(week: Int, weekday: Int) -> Bool {
        guard week < weeks else { return scenario.calendar.bankHolidays.holiday(on: date(week, weekday)) != nil }
        return holiday[week * 5 + weekday]
    }

    func date(_ week: Int, _ weekday: Int) -> CalendarDate { scenario.startDate.adding(days: week * 7 + weekday) }
}
