import HubspokeModel

/// Where each series sits in a replication's record: for each policy, every KPI, each post's
/// utilisation and miles, each site's referrals, mean wait and share seen within 4 weeks, and the
/// counts of the per-replication CSV; then, for each pair of policies, every KPI's paired difference.
struct RecordLayout: Sendable {
    static let rowCounts = 6
    let policies: Int
    let posts: Int
    let sites: Int
    var kpis: Int { KPI.all.count }
    var perPolicy: Int { kpis + 2 * posts + 3 * sites + Self.rowCounts }
    /// Pairs of policies (a, b), a < b, in report order.
    let pairs: [(Int, Int)]
    /// The national return and the equity figures, after everything else (`ReturnShape`), if collected.
    let returns: ReturnShape?
    var length: Int { returnStart + (returns.map { policies * $0.perPolicy + pairs.count * $0.perPair } ?? 0) }

    init(policies: Int, posts: Int, sites: Int, returns: ReturnShape? = nil) {
        self.policies = policies; self.posts = posts; self.sites = sites; self.returns = returns
        pairs = (0..<policies).flatMap { a in ((a + 1)..<max(a + 1, policies)).map { (a, $0) } }
    }

    func kpi(_ p: Int, _ k: Int) -> Int { p * perPolicy + k }
    func utilisation(_ p: Int, _ post: Int) -> Int { p * perPolicy + kpis + post }
    func miles(_ p: Int, _ post: Int) -> Int { p * perPolicy + kpis + posts + post }
    func siteReferrals(_ p: Int, _ s: Int) -> Int { p * perPolicy + kpis + 2 * posts + s }
    func siteMeanWait(_ p: Int, _ s: Int) -> Int { siteReferrals(p, s) + sites }
    func siteSeenWithin4Weeks(_ p: Int, _ s: Int) -> Int { siteReferrals(p, s) + 2 * sites }
    func rowCount(_ p: Int, _ c: Int) -> Int { (p + 1) * perPolicy - Self.rowCounts + c }
    func difference(_ pair: Int, _ k: Int) -> Int { policies * perPolicy + pair * kpis + k }

    /// One replication's record from its policies' summaries (in policy order).
    func record(_ summaries: [ReplicationSummary]) -> [Double] {
        precondition(summaries.count == policies)
        var r: [Double] = []
        r.reserveCapacity(length)
        for s in summaries { r.append(contentsOf: s.values) }
        for (a, b) in pairs {
            for k in 0..<kpis { r.append(Self.pairedDifference(r[kpi(a, k)], r[kpi(b, k)])) }
        }
        if returns != nil { appendReturns(summaries, to: &r) }
        return r
    }

    /// x − y, missing when either is.
    static func pairedDifference(_ x: Double, _ y: Double) -> Double {
        SeriesMoments.isMissing(x) || SeriesMoments.isMissing(y) ? SeriesMoments.missing : x - y
    }
}

/// What the report needs from one replication of one policy, taken as soon as it ends: a few numbers
/// per site, post, quarter and week, where the result holds every child's wait (about 20 KB).
struct ReplicationSummary: Sendable {
    /// This policy's part of the record (`RecordLayout`), missing values encoded.
    var values: [Double]
    /// First sessions (and unseen waits) by week waited: [0,1), [1,2), ... and a last open bin.
    var waitBins: [Int]
    var quarterReferrals: [[[Int]]]
    var quarterSeen: [[[Int]]]
    /// The return and equity part of the record (`ReturnShape`).
    var returnValues: [Double]
    var waitingByWeek: [Int]
    var waitingTimeAverage: Double
    var littleArrivalRate: Double
    var littleMeanWait: Double
    var accounting: Accounting

    init(_ r: ReplicationResult, layout: RecordLayout) {
        var v = KPI.all.map { SeriesMoments.encode($0.value(r)) }
        v += r.postCapacity.indices.map { p in
            SeriesMoments.encode(r.postCapacity[p] == 0 ? nil : 100 * Double(r.postBooked[p]) / Double(r.postCapacity[p]))
        }
        v += r.postTravelKilometres.map { TravelMatrix.miles($0) }
        v += r.siteReferrals.map { Double($0) }
        v += r.siteMeanWait.map(SeriesMoments.encode)
        v += r.siteEligibleFor4Weeks.indices.map { s in
            SeriesMoments.encode(r.siteEligibleFor4Weeks[s] == 0 ? nil : 100 * Double(r.siteSeenWithin4Weeks[s]) / Double(r.siteEligibleFor4Weeks[s]))
        }
        v += [r.arrived, r.completed, r.droppedOut, r.waitingAtEnd, r.inTreatmentAtEnd, r.invalidSessions].map { Double($0) }
        precondition(v.count == layout.perPolicy)
        values = v
        waitBins = Array(repeating: 0, count: Simulator.histogramWeeks + 1)
        for w in r.waits { waitBins[min(Simulator.histogramWeeks, Int(w / 7))] += 1 }
        quarterReferrals = r.quarterReferrals
        quarterSeen = r.quarterSeen
        returnValues = r.returnValues
        waitingByWeek = r.waitingByWeek
        waitingTimeAverage = r.waitingTimeAverage
        littleArrivalRate = r.littleArrivalRate
        littleMeanWait = r.littleMeanWait
        accounting = Accounting(arrived: r.arrived, startingList: r.initialList, completed: r.completed, droppedOut: r.droppedOut,
                                waiting: r.waitingAtEnd, inTreatment: r.inTreatmentAtEnd, invalidSessions: r.invalidSessions)
    }
}
