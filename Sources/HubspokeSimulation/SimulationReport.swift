/// What `hubspoke simulate` reports: for each policy, every KPI's mean with its 95% interval, the
/// posts' utilisation, waits by site, the quarterly return, the waiting list week by week and the
/// distribution of waits; between policies, paired differences (common random numbers).
public struct SimulationReport: Sendable, Codable {
    public var scenario: String
    public var service: String
    public var weeks: Int
    public var warmUpWeeks: Int
    public var replications: Int
    public var seed: UInt64
    public var policies: [PolicyReport]
    /// For each pair of policies (in the order given) and each KPI: first minus second, paired by replication.
    public var differences: [Difference]
    /// With replications by precision: how many it took and whether it converged (absent otherwise).
    public var precision: PrecisionOutcome? = nil
    /// The national return's quarters, with the national dataset's referrals per vanguard for scale.
    public var returnQuarters: [ReturnQuarter] = []
    /// Where each attribute's mix of referrals comes from (the return and the equity figures).
    public var referralMix: [MixNote] = []
    /// For each pair of policies and each equity group: first minus second, paired by replication.
    public var equityDifferences: [EquityDifference] = []
    /// The replications' results, for the per-replication CSV (not in the JSON): kept in bounded
    /// memory (spilled to an unlinked temporary file beyond a few megabytes), read by `rows()`.
    var records: ReplicationRecords? = nil

    enum CodingKeys: String, CodingKey {
        case scenario, service, weeks, warmUpWeeks, replications, seed, policies, differences, precision, returnQuarters, referralMix,
             equityDifferences
    }

    public func policy(_ name: String) -> PolicyReport? { policies.first { $0.name == name } }

    /// One row per policy and replication, in replication order (each replication's policies in order).
    public func rows() throws -> [ReplicationRow] {
        var rows: [ReplicationRow] = []
        try records?.forEachRow { rows.append($0) }
        return rows
    }
}

public struct KPIValue: Sendable, Codable {
    public var key: KPI.Key
    public var label: String
    public var unit: String
    public var estimate: Estimate?
}

public struct PolicyReport: Sendable, Codable {
    public var name: String
    public var summary: String
    public var kpis: [KPIValue]
    public var posts: [PostUtilisation]
    public var sites: [SiteWaits]
    public var quarters: [QuarterRow]
    /// Mean waiting list (children awaiting a first session) at the start of each measured week.
    public var waitingByWeek: [Double]
    /// Share of first sessions by wait, in weeks: [0,1), [1,2), ... and a last open bin.
    public var waitHistogram: [HistogramBin]
    public var accounting: Accounting
    public var littlesLaw: LittlesLaw
    /// The national return: by financial quarter, every referral and each category of each attribute.
    public var nationalReturn: [ReturnRow] = []
    /// Waits by ethnicity, age band and PRU, over the measured period.
    public var equity: [EquityRow] = []

    public func kpi(_ key: KPI.Key) -> Estimate? { kpis.first { $0.key == key }?.estimate }
}

public struct PostUtilisation: Sendable, Codable {
    public var post: String
    public var role: String
    /// Appointments booked over appointments the post could have held, %.
    public var utilisation: Estimate?
    /// Miles driven in the measured weeks (base, sites, base, on the days it worked).
    public var miles: Estimate? = nil
}

public struct SiteWaits: Sendable, Codable {
    public var site: String
    public var name: String
    public var referrals: Estimate?
    public var meanWait: Estimate?
    /// Share of children referred here seen within 4 weeks, % (as the seen_within_4_weeks KPI).
    public var seenWithin4Weeks: Estimate? = nil
}

/// The quarterly return, in the shape of a national dataset submission: mean counts per replication.
public struct QuarterRow: Sendable, Codable {
    /// The quarter's place among the measured quarters, from 1.
    public var quarter: Int
    /// The financial quarter (Q1 April to June): `2026/27 Q3`.
    public var label: String
    public var site: String
    /// A role id, or "all" for every referral at the site.
    public var role: String
    public var referrals: Double
    public var seen: Double?
}

public struct HistogramBin: Sendable, Codable {
    public var fromWeeks: Int
    /// nil for the last, open bin.
    public var toWeeks: Int?
    public var share: Double
}

/// Every referral accounted for: arrived = completed + dropped out + waiting + in treatment, summed
/// over replications (the starting list counts as arrived).
public struct Accounting: Sendable, Codable {
    public var arrived: Int
    public var startingList: Int
    public var completed: Int
    public var droppedOut: Int
    public var waiting: Int
    public var inTreatment: Int
    /// Sessions a policy placed against the rules (ignored by the engine); 0 for a correct policy.
    public var invalidSessions: Int
    public var balances: Bool { arrived == completed + droppedOut + waiting + inTreatment }
}

/// L = λW for the waiting list, means over replications: the time-average list against arrivals a
/// week times the mean weeks on the list.
public struct LittlesLaw: Sendable, Codable {
    public var timeAverage: Double
    public var arrivalRate: Double
    public var meanWaitWeeks: Double
    public var product: Double
}

public struct Difference: Sendable, Codable {
    public var kpi: KPI.Key
    public var first: String
    public var second: String
    public var estimate: Estimate
    /// The 95% interval excludes zero.
    public var significant: Bool
}

public struct ReplicationRow: Sendable {
    public var policy: String
    public var replication: Int
    public var seed: UInt64
    public var values: [Double?]
    public var arrived: Int, completed: Int, droppedOut: Int, waiting: Int, inTreatment: Int, invalidSessions: Int
}
