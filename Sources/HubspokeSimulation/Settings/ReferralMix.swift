/// Who the referrals are, in the categories of the national dataset's return (seed
/// `000_b20a90ccea39a131.txt`, section 4): ethnicity, age band, gender and referral source. Each
/// referral draws one category of each from the scenario's mix (the `referral_mix:` section), from
/// a random stream of its own, so the referrals, absences and waits are those of a run without it.
public struct ReferralAttribute: Sendable, Hashable {
    public struct Category: Sendable, Hashable {
        /// The key in the scenario and in CSV and JSON output.
        public let id: String
        public let label: String
    }

    /// `ethnicity`, `age_band`, `gender`, `source`.
    public let key: String
    public let label: String
    public let categories: [Category]
    /// The mix used when the scenario gives none, and where it comes from.
    let defaultShares: [Double]
    let defaultNote: String
    let defaultAssumed: Bool

    public static let ethnicity = ReferralAttribute(
        key: "ethnicity", label: "Ethnicity",
        categories: NationalDataset.ethnicity.map { Category(id: $0.id, label: $0.label) },
        defaultShares: NationalDataset.ethnicityShares,
        defaultNote: "the national dataset's referrals, April 2022 to June 2023 (\(NationalDataset.ethnicityTotal) referrals)", defaultAssumed: false)

    public static let ageBand = ReferralAttribute(
        key: "age_band", label: "Age band",
        categories: ["0-4", "5-10", "11-15", "16-17", "18-25"].map { Category(id: $0, label: $0) },
        defaultShares: [0, 0.15, 0.6, 0.2, 0.05],
        defaultNote: "no age table survived in the national dataset; a PRU cohort, mostly 11 to 15, some post-16", defaultAssumed: true)

    public static let gender = ReferralAttribute(
        key: "gender", label: "Gender",
        categories: [Category(id: "male", label: "Male"), Category(id: "female", label: "Female"),
                     Category(id: "other", label: "Other (including non-binary)"), Category(id: "not_stated", label: "Not stated or not known")],
        defaultShares: [0.62, 0.36, 0.01, 0.01],
        defaultNote: "no gender table survived in the national dataset; boys outnumber girls in alternative provision", defaultAssumed: true)

    public static let source = ReferralAttribute(
        key: "source", label: "Referral source",
        categories: [Category(id: "education", label: "Education (schools and PRUs)"), Category(id: "social_care", label: "Social care"),
                     Category(id: "health", label: "Health (GP, CAMHS, paediatrics)"), Category(id: "youth_justice", label: "Youth justice"),
                     Category(id: "self_or_family", label: "Self or family"), Category(id: "other", label: "Other")],
        defaultShares: [0.5, 0.2, 0.15, 0.1, 0.03, 0.02],
        defaultNote: "no source table survived in the national dataset; a PRU-based service takes most referrals from education", defaultAssumed: true)

    /// Every attribute, in the return's order.
    public static let all: [ReferralAttribute] = [.ethnicity, .ageBand, .gender, .source]

    public func category(_ id: String) -> Int? { categories.firstIndex { $0.id == id } }
}

/// The scenario's mix of each attribute (shares summing to 1), with where each mix comes from.
public struct ReferralMix: Sendable, Hashable {
    public struct Share: Sendable, Hashable {
        /// Shares by category, in `ReferralAttribute.categories` order.
        public var shares: [Double]
        /// Where the mix comes from (a source, or the assumption made).
        public var note: String
        /// An assumption rather than data.
        public var assumed: Bool
        public init(shares: [Double], note: String, assumed: Bool) { self.shares = shares; self.note = note; self.assumed = assumed }
    }

    /// By attribute, in `ReferralAttribute.all` order.
    public var attributes: [Share]

    /// The mixes without a `referral_mix:` section: ethnicity from the national dataset, the rest assumptions.
    public static let standard = ReferralMix(attributes: ReferralAttribute.all.map {
        Share(shares: $0.defaultShares, note: $0.defaultNote, assumed: $0.defaultAssumed)
    })

    /// Shares may miss 1 by this much (rounded published shares); draws use the shares over their sum.
    public static let tolerance = 0.001
}

/// The national dataset's first figures (seed `000_b20a90ccea39a131.txt`, section 4.1): referrals of
/// all twelve vanguards by ethnicity and financial quarter, April 2022 to June 2023.
public enum NationalDataset {
    public struct Row: Sendable {
        public let id: String
        public let label: String
        public let count: Int
    }

    public static let ethnicity: [Row] = [
        Row(id: "asian", label: "Asian or Asian British", count: 42),
        Row(id: "black", label: "Black, Black British, Caribbean or African", count: 146),
        Row(id: "mixed", label: "Mixed or multiple ethnic groups", count: 188),
        Row(id: "not_known", label: "Not known or recorded", count: 322),
        Row(id: "not_stated", label: "Not stated", count: 50),
        Row(id: "invalid", label: "Invalid (the response matched no category)", count: 155),
        Row(id: "other", label: "Other", count: 26),
        Row(id: "white_british", label: "White British", count: 2051),
        Row(id: "white_minorities", label: "White minorities", count: 168),
    ]

    static var ethnicityTotal: Int { ethnicity.reduce(0) { $0 + $1.count } }
    static var ethnicityShares: [Double] { ethnicity.map { Double($0.count) / Double(ethnicityTotal) } }

    /// Referrals of all vanguards by financial quarter (`2022/23 Q1` is April to June 2022).
    public static let quarters: [(label: String, referrals: Int)] = [
        ("2022/23 Q1", 592), ("2022/23 Q2", 519), ("2022/23 Q3", 528), ("2022/23 Q4", 809), ("2023/24 Q1", 700),
    ]

    /// Vanguards the national figures cover.
    public static let vanguards = 12

    /// National referrals per vanguard in quarter `q` (1-4) of a financial year: the mean of the
    /// dataset's quarters with that number, over 12 vanguards (nil when it has none).
    public static func perVanguard(quarterOfYear q: Int) -> Double? {
        let same = quarters.filter { $0.label.hasSuffix("Q\(q)") }
        guard !same.isEmpty else { return nil }
        return Double(same.reduce(0) { $0 + $1.referrals }) / Double(same.count) / Double(vanguards)
    }
}
