/// One policy's totals over its replications, added in replication order: counts (exact in any
/// order) and sums of doubles (added in the order the report's means always used).
struct PolicyTotals {
    var replications = 0
    var waitBins: [Int] = []
    var quarterReferrals: [[[Int]]] = []
    var quarterSeen: [[[Int]]] = []
    var waitingByWeek: [Double] = []
    var waitingTimeAverage = 0.0
    var littleArrivalRate = 0.0
    var littleMeanWait = 0.0
    var littleProduct = 0.0
    var accounting = Accounting(arrived: 0, startingList: 0, completed: 0, droppedOut: 0, waiting: 0, inTreatment: 0, invalidSessions: 0)

    mutating func add(_ s: ReplicationSummary) {
        if replications == 0 {
            waitBins = s.waitBins.map { _ in 0 }
            quarterReferrals = s.quarterReferrals.map { $0.map { $0.map { _ in 0 } } }
            quarterSeen = s.quarterSeen.map { $0.map { $0.map { _ in 0 } } }
            waitingByWeek = s.waitingByWeek.map { _ in 0 }
        }
        replications += 1
        Self.add(s.waitBins, to: &waitBins)
        for q in quarterReferrals.indices {
            for site in quarterReferrals[q].indices {
                Self.add(s.quarterReferrals[q][site], to: &quarterReferrals[q][site])
                Self.add(s.quarterSeen[q][site], to: &quarterSeen[q][site])
            }
        }
        for w in waitingByWeek.indices { waitingByWeek[w] += Double(s.waitingByWeek[w]) }
        waitingTimeAverage += s.waitingTimeAverage
        littleArrivalRate += s.littleArrivalRate
        littleMeanWait += s.littleMeanWait
        littleProduct += s.littleArrivalRate * s.littleMeanWait
        let a = s.accounting
        accounting.arrived += a.arrived; accounting.startingList += a.startingList; accounting.completed += a.completed
        accounting.droppedOut += a.droppedOut; accounting.waiting += a.waiting; accounting.inTreatment += a.inTreatment
        accounting.invalidSessions += a.invalidSessions
    }

    private static func add(_ xs: [Int], to total: inout [Int]) {
        for i in total.indices { total[i] += xs[i] }
    }
}

/// Every policy's totals and the record of each replication, folded in replication order (replication
/// by replication, each replication's policies in order): a replication's record, with the paired
/// differences between its policies, is complete when its last policy arrives.
final class RunningTotals {
    let layout: RecordLayout
    let log: ReplicationLog
    private(set) var policies: [PolicyTotals]
    private var moments: SeriesMoments
    private var pending: [ReplicationSummary] = []

    init(layout: RecordLayout, log: ReplicationLog) {
        self.layout = layout
        self.log = log
        policies = Array(repeating: PolicyTotals(), count: layout.policies)
        moments = SeriesMoments(series: layout.length)
    }

    /// Adds one policy's summary; returns the replication's record when it is complete (its last policy).
    @discardableResult
    func add(_ s: ReplicationSummary) throws -> [Double]? {
        policies[pending.count].add(s)
        pending.append(s)
        guard pending.count == layout.policies else { return nil }
        let record = layout.record(pending)
        pending.removeAll(keepingCapacity: true)
        moments.addValues(record[...])
        try log.append(record)
        return record
    }

    /// The second pass over the records: every series' mean and interval.
    func finish() throws -> SeriesMoments {
        var m = moments
        m.startDeviations()
        try log.forEach { _, record in m.addDeviations(record) }
        return m
    }
}
