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
        if let x = m["pension"], let d = reader.double(x, 0...1) { costs.pension = d }
        if let x = m["national_insurance"], let nm = reader.mapping(x, allowed: ["rate", "threshold"]) {
            if let y = nm["rate"], let d = reader.double(y, 0...1) { costs.nationalInsurance = d }
            if let y = nm["threshold"], let d = reader.double(y, 0...1_000_000) { costs.nationalInsuranceThreshold = d }
        }
        if let x = m["mileage"], let mm = reader.mapping(x, allowed: ["rate", "reduced_rate", "threshold_miles"]) {
            if let y = mm["rate"], let d = reader.double(y, 0...10) { costs.mileageRate = d }
            if let y = mm["reduced_rate"], let d = reader.double(y, 0...10) { costs.mileageReducedRate = d }
            if let y = mm["threshold_miles"], let d = reader.double(y, 0...1_000_000) { costs.mileageThresholdMiles = d }
        }
        if let x = m["non_pay"], let nm = reader.mapping(x, allowed: ["per_fte", "fixed"]) {
            if let y = nm["per_fte"], let d = reader.double(y, 0...10_000_000) { costs.nonPayPerFTE = d }
            if let y = nm["fixed"], let d = reader.double(y, 0...100_000_000) { costs.nonPayFixed = d }
        }
        if let x = m["set_up"], let sm = reader.mapping(x, allowed: ["per_new_post", "fixed"]) {
            if let y = sm["per_new_post"], let d = reader.double(y, 0...10_000_000) { costs.setUpPerNewPost = d }
            if let y = sm["fixed"], let d = reader.double(y, 0...100_000_000) { costs.setUpFixed = d }
        }
        if let x = m["pay_uplift"], let d = reader.double(x, -0.5...1) { costs.payUplift = d }
        if let x = m["non_pay_uplift"], let d = reader.double(x, -0.5...1) { costs.nonPayUplift = d }
        if let x = m["demand_growth"], let d = reader.double(x, -0.9...5) { costs.demandGrowth = d }
        if let x = m["years"], let n = reader.int(x, 1...30) { costs.years = n }
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
