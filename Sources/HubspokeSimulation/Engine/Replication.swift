import Foundation
import HubspokeSupport
import HubspokeModel

/// One replication of one policy: a discrete-event simulation of referrals, waiting lists,
/// sessions, appointments, absences and drop-out, hour by hour from Monday 00:00 of week 0.
///
/// The parts, one file each: the weeks (sickness, the policy's allocation, booking sessions), the
/// referrals (arrivals, new children), the queues, the appointments, continuous service (the
/// queueing-theory checks) and the bookkeeping (the waiting-list integral and the end of the run).
struct Replication {
    let model: ServiceModel
    let settings: SimulationSettings
    let policy: any AllocationPolicy
    let weeks: Int
    let seed: UInt64
    let measureStart: Double
    let horizon: Double
    let R: Int

    var events = EventQueue()
    var now = 0.0
    var week = -1

    var arrivalStreams: [SeededRandom]
    var arrivalIdle: [Bool]
    var arrivalCount: [Int]
    var absenceStreams: [SeededRandom]
    var sickNow: [Bool]
    var sickDay: [[Bool]]          // [post][weekday] this week
    var leaveWeek: [[Bool]]        // [post][week]
    var closedWeek: [Bool]         // PRUs closed every weekday of the week

    var children: ChildTable
    var queues: [ChildQueue]

    /// This week's sessions, in booking order (an appointment event names its session by index).
    var sessions: [BookedSession] = []
    /// [post × 10 + half-day]: this week's booked sessions and their appointments still to come.
    var sessionsAhead: [SessionAhead]

    // Continuous service: the child each post is serving, or -1.
    var serving: [Int32]

    // Waiting-list integral.
    var waitingCount = 0
    var waitingSince = 0.0
    var waitingIntegral = 0.0

    var result: ReplicationResult
    /// Each referral's ethnicity, age band, gender and source, and the return's quarters.
    var referralTags: ReferralTags

    /// `returns`: the run's quarters and referral mix, worked out once for every replication (by default here);
    /// `collectingReturn`: whether referrals are tagged and the national return counted (`SimulationOptions.nationalReturn`).
    init(model: ServiceModel, policy: any AllocationPolicy, weeks: Int, replication: Int, seed: UInt64, returns: ReturnShape? = nil,
         collectingReturn: Bool = true) {
        self.model = model
        settings = model.settings
        self.policy = policy
        self.weeks = weeks
        self.seed = seed
        R = model.roleCount
        measureStart = Double(settings.warmUpWeeks) * ServiceModel.hoursPerWeek
        horizon = Double(weeks) * ServiceModel.hoursPerWeek
        arrivalStreams = (0..<model.siteCount).map { SeededRandom.stream(seed, .arrivals, $0) }
        arrivalIdle = Array(repeating: true, count: model.siteCount)
        arrivalCount = Array(repeating: 0, count: model.siteCount)
        absenceStreams = (0..<model.postCount).map { SeededRandom.stream(seed, .absences, $0) }
        sickNow = Array(repeating: false, count: model.postCount)
        sickDay = Array(repeating: Array(repeating: false, count: 5), count: model.postCount)
        children = ChildTable(roles: model.roleCount)
        queues = Array(repeating: ChildQueue(), count: model.siteCount * model.roleCount)
        serving = Array(repeating: -1, count: model.postCount)
        sessionsAhead = Array(repeating: SessionAhead(), count: model.postCount * 10)
        let start = model.scenario.startDate
        // A week the PRUs are closed throughout: by the simulation section's dates, or by the calendar.
        let prus = (0..<model.siteCount).filter { model.isPRU[$0] }
        closedWeek = (0..<weeks).map { w in
            (0..<5).allSatisfy { d in
                model.settings.isClosed(start.adding(days: w * 7 + d)) || (!prus.isEmpty && prus.allSatisfy { !model.days.isOpen(site: $0, week: w, weekday: d) })
            }
        }
        leaveWeek = []
        referralTags = ReferralTags(shape: returns ?? ReturnShape(model: model, weeks: weeks), seed: seed, sites: model.siteCount,
                                   collecting: collectingReturn)
        result = ReplicationResult(model: model, policy: policy.name, replication: replication, seed: seed,
                                   measuredWeeks: weeks - settings.warmUpWeeks, quarters: referralTags.shape.quarters.count)
        leaveWeek = (0..<model.postCount).map { drawLeave(post: $0) }
        for p in 0..<model.postCount { sickNow[p] = absenceStreams[p].chance(settings.sicknessShare) }
    }

    /// Whole weeks of leave for a post, year by year: in weeks when the PRUs are closed while there
    /// are enough of them, otherwise at random weeks.
    func drawLeave(post p: Int) -> [Bool] {
        var g = SeededRandom.stream(seed, .leave, p)
        var leave = Array(repeating: false, count: weeks)
        guard settings.leaveWeeksPerYear > 0 else { return leave }
        var y = 0
        while y * 52 < weeks {
            let span = (y * 52)..<min(weeks, y * 52 + 52)
            var closed = span.filter { closedWeek[$0] }
            var open = span.filter { !closedWeek[$0] }
            closed.shuffle(using: &g); open.shuffle(using: &g)
            let want = min(span.count, settings.leaveWeeksPerYear * span.count / 52 + (span.count == 52 ? 0 : 1))
            for w in (closed + open).prefix(want) { leave[w] = true }
            y += 1
        }
        return leave
    }

    // MARK: Running

    mutating func run() throws -> ReplicationResult {
        for group in settings.waitingList { addStartingList(group) }
        events.push(0, .weekStart, 0)
        while let e = events.pop() {
            if e.time >= horizon { break }
            now = e.time
            switch e.kind {
            case .weekStart: try startWeek(Int(e.a))
            case .arrival: arrive(site: Int(e.a))
            case .appointment: appointment(session: Int(e.a))
            case .dropOut: dropOut(Int(e.a))
            case .serviceEnd: serviceEnd(post: Int(e.a), child: Int(e.b))
            case .end: break
            }
        }
        now = horizon
        finish()
        return result
    }
}

/// A session booked this week: the post, the site, the length of one appointment in hours, and
/// the post's half-day (post × 10 + half-day, in `Replication.sessionsAhead`).
struct BookedSession {
    var post: Int32
    var site: Int32
    var appointmentHours: Double
    var slot: Int32
}
