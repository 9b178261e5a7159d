import HubspokeModel

/// The financial quarters (Q1 April to June) of a run's measured weeks, as the national dataset
/// counts them: each measured day's quarter, and the quarters' labels (`2026/27 Q3`).
public struct FinancialQuarters: Sendable, Hashable {
    /// The measured quarters in order: `2026/27 Q3`, `2026/27 Q4`, ...
    public let labels: [String]
    /// Each quarter's number in its financial year (1 April-June, ... 4 January-March).
    public let quarterOfYear: [Int]
    /// Each quarter's measured days, and its days in the calendar (the first and last may be partial).
    public let measuredDays: [Int]
    public let days: [Int]
    /// The first measured day (days from the start date).
    let firstDay: Int
    /// The quarter of each measured day, from `firstDay`.
    let dayQuarter: [Int16]

    /// The quarters of days `firstDay..<days` from `start`.
    public init(start: CalendarDate, firstDay: Int, days: Int) {
        var labels: [String] = [], ofYear: [Int] = [], measured: [Int] = [], length: [Int] = [], dayQuarter: [Int16] = []
        var lastKey = Int.min
        for d in firstDay..<max(firstDay + 1, days) {
            let q = Self.quarter(of: start.adding(days: d))
            if q.key != lastKey {
                labels.append(q.label); ofYear.append(q.ofYear); measured.append(0); length.append(Self.length(key: q.key)); lastKey = q.key
            }
            measured[labels.count - 1] += 1
            dayQuarter.append(Int16(labels.count - 1))
        }
        self.labels = labels; quarterOfYear = ofYear; measuredDays = measured; self.days = length
        self.firstDay = firstDay; self.dayQuarter = dayQuarter
    }

    /// The quarters measured in `weeks` weeks from the scenario's start, after the warm-up.
    init(model: ServiceModel, weeks: Int) {
        self.init(start: model.scenario.startDate, firstDay: model.settings.warmUpWeeks * 7, days: weeks * 7)
    }

    public var count: Int { labels.count }

    /// The quarter index of hour `t` of the run (clamped to the measured quarters).
    func index(hour t: Double) -> Int {
        let d = Int(t / 24) - firstDay
        return Int(dayQuarter[min(dayQuarter.count - 1, max(0, d))])
    }

    /// The first day of the quarter with `key` (as `quarter(of:)` gives it).
    static func firstDay(key: Int) -> Int {
        let year = (key - 1) / 4, q = (key - 1) % 4 + 1
        let date = CalendarDate(year: q == 4 ? year + 1 : year, month: [4, 7, 10, 1][q - 1], day: 1)
        return date?.dayNumber ?? 0
    }

    /// Days in the quarter with `key`.
    static func length(key: Int) -> Int { firstDay(key: key + 1) - firstDay(key: key) }

    /// A date's financial quarter: a key that orders quarters, its label and its number in the year.
    static func quarter(of date: CalendarDate) -> (key: Int, label: String, ofYear: Int) {
        let year = date.month >= 4 ? date.year : date.year - 1
        let q = (date.month + 8) % 12 / 3 + 1
        let next = (year + 1) % 100
        return (year * 4 + q, "\(year)/\(next < 10 ? "0" : "")\(next) Q\(q)", q)
    }
}
