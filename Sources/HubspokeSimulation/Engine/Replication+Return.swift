import HubspokeSupport

/// Who each referral is (its ethnicity, age band, gender and source), drawn at arrival from a
/// random stream per site of its own, so every other stream, and every policy's referrals, stay
/// as they were (common random numbers).
struct ReferralTags {
    let shape: ReturnShape
    /// Whether referrals are tagged at all (the national return is collected).
    let collecting: Bool
    var streams: [SeededRandom]
    /// `attributes` categories per child, child by child; 255 for children without (the starting lists).
    var tags: [UInt8] = []
    static let untagged: UInt8 = 255
    let attributes = ReferralAttribute.all.count

    init(shape: ReturnShape, seed: UInt64, sites: Int, collecting: Bool = true) {
        self.shape = shape
        self.collecting = collecting
        streams = collecting ? (0..<sites).map { SeededRandom.stream(seed, .attributes, $0) } : []
    }

    /// Draws child `c`'s categories from site `s`'s stream (every arrival, measured or not).
    mutating func tag(child c: Int, site s: Int) {
        guard collecting else { return }
        if tags.count < c * attributes { tags += Array(repeating: Self.untagged, count: c * attributes - tags.count) }
        for a in 0..<attributes { tags.append(UInt8(shape.draw(a, streams[s].unit()))) }
    }

    func category(_ c: Int, _ a: Int) -> Int? {
        let i = c * attributes + a
        return i < tags.count && tags[i] != Self.untagged ? Int(tags[i]) : nil
    }
}

extension Replication {
    /// The return and the equity figures of the children referred in the measured period, by the
    /// quarter they were referred in: referrals, how many were seen, their mean wait (an unseen
    /// child counts the days it waited, as the wait KPIs) and the share seen within 4 weeks (of
    /// those referred at least 4 weeks before the end), as this policy's part of the record.
    mutating func countReturn() {
        guard referralTags.collecting else { return }
        let shape = referralTags.shape
        let slots = shape.slots, fourWeeks = 28 * 24.0
        var counts = ReturnCounts(cells: shape.quarters.count * slots)
        for c in children.indices where children.measured[c] {
            let referred = children.referred[c], first = children.firstSeen[c]
            let left = children.leftWaiting[c] >= 0 ? children.leftWaiting[c] : horizon
            let wait = (left - referred) / 24
            let eligible = referred <= horizon - fourWeeks, within = first >= 0 && first - referred <= fourWeeks
            let base = shape.quarters.index(hour: referred) * slots
            counts.add(base, seen: first >= 0, wait: wait, eligible: eligible, within: within)
            for a in shape.slotOffset.indices {
                guard let k = referralTags.category(c, a) else { continue }
                counts.add(base + shape.slotOffset[a] + k, seen: first >= 0, wait: wait, eligible: eligible, within: within)
            }
        }
        result.returnValues = returnValues(counts, shape)
    }

    func returnValues(_ counts: ReturnCounts, _ shape: ReturnShape) -> [Double] {
        var v: [Double] = []
        v.reserveCapacity(shape.perPolicy)
        for i in counts.referrals.indices {
            let (wait, share) = ReturnCounts.rates(referrals: counts.referrals[i], waitSum: counts.waitSum[i],
                                                   eligible: counts.eligible[i], within: counts.within[i])
            v.append(Double(counts.referrals[i])); v.append(Double(counts.seen[i])); v.append(wait); v.append(share)
        }
        // Equity by category: the quarters' counts summed.
        for a in ReturnShape.equityAttributes {
            for k in 0..<ReferralAttribute.all[a].categories.count {
                let cells = (0..<shape.quarters.count).map { $0 * shape.slots + shape.slotOffset[a] + k }
                let (wait, share) = ReturnCounts.rates(referrals: cells.reduce(0) { $0 + counts.referrals[$1] },
                                                       waitSum: cells.reduce(0) { $0 + counts.waitSum[$1] },
                                                       eligible: cells.reduce(0) { $0 + counts.eligible[$1] },
                                                       within: cells.reduce(0) { $0 + counts.within[$1] })
                v += [wait, share]
            }
        }
        for s in shape.prus {
            let (wait, share) = ReturnCounts.rates(referrals: result.siteWaits[s], waitSum: result.siteWaitSum[s],
                                                   eligible: result.siteEligibleFor4Weeks[s], within: result.siteSeenWithin4Weeks[s])
            v += [wait, share]
        }
        precondition(v.count == shape.perPolicy)
        return v
    }
}
