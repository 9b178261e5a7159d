import HubspokeSupport

/// What the posts cost, for `hubspoke staffing`: the `costs:` section of a scenario.
///
/// Pay is given per role as a point on a national pay scale (Agenda for Change bands; the Soulbury
/// scale for educational psychologists) or as a salary. On-cost and mileage rates default to the
/// national figures in `PayScale`; everything else (non-pay, set-up, uplifts, growth) defaults to
/// nothing and is the service's own assumption.
public struct CostSettings: Sendable, Hashable {
    /// The pay of one role: where it sits on a scale, and the full-time annual salary that is costed.
    public struct Pay: Sendable, Hashable {
        public var scale: PayScale
        /// Agenda for Change band ("6", "8a"); nil on other scales.
        public var band: String?
        /// Point on the band or scale: "entry", "mid", "top", or a Soulbury scale A point ("6").
        public var point: String?
        /// Full-time annual salary, £: given, or looked up from the scale.
        public var salary: Double
        /// Where the salary comes from, in words, for reports.
        public var source: String
        /// Who employs the role's posts: the NHS unless the scenario says `employer: council`.
        public var employer: Employer
        public init(scale: PayScale, band: String? = nil, point: String? = nil, salary: Double, source: String, employer: Employer = .nhs) {
            self.scale = scale; self.band = band; self.point = point; self.salary = salary; self.source = source; self.employer = employer
        }
    }

    /// Full-time pay by role index (nil: no pay given for the role).
    public var pay: [Pay?]
    /// Employer pension contribution, as a share of pay.
    public var pension = PayScale.nhsPension
    /// Employer National Insurance: a share of each person's pay above the threshold (£ a year).
    public var nationalInsurance = PayScale.employerNI
    public var nationalInsuranceThreshold = PayScale.niThreshold
    /// Business mileage, £ a mile: `mileageRate` up to `mileageThresholdMiles` a year per post, `mileageReducedRate` after.
    public var mileageRate = PayScale.mileageRate
    public var mileageReducedRate = PayScale.mileageReducedRate
    public var mileageThresholdMiles = PayScale.mileageThresholdMiles
    /// Non-pay a year (equipment, IT, phones, supervision, training, registration): per FTE, and in all.
    public var nonPayPerFTE = 0.0
    public var nonPayFixed = 0.0
    /// One-off costs: per post added to the scenario's staffing (recruitment, equipment), and in all.
    public var setUpPerNewPost = 0.0
    public var setUpFixed = 0.0
    /// Yearly rises for the business case: pay (salaries), non-pay, and referrals (demand growth).
    public var payUplift = 0.0
    public var nonPayUplift = 0.0
    public var demandGrowth = 0.0
    /// Years of the business case.
    public var years = 3
    /// The council's terms, for roles with `employer: council` (`costs.council`): nil when not given.
    public var council: EmployerTerms?

    public init(pay: [Pay?]) { self.pay = pay }

    /// The NHS's terms: the section's own pension, National Insurance and mileage.
    public var nhs: EmployerTerms {
        EmployerTerms(pension: pension, nationalInsurance: nationalInsurance, nationalInsuranceThreshold: nationalInsuranceThreshold,
                      mileageRate: mileageRate, mileageReducedRate: mileageReducedRate, mileageThresholdMiles: mileageThresholdMiles)
    }

    /// An employer's terms (the council's fall back to the NHS's when not given; reading refuses that).
    public func terms(_ employer: Employer) -> EmployerTerms {
        switch employer {
        case .nhs: nhs
        case .council: council ?? nhs
        }
    }

    /// The employer of role `r` (the NHS when no pay is given).
    public func employer(role r: Int) -> Employer { pay[r]?.employer ?? .nhs }
}

/// Who employs a post: the NHS (Agenda for Change terms, NHS pension) or a council (the Local
/// Government Pension Scheme, and mileage as the council pays it: HMRC's approved rates by default).
public enum Employer: String, Sendable, Hashable, Codable, CaseIterable {
    case nhs
    case council

    public var label: String {
        switch self {
        case .nhs: "NHS"
        case .council: "council"
        }
    }
}

/// One employer's on-costs and mileage scheme.
public struct EmployerTerms: Sendable, Hashable, Codable {
    /// Employer pension contribution, a share of pay (NHS 20.68%; LGPS: the fund's rate).
    public var pension: Double
    /// Employer National Insurance: a share of each person's pay above the threshold (£ a year).
    public var nationalInsurance: Double
    public var nationalInsuranceThreshold: Double
    /// Business mileage, £ a mile: the rate up to the threshold a year per post, the reduced rate after.
    public var mileageRate: Double
    public var mileageReducedRate: Double
    public var mileageThresholdMiles: Double

    public init(pension: Double, nationalInsurance: Double = PayScale.employerNI, nationalInsuranceThreshold: Double = PayScale.niThreshold,
                mileageRate: Double = PayScale.hmrcMileageRate, mileageReducedRate: Double = PayScale.hmrcMileageReducedRate,
                mileageThresholdMiles: Double = PayScale.hmrcMileageThresholdMiles) {
        self.pension = pension; self.nationalInsurance = nationalInsurance; self.nationalInsuranceThreshold = nationalInsuranceThreshold
        self.mileageRate = mileageRate; self.mileageReducedRate = mileageReducedRate; self.mileageThresholdMiles = mileageThresholdMiles
    }

    /// Mileage of one post driving `miles` business miles in a year.
    public func mileage(miles: Double) -> Double {
        let m = max(0, miles)
        return mileageRate * min(m, mileageThresholdMiles) + mileageReducedRate * max(0, m - mileageThresholdMiles)
    }
}

/// The national pay scales and rates the costs default to, from `../shared/reference/kent-medway.md`
/// (England). They are defaults: a scenario overrides any of them.
public enum PayScale: String, Sendable, Hashable, CaseIterable {
    /// Agenda for Change (NHS), by band and point.
    case afc
    /// Soulbury scale A (educational psychologists), points 1 to 11.
    case soulburyA = "soulbury-a"
    /// Soulbury scale B (senior and principal educational psychologists).
    case soulburyB = "soulbury-b"
    /// The service's own grade: the salary must be given.
    case local

    /// Employer NHS pension contribution: 20.6% plus the 0.08% administration levy.
    public static let nhsPension = 0.2068
    /// Employer National Insurance from April 2025: 15% of pay above £5,000 a year.
    public static let employerNI = 0.15
    public static let niThreshold = 5_000.0
    /// NHS mileage (Agenda for Change section 17): 56p a mile for the first 3,500 business miles a year, 20p after.
    public static let mileageRate = 0.56
    public static let mileageReducedRate = 0.20
    public static let mileageThresholdMiles = 3_500.0
    /// HMRC approved mileage allowance payments (cars and vans), which many councils pay: 45p a mile
    /// for the first 10,000 business miles in a tax year, 25p after.
    public static let hmrcMileageRate = 0.45
    public static let hmrcMileageReducedRate = 0.25
    public static let hmrcMileageThresholdMiles = 10_000.0

    /// Agenda for Change 2024/25 annual pay, lowest and highest point of each band (band 7 derived:
    /// 2023/24 rates plus 5.5%).
    public static let afcBands: [(band: String, low: Double, high: Double)] = [
        ("4", 26_530, 29_114), ("5", 29_970, 36_483), ("6", 37_338, 44_962), ("7", 46_148, 52_809),
    ]
    /// Soulbury scale A, point 1 and point 11, and scale B's range: 2021 rates.
    public static let soulburyA2021 = (low: 38_865.0, high: 57_544.0)
    public static let soulburyB2021 = (low: 48_727.0, high: 70_803.0)
    /// The Soulbury award from September 2024, applied to the 2021 rates (the 2022 and 2023 awards
    /// are not included, so these salaries are likely low).
    ///
    /// Checked on 2026-12-01 against the latest award found: the Soulbury Committee's 2025 award,
    /// 3.2% on all spinal column points and allowances from 1 September 2025 (NEU, "Soulbury pay
    /// offer 2025-26", https://neu.org.uk/latest/library/soulbury-pay-offer-2025-26; the 2024 award,
    /// 2.5% from 1 September 2024: https://neu.org.uk/latest/library/soulbury-officers-pay-agreement-2024).
    /// The EP scale A and B points of 2022 to 2025 were not found in the pages searched (only the
    /// Educational Improvement Professionals' spine), so the built-in rates are left as they were and
    /// are low by at least the 2025 award: a scenario should give the service's own salary.
    /// Checked again on 2026-12-01 (evening): the NEU's 2024 and 2025 agreements list the EIP and
    /// Young People's/Community Service Manager spines only; AEP's pages give the 2020/21 EIP spine and
    /// the 2024 settlement (2.5%) without points; Slough's "Soulbury grades" page still has the 2021
    /// EP points. The Officers' Side's 2025 claim (https://neu.org.uk/latest/library/soulbury-officers-side-pay-and-conditions-service-claim-2025)
    /// says points 6 to 14 of scale A equal points 1 to 9 of scale B, so scale A has been extended
    /// past the 2021 point 11 (the 2022-23 structural changes the AEP's 2024/25 claim welcomes); its
    /// 2025 values were not found, so points 1 to 11 and their 2021 rates are kept.
    public static let soulburyUplift = 0.025
    /// The latest Soulbury award found (September 2025), not applied to the built-in rates (see above).
    public static let soulburyAward2025 = 0.032

    public var label: String {
        switch self {
        case .afc: "Agenda for Change"
        case .soulburyA: "Soulbury scale A"
        case .soulburyB: "Soulbury scale B"
        case .local: "local grade"
        }
    }

    /// The full-time salary at a band and point, and where it comes from; or why it cannot be looked up.
    public func salary(band: String?, point: String?) -> Result<(salary: Double, source: String), PayLookupError> {
        let point = point?.lowercased()
        func between(_ low: Double, _ high: Double) -> Double? {
            switch point ?? "mid" {
            case "entry", "bottom", "min": low
            case "mid", "middle": ((low + high) / 2).rounded()
            case "top", "max": high
            default: nil
            }
        }
        switch self {
        case .afc:
            guard let band else { return .failure(PayLookupError("an Agenda for Change post needs a band (4, 5, 6 or 7)")) }
            guard let row = Self.afcBands.first(where: { $0.band == band.lowercased() }) else {
                return .failure(PayLookupError("no built-in pay for Agenda for Change band \(band) (bands 4 to 7 are known): give a salary"))
            }
            guard let s = between(row.low, row.high) else {
                return .failure(PayLookupError("\"\(point ?? "")\" is not a point on a band (entry, mid or top)"))
            }
            return .success((s, "Agenda for Change 2024/25 band \(row.band), \(point ?? "mid") (\(pounds(row.low))-\(pounds(row.high)))"))
        case .soulburyA:
            let (low, high) = Self.soulburyA2021
            let base: Double
            if let p = point, let n = Int(p) {
                guard (1...11).contains(n) else { return .failure(PayLookupError("Soulbury scale A has points 1 to 11, not \(n)")) }
                base = low + (high - low) * Double(n - 1) / 10
            } else if let b = between(low, high) {
                base = b
            } else {
                return .failure(PayLookupError("\"\(point ?? "")\" is not a Soulbury scale A point (1 to 11, entry, mid or top)"))
            }
            let note = point.flatMap { Int($0) }.map { n in n == 1 || n == 11 ? "" : ", interpolated between points 1 and 11" } ?? ""
            return .success(((base * (1 + Self.soulburyUplift)).rounded(),
                             "Soulbury scale A point \(point ?? "mid"): 2021 rates plus the 2.5% September 2024 award\(note); the 2022 and 2023 awards are not included"))
        case .soulburyB:
            let (low, high) = Self.soulburyB2021
            guard let b = between(low, high) else { return .failure(PayLookupError("\"\(point ?? "")\" is not a point on Soulbury scale B (entry, mid or top)")) }
            return .success(((b * (1 + Self.soulburyUplift)).rounded(),
                             "Soulbury scale B, \(point ?? "mid"): 2021 rates plus the 2.5% September 2024 award; the 2022 and 2023 awards are not included"))
        case .local:
            return .failure(PayLookupError("a local grade has no built-in pay: give a salary"))
        }
    }
}

/// Whole pounds with thousands separated, whatever the locale: "£46,148", "-£12" (the one number
/// formatter's money setting).
public func pounds(_ x: Double) -> String { NumberFormat.pounds(x) }

public struct PayLookupError: Error, Sendable {
    public var message: String
    public init(_ message: String) { self.message = message }
}
