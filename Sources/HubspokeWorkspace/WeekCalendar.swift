import HubspokeModel
import HubspokePlanner

/// The weeks a workspace plans: `weeks` Mondays from `start`. A week is named by its Monday.
public struct WeekCalendar: Sendable, Hashable {
    public let start: CalendarDate
    public let weeks: Int
    public init(start: CalendarDate, weeks: Int) { self.start = start; self.weeks = weeks }

    /// Monday of the last week.
    public var last: CalendarDate { start.adding(days: (weeks - 1) * 7) }

    public var description: String {
        "from the week of \(start.iso) to the week of \(last.iso) (\(weeks) week\(weeks == 1 ? "" : "s"))"
    }

    /// The Monday of the week holding `date`.
    public static func monday(of date: CalendarDate) -> CalendarDate { date.adding(days: -date.weekdayIndex) }

    /// Week number in the calendar (1-based) of a Monday, or a clear reason why it is not a week of it.
    public func index(ofWeek week: CalendarDate) throws(WorkspaceError) -> Int {
        guard week.weekdayIndex == 0 else {
            throw .bad("\(week.iso) is a \(WeekCalendar.dayName(week)), not a Monday: a week is given by its Monday (\(WeekCalendar.monday(of: week).iso))")
        }
        guard week >= start, week <= last else {
            throw .bad("week \(week.iso) is not in this workspace's calendar, which runs \(description)")
        }
        return (week.dayNumber - start.dayNumber) / 7 + 1
    }

    /// Checks that `date` is a working day (Monday to Friday) of a week in the calendar; returns its Monday.
    public func checkWorkingDay(_ date: CalendarDate, _ what: String) throws(WorkspaceError) -> CalendarDate {
        guard date.weekdayIndex < 5 else {
            throw .bad("\(date.iso) is a \(WeekCalendar.dayName(date)): \(what) are recorded on working days (Monday to Friday)")
        }
        let monday = WeekCalendar.monday(of: date)
        guard monday >= start, monday <= last else {
            throw .bad("\(date.iso) is not in this workspace's calendar, which runs \(description)")
        }
        return monday
    }

    static func dayName(_ d: CalendarDate) -> String {
        ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"][d.weekdayIndex]
    }
}

/// Readable dates and half-days for messages ("Wed 2 Dec 2026 AM").
extension DatedHalf {
    public var long: String { "\(longDate(date)) \(half.label)" }
}
