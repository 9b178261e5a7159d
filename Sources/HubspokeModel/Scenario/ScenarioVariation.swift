import HubspokeSupport

/// Random, reproducible variations of a scenario's week, for the robustness benchmark and tests:
/// the demand's sessions scaled, priorities drawn again, a few posts on leave and a few pins, all
/// from one seed. Every variation keeps the scenario valid (`Scenario.validate()`): a pin that
/// would break a rule is not added.
public struct ScenarioVariation: Sendable {
    /// Each request's sessions are multiplied by a factor drawn from this range (at least 1 session).
    public var sessionFactor: ClosedRange<Double> = 0.5...2
    /// Posts put on leave for one random half-day each.
    public var leave: ClosedRange<Int> = 0...3
    /// Random pins tried (those that keep the scenario valid are kept).
    public var pins: ClosedRange<Int> = 0...3
    /// Whether the scenario's protected time stays. By default it is taken out, so the weeks are
    /// those issue 14 measured (the default scenario gained its team meeting and write-up time
    /// later), and a random pin never falls on a meeting.
    public var keepsProtectedTime = false

    public init() {}

    /// The variation of `base` drawn from `seed`.
    public func apply(to base: Scenario, seed: UInt64) -> Scenario {
        var sc = base
        if !keepsProtectedTime { sc.protected = ProtectedTime() }
        var random = SeededRandom(seed: seed &* 0x9E37_79B9_7F4A_7C15 &+ 1)
        for i in sc.demand.indices {
            let factor = sessionFactor.lowerBound + random.unit() * (sessionFactor.upperBound - sessionFactor.lowerBound)
            sc.demand[i].sessions = max(1, Int((Double(sc.demand[i].sessions) * factor).rounded()))
            sc.demand[i].priority = Priority.allCases[random.int(0...2)]
        }
        sc.demand = Self.merged(sc.demand)
        let slots = sc.slots
        for _ in 0..<random.int(leave) {
            let p = random.int(0...(sc.posts.count - 1))
            let slot = slots[random.int(0...(slots.count - 1))]
            sc.posts[p].absences.append(Absence(date: sc.date(of: slot), half: slot.half))
        }
        for _ in 0..<random.int(pins) {
            let post = sc.posts[random.int(0...(sc.posts.count - 1))]
            let slot = slots[random.int(0...(slots.count - 1))]
            guard !post.serves.isEmpty, sc.isAvailable(post, slot) else { continue }
            let site = post.serves[random.int(0...(post.serves.count - 1))]
            let week: Int? = sc.weeks > 1 ? slot.week + 1 : nil
            var pinned = sc
            pinned.pins.append(SessionRule(post: post.id, site: site, weekday: slot.weekday, half: slot.half, week: week))
            if pinned.validate().isEmpty { sc = pinned }
        }
        return sc
    }

    /// Requests for the same site, role, priority and week, added up (a variation may give two
    /// requests of one site and role the same priority; the readers refuse such twins).
    static func merged(_ demand: [DemandItem]) -> [DemandItem] {
        var out: [DemandItem] = []
        for item in demand {
            if let i = out.firstIndex(where: { $0.site == item.site && $0.role == item.role && $0.priority == item.priority && $0.week == item.week }) {
                out[i].sessions += item.sessions
            } else {
                out.append(item)
            }
        }
        return out
    }
}
