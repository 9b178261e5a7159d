import HubspokeModel
import HubspokeSupport

/// The national return and the equity figures of a run, as series of the replications' records:
/// per policy, for each financial quarter and slot (every referral, then each attribute's
/// categories) the referrals, children seen, mean wait and share seen within 4 weeks; then, for each
/// equity group (ethnicity, age band, PRU), the mean wait and the share seen within 4 weeks; per
/// pair of policies, each equity group's paired differences.
struct ReturnShape: Sendable {
    static let measures = 4         // referrals, seen, mean wait, share seen within 4 weeks
    static let equityMeasures = 2   // mean wait, share seen within 4 weeks
    /// The attributes equity is reported by (besides the PRU): ethnicity and age band.
    static let equityAttributes = [0, 1]

    let quarters: FinancialQuarters
    let mix: ReferralMix
    /// For drawing a category: each attribute's categories with a share above 0, in order, in one
    /// flat table (`drawRanges[a]` is attribute `a`'s part) with their cumulative shares over the sum.
    let drawBounds: [Double]
    let drawCategories: [UInt8]
    let drawRanges: [Range<Int>]
    /// The first slot of each attribute (slot 0 counts every referral).
    let slotOffset: [Int]
    let slots: Int
    /// Site indices of the PRUs.
    let prus: [Int]

    init(model: ServiceModel, weeks: Int) {
        quarters = FinancialQuarters(model: model, weeks: weeks)
        mix = model.scenario.referralMix ?? .standard
        var bounds: [Double] = [], categories: [UInt8] = [], ranges: [Range<Int>] = []
        for a in mix.attributes {
            let total = a.shares.reduce(0, +), start = bounds.count
            var run = 0.0
            for (k, share) in a.shares.enumerated() {
                run += share
                if share > 0 { bounds.append(run / total); categories.append(UInt8(k)) }
            }
            ranges.append(start..<bounds.count)
        }
        drawBounds = bounds; drawCategories = categories; drawRanges = ranges
        var offsets: [Int] = [], next = 1
        for a in ReferralAttribute.all { offsets.append(next); next += a.categories.count }
        slotOffset = offsets
        slots = next
        prus = (0..<model.siteCount).filter { model.isPRU[$0] }
    }

    var equityGroups: Int { Self.equityAttributes.reduce(0) { $0 + ReferralAttribute.all[$1].categories.count } + prus.count }
    var perPolicy: Int { Self.measures * quarters.count * slots + Self.equityMeasures * equityGroups }
    var perPair: Int { Self.equityMeasures * equityGroups }

    /// Offset within a policy's block of a quarter and slot's measure, and of an equity group's measure.
    func returnValue(_ q: Int, _ slot: Int, _ m: Int) -> Int { (q * slots + slot) * Self.measures + m }
    func equityValue(_ g: Int, _ m: Int) -> Int { Self.measures * quarters.count * slots + g * Self.equityMeasures + m }

    /// The category of attribute `a` at `u` (uniform in 0..<1): the first with a share whose
    /// cumulative share exceeds `u` (the last with a share, should rounding leave `u` above them all).
    func draw(_ a: Int, _ u: Double) -> Int {
        let r = drawRanges[a]
        for i in r where u < drawBounds[i] { return Int(drawCategories[i]) }
        return r.isEmpty ? 0 : Int(drawCategories[r.upperBound - 1])
    }

    /// The equity groups in order: (dimension, id, label) — ethnicity categories, age bands, PRUs.
    func equityGroupNames(_ scenario: Scenario) -> [(dimension: String, id: String, label: String)] {
        var out: [(String, String, String)] = []
        for a in Self.equityAttributes {
            let attribute = ReferralAttribute.all[a]
            out += attribute.categories.map { (attribute.key, $0.id, $0.label) }
        }
        out += prus.map { ("pru", scenario.sites[$0].id, scenario.sites[$0].name) }
        return out
    }
}

/// Counts of one replication's return, by quarter and slot (`q * slots + slot`).
struct ReturnCounts {
    var referrals: [Int], seen: [Int], eligible: [Int], within: [Int]
    var waitSum: [Double]

    init(cells: Int) {
        referrals = Array(repeating: 0, count: cells); seen = referrals; eligible = referrals; within = referrals
        waitSum = Array(repeating: 0, count: cells)
    }

    mutating func add(_ i: Int, seen s: Bool, wait: Double, eligible e: Bool, within w: Bool) {
        referrals[i] += 1
        if s { seen[i] += 1 }
        waitSum[i] += wait
        if e { eligible[i] += 1; if w { within[i] += 1 } }
    }

    /// The encoded mean wait and share seen within 4 weeks (%) of summed counts.
    static func rates(referrals: Int, waitSum: Double, eligible: Int, within: Int) -> (Double, Double) {
        (SeriesMoments.encode(referrals == 0 ? nil : waitSum / Double(referrals)),
         SeriesMoments.encode(eligible == 0 ? nil : 100 * Double(within) / Double(eligible)))
    }
}

extension RecordLayout {
    /// Where the return's block starts: after every policy's values and the KPIs' paired differences.
    var returnStart: Int { policies * perPolicy + pairs.count * kpis }

    /// Policy `p`'s return and equity value at `offset` (`ReturnShape.returnValue`, `equityValue`).
    func returnSeries(_ p: Int, _ offset: Int) -> Int { returnStart + p * (returns?.perPolicy ?? 0) + offset }

    /// Pair `pair`'s paired difference of equity group `g`'s measure `m`.
    func equityDifference(_ pair: Int, _ g: Int, _ m: Int) -> Int {
        let shape = returns.map { (policies * $0.perPolicy, $0.perPair) } ?? (0, 0)
        return returnStart + shape.0 + pair * shape.1 + g * ReturnShape.equityMeasures + m
    }

    /// Appends each policy's return block, then each pair's equity differences.
    func appendReturns(_ summaries: [ReplicationSummary], to r: inout [Double]) {
        guard let shape = returns else { return }
        for s in summaries {
            precondition(s.returnValues.count == shape.perPolicy)
            r.append(contentsOf: s.returnValues)
        }
        for (a, b) in pairs {
            for g in 0..<shape.equityGroups {
                for m in 0..<ReturnShape.equityMeasures {
                    let offset = shape.equityValue(g, m)
                    r.append(Self.pairedDifference(r[returnSeries(a, offset)], r[returnSeries(b, offset)]))
                }
            }
        }
    }
}
