import HubspokeModel

/// How referrals arrive and are served, for `hubspoke simulate`: the `simulation:` section of a scenario.
///
/// Site, role and post references are kept as indices into the scenario's lists (checked when read),
/// so the simulator never looks anything up by name.
public struct SimulationSettings: Sendable, Hashable {
    /// How posts serve children.
    public enum Service: String, Sendable, Hashable, CaseIterable {
        /// Each week a policy places posts at sites, half-day session by session; a session holds a
        /// set number of appointments for its role, and a child has at most one session per role a week.
        case sessions
        /// A check against queueing theory: every post serves its base site around the clock, one
        /// child after another, each appointment lasting an exponential time (`appointmentHours` on average).
        case continuous
    }

    /// A kind of referral: the role that assesses first, then the sessions of each role that follow.
    public struct NeedProfile: Sendable, Hashable {
        public var name: String
        /// Relative frequency among referrals.
        public var weight: Double
        /// Role index of the first session (the assessment).
        public var assessment: Int
        /// Sessions after the assessment, by role index (in role order, roles with none left out).
        public var sessions: [RoleCount]
        public init(name: String, weight: Double, assessment: Int, sessions: [RoleCount]) {
            self.name = name; self.weight = weight; self.assessment = assessment; self.sessions = sessions
        }
    }

    public struct RoleCount: Sendable, Hashable {
        public var role: Int
        public var count: Int
        public init(role: Int, count: Int) { self.role = role; self.count = count }
    }

    /// Children already waiting at a site when the simulation starts; their referral dates are spread
    /// evenly over the `oldestWeeks` before the start.
    public struct WaitingGroup: Sendable, Hashable {
        public var site: Int
        public var children: Int
        public var oldestWeeks: Double
        public init(site: Int, children: Int, oldestWeeks: Double) { self.site = site; self.children = children; self.oldestWeeks = oldestWeeks }
    }

    /// Dates (inclusive) when PRUs are closed: school holidays and half terms.
    public struct Closure: Sendable, Hashable {
        public var first: CalendarDate
        public var last: CalendarDate
        public init(first: CalendarDate, last: CalendarDate) { self.first = first; self.last = last }
        public func contains(_ d: CalendarDate) -> Bool { first <= d && d <= last }
    }

    public var service: Service = .sessions
    /// Default number of weeks for `hubspoke simulate`.
    public var weeks: Int = 52
    /// Mean referrals a week, per site index (Poisson arrivals).
    public var referralsPerWeek: [Double]
    /// Share of referrals by priority: urgent, high, routine (sums to 1).
    public var priorityMix: [Double] = [0.1, 0.3, 0.6]
    public var needs: [NeedProfile]
    /// Appointments one session holds, per role index.
    public var appointmentsPerSession: [Int]
    /// Continuous service only: mean appointment length in hours.
    public var appointmentHours: Double = 1
    /// Chance a booked child does not attend.
    public var didNotAttend: Double = 0.1
    /// Chance a week that a child on the list (waiting or in treatment) disengages and leaves.
    public var dropOutPerWeek: Double = 0.01
    /// Share of working days lost to sickness, and the mean length of a spell in working days.
    public var sicknessShare: Double = 0.045
    public var sicknessSpellDays: Double = 4
    /// Whole weeks of leave a post takes a year, at random weeks (on top of dated leave in `posts`).
    public var leaveWeeksPerYear: Int = 0
    public var closures: [Closure] = []
    /// Referral rate multiplier for weeks when PRUs are closed all week.
    public var closedWeekReferralFactor: Double = 0.25
    /// Referral rate multipliers by week of the simulation, repeating (empty: no variation).
    public var weeklyReferralFactors: [Double] = []
    public var waitingList: [WaitingGroup] = []
    /// Weeks run before statistics are collected.
    public var warmUpWeeks: Int = 0
    /// How much the policies weigh continuity of practitioner (a child seen again by the post that
    /// first saw it for a role); 0 turns it off. The optimal policy makes the post most of a site's
    /// waiting children are bound to that site's link post for the week, and each session of the
    /// role there by another post costs this weight (the planner's `weights.link`); 2, as that
    /// default, is 40 minutes of driving, a fifth of an unmet routine session. The greedy policy,
    /// whenever this is above 0, swaps posts of a role between the sites it chose so that more of
    /// them meet the children bound to them.
    public var continuityWeight: Double = 2

    public init(referralsPerWeek: [Double], needs: [NeedProfile], appointmentsPerSession: [Int]) {
        self.referralsPerWeek = referralsPerWeek; self.needs = needs; self.appointmentsPerSession = appointmentsPerSession
    }

    /// Whether PRUs are closed on a date.
    public func isClosed(_ date: CalendarDate) -> Bool { closures.contains { $0.contains(date) } }
}
