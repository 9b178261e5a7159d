import HubspokeModel
import HubspokeSupport

// The weeks: each Monday the week's sickness is drawn, the policy allocates the posts' sessions to
// sites, and the sessions that keep every rule are booked.
extension Replication {
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
                    && !model.days.isBankHoliday(week: week, weekday: hd / 2)
            }
        }
        // The calendar's closures, and the simulation section's own closed dates for the PRUs.
        let open = (0..<model.siteCount).map { s in
            (0..<10).map { hd in
                model.days.isOpen(site: s, week: week, weekday: hd / 2) && (!model.isPRU[s] || !settings.isClosed(monday.adding(days: hd / 2)))
            }
        }
        var waiting = Array(repeating: Array(repeating: Array(repeating: 0, count: 3), count: R), count: model.siteCount)
        var waits = Array(repeating: Array(repeating: [Double](), count: R), count: model.siteCount)
        var caseloads = CaseloadCounter(posts: model.postCount)
        for s in 0..<model.siteCount {
            for r in 0..<R {
                let q = queues[s * R + r]
                for i in q.head..<q.items.count {
                    let c = Int(q.items[i])
                    guard children.needs(c, r) else { continue }
                    waiting[s][r][Int(children.priority[c])] += 1
                    waits[s][r].append((now - children.referred[c]) / 24)
                    if children.boundPost[c, r] >= 0 { caseloads.count(post: Int(children.boundPost[c, r])) }
                }
                waits[s][r].sort(by: >)
            }
            caseloads.endSite(s)
        }
        return WeekState(week: week, monday: monday, available: available, open: open, waiting: waiting, waits: waits,
                         caseload: caseloads.caseload)
    }

    /// Checks the policy's allocation against every rule, then books the sessions that pass.
    mutating func placeSessions(_ allocation: WeekAllocation, state: WeekState, measured: Bool) {
        sessions.removeAll(keepingCapacity: true)
        clearSessionsAhead()
        var rooms = Array(repeating: Array(repeating: 0, count: 10), count: model.siteCount)
        var placed = Array(repeating: Array(repeating: 0, count: R), count: model.siteCount)
        for p in 0..<model.postCount {
            let kept = placeSessions(post: p, allocation, state: state, measured: measured, rooms: &rooms, placed: &placed)
            if measured { countCapacityAndTravel(post: p, kept: kept, state: state) }
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

    /// Books one post's sessions that keep every rule, and returns the site kept at each half-day.
    mutating func placeSessions(post p: Int, _ allocation: WeekAllocation, state: WeekState, measured: Bool,
                                rooms: inout [[Int]], placed: inout [[Int]]) -> [Int?] {
        let r = model.postRole[p]
        let per = settings.appointmentsPerSession[r]
        let weekStart = Double(week) * ServiceModel.hoursPerWeek
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
            let id = Int32(sessions.count)
            sessions.append(BookedSession(post: Int32(p), site: Int32(s), appointmentHours: length, slot: Int32(p * 10 + hd)))
            bookAhead(post: p, halfDay: hd, site: s, appointments: per)
            for k in 0..<per { events.push(start + Double(k) * length, .appointment, id) }
        }
        return kept
    }

    /// Capacity: the sessions the post could have worked this week (contract, availability,
    /// sickness); and its travel on the days it worked.
    mutating func countCapacityAndTravel(post p: Int, kept: [Int?], state: WeekState) {
        let per = settings.appointmentsPerSession[model.postRole[p]]
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
}
