/// One row of the national return: the children referred in a financial quarter, of every category
/// (`attribute` and `category` "all") or of one category of an attribute; each figure the mean over
/// replications with its 95% interval.
public struct ReturnRow: Sendable, Codable {
    /// `2026/27 Q3`.
    public var quarter: String
    /// `all`, `ethnicity`, `age_band`, `gender` or `source`.
    public var attribute: String
    /// A category id (`white_british`, `11-15`), or `all`.
    public var category: String
    public var referrals: Estimate?
    /// Of those referred, children seen (a first session) by the end of the run.
    public var seen: Estimate?
    /// Days from referral to first session (an unseen child counts the days it waited).
    public var meanWait: Estimate?
    /// Of those referred at least 4 weeks before the end, the share seen within 4 weeks, %.
    public var seenWithin4Weeks: Estimate?
}

/// A quarter of the return, with the national dataset's referrals for scale.
public struct ReturnQuarter: Sendable, Codable {
    public var label: String
    /// Days of the quarter the run measured, of its `days` (the first and last quarters may be partial).
    public var measuredDays: Int
    public var days: Int
    /// The national dataset's referrals in the same quarter of the year, per vanguard (all
    /// vanguards over 12; the mean where the dataset has that quarter twice), nil where it has none.
    public var nationalPerVanguard: Double?
}

/// Where one attribute's mix comes from, and its shares.
public struct MixNote: Sendable, Codable {
    public var attribute: String
    public var label: String
    public var note: String
    /// An assumption, not data.
    public var assumed: Bool
    public var shares: [CategoryShare]
}

public struct CategoryShare: Sendable, Codable {
    public var category: String
    public var label: String
    public var share: Double
}

/// Waits of one group of children (an ethnicity, an age band or a PRU) under one policy, over the
/// measured period, with whether each interval excludes the policy's service-wide mean.
public struct EquityRow: Sendable, Codable {
    /// `ethnicity`, `age_band` or `pru`.
    public var dimension: String
    public var group: String
    public var label: String
    public var meanWait: Estimate?
    public var seenWithin4Weeks: Estimate?
    /// The wait's interval excludes the service-wide mean wait (the wait_mean KPI).
    public var waitDiffers: Bool
    /// The share's interval excludes the service-wide share (the seen_within_4_weeks KPI).
    public var shareDiffers: Bool
}

/// A group's paired difference between two policies (first minus second, replication by replication).
public struct EquityDifference: Sendable, Codable {
    public var first: String
    public var second: String
    public var dimension: String
    public var group: String
    public var meanWait: Estimate?
    public var seenWithin4Weeks: Estimate?
    public var waitSignificant: Bool
    public var shareSignificant: Bool
}

extension Estimate {
    /// Whether the 95% interval lies wholly above or below `value`; never for an interval of zero
    /// width (`varies`).
    public func excludes(_ value: Double?) -> Bool {
        guard let value, varies, let lo = low, let hi = high else { return false }
        return lo > value || hi < value
    }
}
