import HubspokeSupport
import HubspokeSimulation

/// Text shared by the staffing reports: money, rates, estimates, staffing and cost assumptions.
public enum StaffingFormat {
    /// "£412,346" (whole pounds, thousands separated); negative amounts as "-£12".
    public static func money(_ x: Double) -> String { pounds(x) }

    /// "20.68%" from 0.2068.
    public static func rate(_ x: Double) -> String {
        let s = fixed(x * 100, 2)
        var t = s
        while t.hasSuffix("0") { t.removeLast() }
        if t.hasSuffix(".") { t.removeLast() }
        return t + "%"
    }

    /// "£0.56" a mile as "56p".
    public static func pence(_ x: Double) -> String {
        x < 1 ? compact((x * 100 * 100).rounded() / 100) + "p" : "£" + fixed(x, 2)
    }

    /// "85.2 ± 1.3", "-" when not estimated; money for costs.
    public static func estimate(_ e: Estimate?, key: String, decimals: Int = 1) -> String {
        guard let e else { return "-" }
        if Measure.isCost(key) { return money(e.mean) }
        return e.text(decimals: decimals)
    }

    /// "EP 1.5, SLT 0.6" for the given roles.
    public static func staffing(_ sessions: [Int], roles: [String], only: [String]? = nil) -> String {
        roles.enumerated().filter { only?.contains($0.element) ?? true }.map { "\($0.element) \(fteText(sessions[$0.offset]))" }.joined(separator: ", ")
    }

    /// Short column titles for the measures reports show.
    public static func title(_ key: String) -> String {
        switch key {
        case Measure.annualCost: "annual cost"
        case Measure.staffCost: "staff cost"
        case KPI.Key.seenWithin4Weeks.rawValue: "seen in 4 wk %"
        case Measure.worstPRU: "worst PRU %"
        case KPI.Key.waitMean.rawValue: "wait days"
        case KPI.Key.utilisation.rawValue: "utilisation %"
        default: Measure.named(key).map { "\($0.key) (\($0.unit))" } ?? key
        }
    }

    /// The measures a table shows: cost, the service measures, and any measure a target names.
    static func shownMeasures(targets: [Target], frontier: String? = nil) -> [String] {
        var keys = [Measure.annualCost, KPI.Key.seenWithin4Weeks.rawValue, Measure.worstPRU, KPI.Key.waitMean.rawValue, KPI.Key.utilisation.rawValue]
        for k in [frontier].compactMap({ $0 }) + targets.map(\.key) where !keys.contains(k) { keys.append(k) }
        return keys
    }

    /// The cost assumptions, one line each.
    public static func costLines(_ c: CostBasis, staffedRoles: Set<String>? = nil) -> [String] {
        var t = TextTable()
        for r in c.roles where staffedRoles?.contains(r.role) ?? true {
            t.add([r.role, r.name, r.salary.map(money) ?? "no pay given", r.source ?? ""])
        }
        var lines = ["Full-time salary by role (the scenario's costs: section; defaults from public pay scales, to be replaced with the service's own):"]
        lines.append(t.render(indent: "  "))
        lines.append("  On-costs: employer pension \(rate(c.pension)) of pay; employer National Insurance \(rate(c.nationalInsurance)) of each post's pay above \(money(c.nationalInsuranceThreshold)) a year.")
        lines.append("  Mileage: \(pence(c.mileageRate)) a mile for the first \(pounds(c.mileageThresholdMiles).dropFirst()) miles a year of each post, \(pence(c.mileageReducedRate)) after; miles from the simulation.")
        if let council = c.council { lines.append("  " + councilTerms(council, roles: c.roles.filter { $0.employer == .council }.map(\.role))) }
        lines.append("  Non-pay: \(money(c.nonPayPerFTE)) a year per FTE plus \(money(c.nonPayFixed)); set-up (one-off, not in the annual cost): \(money(c.setUpPerNewPost)) per post added plus \(money(c.setUpFixed)).")
        return lines
    }

    /// The council's terms in a sentence (text and HTML reports).
    public static func councilTerms(_ t: EmployerTerms, roles: [String]) -> String {
        "Council-employed roles (\(roles.isEmpty ? "none" : roles.joined(separator: ", "))): employer pension (LGPS) \(rate(t.pension)) of pay; "
            + "employer National Insurance \(rate(t.nationalInsurance)) of each post's pay above \(money(t.nationalInsuranceThreshold)) a year; "
            + "mileage \(pence(t.mileageRate)) a mile for the first \(pounds(t.mileageThresholdMiles).dropFirst()) miles a year of each post, "
            + "\(pence(t.mileageReducedRate)) after (HMRC's approved rates unless the scenario gives others). Other roles are NHS-employed."
    }

    /// A year's cost of one employer as cells: posts, pay, pension, NI, non-pay, mileage, total.
    public static func employerCells(_ c: EmployerCost, _ format: (Double) -> String) -> [String] {
        [String(c.posts)] + [c.pay, c.pension, c.nationalInsurance, c.nonPay, c.mileage, c.total].map(format)
    }

    /// What was simulated, in a sentence.
    static func plan(_ p: SimulationPlan) -> String { p.summary }

    /// A CSV row.
    static func csvRow(_ cells: [String]) -> String { CSV.spreadsheetRow(cells) }

    /// Mean, low and high of an estimate as CSV cells (empty when not estimated).
    static func csvEstimate(_ e: Estimate?) -> [String] {
        [e.map { fixed($0.mean, 4) } ?? "", e?.low.map { fixed($0, 4) } ?? "", e?.high.map { fixed($0, 4) } ?? ""]
    }

    /// CSV columns of an option: FTE by role, posts, costs, miles, and every measure with its interval.
    /// By precision, two more: the replications each option took and whether it converged.
    static func optionHeader(roles: [String], plan: SimulationPlan) -> [String] {
        var header = roles.map { "\($0)_fte" } + ["posts", "added_posts", "pay", "pension", "national_insurance", "non_pay", "mileage",
                                                  "staff_cost", "annual_cost", "set_up", "annual_miles"]
        for k in Measure.simulated { header += [k, "\(k)_low", "\(k)_high"] }
        return header + ["worst_pru"] + (plan.precision == nil ? [] : ["replications", "precision_converged"])
    }

    static func optionCells(_ o: OptionResult, plan: SimulationPlan) -> [String] {
        let c = o.cost
        var cells = o.sessions.map(fteText) + [String(o.posts), o.added.joined(separator: " ")]
        cells += [c.pay, c.pension, c.nationalInsurance, c.nonPay, c.mileage, c.staff, c.annual, c.setUp].map { fixed($0, 2) }
        cells.append(fixed(o.annualMiles, 1))
        for k in Measure.simulated { cells += csvEstimate(o.estimate(k)) }
        cells.append(o.worstPRU ?? "")
        if plan.precision != nil { cells += [o.replications.map(String.init) ?? "", o.converged.map { $0 ? "yes" : "no" } ?? ""] }
        return cells
    }

    /// Rows of a table of measures against targets: measure, target, value, met.
    static func targetRows(_ o: OptionResult, _ targets: [Target]) -> [[String]] {
        targets.map { t in
            let e = o.estimate(t.key)
            return [t.key, (t.atLeast ? ">= " : "<= ") + compact(t.value), estimate(e, key: t.key), e.map { t.met(by: $0.mean) ? "met" : "MISSED" } ?? "MISSED"]
        }
    }

    /// "£412,346 a year (pay £..., pension ..., ...); set-up £... one-off".
    static func costSentence(_ c: CostBreakdown) -> String {
        "\(money(c.annual)) a year (pay \(money(c.pay)), pension \(money(c.pension)), National Insurance \(money(c.nationalInsurance)), "
            + "non-pay \(money(c.nonPay)), mileage \(money(c.mileage)))" + (c.setUp > 0 ? "; set-up \(money(c.setUp)) one-off" : "")
    }

    /// "added EP-N1; EP-1 0.8 -> 0.5; left out EP-2", or "the scenario's posts".
    static func postChanges(_ o: OptionResult) -> String {
        var parts: [String] = []
        if !o.added.isEmpty { parts.append("added " + o.added.joined(separator: ", ")) }
        if !o.reduced.isEmpty { parts.append("cut " + o.reduced.joined(separator: ", ")) }
        if !o.removed.isEmpty { parts.append("left out " + o.removed.joined(separator: ", ")) }
        return parts.isEmpty ? "the scenario's posts" : parts.joined(separator: "; ")
    }
}
