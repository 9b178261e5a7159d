import HubspokeModel
import HubspokeScenarioIO

extension ScenarioSectionReader {
    /// The `costs:` section, read into `Scenario.costs`.
    public static let costs = ScenarioSectionReader(key: "costs") { v, parser, parts in parser.parseCosts(v, roles: parts.roles) }
}

extension [ScenarioSectionReader] {
    /// Every section of a scenario that a layer above the model owns: `simulation:`, `referral_mix:` and `costs:`.
    public static var all: [ScenarioSectionReader] { [.simulation, .referralMix, .costs] }
}

extension Scenario {
    /// What the posts cost, for the staffing tools (the `costs:` section), if given and read (pass
    /// `.costs` to `Scenario.load`).
    public var costs: CostSettings? {
        get { sections[ScenarioSectionReader.costs.key] }
        set { sections[ScenarioSectionReader.costs.key] = newValue }
    }
}

extension ScenarioParser {
    static let costFields = [
        "pay", "pension", "national_insurance", "mileage", "non_pay", "set_up", "pay_uplift", "non_pay_uplift", "demand_growth", "years",
        "council",
    ]

    /// Reads the `costs:` section. Every role it names must exist; each pay entry must resolve to a
    /// salary (a known band and point, or a salary given); rates must be in range.
    mutating func parseCosts(_ v: YAMLValue, roles: [Role]) -> CostSettings? {
        guard let m = reader.mapping(v, allowed: Self.costFields) else { return nil }
        note(v)
        var costs = CostSettings(pay: Array(repeating: nil, count: roles.count))
        var councilPay: [YAMLValue] = []
        if let pv = m["pay"] {
            note(pv)
            let entries = reader.idEntries(pv, notMapping: "expected a mapping of role id to pay ({scale: afc, band: 6, point: mid} or {salary: 40000})",
                                           keys: "keys must be role ids")
            for e in entries {
                note(e.value)
                guard let r = roles.firstIndex(where: { $0.id == e.key }) else { reader.problem(e.keyValue, "unknown role \"\(e.key)\""); continue }
                costs.pay[r] = parsePay(e.value)
                if costs.pay[r]?.employer == .council { councilPay.append(e.value) }
            }
        }
        var nhs = costs.nhs
        parseTerms(m, into: &nhs)
        costs.pension = nhs.pension
        costs.nationalInsurance = nhs.nationalInsurance; costs.nationalInsuranceThreshold = nhs.nationalInsuranceThreshold
        costs.mileageRate = nhs.mileageRate; costs.mileageReducedRate = nhs.mileageReducedRate; costs.mileageThresholdMiles = nhs.mileageThresholdMiles
        costs.council = parseCouncil(m)
        if costs.council == nil, let first = councilPay.first {
            reader.problem(first, "employer: council needs the council's terms: give costs.council.pension (the LGPS employer rate of the council's fund)")
        }
        if let nm = reader.mapping(m, "non_pay", allowed: ["per_fte", "fixed"]) {
            reader.assign(&costs.nonPayPerFTE, nm, "per_fte", 0...10_000_000)
            reader.assign(&costs.nonPayFixed, nm, "fixed", 0...100_000_000)
        }
        if let sm = reader.mapping(m, "set_up", allowed: ["per_new_post", "fixed"]) {
            reader.assign(&costs.setUpPerNewPost, sm, "per_new_post", 0...10_000_000)
            reader.assign(&costs.setUpFixed, sm, "fixed", 0...100_000_000)
        }
        reader.assign(&costs.payUplift, m, "pay_uplift", -0.5...1)
        reader.assign(&costs.nonPayUplift, m, "non_pay_uplift", -0.5...1)
        reader.assign(&costs.demandGrowth, m, "demand_growth", -0.9...5)
        reader.assign(&costs.years, m, "years", 1...30)
        return costs
    }

    /// An employer's pension, National Insurance and mileage from a mapping (the section itself for the
    /// NHS, `council:` for the council), over the defaults in `terms`.
    mutating func parseTerms(_ m: [String: YAMLValue], into terms: inout EmployerTerms) {
        reader.assign(&terms.pension, m, "pension", 0...1)
        if let nm = reader.mapping(m, "national_insurance", allowed: ["rate", "threshold"]) {
            reader.assign(&terms.nationalInsurance, nm, "rate", 0...1)
            reader.assign(&terms.nationalInsuranceThreshold, nm, "threshold", 0...1_000_000)
        }
        if let mm = reader.mapping(m, "mileage", allowed: ["rate", "reduced_rate", "threshold_miles"]) {
            reader.assign(&terms.mileageRate, mm, "rate", 0...10)
            reader.assign(&terms.mileageReducedRate, mm, "reduced_rate", 0...10)
            reader.assign(&terms.mileageThresholdMiles, mm, "threshold_miles", 0...1_000_000)
        }
    }

    /// `council: {pension: 0.19, national_insurance: {...}, mileage: {...}}`: the pension (the LGPS
    /// fund's employer rate) is required; National Insurance defaults to the national rates and
    /// mileage to HMRC's approved rates.
    mutating func parseCouncil(_ m: [String: YAMLValue]) -> EmployerTerms? {
        guard let cv = m["council"], let cm = reader.mapping(cv, allowed: ["pension", "national_insurance", "mileage"]) else { return nil }
        note(cv)
        guard cm["pension"] != nil else {
            reader.problem(cv, "pension: the council's LGPS employer rate is required (a share of pay, e.g. 0.19; each fund sets its own)")
            return nil
        }
        var terms = EmployerTerms(pension: 0)
        parseTerms(cm, into: &terms)
        return terms
    }

    /// One role's pay: `{scale: afc, band: 6, point: mid}`, `{scale: soulbury-a, point: 6}` or `{salary: 41000}`
    /// (a salary given wins over the scale, which then only labels it), and `employer: nhs` (the
    /// default) or `employer: council`.
    mutating func parsePay(_ v: YAMLValue) -> CostSettings.Pay? {
        guard let m = reader.mapping(v, allowed: ["scale", "band", "point", "salary", "employer"]) else { return nil }
        var employer = Employer.nhs
        if let x = m["employer"] { guard let e = reader.enumValue(x, Employer.self) else { return nil }; employer = e }
        var pay = parseSalary(m, v)
        pay?.employer = employer
        return pay
    }

    mutating func parseSalary(_ m: [String: YAMLValue], _ v: YAMLValue) -> CostSettings.Pay? {
        var scale = PayScale.local
        if let x = m["scale"] { guard let s = reader.enumValue(x, PayScale.self) else { return nil }; scale = s }
        let band = m["band"].flatMap { reader.string($0) }
        let point = m["point"].flatMap { reader.string($0) }
        if band != nil && scale != .afc { reader.problem(m["band"], "only Agenda for Change (scale: afc) has bands") }
        if let x = m["salary"] {
            guard let salary = reader.double(x, 1_000...1_000_000) else { return nil }
            let grade = [scale == .local ? nil : scale.label, band.map { "band \($0)" }, point.map { "point \($0)" }].compactMap { $0 }
            return CostSettings.Pay(scale: scale, band: band, point: point, salary: salary,
                                    source: "salary given in the scenario" + (grade.isEmpty ? "" : " (\(grade.joined(separator: ", ")))"))
        }
        switch scale.salary(band: band, point: point) {
        case .success(let found): return CostSettings.Pay(scale: scale, band: band, point: point, salary: found.salary, source: found.source)
        case .failure(let error):
            reader.problem(v, error.message + (m["scale"] == nil ? " (or give a scale: afc, soulbury-a, soulbury-b)" : ""))
            return nil
        }
    }
}
