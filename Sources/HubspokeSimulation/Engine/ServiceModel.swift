import HubspokeModel

/// The scenario in index form for the simulator: who may work where, how far apart the sites
/// are, how many appointments a session holds, and when sessions start. Built once per run and
/// shared read-only by every replication and policy.
public struct ServiceModel: Sendable {
    public let scenario: Scenario
    public let settings: SimulationSettings
    public let siteCount: Int
    public let roleCount: Int
    public let postCount: Int
    public let postRole: [Int]
    public let postBase: [Int]
    /// [post][site]: the post may serve the site.
    public let eligible: [[Bool]]
    /// [site][site]: a morning at the first and an afternoon at the second fit the travel rules.
    public let dayFeasible: [[Bool]]
    public let rooms: [Int]
    public let isPRU: [Bool]
    /// Sessions a post works in a normal week (its contract).
    public let contract: [Int]
    /// Hours from Monday 00:00 to the start of each half-day (0...9), and each session's length in hours.
    public let sessionStart: [Double]
    public let sessionHours: [Double]
    /// The calendar day by day: open sites and bank holidays.
    public let days: ServiceDays

    public static let hoursPerWeek = 168.0

    /// `weeks`: the horizon the runs simulate (default the section's `weeks`), for which the
    /// calendar is worked out once; a later week is asked of the calendar itself.
    public init(_ scenario: Scenario, settings: SimulationSettings, weeks: Int? = nil) {
        self.scenario = scenario
        self.settings = settings
        siteCount = scenario.sites.count
        roleCount = scenario.roles.count
        postCount = scenario.posts.count
        postRole = scenario.posts.map { scenario.roleIndex($0.role)! }
        postBase = scenario.posts.map { scenario.siteIndex($0.base)! }
        eligible = scenario.posts.map { p in scenario.sites.map { p.serves.contains($0.id) } }
        let lunch = scenario.lunchTravelMinutes
        let twoSites = scenario.rules.maxSitesPerDay >= 2
        dayFeasible = scenario.sites.indices.map { a in
            scenario.sites.indices.map { b in a == b || (twoSites && scenario.travel[a, b] <= lunch) }
        }
        rooms = scenario.sites.map(\.rooms)
        isPRU = scenario.sites.map { $0.kind == .pru }
        contract = scenario.posts.map(\.sessionsPerWeek)
        days = ServiceDays(scenario, weeks: max(1, weeks ?? settings.weeks))
        let t = scenario.sessionTimes
        sessionStart = HalfDay.all.map { hd in
            Double(hd.weekday.rawValue) * 24 + Double((hd.half == .am ? t.amStart : t.pmStart).minutes) / 60
        }
        sessionHours = HalfDay.all.map { hd in
            Double(hd.half == .am ? t.amEnd.minutes - t.amStart.minutes : t.pmEnd.minutes - t.pmStart.minutes) / 60
        }
    }

    /// Travel minutes and road kilometres of a post's day: base, morning site, afternoon site, base.
    public func dayTravel(post p: Int, am: Int?, pm: Int?) -> (minutes: Int, kilometres: Double) {
        scenario.travel.day(base: postBase[p], am: am, pm: pm)
    }

    /// Whether the post can work this half-day in a normal week (its pattern).
    public func works(post p: Int, halfDay hd: Int) -> Bool { scenario.posts[p].pattern[hd] }
}
