import Foundation
import HubspokeSupport

/// Everything the planner needs to know about a service: where, who, when,
/// how far apart, what is asked for, and the rules and weights of the plan.
///
/// Sites, roles and posts keep the order in which the scenario file lists
/// them; every model and every output iterates them in that order.
public struct Scenario: Sendable {
    public var name: String
    public var description: String
    /// Monday of the first planned week.
    public var startDate: CalendarDate
    /// Planning horizon in weeks (1 by default).
    public var weeks: Int
    public var sessionTimes: SessionTimes
    public var rules: PlanningRules
    public var roles: [Role]
    public var sites: [Site]
    public var posts: [Post]
    public var travel: TravelMatrix
    public var demand: [DemandItem]
    public var pins: [SessionRule]
    public var forbids: [SessionRule]
    /// The link post of a PRU for a role (`links:`): the same face week after week, a soft rule.
    public var links: [LinkPost] = []
    /// Staff preferences (`preferences:`): sessions a post prefers or would avoid, each with a weight.
    public var preferences: [StaffPreference] = []
    /// Protected time (`protected:`): fixed commitments and flexible time at base, shown as their own entries.
    public var protected = ProtectedTime()
    /// The sections that layers above the model own, as they read them: `simulation:` (the
    /// simulator's `Scenario.simulation`) and `costs:` (the staffing tools' `Scenario.costs`).
    public var sections = ScenarioSections()
    /// Bank holidays, term dates, INSET days and closures (the `calendar:` section; without one, the
    /// shipped bank holidays and no term dates).
    public var calendar = ServiceCalendar()
    /// The file the scenario was read from ("<embedded kent-medway>" for the default).
    public var source: String
    /// Line of each field path ("posts[3].role") in the source file, for messages.
    public var fieldLines: [String: Int] = [:]

    public init(name: String, description: String = "", startDate: CalendarDate, weeks: Int = 1,
                sessionTimes: SessionTimes = .standard, rules: PlanningRules = PlanningRules(),
                roles: [Role], sites: [Site], posts: [Post], travel: TravelMatrix,
                demand: [DemandItem], pins: [SessionRule] = [], forbids: [SessionRule] = [], source: String = "<memory>") {
        self.name = name; self.description = description; self.startDate = startDate; self.weeks = weeks
        self.sessionTimes = sessionTimes; self.rules = rules; self.roles = roles; self.sites = sites
        self.posts = posts; self.travel = travel; self.demand = demand; self.pins = pins
        self.forbids = forbids; self.source = source
    }

    public func siteIndex(_ id: String) -> Int? { sites.firstIndex { $0.id == id } }
    public func roleIndex(_ id: String) -> Int? { roles.firstIndex { $0.id == id } }
    public func postIndex(_ id: String) -> Int? { posts.firstIndex { $0.id == id } }

    /// The date of a slot's day.
    public func date(of slot: Slot) -> CalendarDate { startDate.adding(days: slot.week * 7 + slot.weekday.rawValue) }

    /// Every slot of the horizon in order.
    public var slots: [Slot] {
        (0..<weeks).flatMap { w in HalfDay.all.map { Slot(week: w, weekday: $0.weekday, half: $0.half) } }
    }
}

public enum SiteKind: String, Sendable, Codable, CaseIterable {
    case hub, spoke, pru
}

public struct Coordinate: Sendable, Hashable, Codable {
    public var latitude: Double
    public var longitude: Double
    public init(latitude: Double, longitude: Double) { self.latitude = latitude; self.longitude = longitude }

    /// Great-circle distance in kilometres (haversine, mean Earth radius).
    public func kilometres(to other: Coordinate) -> Double {
        let r = 6371.0088
        let toRad = Double.pi / 180
        let dLat = (other.latitude - latitude) * toRad
        let dLon = (other.longitude - longitude) * toRad
        let a = sin(dLat / 2) * sin(dLat / 2) + cos(latitude * toRad) * cos(other.latitude * toRad) * sin(dLon / 2) * sin(dLon / 2)
        return 2 * r * asin(min(1, a.squareRoot()))
    }
}

public struct Site: Sendable, Hashable {
    public var id: String
    public var name: String
    public var kind: SiteKind
    /// For a PRU: the spoke it belongs to.
    public var spoke: String?
    public var town: String?
    public var address: String?
    public var location: Coordinate?
    /// How many visiting posts the site can host in one session.
    public var rooms: Int
    /// Pupils on roll, where known (used by the proportional policy).
    public var roll: Int?
    /// For a PRU: the group of term dates it follows (`calendar.terms`), if not the first group.
    public var termGroup: String?
    public init(id: String, name: String, kind: SiteKind, spoke: String? = nil, town: String? = nil,
                address: String? = nil, location: Coordinate? = nil, rooms: Int, roll: Int? = nil) {
        self.id = id; self.name = name; self.kind = kind; self.spoke = spoke; self.town = town
        self.address = address; self.location = location; self.rooms = rooms; self.roll = roll
    }
}

public struct Role: Sendable, Hashable {
    public var id: String
    public var name: String
    public init(id: String, name: String) { self.id = id; self.name = name }
}

/// A leave or absence: a whole day, or one half of it.
public struct Absence: Sendable, Hashable {
    public var date: CalendarDate
    public var half: Half?
    public var reason: String?
    public init(date: CalendarDate, half: Half? = nil, reason: String? = nil) { self.date = date; self.half = half; self.reason = reason }
    public func covers(_ date: CalendarDate, _ half: Half) -> Bool { self.date == date && (self.half == nil || self.half == half) }
}

public struct Post: Sendable, Hashable {
    public var id: String
    public var name: String?
    public var role: String
    /// Contracted sessions a week (10 = full time).
    public var sessionsPerWeek: Int
    /// Where the post is based; travel is counted from and back to here.
    public var base: String
    /// Half-days the post works, Monday AM first (10 entries).
    public var pattern: [Bool]
    public var absences: [Absence]
    /// Site ids the post may serve, in scenario order.
    public var serves: [String]
    public init(id: String, name: String? = nil, role: String, sessionsPerWeek: Int, base: String,
                pattern: [Bool] = Array(repeating: true, count: 10), absences: [Absence] = [], serves: [String]) {
        self.id = id; self.name = name; self.role = role; self.sessionsPerWeek = sessionsPerWeek; self.base = base
        self.pattern = pattern; self.absences = absences; self.serves = serves
    }

    public func works(_ halfDay: HalfDay) -> Bool { pattern[halfDay.index] }
    public func isAbsent(on date: CalendarDate, _ half: Half) -> Bool { absences.contains { $0.covers(date, half) } }
}

public enum Priority: String, Sendable, Codable, CaseIterable, Comparable {
    case urgent, high, routine
    public var rank: Int { switch self { case .urgent: 0; case .high: 1; case .routine: 2 } }
    public static func < (a: Priority, b: Priority) -> Bool { a.rank < b.rank }
}

/// Sessions requested at a site for a role. `week` is 1-based; nil means every week of the horizon.
public struct DemandItem: Sendable, Hashable {
    public var site: String
    public var role: String
    public var sessions: Int
    public var priority: Priority
    public var week: Int?
    /// Where the item was read, for messages.
    public var source: SourceRef?
    public init(site: String, role: String, sessions: Int, priority: Priority, week: Int? = nil, source: SourceRef? = nil) {
        self.site = site; self.role = role; self.sessions = sessions; self.priority = priority; self.week = week; self.source = source
    }
}

/// A post at a site on a given half-day: pinned (must happen) or forbidden (must not).
/// `week` is 1-based; nil means every week of the horizon.
public struct SessionRule: Sendable, Hashable, CustomStringConvertible {
    public var post: String
    public var site: String
    public var weekday: Weekday
    public var half: Half
    public var week: Int?
    public var source: SourceRef?
    public init(post: String, site: String, weekday: Weekday, half: Half, week: Int? = nil, source: SourceRef? = nil) {
        self.post = post; self.site = site; self.weekday = weekday; self.half = half; self.week = week; self.source = source
    }
    public var description: String {
        "\(post) at \(site) \(weekday.short) \(half.label)" + (week.map { " (week \($0))" } ?? "")
    }
}

public struct TimeOfDay: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var minutes: Int
    public init(minutes: Int) { self.minutes = minutes }
    public init?(_ text: String) {
        let p = text.split(separator: ":")
        guard p.count == 2, p[1].count == 2, let h = Int(p[0]), let m = Int(p[1]), (0..<24).contains(h), (0..<60).contains(m) else { return nil }
        minutes = h * 60 + m
    }
    public var description: String {
        let h = minutes / 60, m = minutes % 60
        return (h < 10 ? "0" : "") + "\(h):" + (m < 10 ? "0" : "") + "\(m)"
    }
    public static func < (a: TimeOfDay, b: TimeOfDay) -> Bool { a.minutes < b.minutes }
}

public struct SessionTimes: Sendable, Hashable {
    public var amStart: TimeOfDay, amEnd: TimeOfDay, pmStart: TimeOfDay, pmEnd: TimeOfDay
    public init(amStart: TimeOfDay, amEnd: TimeOfDay, pmStart: TimeOfDay, pmEnd: TimeOfDay) {
        self.amStart = amStart; self.amEnd = amEnd; self.pmStart = pmStart; self.pmEnd = pmEnd
    }
    public static let standard = SessionTimes(amStart: TimeOfDay(minutes: 9 * 60), amEnd: TimeOfDay(minutes: 12 * 60 + 30),
                                              pmStart: TimeOfDay(minutes: 13 * 60 + 30), pmEnd: TimeOfDay(minutes: 16 * 60 + 30))
    /// Minutes between the end of the morning and the start of the afternoon session.
    public var lunchMinutes: Int { pmStart.minutes - amEnd.minutes }
}

/// At least `sessions` sessions of each role at each PRU with open demand for it,
/// in every window of `weeks` consecutive weeks.
public struct MinimumPresence: Sendable, Hashable {
    public var sessions: Int
    public var weeks: Int
    public init(sessions: Int = 1, weeks: Int = 2) { self.sessions = sessions; self.weeks = weeks }
}

/// Weights of the objective terms. The objective is minimised.
public struct ObjectiveWeights: Sendable, Hashable {
    /// Penalty per unmet session, by priority.
    public var urgent: Double = 100
    public var high: Double = 40
    public var routine: Double = 10
    /// Weight of the fairness term: for each PRU and role, 100 × (share of its demand unmet)².
    public var fairness: Double = 0.5
    /// Penalty per session of the previous rota not kept (same post, site, weekday and half).
    public var continuity: Double = 3
    /// Penalty per minute of travel.
    public var travel: Double = 0.05
    /// Penalty per session of a role at a PRU given by a post other than the PRU's link post for it
    /// (`links:`). 2 is 40 minutes of driving, a fifth of an unmet routine session: the link post
    /// goes when it can, and another post covers when the link post is away or fully booked.
    public var link: Double = 2
    public init() {}
    public func unmet(_ p: Priority) -> Double { switch p { case .urgent: urgent; case .high: high; case .routine: routine } }
}

public struct PlanningRules: Sendable, Hashable {
    /// Longest drive allowed between a morning site and a different afternoon site.
    /// nil means the gap between the session times.
    public var lunchTravelMinutes: Int?
    /// Most sites a post visits in one day (1 or 2: a day has two sessions).
    public var maxSitesPerDay: Int = 2
    public var minimumPresence: MinimumPresence?
    public var weights = ObjectiveWeights()
    public init() {}
}

/// A PRU's named link post for a role: sessions of that role there by any other post cost `weights.link`.
public struct LinkPost: Sendable, Hashable {
    public var site: String
    public var role: String
    public var post: String
    public var source: SourceRef?
    public init(site: String, role: String, post: String, source: SourceRef? = nil) {
        self.site = site; self.role = role; self.post = post; self.source = source
    }
}

/// A post's preference: sessions it would like (`prefer`) or would rather not work (`avoid`), by
/// site and/or weekday and/or half. Each matching session worked counts `weight`: against the
/// objective for `avoid`, in its favour for `prefer`.
public struct StaffPreference: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable, CaseIterable { case prefer, avoid }
    public var post: String
    public var kind: Kind
    public var site: String?
    public var weekday: Weekday?
    public var half: Half?
    public var weight: Double
    public var source: SourceRef?
    public init(post: String, kind: Kind, site: String? = nil, weekday: Weekday? = nil, half: Half? = nil, weight: Double = 2, source: SourceRef? = nil) {
        self.post = post; self.kind = kind; self.site = site; self.weekday = weekday; self.half = half; self.weight = weight; self.source = source
    }

    /// Whether a session of the post at `site` on `weekday`'s `half` is one the preference names.
    public func matches(site s: String, weekday d: Weekday, half h: Half) -> Bool {
        (site == nil || site == s) && (weekday == nil || weekday == d) && (half == nil || half == h)
    }

    /// "PRU-DART", "Fri PM", "PRU-DART on Mon AM".
    public var what: String {
        let when = [weekday?.short, half?.label].compactMap { $0 }.joined(separator: " ")
        switch (site, when.isEmpty) {
        case (let s?, true): return s
        case (let s?, false): return "\(s) on \(when)"
        case (nil, _): return when
        }
    }
}

extension Scenario {
    /// The link post of `site` for `role`, if the scenario names one.
    public func linkPost(site: String, role: String) -> String? { links.first { $0.site == site && $0.role == role }?.post }
}

/// Where something was read: file, line and field path.
public struct SourceRef: Sendable, Hashable {
    public var file: String
    public var line: Int?
    public var field: String
    public init(file: String, line: Int?, field: String) { self.file = file; self.line = line; self.field = field }
    public func problem(_ message: String, field sub: String? = nil) -> InputProblem {
        InputProblem(file: file, line: line, field: sub.map { field.isEmpty ? $0 : "\(field).\($0)" } ?? field, message: message)
    }
}
