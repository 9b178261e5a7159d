import HubspokeSupport
import HubspokeModel
import HubspokeSimulation

extension SimulationReport {
    /// The simulation as one self-contained HTML page for a business case: what was run, the
    /// policies, the key figures with 95% confidence intervals, paired differences against the
    /// first policy, and charts (each with its table) of the KPIs, the waiting list week by week,
    /// the distribution of waits, the posts' utilisation and the waits by site; then the quarterly
    /// return, the accounting and Little's law. `scenario` gives role names (ids without it).
    /// The same report gives the same bytes.
    public func html(scenario: Scenario? = nil) -> String {
        SimulationPage(report: self, scenario: scenario).document.render()
    }
}

/// Builds the HTML simulation report; one method per part of the page.
struct SimulationPage {
    let report: SimulationReport
    let scenario: Scenario?

    var policies: [PolicyReport] { report.policies }
    var baseline: PolicyReport? { report.policies.first }

    /// The KPIs charted one by one, with their intervals.
    static let keyKPIs: [KPI.Key] = [.waitMean, .waitP90, .seenWithin4Weeks, .waitingMean, .utilisation, .travelMiles]

    /// Every policy has the same colour in every chart: policy `i` is series style `1 + i`.
    static let firstColour = 1

    var document: HTMLDocument {
        HTMLDocument(title: "Simulation: \(report.scenario), \(policies.map(\.name).joined(separator: ", "))", body: [
            header, contents,
            HTML.el("main") {
                summarySection
                kpiSection
                if policies.count > 1 { differencesSection }
                waitingSection
                postsAndSitesSection
                quarterlySection
                if hasReturn { returnSection; equitySection }
                checksSection
            },
        ])
    }

    // MARK: Header

    var measuredWeeks: Int { report.weeks - report.warmUpWeeks }

    var header: HTML {
        ReportPage.header(
            "Simulation: \(report.scenario)",
            lede: "How \(policies.count == 1 ? "one allocation policy performs" : "\(policies.count) allocation policies compare")"
                + " over \(weeks(report.weeks)), simulated \(report.replications) time\(report.replications == 1 ? "" : "s") with different random referrals, "
                + "needs, drop-outs and absences. Figures are means over the replications with 95% confidence intervals.",
            facts: [
                ("Scenario", report.scenario),
                ("Service", serviceDescription),
                ("Policies", policies.map(\.name).joined(separator: ", ")),
                ("Replications", "\(report.replications)" + (report.precision.map { ", by precision (\($0.summary))" } ?? "")),
                ("Weeks", "\(report.weeks)" + (report.warmUpWeeks > 0
                    ? ": the first \(weeks(report.warmUpWeeks)) a warm-up, not measured; \(weeks(measuredWeeks)) measured" : ", all measured")),
                ("Seed", "\(report.seed) (the same seed gives the same figures)"),
                ("Method", "Every policy meets the same referrals, needs, drop-outs and absences in each "
                    + "replication (common random numbers), so differences between policies are paired. Intervals are Student's t."),
            ])
    }

    var serviceDescription: String {
        switch report.service {
        case "sessions": "sessions: each week a policy places posts at sites, half-day by half-day, and children are booked into the sessions"
        case "continuous": "continuous: every post serves its base site around the clock, one child after another (a check against queueing theory)"
        default: report.service
        }
    }

    var contents: HTML {
        var entries = [("summary", "Summary and policies"), ("kpis", "Key figures with confidence intervals")]
        if policies.count > 1 { entries.append(("differences", "Differences against \(baseline?.name ?? "")")) }
        entries += [("waiting", "Waiting list and waits"), ("posts-sites", "Posts and sites"), ("quarterly", "Quarterly return")]
            + (hasReturn ? SimulationPage.returnEntries : []) + [("checks", "Accounting and Little's law")]
        return ReportPage.contents(entries)
    }

    // MARK: Summary

    var summarySection: HTML {
        ReportPage.section("summary", "Summary and policies") {
            if !headlines.isEmpty {
                HTML.el("ul", ["class": "headlines"]) { headlines.map { HTML.el("li", text: $0) } }
            }
            DataTable(caption: "The policies compared (the first is the baseline for differences)",
                      columns: [.init("Policy"), .init("How it allocates sessions")],
                      rows: policies.map { DataTable.Row(texts: [$0.name, $0.summary]) }).html
            DataTable(caption: "Key figures by policy: mean over replications, 95% confidence interval below",
                      columns: [.init("Measure"), .init("Unit")] + policies.map { .init($0.name, numeric: true) },
                      rows: KPI.all.enumerated().map { k, kpi in
                          DataTable.Row([.text(kpi.label), .text(kpi.unit)] + policies.map { estimateCell($0.kpis[k].estimate, decimals(kpi.unit)) })
                      }, cssClass: "kpi-table").html
        }
    }

    /// One sentence per key KPI: the best policy and its figure.
    var headlines: [String] {
        guard policies.count > 1 else { return [] }
        return SimulationPage.keyKPIs.compactMap { key in
            guard let kpi = KPI.named(key) else { return nil }
            let values = policies.compactMap { p in p.kpi(key).map { (p.name, $0) } }
            guard let best = values.min(by: { kpi.lowerIsBetter ? $0.1.mean < $1.1.mean : $0.1.mean > $1.1.mean }) else { return nil }
            var s = "\(kpi.lowerIsBetter ? "Lowest" : "Highest") \(kpi.label.lowercased()): \(best.0), \(value(best.1, kpi))"
            if let b = baseline, best.0 != b.name, let d = difference(key, b.name, best.0) {
                s += d.significant ? "; clearly better than \(b.name) (the paired 95% interval excludes zero)" : "; not clearly different from \(b.name)"
            }
            return s + "."
        }
    }

    // MARK: Key figures

    var kpiSection: HTML {
        ReportPage.section("kpis", "Key figures with confidence intervals") {
            HTML.el("p", text: "Each dot is a policy's mean over the replications; the bar across it is the 95% confidence interval. "
                    + "Intervals that do not overlap differ clearly; for overlapping ones, see the paired differences.")
            for key in SimulationPage.keyKPIs { if let kpi = KPI.named(key) { kpiFigure(kpi) } }
        }
    }

    func kpiFigure(_ kpi: KPI) -> HTML {
        let d = decimals(kpi.unit)
        let estimates = policies.map { $0.kpi(kpi.key) }
        let rows = zip(policies, estimates).compactMap { p, e in
            e.map { IntervalChart.Row(label: p.name, mean: $0.mean, low: $0.low, high: $0.high, colour: SimulationPage.firstColour + policyIndex(p.name)) }
        }
        let chart = IntervalChart(
            title: "\(kpi.label) (\(kpi.unit)) by policy",
            summary: "Mean and 95% confidence interval of \(kpi.label.lowercased()) under each policy: "
                + zip(policies, estimates).map { "\($0.name) \(value($1, kpi))" }.joined(separator: "; ") + ".",
            rows: rows, valueTitle: "\(kpi.label) (\(kpi.unit))", format: NumberFormat.page(decimals: d),
            fromZero: kpi.unit == "%" || kpi.unit == "children")
        let table = DataTable(
            caption: "\(kpi.label), \(kpi.unit)",
            columns: [.init("Policy"), .init("Mean", numeric: true), .init("95% CI", numeric: true), .init("Runs", numeric: true)],
            rows: zip(policies, estimates).map { p, e in
                DataTable.Row(texts: [p.name, e.map { number($0.mean, d) } ?? "–", interval(e, d) ?? "–", "\(e?.n ?? 0)"])
            })
        return Figure(caption: "\(kpi.label) (\(kpi.unit))\(kpi.lowerIsBetter ? ", lower is better" : ", higher is better")",
                      chart: chart, table: table).html(id: "kpi-\(kpi.key)")
    }

    // MARK: Differences

    var differencesSection: HTML {
        let base = baseline?.name ?? ""
        let others = Array(policies.dropFirst())
        return ReportPage.section("differences", "Differences against \(base)") {
            HTML.el("p", text: "Each policy minus \(base), paired replication by replication: the same referrals and absences, so chance "
                    + "differences between runs cancel out. Marked better or worse where the 95% interval excludes zero.")
            if let waits = KPI.named(.waitMean) { differenceFigure(waits, others: others) }
            DataTable(
                caption: "Paired differences: each policy minus \(base), mean and 95% confidence interval",
                columns: [.init("Measure"), .init("Unit")] + others.map { .init("\($0.name) − \(base)", numeric: true) },
                rows: KPI.all.map { kpi in
                    let ds = others.map { difference(kpi.key, base, $0.name) }
                    return DataTable.Row([.text(kpi.label), .text(kpi.unit)] + ds.map { differenceCell($0, kpi) },
                                         cellClasses: [nil, nil] + ds.map { verdict($0, kpi) })
                }, cssClass: "differences").html
        }
    }

    func differenceFigure(_ kpi: KPI, others: [PolicyReport]) -> HTML {
        let base = baseline?.name ?? "", d = decimals(kpi.unit)
        let ds = others.compactMap { p in difference(kpi.key, base, p.name).map { (p, $0) } }
        let chart = IntervalChart(
            title: "Change in \(kpi.label.lowercased()) against \(base)",
            summary: "Each policy's \(kpi.label.lowercased()) minus \(base)'s, in \(kpi.unit), with its 95% confidence interval: "
                + ds.map { "\($0.0.name) \(signed($0.1.mean, d)) (\(signedInterval($0.1, d)))" }.joined(separator: "; ") + ".",
            rows: ds.map { p, e in
                IntervalChart.Row(label: "\(p.name) − \(base)", mean: e.mean, low: e.low, high: e.high, highlighted: e.significant,
                                  colour: SimulationPage.firstColour + policyIndex(p.name))
            },
            valueTitle: "Difference in \(kpi.label.lowercased()) (\(kpi.unit))", format: NumberFormat.page(decimals: d, plusSign: true),
            reference: (0, "no difference"), fromZero: true, highlightMeaning: "the interval excludes zero")
        let table = DataTable(
            caption: "Difference, \(kpi.unit)",
            columns: [.init("Policy"), .init("Difference", numeric: true), .init("95% CI", numeric: true), .init("Verdict")],
            rows: ds.map { p, e in
                DataTable.Row([.text(p.name), .text(signed(e.mean, d)), .text(signedInterval(e, d)), .text(verdictWord(e, kpi))],
                              cellClasses: [nil, verdict(e, kpi), nil, nil])
            })
        return Figure(caption: "Change in \(kpi.label.lowercased()) against \(base) (\(kpi.unit); \(kpi.lowerIsBetter ? "below" : "above") zero is better)",
                      chart: chart, table: table).html(id: "difference-\(kpi.key)")
    }

    /// The difference `second − first` of a KPI, with its interval (the report holds first − second).
    func difference(_ key: KPI.Key, _ first: String, _ second: String) -> (mean: Double, low: Double?, high: Double?, significant: Bool)? {
        guard let d = report.differences.first(where: { $0.kpi == key && $0.first == first && $0.second == second }) else { return nil }
        return (-d.estimate.mean, d.estimate.high.map { -$0 }, d.estimate.low.map { -$0 }, d.significant)
    }

    func differenceCell(_ d: (mean: Double, low: Double?, high: Double?, significant: Bool)?, _ kpi: KPI) -> HTML {
        guard let d else { return HTML.shown("–", spoken: "no value") }
        let places = decimals(kpi.unit)
        return HTML.group([.text(signed(d.mean, places)), HTML.el("span", ["class": "ci"], text: signedInterval(d, places)),
                           d.significant ? HTML.el("span", ["class": "verdict"], text: verdictWord(d, kpi)) : .group([])])
    }

    /// `better` or `worse` when the interval excludes zero.
    func verdict(_ d: (mean: Double, low: Double?, high: Double?, significant: Bool)?, _ kpi: KPI) -> String? {
        guard let d, d.significant else { return nil }
        return (d.mean < 0) == kpi.lowerIsBetter ? "better" : "worse"
    }

    func verdictWord(_ d: (mean: Double, low: Double?, high: Double?, significant: Bool), _ kpi: KPI) -> String {
        verdict(d, kpi) ?? "no clear difference"
    }

    // MARK: Waiting list and waits

    var waitingSection: HTML {
        ReportPage.section("waiting", "Waiting list and waits") {
            waitingListFigure
            histogramFigure
        }
    }

    var weekNumbers: [Int] { (0..<(policies.map(\.waitingByWeek.count).max() ?? 0)).map { report.warmUpWeeks + $0 + 1 } }

    var waitingListFigure: HTML {
        let weeksShown = weekNumbers
        let chart = LineChart(
            title: "Waiting list at the start of each week",
            summary: "Children waiting for a first session at the start of each measured week (week \(weeksShown.first ?? 0) to \(weeksShown.last ?? 0)), "
                + "mean over replications, one line per policy. At the last week: "
                + policies.map { "\($0.name) \(fixed($0.waitingByWeek.last ?? 0, 1))" }.joined(separator: ", ") + ".",
            x: weeksShown.map(Double.init), series: policies.map { .init($0.name, values: $0.waitingByWeek) },
            xTitle: "Week", yTitle: "Children waiting", yFormat: NumberFormat.page(decimals: 1), firstColour: SimulationPage.firstColour)
        // At most about 26 rows: every week for a short run, every few weeks (and the last) for a long one.
        let step = max(1, (weeksShown.count + 25) / 26)
        let rows = weeksShown.indices.filter { $0 % step == 0 || $0 == weeksShown.count - 1 }
        let table = DataTable(
            caption: "Children waiting at the start of the week" + (step > 1 ? " (every \(step) weeks)" : ""),
            columns: [.init("Week", numeric: true)] + policies.map { .init($0.name, numeric: true) },
            rows: rows.map { i in
                DataTable.Row(texts: ["\(weeksShown[i])"] + policies.map { i < $0.waitingByWeek.count ? fixed($0.waitingByWeek[i], 1) : "–" })
            })
        return Figure(caption: "The waiting list over time", chart: chart, table: table).html(id: "waiting-list")
    }

    var histogramFigure: HTML {
        let bins = baseline?.waitHistogram ?? []
        let chart = ColumnChart(
            title: "Distribution of waits to first session",
            summary: "Share of first sessions by the weeks the child waited from referral, one column per policy. Within 4 weeks: "
                + policies.map { "\($0.name) \(fixed(100 * $0.waitHistogram.prefix(4).reduce(0) { $0 + $1.share }, 1))%" }.joined(separator: ", ") + ".",
            categories: bins.map(binShort), series: policies.map { p in .init(p.name, values: p.waitHistogram.map { 100 * $0.share }) },
            xTitle: "Weeks from referral to first session", yTitle: "Share of first sessions (%)",
            format: NumberFormat.page(decimals: 1, suffix: "%"), firstColour: SimulationPage.firstColour)
        let table = DataTable(
            caption: "Share of first sessions by weeks waited, %",
            columns: [.init("Weeks waited")] + policies.map { .init($0.name, numeric: true) },
            rows: bins.indices.map { i in
                DataTable.Row(texts: [binLong(bins[i])] + policies.map { i < $0.waitHistogram.count ? fixed(100 * $0.waitHistogram[i].share, 1) : "–" })
            })
        return Figure(caption: "How long children wait for a first session", chart: chart, table: table).html(id: "wait-distribution")
    }

    func binShort(_ b: HistogramBin) -> String { b.toWeeks.map { "\(b.fromWeeks)–\($0)" } ?? "\(b.fromWeeks)+" }
    func binLong(_ b: HistogramBin) -> String { b.toWeeks.map { "\(b.fromWeeks)–\($0)" } ?? "\(b.fromWeeks) or more" }

    // MARK: Posts and sites

    var postsAndSitesSection: HTML {
        ReportPage.section("posts-sites", "Posts and sites") {
            utilisationFigure
            sitesFigure
        }
    }

    var utilisationFigure: HTML {
        let posts = baseline?.posts ?? []
        let chart = BarChart(
            title: "Utilisation of each post by policy",
            summary: "Appointments booked as a percentage of the appointments each post could have held, mean over replications, "
                + "one bar per policy. Posts: " + posts.map(\.post).joined(separator: ", ") + ".",
            categories: posts.map(\.post),
            series: policies.map { p in .init(p.name, values: p.posts.map { $0.utilisation?.mean ?? 0 }) },
            unit: "% of appointments the post could hold", decimals: 1, firstColour: SimulationPage.firstColour)
        let table = DataTable(
            caption: "Utilisation, % (95% CI below)",
            columns: [.init("Post")] + policies.map { .init($0.name, numeric: true) },
            rows: posts.enumerated().map { i, post in
                DataTable.Row([named(post.post, roleName(post.role))] + policies.map { estimateCell(i < $0.posts.count ? $0.posts[i].utilisation : nil, 1) })
            })
        return Figure(caption: "Utilisation of each post", chart: chart, table: table).html(id: "utilisation")
    }

    var sitesFigure: HTML {
        let sites = (baseline?.sites ?? []).enumerated().filter { ($0.element.referrals?.mean ?? 0) > 0 }
        let chart = BarChart(
            title: "Mean wait to first session by site",
            summary: "Mean days from referral to first session for children referred at each site, mean over replications, one bar per policy. "
                + "Sites: " + sites.map(\.element.name).joined(separator: ", ") + ".",
            categories: sites.map(\.element.site),
            series: policies.map { p in .init(p.name, values: sites.map { i, _ in i < p.sites.count ? p.sites[i].meanWait?.mean ?? 0 : 0 }) },
            unit: "days", decimals: 1, firstColour: SimulationPage.firstColour)
        let table = DataTable(
            caption: "Mean wait to first session by site, days (95% CI below)",
            columns: [.init("Site"), .init("Referrals", numeric: true)] + policies.map { .init($0.name, numeric: true) },
            rows: sites.map { i, site in
                DataTable.Row([named(site.site, site.name), .text(site.referrals.map { number($0.mean, 1) } ?? "–")]
                              + policies.map { estimateCell(i < $0.sites.count ? $0.sites[i].meanWait : nil, 1) })
            })
        return Figure(caption: "Mean wait by site", chart: chart, table: table).html(id: "site-waits")
    }

    // MARK: Quarterly return

    var quarterlySection: HTML {
        ReportPage.section("quarterly", "Quarterly return") {
            HTML.el("p", text: "In the shape of a national dataset submission: referrals, and children seen at least once in the quarter by each role, "
                    + "by site; means per replication.")
            for p in policies where !p.quarters.isEmpty { quarterlyTable(p) }
        }
    }

    func quarterlyTable(_ p: PolicyReport) -> HTML {
        let roles = Array(Set(p.quarters.map(\.role)).subtracting(["all"])).sorted()
        let groups = Dictionary(grouping: p.quarters) { "\($0.quarter)|\($0.site)" }
        return DataTable(
            caption: "Quarterly return, \(p.name): referrals, and children seen by each role",
            columns: [.init("Quarter"), .init("Site"), .init("Referrals", numeric: true)] + roles.map { .init(roleName($0), numeric: true) },
            rows: p.quarters.filter { $0.role == "all" }.map { row in
                let rows = groups["\(row.quarter)|\(row.site)"] ?? []
                return DataTable.Row([.text(row.label), named(row.site, siteName(row.site)), .text(number(row.referrals, 1))]
                                     + roles.map { r in .text(rows.first { $0.role == r }?.seen.map { number($0, 1) } ?? "–") })
            }, cssClass: "quarterly").html
    }

    // MARK: Checks

    var checksSection: HTML {
        ReportPage.section("checks", "Accounting and Little's law") {
            HTML.el("p", text: "Every referral is accounted for: arrived (including the starting lists) = completed + dropped out + still waiting "
                    + "+ in treatment at the end, summed over all replications.")
            DataTable(
                caption: "Accounting, all replications",
                columns: [.init("Policy"), .init("Arrived", numeric: true), .init("On starting lists", numeric: true), .init("Completed", numeric: true),
                          .init("Dropped out", numeric: true), .init("Waiting", numeric: true), .init("In treatment", numeric: true), .init("Balances"),
                          .init("Sessions against the rules", numeric: true)],
                rows: policies.map { p in
                    let a = p.accounting
                    return DataTable.Row(texts: [p.name, "\(a.arrived)", "\(a.startingList)", "\(a.completed)", "\(a.droppedOut)", "\(a.waiting)",
                                                 "\(a.inTreatment)", a.balances ? "yes" : "NO", "\(a.invalidSessions)"],
                                         cssClass: a.balances && a.invalidSessions == 0 ? nil : "unmet")
                }).html
            HTML.el("ul", ["class": "check-lines"]) {
                for p in policies {
                    let a = p.accounting
                    HTML.el("li", text: "\(p.name): arrived \(a.arrived) = completed \(a.completed) + dropped out \(a.droppedOut) + waiting \(a.waiting) "
                            + "+ in treatment \(a.inTreatment)" + (a.balances ? " (balances)." : " (DOES NOT BALANCE)."))
                }
            }
            HTML.el("p", text: "Little's law, L = λW, for the waiting list: the time-average list L should equal the arrivals a week λ "
                    + "times the mean weeks on the list W. Agreement checks the simulation's bookkeeping.")
            DataTable(
                caption: "Little's law for the waiting list, means over replications",
                columns: [.init("Policy"), .init("L, time-average list (children)", numeric: true), .init("λ, arrivals a week", numeric: true),
                          .init("W, weeks waiting", numeric: true), .init("λ × W", numeric: true), .init("L − λW", numeric: true)],
                rows: policies.map { p in
                    let l = p.littlesLaw
                    return DataTable.Row(texts: [p.name, fixed(l.timeAverage, 2), fixed(l.arrivalRate, 2), fixed(l.meanWaitWeeks, 2),
                                                 fixed(l.product, 2), signed(l.timeAverage - l.product, 2)])
                }).html
        }
    }

    // MARK: Helpers

    /// An id with its name on a line below: "PRU-DART", "North West Kent Alternative Provision Service".
    func named(_ id: String, _ name: String) -> HTML {
        HTML.group([HTML.el("span", ["class": "id"], text: id)] + (name == id ? [] : [HTML.el("span", ["class": "sub"], text: name)]))
    }

    func policyIndex(_ name: String) -> Int { policies.firstIndex { $0.name == name } ?? 0 }

    func decimals(_ unit: String) -> Int { KPI.decimals(unit: unit) }

    func weeks(_ n: Int) -> String { n == 1 ? "1 week" : "\(n) weeks" }

    func roleName(_ id: String) -> String { scenario?.roleName(id) ?? id }

    func siteName(_ id: String) -> String {
        scenario?.siteName(id) ?? baseline?.sites.first { $0.site == id }?.name ?? id
    }

    /// "12.3 days (95% CI 11.9 to 12.7)".
    func value(_ e: Estimate?, _ kpi: KPI) -> String {
        guard let e else { return "no value" }
        let d = decimals(kpi.unit), unit = kpi.unit == "%" ? "%" : " \(kpi.unit)"
        return number(e.mean, d) + unit + (interval(e, d).map { " (95% CI \($0))" } ?? "")
    }

    /// "11.9 to 12.7", or nil without an interval.
    func interval(_ e: Estimate?, _ d: Int) -> String? { ReportPage.interval(e, .page(decimals: d)) }

    /// The mean, with the 95% interval on a line of its own below.
    func estimateCell(_ e: Estimate?, _ d: Int) -> HTML { ReportPage.estimateCell(e, .page(decimals: d)) }

    /// "1,234.5", "−0.3": fixed decimals, thousands separated, a true minus sign.
    func number(_ x: Double, _ d: Int) -> String { NumberFormat.page(decimals: d)(x) }

    /// "+1.5", "−0.3", "0.0".
    func signed(_ x: Double, _ d: Int) -> String { NumberFormat.page(decimals: d, plusSign: true)(x) }

    func signedInterval(_ d: (mean: Double, low: Double?, high: Double?, significant: Bool), _ places: Int) -> String {
        guard let lo = d.low, let hi = d.high else { return "–" }
        return "\(signed(lo, places)) to \(signed(hi, places))"
    }
}
