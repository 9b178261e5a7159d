import Foundation
import HubspokeSupport
import HubspokeModel

/// A queue of children for one role at one site, in service order: priority, then referral time,
/// then arrival order. Children who no longer need the role are removed lazily when met.
struct ChildQueue {
    var items: [Int32] = []
    var head = 0

    var isEmpty: Bool { head == items.count }

    mutating func remove(at i: Int) {
        if i == head {
            head += 1
            if head > 64 && head * 2 > items.count { items.removeFirst(head); head = 0 }
        } else {
            items.remove(at: i)
        }
    }
}

/// One replication of one policy: a discrete-event simulation of referrals, waiting lists,
/// sessions, appointments, absences and drop-out, hour by hour from Monday 00:00 of week 0.
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

    // Children, stored by field.
    var cSite: [Int32] = []
    var cPriority: [UInt8] = []
    var cReferred: [Double] = []
    var cFirstSeen: [Double] = []
    var cLeftWaiting: [Double] = []  // when the child stopped waiting for a first session (seen or dropped out), or -1
    var cState: [UInt8] = []       // 0 waiting for a first session, 1 in treatment, 2 completed, 3 dropped out
    var cAssess: [Int16] = []
    var cPending: [Int16] = []     // roles still to be seen (the assessment counts as one)
    var cRemaining: [Int16] = []   // [child * R + role] sessions still needed after the assessment
    var cLastWeek: [Int32] = []    // [child * R + role] last week with a session booked
    var cQuarter: [Int16] = []     // [child * R + role] last quarter counted in the return, plus 1
    var cStream: [SeededRandom] = []
    var cMeasured: [Bool] = []     // referred in the measured period

    var queues: [ChildQueue]

    // This week's sessions.
    var sessPost: [Int32] = []
    var sessSite: [Int32] = []
    var sessStart: [Double] = []
    var sessLength: [Double] = []  // one appointment
    var sessHalfDay: [Int8] = []

    // Continuous service: the child each post is serving, or -1.
    var serving: [Int32]

    // Waiting-list integral.
    var waitingCount = 0
    var waitingSince = 0.0
    var waitingIntegral = 0.0

    var result: ReplicationResult

    init(model: ServiceModel, policy: any AllocationPolicy, weeks: Int, replication: Int, seed: UInt64) {
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
        queues = Array(repeating: ChildQueue(), count: model.siteCount * model.roleCount)
        serving = Array(repeating: -1, count: model.postCount)
        let start = model.scenario.startDate
        closedWeek = (0..<weeks).map { w in (0..<5).allSatisfy { model.settings.isClosed(start.adding(days: w * 7 + $0)) } }
        leaveWeek = []
        result = ReplicationResult(policy: policy.name, replication: replication, seed: seed)
        let measured = weeks - settings.warmUpWeeks
        let quarters = max(1, (measured + 12) / 13)
        result.weeks = measured
        result.postBooked = Array(repeating: 0, count: model.postCount)
        result.postCapacity = Array(repeating: 0, count: model.postCount)
        result.siteReferrals = Array(repeating: 0, count: model.siteCount)
        result.siteWaitSum = Array(repeating: 0, count: model.siteCount)
        result.siteWaits = Array(repeating: 0, count: model.siteCount)
        result.siteEligibleFor4Weeks = Array(repeating: 0, count: model.siteCount)
        result.siteSeenWithin4Weeks = Array(repeating: 0, count: model.siteCount)
        result.postTravelKilometres = Array(repeating: 0, count: model.postCount)
        result.quarterReferrals = Array(repeating: Array(repeating: Array(repeating: 0, count: R + 1), count: model.siteCount), count: quarters)
        result.quarterSeen = Array(repeating: Array(repeating: Array(repeating: 0, count: R), count: model.siteCount), count: quarters)
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

    // MARK: Weeks

    mutating func startWeek(_ w: Int) throws {
        week = w
        let weekStart = Double(w) * ServiceModel.hoursPerWeek
        if w + 1 < weeks { events.push(weekStart + ServiceModel.hoursPerWeek, .weekStart, Int32(w + 1)) }
        for s in 0..<model.siteCount where arrivalIdle[s] { scheduleArrival(site: s, from: weekStart) }
        drawSickness()
        let measured = w >= settings.warmUpWeeks
        if measured { result.waitingByWeek.append(waitingCount) }
        guard settings.service == .sessions else { return }
        let state = weekState()
        let allocation = try policy.allocate(state, model: model)
        placeSessions(allocation, state: state, measured: measured)
    }

    /// Sickness for the week's working days: a spell starts or ends each day, so that the long-run
    /// share of days lost is `sicknessShare` and spells last `sicknessSpellDays` on average.
    mutating func drawSickness() {
        let share = settings.sicknessShare
        let end = 1 / settings.sicknessSpellDays
        let start = share <= 0 ? 0 : min(1, share * end / max(1e-9, 1 - share))
        for p in 0..<model.postCount {
            for d in 0..<5 {
                if sickNow[p] { if absenceStreams[p].chance(end) { sickNow[p] = false } }
                else if absenceStreams[p].chance(start) { sickNow[p] = true }
                sickDay[p][d] = sickNow[p]
            }
        }
    }

    func weekState() -> WeekState {
        let monday = model.scenario.startDate.adding(days: week * 7)
        let available = (0..<model.postCount).map { p in
            (0..<10).map { hd in
                let h = HalfDay.all[hd]
                return model.works(post: p, halfDay: hd) && !leaveWeek[p][week]
                    && !model.scenario.posts[p].isAbsent(on: monday.adding(days: h.weekday.rawValue), h.half)
            }
        }
        let open = (0..<model.siteCount).map { s in
            (0..<10).map { hd in !model.isPRU[s] || !settings.isClosed(monday.adding(days: hd / 2)) }
        }
        var waiting = Array(repeating: Array(repeating: Array(repeating: 0, count: 3), count: R), count: model.siteCount)
        var waits = Array(repeating: Array(repeating: [Double](), count: R), count: model.siteCount)
        for s in 0..<model.siteCount {
            for r in 0..<R {
                let q = queues[s * R + r]
                for i in q.head..<q.items.count {
                    let c = Int(q.items[i])
                    guard needs(c, r) else { continue }
                    waiting[s][r][Int(cPriority[c])] += 1
                    waits[s][r].append((now - cReferred[c]) / 24)
                }
                waits[s][r].sort(by: >)
            }
        }
        return WeekState(week: week, monday: monday, available: available, open: open, waiting: waiting, waits: waits)
    }

    /// Checks the policy's allocation against every rule, then books the sessions that pass.
    mutating func placeSessions(_ allocation: WeekAllocation, state: WeekState, measured: Bool) {
        sessPost.removeAll(keepingCapacity: true); sessSite.removeAll(keepingCapacity: true)
        sessStart.removeAll(keepingCapacity: true); sessLength.removeAll(keepingCapacity: true)
        sessHalfDay.removeAll(keepingCapacity: true)
        var rooms = Array(repeating: Array(repeating: 0, count: 10), count: model.siteCount)
        var placed = Array(repeating: Array(repeating: 0, count: R), count: model.siteCount)
        let weekStart = Double(week) * ServiceModel.hoursPerWeek
        for p in 0..<model.postCount {
            let r = model.postRole[p]
            let per = settings.appointmentsPerSession[r]
            var used = 0
            var kept: [Int?] = Array(repeating: nil, count: 10)
            for hd in 0..<10 {
                guard let s = allocation.site[p][hd] else { continue }
                let valid = s >= 0 && s < model.siteCount && state.available[p][hd] && model.eligible[p][s] && state.open[s][hd]
                    && rooms[s][hd] < model.rooms[s] && used < model.contract[p]
                    && (hd & 1 == 0 || kept[hd - 1].map { model.dayFeasible[$0][s] } ?? true)
                guard valid else { if measured { result.invalidSessions += 1 }; continue }
                kept[hd] = s
                rooms[s][hd] += 1
                used += 1
                placed[s][r] += 1
                if measured { result.sessionsAllocated += 1 }
                if sickDay[p][hd / 2] {
                    if measured { result.sessionsLostToSickness += 1 }
                    continue
                }
                let length = model.sessionHours[hd] / Double(per)
                let start = weekStart + model.sessionStart[hd]
                let id = Int32(sessPost.count)
                sessPost.append(Int32(p)); sessSite.append(Int32(s)); sessStart.append(start)
                sessLength.append(length); sessHalfDay.append(Int8(hd))
                for k in 0..<per { events.push(start + Double(k) * length, .appointment, id) }
            }
            guard measured else { continue }
            // Capacity: the sessions the post could have worked this week (contract, availability, sickness).
            let workable = (0..<10).filter { state.available[p][$0] && !sickDay[p][$0 / 2] }.count
            result.postCapacity[p] += min(model.contract[p], workable) * per
            for d in 0..<5 where !sickDay[p][d] {
                let (a, b) = (kept[2 * d], kept[2 * d + 1])
                if a == nil && b == nil { continue }
                let t = model.dayTravel(post: p, am: a, pm: b)
                result.travelMinutes += t.minutes
                result.travelKilometres += t.kilometres
                result.postTravelKilometres[p] += t.kilometres
            }
        }
        guard measured else { return }
        // Demand at a site closed all week (school holidays) is not counted as unmet.
        for s in 0..<model.siteCount where state.open[s].contains(true) {
            for r in 0..<R {
                let need = (state.children(site: s, role: r) + settings.appointmentsPerSession[r] - 1) / settings.appointmentsPerSession[r]
                result.unmetSessions += max(0, need - placed[s][r])
            }
        }
    }

    // MARK: Referrals

    func referralRate(site s: Int, week w: Int) -> Double {
        var rate = settings.referralsPerWeek[s]
        if !settings.weeklyReferralFactors.isEmpty { rate *= settings.weeklyReferralFactors[w % settings.weeklyReferralFactors.count] }
        if w < weeks && closedWeek[w] { rate *= settings.closedWeekReferralFactor }
        return rate
    }

    /// The next referral at a site after `t`, at this week's rate; if none falls in this week, the site
    /// waits for the next week's rate (exact for rates that change weekly, as the process is memoryless).
    mutating func scheduleArrival(site s: Int, from t: Double) {
        let w = Int(t / ServiceModel.hoursPerWeek)
        let rate = referralRate(site: s, week: w) / ServiceModel.hoursPerWeek
        arrivalIdle[s] = true
        guard rate > 0 else { return }
        let next = t + arrivalStreams[s].exponential(rate: rate)
        if next < Double(w + 1) * ServiceModel.hoursPerWeek {
            events.push(next, .arrival, Int32(s))
            arrivalIdle[s] = false
        }
    }

    mutating func arrive(site s: Int) {
        var g = arrivalStreams[s]
        let c = newChild(site: s, referred: now, stream: &g)
        arrivalStreams[s] = g
        arrivalCount[s] += 1
        if now >= measureStart {
            cMeasured[c] = true
            result.referrals += 1
            result.siteReferrals[s] += 1
            let q = quarter(now)
            result.quarterReferrals[q][s][R] += 1
            result.quarterReferrals[q][s][Int(cAssess[c])] += 1
            for r in 0..<R where r != Int(cAssess[c]) && cRemaining[c * R + r] > 0 { result.quarterReferrals[q][s][r] += 1 }
        }
        scheduleArrival(site: s, from: now)
        if settings.service == .continuous { dispatch(site: s, role: Int(cAssess[c])) }
    }

    mutating func addStartingList(_ group: SimulationSettings.WaitingGroup) {
        var g = SeededRandom.stream(seed, .initialList, group.site)
        for i in 0..<group.children {
            let age = group.oldestWeeks * ServiceModel.hoursPerWeek * (Double(i) + 0.5) / Double(group.children)
            _ = newChild(site: group.site, referred: -age, stream: &g)
            result.initialList += 1
        }
    }

    /// Creates a child with a priority, need profile, drop-out time and own stream, all drawn from `g`
    /// with the same number of draws whatever happens later, and puts it on the assessment queue.
    mutating func newChild(site s: Int, referred: Double, stream g: inout SeededRandom) -> Int {
        let c = cSite.count
        let u = g.unit()
        let priority = u < settings.priorityMix[0] ? 0 : (u < settings.priorityMix[0] + settings.priorityMix[1] ? 1 : 2)
        let profile = pickProfile(g.unit())
        let dropU = g.unit()
        let childSeed = g.next()
        cSite.append(Int32(s)); cPriority.append(UInt8(priority)); cReferred.append(referred)
        cFirstSeen.append(-1); cLeftWaiting.append(-1); cState.append(0); cAssess.append(Int16(profile.assessment))
        cStream.append(SeededRandom(seed: childSeed)); cMeasured.append(false)
        cPending.append(Int16(1 + profile.sessions.count))
        for _ in 0..<R { cRemaining.append(0); cLastWeek.append(-1); cQuarter.append(0) }
        for rc in profile.sessions { cRemaining[c * R + rc.role] = Int16(rc.count) }
        result.arrived += 1
        touchWaiting(); waitingCount += 1
        enqueue(c, role: profile.assessment)
        if settings.dropOutPerWeek > 0 {
            let hazard = -Foundation.log(1 - settings.dropOutPerWeek) / ServiceModel.hoursPerWeek
            let at = max(now, referred) + -Foundation.log(1 - dropU) / hazard
            if at < horizon { events.push(at, .dropOut, Int32(c)) }
        }
        return c
    }

    func pickProfile(_ u: Double) -> SimulationSettings.NeedProfile {
        let total = settings.needs.reduce(0) { $0 + $1.weight }
        var x = u * total
        for n in settings.needs where n.weight > 0 {
            if x < n.weight { return n }
            x -= n.weight
        }
        return settings.needs.last { $0.weight > 0 }!
    }

    // MARK: Queues

    /// Whether child `c` still needs a session of role `r`.
    func needs(_ c: Int, _ r: Int) -> Bool {
        switch cState[c] {
        case 0: return Int(cAssess[c]) == r
        case 1: return cRemaining[c * R + r] > 0
        default: return false
        }
    }

    func before(_ a: Int, _ b: Int) -> Bool {
        (cPriority[a], cReferred[a], a) < (cPriority[b], cReferred[b], b)
    }

    mutating func enqueue(_ c: Int, role r: Int) {
        let k = Int(cSite[c]) * R + r
        var lo = queues[k].head, hi = queues[k].items.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if before(Int(queues[k].items[mid]), c) { lo = mid + 1 } else { hi = mid }
        }
        queues[k].items.insert(Int32(c), at: lo)
    }

    /// The first child in service order at site `s` who needs role `r` and has no session of it this
    /// week yet; children who no longer need the role are dropped from the queue on the way.
    mutating func nextChild(site s: Int, role r: Int, oncePerWeek: Bool) -> (child: Int, index: Int)? {
        let k = s * R + r
        var i = queues[k].head
        while i < queues[k].items.count {
            let c = Int(queues[k].items[i])
            if !needs(c, r) {
                // Removing the head moves the head (and may compact the array): continue from the new head.
                let wasHead = i == queues[k].head
                queues[k].remove(at: i)
                if wasHead { i = queues[k].head }
                continue
            }
            if !oncePerWeek || cLastWeek[c * R + r] != Int32(week) { return (c, i) }
            i += 1
        }
        return nil
    }

    // MARK: Appointments

    mutating func appointment(session i: Int) {
        let p = Int(sessPost[i]), s = Int(sessSite[i])
        let r = model.postRole[p]
        let measured = now >= measureStart
        guard let (c, index) = nextChild(site: s, role: r, oncePerWeek: true) else {
            if measured { result.appointmentsUnused += 1 }
            return
        }
        cLastWeek[c * R + r] = Int32(week)
        if measured { result.postBooked[p] += 1 }
        if cStream[c].chance(settings.didNotAttend) {
            if measured { result.appointmentsMissed += 1 }
            return
        }
        if measured { result.appointmentsAttended += 1 }
        attended(c, role: r, queueIndex: index, end: now + sessLength[i])
    }

    /// A child attended a session of role `r` that ends at `end`.
    mutating func attended(_ c: Int, role r: Int, queueIndex: Int?, end: Double) {
        let s = Int(cSite[c])
        if now >= measureStart {
            let q = quarter(now)
            if cQuarter[c * R + r] != Int16(q + 1) {
                cQuarter[c * R + r] = Int16(q + 1)
                result.quarterSeen[q][s][r] += 1
            }
        }
        let k = s * R + r
        if cState[c] == 0 {
            // The assessment: the child's first session.
            touchWaiting(); waitingCount -= 1
            cLeftWaiting[c] = now
            cFirstSeen[c] = now
            cState[c] = 1
            cPending[c] -= 1
            if cMeasured[c] {
                let wait = (now - cReferred[c]) / 24
                result.seen += 1
                result.waits.append(wait)
                result.siteWaitSum[s] += wait
                result.siteWaits[s] += 1
            }
            if cRemaining[c * R + r] == 0, let i = queueIndex { queues[k].remove(at: i) }
            if queueIndex != nil {
                for t in 0..<R where t != r && cRemaining[c * R + t] > 0 { enqueue(c, role: t) }
            }
        } else {
            cRemaining[c * R + r] -= 1
            if cRemaining[c * R + r] == 0 {
                cPending[c] -= 1
                if let i = queueIndex { queues[k].remove(at: i) }
            }
        }
        if cPending[c] == 0 { cState[c] = 2 }
    }

    mutating func dropOut(_ c: Int) {
        switch cState[c] {
        case 0:
            touchWaiting(); waitingCount -= 1
            cLeftWaiting[c] = now
            cState[c] = 3
        case 1: cState[c] = 3
        default: break
        }
    }

    // MARK: Continuous service (queueing-theory checks)

    /// Starts service for waiting children at site `s` and role `r` while a post based there is free.
    mutating func dispatch(site s: Int, role r: Int) {
        for p in 0..<model.postCount where serving[p] < 0 && model.postBase[p] == s && model.postRole[p] == r {
            guard let (c, index) = nextChild(site: s, role: r, oncePerWeek: false) else { return }
            queues[s * R + r].remove(at: index)
            serving[p] = Int32(c)
            let length = cStream[c].exponential(rate: 1 / settings.appointmentHours)
            if now >= measureStart { result.postBooked[p] += 1; result.appointmentsAttended += 1 }
            // The wait ends when service starts; the child leaves this role's queue until it ends.
            attended(c, role: r, queueIndex: nil, end: now + length)
            events.push(now + length, .serviceEnd, Int32(p), Int32(c))
        }
    }

    /// A continuous-service appointment ends: the child queues for whatever it still needs, and the
    /// post takes the next child.
    mutating func serviceEnd(post p: Int, child c: Int) {
        serving[p] = -1
        let s = Int(cSite[c])
        for t in 0..<R where needs(c, t) {
            enqueue(c, role: t)
            if t != model.postRole[p] { dispatch(site: s, role: t) }
        }
        dispatch(site: model.postBase[p], role: model.postRole[p])
    }

    // MARK: Bookkeeping

    func quarter(_ t: Double) -> Int {
        let w = Int((t - measureStart) / ServiceModel.hoursPerWeek)
        return min(result.quarterReferrals.count - 1, max(0, w / 13))
    }

    /// Adds the waiting list's size times the time since the last change to the integral (measured period only).
    mutating func touchWaiting() {
        let from = max(waitingSince, measureStart)
        if now > from { waitingIntegral += Double(waitingCount) * (now - from) }
        waitingSince = now
    }

    mutating func finish() {
        touchWaiting()
        let span = horizon - measureStart
        result.waitingTimeAverage = span > 0 ? waitingIntegral / span : 0
        // Little's law from the children's side: everyone on the waiting list at some time in the
        // measured period, and how long each stayed on it within the period (open waits up to the end).
        var counted = 0
        var time = 0.0
        for c in 0..<cState.count {
            let left = cLeftWaiting[c] >= 0 ? cLeftWaiting[c] : horizon
            guard left > measureStart || cReferred[c] >= measureStart else { continue }
            counted += 1
            time += left - max(cReferred[c], measureStart)
        }
        let weeksSpan = span / ServiceModel.hoursPerWeek
        result.littleArrivalRate = weeksSpan > 0 ? Double(counted) / weeksSpan : 0
        result.littleMeanWait = counted > 0 ? time / Double(counted) / ServiceModel.hoursPerWeek : 0
        // Children referred in the measured period but never seen (still waiting, or dropped out while
        // waiting) count with the time they waited, so a policy that leaves children unseen does not
        // look faster for it.
        for c in 0..<cState.count where cMeasured[c] && cFirstSeen[c] < 0 {
            let wait = ((cLeftWaiting[c] >= 0 ? cLeftWaiting[c] : horizon) - cReferred[c]) / 24
            let s = Int(cSite[c])
            result.waits.append(wait)
            result.siteWaitSum[s] += wait
            result.siteWaits[s] += 1
        }
        result.sortedWaits = result.waits.sorted()
        result.pruMeanWaits = (0..<model.siteCount).filter { model.isPRU[$0] && result.siteWaits[$0] > 0 }
            .map { result.siteWaitSum[$0] / Double(result.siteWaits[$0]) }
        for c in 0..<cState.count {
            switch cState[c] {
            case 0: result.waitingAtEnd += 1
            case 1: result.inTreatmentAtEnd += 1
            case 2: result.completed += 1
            default: result.droppedOut += 1
            }
            if cMeasured[c] && cReferred[c] <= horizon - 28 * 24 {
                result.eligibleFor4Weeks += 1
                result.siteEligibleFor4Weeks[Int(cSite[c])] += 1
                if cFirstSeen[c] >= 0 && cFirstSeen[c] - cReferred[c] <= 28 * 24 {
                    result.seenWithin4Weeks += 1
                    result.siteSeenWithin4Weeks[Int(cSite[c])] += 1
                }
            }
        }
    }
}
