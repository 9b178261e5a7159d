/// Consecutive days, first and last included.
public struct DateSpan: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var first: CalendarDate
    public var last: CalendarDate
    public init(_ first: CalendarDate, _ last: CalendarDate) { self.first = first; self.last = last }
    public func contains(_ date: CalendarDate) -> Bool { first <= date && date <= last }
    public static func < (a: DateSpan, b: DateSpan) -> Bool { (a.first, a.last) < (b.first, b.last) }
    public var description: String { first == last ? first.iso : "\(first.iso) to \(last.iso)" }
}

/// A named stretch of days: a term ("Term 2") or a holiday ("October half term").
public struct NamedSpan: Sendable, Hashable {
    public var name: String
    public var span: DateSpan
    public init(_ name: String, _ span: DateSpan) { self.name = name; self.span = span }
}

/// The term dates that a group of PRUs follows (Kent's schools, Medway's ...).
public struct TermPattern: Sendable, Hashable {
    /// The group's id, which a PRU names (`term_group: kent`).
    public var id: String
    /// Where the dates come from, printed with any warning.
    public var source: String
    /// Teaching terms, in date order. Days between terms are school holidays.
    public var terms: [NamedSpan]
    /// Names for the holidays between terms (optional; unnamed ones are "school holiday").
    public var holidays: [NamedSpan]
    /// Why these dates are assumed rather than the group's own, when they are (Medway's dates were not
    /// found, so Kent's are used): every plan that uses them says so.
    public var assumption: String?

    public init(id: String, source: String, terms: [NamedSpan], holidays: [NamedSpan] = [], assumption: String? = nil) {
        self.id = id; self.source = source; self.terms = terms.sorted { $0.span < $1.span }
        self.holidays = holidays.sorted { $0.span < $1.span }; self.assumption = assumption
    }

    /// The school years the dates are published for: from 1 September before the first term to
    /// 31 August after the last.
    public var published: DateSpan? {
        guard let first = terms.first?.span.first, let last = terms.last?.span.last else { return nil }
        let startYear = first.month >= 9 ? first.year : first.year - 1
        let endYear = last.month >= 9 ? last.year + 1 : last.year
        guard let from = CalendarDate(year: startYear, month: 9, day: 1), let to = CalendarDate(year: endYear, month: 8, day: 31) else { return nil }
        return DateSpan(from, to)
    }
}

/// Why a site is closed on a day.
public struct Closure: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable, Codable { case bankHoliday = "bank holiday", schoolHoliday = "school holiday", inset = "INSET day", closure }
    public var kind: Kind
    /// The holiday's or closure's own name: "Christmas Day", "October half term", "flood".
    public var reason: String

    /// What the outputs print: "bank holiday: Christmas Day", "PRU closed: half term", "closed: flood".
    public var label: String {
        switch kind {
        case .bankHoliday: "bank holiday: \(reason)"
        case .schoolHoliday, .inset: "PRU closed: \(reason)"
        case .closure: "closed: \(reason)"
        }
    }
}

/// A site closed on one day of a rota's horizon, as the outputs show it.
public struct DayClosure: Sendable, Hashable, Codable {
    public var site: String
    public var date: CalendarDate
    public var kind: Closure.Kind
    /// "bank holiday: Christmas Day", "PRU closed: half term", "closed: building work".
    public var label: String

    public init(site: String, date: CalendarDate, kind: Closure.Kind, label: String) {
        self.site = site; self.date = date; self.kind = kind; self.label = label
    }
}

/// Sessions requested of a site closed all week: not planned and not unmet, shown with the closure.
public struct ClosedDemand: Sendable, Hashable, Codable {
    public var site: String
    public var role: String
    public var week: Int
    public var priority: Priority
    public var sessions: Int
    /// The closure's label ("PRU closed: Christmas holiday").
    public var reason: String

    public init(site: String, role: String, week: Int, priority: Priority, sessions: Int, reason: String) {
        self.site = site; self.role = role; self.week = week; self.priority = priority; self.sessions = sessions; self.reason = reason
    }

    /// One entry per site, role, week and priority, in site, role, week and priority order.
    public static func merged(_ items: [ClosedDemand], _ scenario: Scenario) -> [ClosedDemand] {
        // Looked up, not searched: a week of the largest scenario sets aside tens of thousands of requests.
        var out: [ClosedDemand] = []
        var at: [String: Int] = [:]
        for item in items {
            let key = "\(item.site)|\(item.role)|\(item.week)|\(item.priority.rawValue)"
            if let i = at[key] { out[i].sessions += item.sessions } else { at[key] = out.count; out.append(item) }
        }
        let site = Dictionary(scenario.sites.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        let role = Dictionary(scenario.roles.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        func order(_ c: ClosedDemand) -> (Int, Int, Int, Int) { (site[c.site] ?? 0, role[c.role] ?? 0, c.week, c.priority.rank) }
        return out.sorted { order($0) < order($1) }
    }
}

/// A site closed for a date range, with its reason (building work, a flood).
public struct SiteClosure: Sendable, Hashable {
    public var site: String
    public var span: DateSpan
    public var reason: String
    public init(site: String, span: DateSpan, reason: String) { self.site = site; self.span = span; self.reason = reason }
}

/// A day at a site: open or closed (and why), and the assumption behind it, if any.
public struct DayStatus: Sendable, Hashable {
    public var closure: Closure?
    /// Set when the day's term status is assumed (beyond the published dates, or another group's dates).
    public var assumption: String?
    public var isOpen: Bool { closure == nil }
}

/// One calendar for the planner, the workspace, the simulator and the exports: bank holidays,
/// term dates per group of PRUs, INSET days per site and closures of any site.
///
/// - No post works on a bank holiday, at any site.
/// - A PRU is closed to pupils outside its group's terms, on its INSET days and during its closures.
/// - The hub and spokes stay open in school holidays (unless closed); whether posts may work there in
///   the holidays is `hubsOpenInHolidays`.
/// - Beyond the published school years the term dates are assumed: the last published year's pattern,
///   moved on a whole number of 52-week steps (so a Monday stays a Monday), and `DayStatus.assumption`
///   says so.
public struct ServiceCalendar: Sendable {
    public var bankHolidays: BankHolidays
    /// Term patterns in the order the scenario gives them.
    public var groups: [TermPattern]
    /// The group each PRU follows, by site id; a PRU with no entry follows `defaultGroup`.
    public var siteGroups: [String: String]
    public var defaultGroup: String?
    /// Staff development days, by site id (closed to pupils).
    public var inset: [String: [CalendarDate]]
    public var closures: [SiteClosure]
    /// Whether posts may work at the hub and spokes in school holidays (training, supervision, family work).
    public var hubsOpenInHolidays: Bool

    public init(bankHolidays: BankHolidays = .shipped, groups: [TermPattern] = [], siteGroups: [String: String] = [:],
                defaultGroup: String? = nil, inset: [String: [CalendarDate]] = [:], closures: [SiteClosure] = [],
                hubsOpenInHolidays: Bool = true) {
        self.bankHolidays = bankHolidays; self.groups = groups; self.siteGroups = siteGroups
        self.defaultGroup = defaultGroup ?? groups.first?.id; self.inset = inset; self.closures = closures
        self.hubsOpenInHolidays = hubsOpenInHolidays
    }

    /// The pattern a PRU follows, if any.
    public func pattern(for site: String) -> TermPattern? {
        let id = siteGroups[site] ?? defaultGroup
        return groups.first { $0.id == id }
    }

    /// The day at a site of the given kind.
    public func status(of site: String, kind: SiteKind, on date: CalendarDate) -> DayStatus {
        if let holiday = bankHolidays.holiday(on: date) {
            return DayStatus(closure: Closure(kind: .bankHoliday, reason: holiday.label))
        }
        if let closed = closures.first(where: { $0.site == site && $0.span.contains(date) }) {
            return DayStatus(closure: Closure(kind: .closure, reason: closed.reason))
        }
        guard kind == .pru else {
            guard !hubsOpenInHolidays, let pattern = pattern(for: site) else { return DayStatus() }
            let term = termDay(date, in: pattern)
            return DayStatus(closure: term.holiday.map { Closure(kind: .schoolHoliday, reason: $0) }, assumption: term.assumption)
        }
        if inset[site]?.contains(date) == true { return DayStatus(closure: Closure(kind: .inset, reason: "INSET day")) }
        guard let pattern = pattern(for: site) else { return DayStatus() }
        let term = termDay(date, in: pattern)
        return DayStatus(closure: term.holiday.map { Closure(kind: .schoolHoliday, reason: $0) }, assumption: term.assumption)
    }

    /// Whether `date` is in term for the pattern (nil holiday) or which holiday it falls in, and the
    /// assumption made to say so.
    func termDay(_ date: CalendarDate, in pattern: TermPattern) -> (holiday: String?, assumption: String?) {
        guard let published = pattern.published else { return (nil, nil) }
        var day = date
        var assumption = pattern.assumption.map { "\(pattern.id) term dates are assumed: \($0)" }
        if !published.contains(date) {
            let step = 364
            let offset = date < published.first
                ? (published.first.dayNumber - date.dayNumber + step - 1) / step
                : -((date.dayNumber - published.last.dayNumber + step - 1) / step)
            day = date.adding(days: offset * step)
            let moved = "\(pattern.id) term dates for \(date.iso) are assumed: the published dates (\(pattern.source), to \(published.last.iso)) moved on \(abs(offset) * 52) weeks"
            assumption = [assumption, moved].compactMap { $0 }.joined(separator: "; ")
        }
        if pattern.terms.contains(where: { $0.span.contains(day) }) { return (nil, assumption) }
        let name = pattern.holidays.first { $0.span.contains(day) }?.name ?? "school holiday"
        return (name, assumption)
    }

    /// Everything the calendar decides, as text in a fixed order (dictionaries sorted by key): for
    /// fingerprints of results that depend on it.
    public var canonicalDescription: String {
        var parts = ["holidays \(bankHolidays.holidays.map { "\($0.date.iso) \($0.title)" }.joined(separator: ","))"]
        parts += groups.map { g in "group \(g.id) \(g.terms.map { "\($0.span)" }.joined(separator: ",")) | \(g.holidays.map { "\($0.name) \($0.span)" }.joined(separator: ",")) | \(g.assumption ?? "")" }
        parts.append("sites " + siteGroups.keys.sorted().map { "\($0)=\(siteGroups[$0] ?? "")" }.joined(separator: ","))
        parts.append("default \(defaultGroup ?? "")")
        parts.append("inset " + inset.keys.sorted().map { "\($0)=\((inset[$0] ?? []).map(\.iso).joined(separator: " "))" }.joined(separator: ","))
        parts.append("closures " + closures.map { "\($0.site) \($0.span) \($0.reason)" }.joined(separator: ","))
        parts.append("hubs open \(hubsOpenInHolidays)")
        return parts.joined(separator: "\n")
    }
}
