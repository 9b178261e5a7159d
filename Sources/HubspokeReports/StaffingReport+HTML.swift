import HubspokeSupport
import HubspokeModel
import HubspokeSimulation
import HubspokeStaffing

// The staffing reports as self-contained HTML pages for a business case: what was run, the answer,
// a chart with its table beside it, every option's figures, and the cost assumptions. The same
// report gives the same bytes.

extension SweepReport {
    /// The sweep: the cost-against-service frontier as a scatter chart, every option, the costs.
    public func html() -> String {
        let page = StaffingPage(roles: sweep.roles, varied: sweep.varied.map(\.role), costs: sweep.costs)
        let h = sweep
        let kpi = h.frontierKPI
        let keys = StaffingPage.shown(h.targets, also: kpi)
        return HTMLDocument(title: "Staffing sweep: \(h.scenario)", body: [
            ReportPage.header("Staffing sweep: \(h.scenario)",
                        lede: "\(h.optionCount) staffing option\(h.optionCount == 1 ? "" : "s") simulated and costed, and the options "
                            + "no other option beats on both annual cost and \(page.label(kpi)).",
                        facts: page.facts(varied: h.varied, baseline: h.baseline, plan: h.simulation, targets: h.targets)),
            ReportPage.contents([("frontier", "Cost against service"), ("options", "Every option"), ("costs", "Cost assumptions")]),
            HTML.el("main") {
                ReportPage.section("frontier", "Cost against service") {
                    HTML.el("p", text: "Each point is an option: its annual cost across, its \(page.label(kpi)) up, with the 95% confidence "
                            + "interval. The line joins the efficient frontier: options that no other option beats on both. "
                            + "Off the frontier, another option is at least as good for no more money.")
                    page.frontierFigure(options, kpi: kpi)
                }
                ReportPage.section("options", "Every option") {
                    page.optionsTable("Every option: FTE of the roles varied, cost a year and simulated KPIs (mean, 95% confidence interval below)",
                                      options, keys: keys, targets: h.targets, number: { "\($0.index + 1)" })
                }
                page.costsSection
            },
        ]).render()
    }
}

extension LeastCostReport {
    /// The least-cost search: the answer against the targets, the next cheaper option, every option tried, the capacity model.
    public func html() -> String {
        let page = StaffingPage(roles: roles, varied: varied.map(\.role), costs: costs)
        let keys = StaffingPage.shown(targets, also: nil)
        let first = targets.first?.key ?? KPI.Key.seenWithin4Weeks.rawValue
        return HTMLDocument(title: "Least-cost staffing: \(scenario)", body: [
            ReportPage.header("Least-cost staffing: \(scenario)",
                        lede: "The cheapest staffing in the ranges that meets every target: a capacity model solved with GLPK proposes, "
                            + "the simulator confirms, and cheaper options are tried until none is left.",
                        facts: page.facts(varied: varied, baseline: baseline, plan: simulation, targets: targets)),
            ReportPage.contents([("answer", met ? "The answer" : "No staffing meets the targets"), ("search", "Options tried"),
                           ("capacity", "Capacity model"), ("costs", "Cost assumptions")]),
            HTML.el("main") {
                ReportPage.section("answer", met ? "The answer" : "No staffing meets the targets") {
                    if let c = chosen {
                        HTML.el("p", ["class": "lede"], text: "Chosen: \(page.staffing(c)), \(pounds(c.cost.annual)) a year.")
                        page.targetTable(c, targets: targets, caption: "The chosen staffing against the targets")
                        page.costTable([("Chosen", c)] + (nextCheaper.map { [("Next cheaper", $0)] } ?? []))
                        if let n = nextCheaper {
                            HTML.el("p", ["class": "unmet-note"], text: "The next cheaper option, \(page.staffing(n)), costs \(pounds(c.cost.annual - n.cost.annual)) "
                                    + "a year less but misses \(nextCheaperMisses.joined(separator: ", ")).")
                        } else {
                            HTML.el("p", text: "No option in the ranges is cheaper.")
                        }
                        HTML.el("p", text: proven
                            ? "Every cheaper option was simulated or ruled out: an option with no more of any role than one that missed a target is assumed to miss too."
                            : "The search stopped at its limit of simulations: cheaper options may remain untried.")
                    } else {
                        HTML.el("div", ["class": "unmet-note"]) {
                            HTML.el("p", text: "No staffing in the ranges meets every target: even the top of every range misses. Best reached:")
                            HTML.el("ul") {
                                for b in bestReached {
                                    HTML.el("li", text: "\(b.target): \(page.estimate(b.estimate, key: targets.first { $0.description == b.target }?.key ?? ""))"
                                            + (b.sessions.map { " at \(StaffingFormat.staffing($0, roles: roles, only: varied.map(\.role)))" } ?? ""))
                                }
                            }
                        }
                    }
                }
                ReportPage.section("search", "Options tried") {
                    HTML.el("p", text: "Every option simulated, in order, with why it was tried. All share the seed: the same referrals in each.")
                    page.searchFigure(steps, key: first, target: targets.first, chosen: chosen)
                    page.optionsTable("Options simulated in order: FTE, cost a year and KPIs (mean, 95% confidence interval below)",
                                      steps.map(\.option), keys: keys, targets: targets, number: { "\($0.index)" },
                                      extra: ("Why tried", { o in steps.first { $0.step == o.index }?.reason ?? "" }))
                }
                ReportPage.section("capacity", "Capacity model") {
                    HTML.el("p", text: "Expected appointments a week by role (referrals × the need profiles' appointments, no-shows included), "
                            + "and the sessions that cover them at \(StaffingFormat.rate(capacity.utilisationCap)) utilisation when "
                            + "\(StaffingFormat.rate(capacity.availability)) of contracted sessions are delivered (school holidays, leave, sickness).")
                    DataTable(caption: "Capacity model: demand and the staffing that covers it",
                              columns: [.init("Role"), .init("Appointments booked a week", numeric: true), .init("FTE needed", numeric: true),
                                        .init("FTE proposed", numeric: true)],
                              rows: roles.enumerated().filter { varied.map(\.role).contains($0.element) }.map { i, r in
                                  DataTable.Row(texts: [r, fixed(capacity.demand[i], 2), fixed(capacity.sessionsNeeded[i] / 10, 2),
                                                        capacityProposal.map { fteText($0[i]) } ?? "none covers it"])
                              }).html
                }
                page.costsSection
            },
        ]).render()
    }
}

extension BusinessCaseReport {
    /// The business case: cost year by year as a chart and tables, the expected KPIs, the costs.
    public func html() -> String {
        let page = StaffingPage(roles: roles, varied: roles, costs: costs)
        let keys = StaffingPage.shown(targets, also: nil).filter { $0 != Measure.annualCost }
        let labels = years.map { "Year \($0.year)" }
        let chart = ColumnChart(
            title: "Cost by year", summary: "Running cost and one-off set-up cost each year: "
                + years.map { "year \($0.year) \(pounds($0.option.cost.annual)) running, \(pounds($0.setUp)) set-up" }.joined(separator: "; ") + ".",
            categories: labels,
            series: [.init("Running cost", values: years.map(\.option.cost.annual)), .init("Set-up (one-off)", values: years.map(\.setUp))],
            xTitle: "Year", yTitle: "Cost (£)", format: NumberFormat.page(prefix: "£"))
        let costRows = years.map { y in
            let c = y.option.cost
            return DataTable.Row(texts: ["Year \(y.year)", "× " + fixed(y.referralFactor, 3)] + y.option.sessions.map(fteText)
                + [c.pay, c.pension, c.nationalInsurance, c.nonPay, c.mileage, c.annual, y.setUp, y.total].map(pounds))
        }
        let totalRow = DataTable.Row(texts: ["Total", ""] + roles.map { _ in "" } + ["", "", "", "", "", pounds(totalRunning), pounds(totalSetUp), pounds(total)])
        return HTMLDocument(title: "Business case: \(scenario)", body: [
            ReportPage.header("Business case: \(scenario)",
                        lede: "Staffing, cost and expected KPIs for each of \(years.count) year\(years.count == 1 ? "" : "s"): referrals grow "
                            + "\(StaffingFormat.rate(demandGrowth)) a year, pay rises \(StaffingFormat.rate(payUplift)) and non-pay \(StaffingFormat.rate(nonPayUplift)).",
                        facts: page.facts(varied: method == "fixed" ? [] : varied, baseline: method == "fixed" ? (years.first?.option.sessions ?? baseline) : baseline,
                                          plan: simulation, targets: targets,
                                          fixedLabel: method == "fixed" ? "Staffing (FTE), the same every year" : "Other roles (FTE, as in the scenario)")
                            + (method == "fixed" ? [] : [("Staffing", "each year the cheapest in the ranges that meets the targets, never fewer staff than the year before")])),
            ReportPage.contents([("years", "Cost year by year"), ("kpis", "Expected KPIs"), ("costs", "Cost assumptions")]),
            HTML.el("main") {
                ReportPage.section("years", "Cost year by year") {
                    Figure(caption: "Cost by year", chart: chart,
                           table: DataTable(caption: "Cost by year", columns: [.init("Year"), .init("Running", numeric: true), .init("Set-up", numeric: true), .init("Total", numeric: true)],
                                            rows: years.map { DataTable.Row(texts: ["Year \($0.year)", pounds($0.option.cost.annual), pounds($0.setUp), pounds($0.total)]) },
                                            footer: [DataTable.Row(texts: ["Total", pounds(totalRunning), pounds(totalSetUp), pounds(total)])])).html(id: "cost-by-year")
                    DataTable(caption: "Staffing (FTE) and cost by year",
                              columns: [.init("Year"), .init("Referrals", numeric: true)] + roles.map { .init($0, numeric: true) }
                                + ["Pay", "Pension", "NI", "Non-pay", "Mileage", "Running cost", "Set-up", "Total"].map { .init($0, numeric: true) },
                              rows: costRows, footer: [totalRow]).html
                    for y in years where !y.postsAdded.isEmpty { HTML.el("p", text: "Year \(y.year) adds \(y.postsAdded.joined(separator: ", ")).") }
                    DataTable(caption: "Cost by employer and year: each employer's posts on its own pension, National Insurance and mileage "
                                + "(the fixed non-pay and set-up are the service's)",
                              columns: [.init("Year"), .init("Employer")]
                                + ["Posts", "Pay", "Pension", "NI", "Non-pay", "Mileage", "Total"].map { .init($0, numeric: true) },
                              rows: employerRows.map { DataTable.Row(texts: [$0.year.map { "Year \($0)" } ?? "Total", $0.cost.employer.label]
                                                                        + StaffingFormat.employerCells($0.cost, pounds)) }).html
                }
                ReportPage.section("kpis", "Expected KPIs") {
                    page.optionsTable("Expected KPIs by year (mean, 95% confidence interval below)", years.map(\.option), keys: keys, targets: targets,
                                      number: { "Year \($0.index)" }, showCost: false)
                }
                page.costsSection
            },
        ]).render()
    }
}

/// Builds the parts the staffing pages share.
struct StaffingPage {
    let roles: [String]
    let varied: [String]
    let costs: CostBasis

    /// The measures a table shows: service first, then anything a target names.
    static func shown(_ targets: [Target], also: String?) -> [String] {
        var keys = [KPI.Key.seenWithin4Weeks.rawValue, Measure.worstPRU, KPI.Key.waitMean.rawValue]
        for k in [also].compactMap({ $0 }) + targets.map(\.key) where !keys.contains(k) && !Measure.isCost(k) { keys.append(k) }
        return keys
    }

    func label(_ key: String) -> String { Measure.named(key)?.label.lowercased() ?? key }

    /// A short column title with the unit: "Seen in 4 weeks (%)".
    func title(_ key: String) -> String {
        switch key {
        case KPI.Key.seenWithin4Weeks.rawValue: "Seen in 4 weeks (%)"
        case Measure.worstPRU: "Worst PRU, seen in 4 weeks (%)"
        case KPI.Key.waitMean.rawValue: "Mean wait (days)"
        case KPI.Key.waitP90.rawValue: "90th centile wait (days)"
        case KPI.Key.utilisation.rawValue: "Utilisation (%)"
        default: "\(Measure.named(key)?.label ?? key) (\(unit(key)))"
        }
    }

    func unit(_ key: String) -> String { Measure.named(key)?.unit ?? "" }

    func decimals(_ key: String) -> Int { KPI.decimals(unit: unit(key)) }

    func staffing(_ o: OptionResult) -> String { StaffingFormat.staffing(o.sessions, roles: roles, only: varied) }

    func estimate(_ e: Estimate?, key: String) -> String { StaffingFormat.estimate(e, key: key, decimals: decimals(key)) }

    func facts(varied ranges: [RoleRange], baseline: [Int], plan: SimulationPlan, targets: [Target],
               fixedLabel: String = "Other roles (FTE, as in the scenario)") -> [(String, String)] {
        var out: [(String, String)] = []
        if !ranges.isEmpty { out.append(("Roles varied (FTE)", ranges.map { "\($0.role) \($0.summary)" }.joined(separator: "; "))) }
        let fixed = roles.filter { r in !ranges.contains { $0.role == r } }
        if !fixed.isEmpty { out.append((fixedLabel, StaffingFormat.staffing(baseline, roles: roles, only: fixed))) }
        out.append(("Simulation", plan.summary))
        out.append(("Method", "every option meets the same referrals, needs and drop-outs (common random numbers), so options are compared "
                    + "on equal terms; figures are means over replications with 95% confidence intervals (Student's t)"))
        if !targets.isEmpty { out.append(("Targets", targets.map(\.description).joined(separator: ", ") + " (judged on the mean)")) }
        return out
    }

    /// The mean, with its 95% interval on a line below. Plain decimals (no thousands separator, an
    /// ASCII minus), as the staffing text and CSV print them.
    func cell(_ e: Estimate?, key: String) -> HTML { ReportPage.estimateCell(e, NumberFormat(decimals: decimals(key))) }

    func optionsTable(_ caption: String, _ options: [OptionResult], keys: [String], targets: [Target], number: (OptionResult) -> String,
                      showCost: Bool = true, extra: (String, (OptionResult) -> String)? = nil) -> HTML {
        var columns: [DataTable.Column] = [.init("Option")] + varied.map { .init("\($0) FTE", numeric: true) }
        if showCost { columns += ["Cost a year", "Mileage", "Set-up"].map { .init($0, numeric: true) } }
        columns += keys.map { .init(title($0), numeric: true) }
        if !targets.isEmpty { columns.append(.init("Targets")) }
        if options.contains(where: { $0.onFrontier != nil }) { columns.append(.init("Frontier")) }
        if let extra { columns.append(.init(extra.0)) }
        let rows = options.map { o -> DataTable.Row in
            let missed = o.missed(targets)
            var cells: [HTML] = [.text(number(o))] + varied.map { r in .text(fteText(o.sessions[roles.firstIndex(of: r)!])) }
            if showCost { cells += [o.cost.annual, o.cost.mileage, o.cost.setUp].map { .text(pounds($0)) } }
            cells += keys.map { cell(o.estimate($0), key: $0) }
            if !targets.isEmpty {
                cells.append(missed.isEmpty ? .text("met") : HTML.group([.text("missed"), HTML.el("span", ["class": "ci"], text: missed.map(\.description).joined(separator: ", "))]))
            }
            if let f = o.onFrontier { cells.append(f ? HTML.shown("●", spoken: "on the frontier") : .text("")) }
            if let extra { cells.append(.text(extra.1(o))) }
            return DataTable.Row(cells, cssClass: !targets.isEmpty && !missed.isEmpty ? "unmet" : nil)
        }
        return DataTable(caption: caption, columns: columns, rows: rows, cssClass: "options").html
    }

    func frontierFigure(_ options: [OptionResult], kpi: String) -> HTML {
        let d = decimals(kpi)
        let rated = options.compactMap { o in o.estimate(kpi).map { (option: o, estimate: $0) } }
        let chart = ScatterChart(
            title: "Annual cost against \(label(kpi))",
            summary: "\(rated.count) staffing options; the efficient frontier runs through "
                + rated.filter { $0.option.onFrontier == true }
                    .map { "\(staffing($0.option)) (\(pounds($0.option.cost.annual)), \(fixed($0.estimate.mean, d)))" }.joined(separator: "; ") + ".",
            xTitle: "Cost a year (£)", yTitle: title(kpi),
            xFormat: NumberFormat.page(prefix: "£"), yFormat: NumberFormat.page(decimals: d),
            points: rated.map { o, e in
                .init(x: o.cost.annual, y: e.mean, label: staffing(o), yLow: e.low, yHigh: e.high, onFrontier: o.onFrontier == true)
            },
            frontier: .marked, frontierName: "efficient frontier", labels: .frontier, yFromZero: false)
        let frontier = rated.filter { $0.option.onFrontier == true }
        let table = DataTable(caption: "The efficient frontier, cheapest first",
                              columns: [.init("Option"), .init("Cost a year", numeric: true), .init(title(kpi), numeric: true)],
                              rows: frontier.map { o, e in DataTable.Row([.text(staffing(o)), .text(pounds(o.cost.annual)), cell(e, key: kpi)]) })
        return Figure(caption: "Annual cost against \(label(kpi)): \(Measure.named(kpi)?.higherIsBetter == false ? "lower" : "higher") is better",
                      chart: chart, table: table).html(id: "frontier-figure")
    }

    func searchFigure(_ steps: [LeastCostReport.Step], key: String, target: Target?, chosen: OptionResult?) -> HTML {
        let d = decimals(key)
        let rated = steps.compactMap { s in s.option.estimate(key).map { (step: s, estimate: $0) } }
        let chart = ScatterChart(
            title: "Options tried: staff cost against \(label(key))",
            summary: "\(rated.count) options simulated" + (chosen.map { "; the chosen one is \(staffing($0)) at \(pounds($0.cost.staff)) staff cost" } ?? "") + ".",
            xTitle: "Staff cost a year (£)", yTitle: title(key),
            xFormat: NumberFormat.page(prefix: "£"), yFormat: NumberFormat.page(decimals: d),
            points: rated.map { s, e in
                .init(x: s.option.cost.staff, y: e.mean, label: "\(s.step): \(staffing(s.option))", series: s.missed.isEmpty ? 1 : 0,
                      yLow: e.low, yHigh: e.high, onFrontier: s.option.sessions == chosen?.sessions)
            },
            seriesNames: ["misses a target", "meets the targets"], frontier: .marked, frontierName: "chosen", labels: .frontier, yFromZero: false)
        let table = DataTable(caption: "Options tried", columns: [.init("Step"), .init("Staffing"), .init("Staff cost", numeric: true), .init("Verdict")],
                              rows: steps.map { DataTable.Row(texts: [String($0.step), staffing($0.option), pounds($0.option.cost.staff), $0.missed.isEmpty ? "meets" : "misses"],
                                                              cssClass: $0.missed.isEmpty ? nil : "unmet") })
        return Figure(caption: "Options tried, staff cost against \(label(key))" + (target.map { " (target \($0))" } ?? ""), chart: chart, table: table).html(id: "search-figure")
    }

    func targetTable(_ o: OptionResult, targets: [Target], caption: String) -> HTML {
        DataTable(caption: caption, columns: [.init("Measure"), .init("Target", numeric: true), .init("Value", numeric: true), .init("Verdict")],
                  rows: targets.map { t in
                      let e = o.estimate(t.key)
                      let met = e.map { t.met(by: $0.mean) } ?? false
                      return DataTable.Row([.text(Measure.named(t.key)?.label ?? t.key), .text((t.atLeast ? "≥ " : "≤ ") + fixed(t.value, decimals(t.key))),
                                            t.isCost ? .text(pounds(e?.mean ?? 0)) : cell(e, key: t.key), .text(met ? "met" : "missed")],
                                           cssClass: met ? nil : "unmet")
                  }).html
    }

    func costTable(_ options: [(String, OptionResult)]) -> HTML {
        let parts: [(String, (CostBreakdown) -> Double)] = [("Pay", \.pay), ("Employer pension", \.pension), ("Employer National Insurance", \.nationalInsurance),
                                                           ("Non-pay", \.nonPay), ("Mileage", \.mileage), ("Cost a year", \.annual), ("Set-up (one-off)", \.setUp)]
        return DataTable(caption: "Cost, £ a year", columns: [.init("Part")] + options.map { .init($0.0, numeric: true) },
                         rows: parts.map { name, part in DataTable.Row(texts: [name] + options.map { pounds(part($0.1.cost)) }) }).html
    }

    var costsSection: HTML {
        ReportPage.section("costs", "Cost assumptions") {
            HTML.el("p", text: "From the scenario's costs: section. Its defaults are public national pay scales and rates for England, to be "
                    + "replaced with the service's own grades and figures.")
            DataTable(caption: "Full-time salary by role", columns: [.init("Role"), .init("Name"), .init("Salary", numeric: true), .init("Source")],
                      rows: costs.roles.map { DataTable.Row(texts: [$0.role, $0.name, $0.salary.map(pounds) ?? "–", $0.source ?? "no pay given"]) }).html
            HTML.el("ul") {
                HTML.el("li", text: "Employer pension \(StaffingFormat.rate(costs.pension)) of pay; employer National Insurance "
                        + "\(StaffingFormat.rate(costs.nationalInsurance)) of each post's pay above \(pounds(costs.nationalInsuranceThreshold)) a year.")
                HTML.el("li", text: "Mileage \(StaffingFormat.pence(costs.mileageRate)) a mile for the first \(pounds(costs.mileageThresholdMiles).dropFirst()) "
                        + "miles a year of each post, \(StaffingFormat.pence(costs.mileageReducedRate)) after; miles from the simulation.")
                if let council = costs.council {
                    HTML.el("li", text: StaffingFormat.councilTerms(council, roles: costs.roles.filter { $0.employer == .council }.map(\.role)))
                }
                HTML.el("li", text: "Non-pay \(pounds(costs.nonPayPerFTE)) a year per FTE plus \(pounds(costs.nonPayFixed)); set-up (one-off) "
                        + "\(pounds(costs.setUpPerNewPost)) per post added plus \(pounds(costs.setUpFixed)).")
            }
        }
    }
}
