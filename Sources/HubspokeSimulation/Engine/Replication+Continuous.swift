// Continuous service, for the queueing-theory checks: every post serves its base site around the
// clock, one child after another, with exponential service times.
extension Replication {
    /// Starts service for waiting children at site `s` and role `r` while a post based there is free.
    mutating func dispatch(site s: Int, role r: Int) {
        for p in 0..<model.postCount where serving[p] < 0 && model.postBase[p] == s && model.postRole[p] == r {
            guard let (c, index) = nextChild(site: s, role: r, oncePerWeek: false) else { return }
            queues[s * R + r].remove(at: index)
            serving[p] = Int32(c)
            let length = children.stream[c].exponential(rate: 1 / settings.appointmentHours)
            if now >= measureStart { result.postBooked[p] += 1; result.appointmentsAttended += 1 }
            // The wait ends when service starts; the child leaves this role's queue until it ends.
            saw(c, role: r, post: p)
            attended(c, role: r, queueIndex: nil, end: now + length)
            events.push(now + length, .serviceEnd, Int32(p), Int32(c))
        }
    }

    /// A continuous-service appointment ends: the child queues for whatever it still needs, and the
    /// post takes the next child.
    mutating func serviceEnd(post p: Int, child c: Int) {
        serving[p] = -1
        let s = Int(children.site[c])
        for t in 0..<R where children.needs(c, t) {
            enqueue(c, role: t)
            if t != model.postRole[p] { dispatch(site: s, role: t) }
        }
        dispatch(site: model.postBase[p], role: model.postRole[p])
    }
}
