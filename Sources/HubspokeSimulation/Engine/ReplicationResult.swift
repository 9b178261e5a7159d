/// What one replication of one policy measured, over the weeks after the warm-up.
public struct ReplicationResult: Sendable {
    public var policy: String
    public var replication: Int
    public var seed: UInt64

    // Referrals and waits (children referred in the measured period).
    public var referrals = 0
    public var seen = 0
    /// Days from referral to first session, of each child referred in the measured period; a child
    /// never seen counts the days it waited (to the end, or to dropping out).
    public var waits: [Double] = []
    /// The same, sorted once at the end of the run for the percentiles.
    public var sortedWaits: [Double] = []
    public var eligibleFor4Weeks = 0
    public var seenWithin4Weeks = 0

    // Sessions and appointments.
    public var sessionsAllocated = 0
    public var sessionsLostToSickness = 0
    public var invalidSessions = 0
    public var unmetSessions = 0
    public var appointmentsAttended = 0
    public var appointmentsMissed = 0
    public var appointmentsUnused = 0
    public var travelMinutes = 0
    public var travelKilometres = 0.0
    /// Attended sessions of a role after a child's first of that role, and those of them given by
    /// the post of that first session (the same practitioner).
    public var followUpSessions = 0
    public var followUpsWithSamePost = 0

    // Per post: appointments booked, and appointment capacity of the sessions it could work.
    public var postBooked: [Int] = []
    public var postCapacity: [Int] = []

    // Per site: referrals, and the sum and count of waits (as `waits`).
    public var siteReferrals: [Int] = []
    public var siteWaitSum: [Double] = []
    public var siteWaits: [Int] = []
    /// Per site: children referred in the measured period at least 4 weeks before the end, and those
    /// of them seen within 4 weeks (the seen_within_4_weeks KPI, site by site).
    public var siteEligibleFor4Weeks: [Int] = []
    public var siteSeenWithin4Weeks: [Int] = []
    /// Per post: road kilometres driven on the days it worked (base, sites, base), measured weeks only.
    public var postTravelKilometres: [Double] = []
    /// Mean wait (days) at each PRU with referrals in the measured period.
    public var pruMeanWaits: [Double] = []

    /// Quarterly return: referrals[quarter][site][role] (referrals whose needs include the role; the
    /// last entry counts every referral) and seen[quarter][site][role] (children with an attended
    /// session of the role in the quarter).
    public var quarterReferrals: [[[Int]]] = []
    public var quarterSeen: [[[Int]]] = []
    /// The national return and the equity figures, as this policy's part of the record (`ReturnShape`).
    var returnValues: [Double] = []

    /// Children waiting for a first session at the start of each measured week.
    public var waitingByWeek: [Int] = []
    /// Time-average of the waiting list (children awaiting a first session) over the measured period,
    /// from the event-by-event integral.
    public var waitingTimeAverage = 0.0
    /// Little's law, the other side: arrivals per week × mean weeks spent waiting (a wait still open at
    /// the end counts up to the end), over the measured period.
    public var littleArrivalRate = 0.0
    public var littleMeanWait = 0.0

    // Accounting over the whole run, warm-up and starting list included.
    public var arrived = 0
    public var initialList = 0
    public var completed = 0
    public var droppedOut = 0
    public var waitingAtEnd = 0
    public var inTreatmentAtEnd = 0

    /// Measured weeks.
    public var weeks = 0
}

extension ReplicationResult {
    /// An empty result for a replication of `measuredWeeks` measured weeks in `quarters` financial
    /// quarters, every per-post, per-site and per-quarter count sized for `model`.
    init(model: ServiceModel, policy: String, replication: Int, seed: UInt64, measuredWeeks: Int, quarters: Int) {
        self.init(policy: policy, replication: replication, seed: seed)
        let R = model.roleCount, sites = model.siteCount, posts = model.postCount
        weeks = measuredWeeks
        postBooked = Array(repeating: 0, count: posts)
        postCapacity = Array(repeating: 0, count: posts)
        postTravelKilometres = Array(repeating: 0, count: posts)
        siteReferrals = Array(repeating: 0, count: sites)
        siteWaitSum = Array(repeating: 0, count: sites)
        siteWaits = Array(repeating: 0, count: sites)
        siteEligibleFor4Weeks = Array(repeating: 0, count: sites)
        siteSeenWithin4Weeks = Array(repeating: 0, count: sites)
        quarterReferrals = Array(repeating: Array(repeating: Array(repeating: 0, count: R + 1), count: sites), count: quarters)
        quarterSeen = Array(repeating: Array(repeating: Array(repeating: 0, count: R), count: sites), count: quarters)
    }
}
