
/// Sessions split by PRU roll, whatever the waiting lists say: each role's sessions are dealt to the
/// sites its posts may serve in proportion to their rolls, by smooth weighted round robin. A hub or
/// spoke that receives referrals counts as a unit with the mean PRU roll; a site without referrals
/// or roll gets nothing. This is how a service might share posts out by size without a scheduler.
public struct ProportionalPolicy: AllocationPolicy {
    public let name = "proportional"
    public let summary = "sessions split between sites by PRU roll, ignoring waiting lists"
    public init() {}

    /// Each site's share weight.
    static func weights(_ model: ServiceModel) -> [Double] {
        let rolls = model.scenario.sites.map { $0.roll.map(Double.init) }
        let known = rolls.compactMap { $0 }
        let mean = known.isEmpty ? 1 : known.reduce(0, +) / Double(known.count)
        return model.scenario.sites.indices.map { s in
            if let r = rolls[s], model.isPRU[s] { return r }
            return model.settings.referralsPerWeek[s] > 0 ? mean : 0
        }
    }

    public func allocate(_ state: WeekState, model: ServiceModel) -> WeekAllocation {
        let weight = Self.weights(model)
        var b = AllocationBuilder(state, model: model)
        var credit = Array(repeating: Array(repeating: 0.0, count: model.siteCount), count: model.roleCount)
        for hd in 0..<10 {
            for p in 0..<model.postCount {
                let r = model.postRole[p]
                var total = 0.0
                var best = -1
                for s in 0..<model.siteCount where weight[s] > 0 && b.canPlace(p, s, hd) {
                    credit[r][s] += weight[s]
                    total += weight[s]
                    if best < 0 || credit[r][s] > credit[r][best] { best = s }
                }
                guard best >= 0 else { continue }
                credit[r][best] -= total
                b.place(p, best, hd)
            }
        }
        return b.allocation
    }
}
