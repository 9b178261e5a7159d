// Appointments: each booked session holds appointments in turn; the first child in service order
// who needs the post's role is booked, may not attend, and moves on through the service.
extension Replication {
    mutating func appointment(session i: Int) {
        let session = sessions[i]
        let p = Int(session.post), s = Int(session.site)
        let r = model.postRole[p]
        let measured = now >= measureStart
        appointmentCame(slot: Int(session.slot))
        guard let (c, index) = nextChild(site: s, role: r, oncePerWeek: true, post: p) else {
            if measured { result.appointmentsUnused += 1 }
            return
        }
        children.lastWeek[c, r] = Int32(week)
        if measured { result.postBooked[p] += 1 }
        if children.stream[c].chance(settings.didNotAttend) {
            if measured { result.appointmentsMissed += 1 }
            return
        }
        if measured { result.appointmentsAttended += 1 }
        saw(c, role: r, post: p)
        attended(c, role: r, queueIndex: index, end: now + session.appointmentHours)
    }

    /// A child attended a session of role `r` that ends at `end`.
    mutating func attended(_ c: Int, role r: Int, queueIndex: Int?, end: Double) {
        let s = Int(children.site[c])
        if now >= measureStart {
            let q = quarter(now)
            if children.quarterCounted[c, r] != Int16(q + 1) {
                children.quarterCounted[c, r] = Int16(q + 1)
                result.quarterSeen[q][s][r] += 1
            }
        }
        let k = s * R + r
        if children.state[c] == .waiting {
            assessed(c, role: r, queueIndex: queueIndex)
        } else {
            children.remaining[c, r] -= 1
            if children.remaining[c, r] == 0 {
                children.pending[c] -= 1
                if let i = queueIndex { queues[k].remove(at: i) }
            }
        }
        if children.pending[c] == 0 { children.state[c] = .completed }
    }

    /// The assessment, the child's first session: it leaves the waiting list, its wait is counted,
    /// and it joins the queue of every other role it needs.
    mutating func assessed(_ c: Int, role r: Int, queueIndex: Int?) {
        let s = Int(children.site[c])
        touchWaiting(); waitingCount -= 1
        children.leftWaiting[c] = now
        children.firstSeen[c] = now
        children.state[c] = .inTreatment
        children.pending[c] -= 1
        if children.measured[c] {
            let wait = (now - children.referred[c]) / 24
            result.seen += 1
            result.waits.append(wait)
            result.siteWaitSum[s] += wait
            result.siteWaits[s] += 1
        }
        if children.remaining[c, r] == 0, let i = queueIndex { queues[s * R + r].remove(at: i) }
        if queueIndex != nil {
            for t in 0..<R where t != r && children.remaining[c, t] > 0 { enqueue(c, role: t) }
        }
    }

    mutating func dropOut(_ c: Int) {
        switch children.state[c] {
        case .waiting:
            touchWaiting(); waitingCount -= 1
            children.leftWaiting[c] = now
            children.state[c] = .droppedOut
        case .inTreatment: children.state[c] = .droppedOut
        case .completed, .droppedOut: break
        }
    }
}
