import HubspokeSupport
import HubspokeSimulation

/// The national return (referrals by financial quarter and category, beside the national dataset's
/// figures per vanguard) and the equity figures (waits by ethnicity, age band and PRU, flagged where
/// the interval excludes the service-wide mean, and the paired differences between policies).
extension SimulationPage {
    static let returnEntries = [("return", "National return"), ("equity", "Equity by group")]

    var hasReturn: Bool { !(baseline?.nationalReturn.isEmpty ?? true) }

    // MARK: The return

    var returnSection: HTML {
        ReportPage.section("return", "National return") {
            HTML.el("p", text: "In the shape of the national dataset: the children referred in each financial quarter (Q1 is April to June), "
                    + "of every category and of each category of each attribute; how many of them were seen by the end of the run, their mean "
                    + "wait to a first session (a child not seen counts the days it waited) and the share seen within 4 weeks. "
                    + "Means per replication with 95% confidence intervals.")
            mixNotes
            returnFigure
            if let p = baseline {
                for attribute in ReferralAttribute.all { returnTable(p, attribute) }
            }
        }
    }

    /// Where each mix comes from; assumptions are marked.
    var mixNotes: HTML {
        HTML.el("ul", ["class": "check-lines"]) {
            for m in report.referralMix {
                HTML.el("li", text: "\(m.label): " + (m.assumed ? "ASSUMPTION, not data: " : "from ") + m.note + ".")
            }
        }
    }

    var returnFigure: HTML {
        let quarters = report.returnQuarters
        let all = (baseline?.nationalReturn ?? []).filter { $0.attribute == "all" }
        let simulated = quarters.map { q in all.first { $0.quarter == q.label }?.referrals }
        let chart = ColumnChart(
            title: "Referrals by financial quarter, simulated and national per vanguard",
            summary: "Referrals a quarter in the simulation (mean over replications) beside the national dataset's referrals in the same "
                + "quarter of the year divided by its 12 vanguards: "
                + zip(quarters, simulated).map { "\($0.label) \(number($1?.mean ?? 0, 1)) against \($0.nationalPerVanguard.map { number($0, 1) } ?? "none")" }
                    .joined(separator: "; ") + ".",
            categories: quarters.map(\.label),
            series: [.init("simulated", values: simulated.map { $0?.mean ?? 0 }),
                     .init("national ÷ 12", values: quarters.map { $0.nationalPerVanguard ?? 0 })],
            xTitle: "Financial quarter", yTitle: "Referrals", format: NumberFormat.page(decimals: 1), firstColour: 1)
        let table = DataTable(
            caption: "Referrals a quarter (95% CI below), and the national dataset's per vanguard",
            columns: [.init("Quarter"), .init("Days measured", numeric: true), .init("Simulated", numeric: true),
                      .init("National ÷ 12", numeric: true)],
            rows: zip(quarters, simulated).map { q, e in
                DataTable.Row([.text(q.label), .text(q.measuredDays < q.days ? "\(q.measuredDays) of \(q.days) (partial)" : "\(q.days)"),
                               estimateCell(e, 1), .text(q.nationalPerVanguard.map { number($0, 1) } ?? "–")])
            })
        return Figure(caption: "Referrals by quarter against the national dataset (2022/23 Q1 to 2023/24 Q1, Q1 the mean of both)",
                      chart: chart, table: table).html(id: "return-referrals")
    }

    func returnTable(_ p: PolicyReport, _ attribute: ReferralAttribute) -> HTML {
        let rows = p.nationalReturn.filter { $0.attribute == attribute.key }
        return DataTable(
            caption: "Return by \(attribute.label.lowercased()), \(p.name) (every policy is in the --return CSV and the JSON)",
            columns: [.init("Quarter"), .init(attribute.label), .init("Referrals", numeric: true), .init("Seen", numeric: true),
                      .init("Mean wait, days", numeric: true), .init("Seen within 4 weeks, %", numeric: true)],
            rows: rows.map { r in
                DataTable.Row([.text(r.quarter), .text(attribute.categories.first { $0.id == r.category }?.label ?? r.category),
                               estimateCell(r.referrals, 1), estimateCell(r.seen, 1), estimateCell(r.meanWait, 1), estimateCell(r.seenWithin4Weeks, 1)])
            }, cssClass: "national-return").html
    }

    // MARK: Equity

    static let equityDimensions = ["ethnicity", "age_band", "pru"]

    /// A dimension's name inside a sentence: "ethnicity", "age band", "PRU".
    func dimensionWord(_ dimension: String) -> String {
        dimension == "pru" ? "PRU" : SimulationReport.dimensionName(dimension).lowercased()
    }

    var equitySection: HTML {
        ReportPage.section("equity", "Equity by group") {
            HTML.el("p", text: "Waits to a first session and the share seen within 4 weeks for each ethnicity group, age band and PRU, over the "
                    + "measured weeks. A group is flagged (better or worse) where its 95% interval excludes the service-wide figure of the same "
                    + "policy. Intervals are cut at 0 days and at 0 and 100%. With few children in a group the interval is wide and "
                    + "nothing is flagged, and neither is a group whose replications all gave the same figure (an interval of no width).")
            for dimension in SimulationPage.equityDimensions { equityFigure(dimension) }
            if policies.count > 1 {
                for dimension in SimulationPage.equityDimensions { equityDifferenceTable(dimension) }
            }
        }
    }

    func equityFigure(_ dimension: String) -> HTML {
        let name = SimulationReport.dimensionName(dimension), lower = dimensionWord(dimension)
        let groups = (baseline?.equity ?? []).filter { $0.dimension == dimension }
        let serviceWait = baseline?.kpi(.waitMean)?.mean
        let chart = IntervalChart(
            title: "Mean wait by \(lower), \(baseline?.name ?? "")",
            summary: "Mean days to a first session and 95% interval for each \(lower) under \(baseline?.name ?? ""); the line is the "
                + "service-wide mean wait. Flagged: " + (groups.filter(\.waitDiffers).map(\.label).joined(separator: ", ").nonEmpty ?? "none") + ".",
            rows: groups.compactMap { g in
                g.meanWait.map { IntervalChart.Row(label: g.group, mean: $0.mean, low: $0.low, high: $0.high, highlighted: g.waitDiffers) }
            },
            valueTitle: "Mean wait (days)", format: NumberFormat.page(decimals: 1),
            reference: serviceWait.map { ($0, "service-wide mean") }, highlightMeaning: "the interval excludes the service-wide mean")
        let table = DataTable(
            caption: "Mean wait, days, and seen within 4 weeks, %, by \(lower) (95% CI below; flagged against the service-wide figure)",
            columns: [.init(name)] + policies.flatMap { [.init("\($0.name) wait", numeric: true), .init("\($0.name) 4 weeks", numeric: true)] },
            rows: groups.map { g in
                let cells = policies.map { p in p.equity.first { $0.dimension == dimension && $0.group == g.group } }
                return DataTable.Row([named(g.group, g.label)] + cells.flatMap { [estimateCell($0?.meanWait, 1), estimateCell($0?.seenWithin4Weeks, 1)] },
                                     cellClasses: [nil] + zip(policies, cells).flatMap { p, c in equityClasses(c, p) })
            })
        return Figure(caption: "Waits by \(lower)", chart: chart, table: table).html(id: "equity-\(dimension)")
    }

    /// "better" or "worse" for a flagged wait and share, against the policy's service-wide figures.
    func equityClasses(_ row: EquityRow?, _ p: PolicyReport) -> [String?] {
        guard let row else { return [nil, nil] }
        let wait = row.waitDiffers ? ((row.meanWait?.mean ?? 0) > (p.kpi(.waitMean)?.mean ?? 0) ? "worse" : "better") : nil
        let share = row.shareDiffers ? ((row.seenWithin4Weeks?.mean ?? 0) < (p.kpi(.seenWithin4Weeks)?.mean ?? 0) ? "worse" : "better") : nil
        return [wait, share]
    }

    func equityDifferenceTable(_ dimension: String) -> HTML {
        let name = SimulationReport.dimensionName(dimension), lower = dimensionWord(dimension)
        let base = baseline?.name ?? ""
        let others = policies.dropFirst().map(\.name)
        let groups = (baseline?.equity ?? []).filter { $0.dimension == dimension }
        return DataTable(
            caption: "Paired difference in mean wait by \(lower), each policy minus \(base), days (95% CI below; same referrals)",
            columns: [.init(name)] + others.map { .init("\($0) − \(base)", numeric: true) },
            rows: groups.map { g in
                let ds = others.map { o in report.equityDifferences.first { $0.first == base && $0.second == o && $0.dimension == dimension && $0.group == g.group } }
                return DataTable.Row([named(g.group, g.label)] + ds.map { d in
                    d?.meanWait.map { e in ReportPage.estimateCell(Estimate(mean: -e.mean, halfWidth: e.halfWidth, n: e.n), .page(decimals: 1, plusSign: true)) }
                        ?? HTML.shown("–", spoken: "no value")
                }, cellClasses: [nil] + ds.map { d in
                    guard let d, d.waitSignificant, let e = d.meanWait else { return nil }
                    return e.mean > 0 ? "better" : "worse"
                })
            }, cssClass: "equity-differences").html
    }
}

private extension String {
    var nonEmpty: String? { isEmpty ? nil : self }
}
