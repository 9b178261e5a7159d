// Bookkeeping: quarters, the waiting-list integral, and the measures taken at the end of the run.
extension Replication {
    /// The financial quarter (Q1 April to June) of hour `t`, among the measured quarters.
    func quarter(_ t: Double) -> Int { referralTags.shape.quarters.index(hour: t) }

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
        countLittlesLaw(span: span)
        countUnseenWaits()
        result.sortedWaits = result.waits.sorted()
        result.pruMeanWaits = (0..<model.siteCount).filter { model.isPRU[$0] && result.siteWaits[$0] > 0 }
            .map { result.siteWaitSum[$0] / Double(result.siteWaits[$0]) }
        countChildrenAtEnd()
        countReturn()
    }

    /// Little's law from the children's side: everyone on the waiting list at some time in the
    /// measured period, and how long each stayed on it within the period (open waits up to the end).
    mutating func countLittlesLaw(span: Double) {
        var counted = 0
        var time = 0.0
        for c in children.indices {
            let left = children.leftWaiting[c] >= 0 ? children.leftWaiting[c] : horizon
            guard left > measureStart || children.referred[c] >= measureStart else { continue }
            counted += 1
            time += left - max(children.referred[c], measureStart)
        }
        let weeksSpan = span / ServiceModel.hoursPerWeek
        result.littleArrivalRate = weeksSpan > 0 ? Double(counted) / weeksSpan : 0
        result.littleMeanWait = counted > 0 ? time / Double(counted) / ServiceModel.hoursPerWeek : 0
    }

    /// Children referred in the measured period but never seen (still waiting, or dropped out while
    /// waiting) count with the time they waited, so a policy that leaves children unseen does not
    /// look faster for it.
    mutating func countUnseenWaits() {
        for c in children.indices where children.measured[c] && children.firstSeen[c] < 0 {
            let wait = ((children.leftWaiting[c] >= 0 ? children.leftWaiting[c] : horizon) - children.referred[c]) / 24
            let s = Int(children.site[c])
            result.waits.append(wait)
            result.siteWaitSum[s] += wait
            result.siteWaits[s] += 1
        }
    }

    /// Where every child is at the end, and who of those referred in the measured period at least
    /// 4 weeks before the end was seen within 4 weeks.
    mutating func countChildrenAtEnd() {
        let fourWeeks = 28 * 24.0
        for c in children.indices {
            switch children.state[c] {
            case .waiting: result.waitingAtEnd += 1
            case .inTreatment: result.inTreatmentAtEnd += 1
            case .completed: result.completed += 1
            case .droppedOut: result.droppedOut += 1
            }
            guard children.measured[c] && children.referred[c] <= horizon - fourWeeks else { continue }
            let s = Int(children.site[c])
            result.eligibleFor4Weeks += 1
            result.siteEligibleFor4Weeks[s] += 1
            if children.firstSeen[c] >= 0 && children.firstSeen[c] - children.referred[c] <= fourWeeks {
                result.seenWithin4Weeks += 1
                result.siteSeenWithin4Weeks[s] += 1
            }
        }
    }
}
