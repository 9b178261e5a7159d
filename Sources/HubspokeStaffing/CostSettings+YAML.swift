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
    ]

    /// Reads the `costs:` section. Every role it names must exist; each pay entry must resolve to a
    /// salary (a known band and point, or a salary given); rates must be in range.
    mutating func parseCosts(_ v: YAMLValue, roles: [Role]) -> CostSettings? {
        guard let m = reader.mapping(v, allowed: Self.costFields) else { return nil }
        note(v)
        var costs = CostSettings(pay: Array(repeating: nil, count: roles.count))
        if let pv = m["pay"] {
            note(pv)
            let entries = reader.idEntries(pv, notMapping: "expected a mapping of role id to pay ({scale: afc, band: 6, point: mid} or {salary: 40000})",
                                           keys: "keys must be role ids")
            for e in entries {
                note(e.value)
                guard let r = roles.firstIndex(where: { $0.id == e.key }) else { reader.problem(e.keyValue, "unknown role \"\(e.key)\""); continue }
                costs.pay[r] = parsePay(e.value)
            }
        }
        reader.assign(&costs.pension, m, "pension", 0...1)
        if let nm = reader.mapping(m, "national_insurance", allowed: ["rate", "threshold"]) {
            reader.assign(&costs.nationalInsurance, nm, "rate", 0...1)
            reader.assign(&costs.nationalInsuranceThreshold, nm, "threshold", 0...1_000_000)
        }
        if let mm = reader.mapping(m, "mileage", allowed: ["rate", "reduced_rate", "threshold_miles"]) {
            reader.assign(&costs.mileageRate, mm, "rate", 0...10)
            reader.assign(&costs.mileageReducedRate, mm, "reduced_rate", 0...10)
            reader.assign(&costs.mileageThresholdMiles, mm, "threshold_miles", 0...1_000_000)
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

    /// One role's pay: `{scale: afc, band: 6, point: mid}`, `{scale: soulbury-a, point: 6}` or `{salary: 41000}`
    /// (a salary given wins over the scale, which then only labels it).
    mutating func parsePay(_ v: YAMLValue) -> CostSettings.Pay? {
        guard let m = reader.mapping(v, allowed: ["scale", "band", "point", "salary"]) else { return nil }
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
