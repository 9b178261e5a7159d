import Foundation
import HubspokeSupport

extension SimulationReport {
    /// A mean and its 95% interval as text: "12.3 ± 0.4", "-" when not estimated.
    static func show(_ e: Estimate?, _ decimals: Int = 1) -> String { e?.text(decimals: decimals) ?? "-" }

    /// The report for people: KPIs by policy, paired differences, posts, sites, the quarterly return.
    public func table() -> String {
        var out = "Simulation of \(scenario): \(replications) replication(s) of \(weeks) week(s)"
        out += warmUpWeeks > 0 ? ", the first \(warmUpWeeks) as warm-up" : ""
        out += ", seed \(seed), \(service) service\n"
        out += "Means over replications with 95% confidence intervals (Student's t).\n"
        if let precision { out += "Replications by precision (Hoad, Robinson and Davies 2010), \(precision.summary).\n" }
        out += "\n"
        for p in policies { out += "  \(p.name): \(p.summary)\n" }

        var t = TextTable()
        t.add(["KPI", "unit"] + policies.map(\.name))
        for (k, kpi) in KPI.all.enumerated() {
            t.add([kpi.label, kpi.unit] + policies.map { Self.show($0.kpis[k].estimate, KPI.decimals(unit: kpi.unit)) })
        }
        out += "\nKey figures\n" + t.render(indent: "  ") + "\n"

        if policies.count > 1 {
            var d = TextTable()
            d.add(["KPI", "unit", "difference", "95% CI", ""])
            for diff in differences where diff.first == policies[0].name {
                guard let kpi = KPI.named(diff.kpi) else { continue }
                // Shown as the other policy minus the first, as in the HTML report.
                let ci = diff.estimate.high.flatMap { hi in diff.estimate.low.map { "[\(fixed(-hi, 2)), \(fixed(-$0, 2))]" } } ?? "-"
                d.add(["\(kpi.label) (\(diff.second) - \(diff.first))", kpi.unit, fixed(-diff.estimate.mean, 2), ci, diff.significant ? "differs" : ""])
            }
            out += "\nPaired differences: each policy minus \(policies[0].name), replication by replication (same referrals and absences)\n"
            out += d.render(indent: "  ") + "\n"
            if policies.count > 2 { out += "  Every other pair is in the CSV and JSON output.\n" }
        }

        var u = TextTable()
        u.add(["post", "role"] + policies.map(\.name))
        for (i, post) in (policies.first?.posts ?? []).enumerated() {
            u.add([post.post, post.role] + policies.map { Self.show($0.posts[i].utilisation) })
        }
        out += "\nUtilisation of each post, % (appointments booked / appointments it could have held)\n" + u.render(indent: "  ") + "\n"

        var s = TextTable()
        s.add(["site", "referrals"] + policies.map { "wait \($0.name)" })
        for (i, site) in (policies.first?.sites ?? []).enumerated() where (site.referrals?.mean ?? 0) > 0 {
            s.add([site.site, Self.show(site.referrals)] + policies.map { Self.show($0.sites[i].meanWait) })
        }
        out += "\nMean wait to first session by site, days\n" + s.render(indent: "  ") + "\n"

        for p in policies {
            let a = p.accounting, l = p.littlesLaw
            out += "\nAccounting, \(p.name) (all replications): arrived \(a.arrived) (\(a.startingList) on the starting lists)"
            out += " = completed \(a.completed) + dropped out \(a.droppedOut) + waiting \(a.waiting) + in treatment \(a.inTreatment)"
            out += a.balances ? " (balances)" : " (DOES NOT BALANCE)"
            if a.invalidSessions > 0 { out += "; \(a.invalidSessions) session(s) placed against the rules were ignored" }
            out += "\n  Little's law for the waiting list: time-average \(fixed(l.timeAverage, 2)) children; "
            out += "arrivals \(fixed(l.arrivalRate, 2)) a week x \(fixed(l.meanWaitWeeks, 2)) weeks waiting = \(fixed(l.product, 2))\n"
        }

        if let first = policies.first, !first.quarters.isEmpty {
            let roles = Array(Set(first.quarters.map(\.role)).subtracting(["all"])).sorted()
            var q = TextTable()
            q.add(["quarter", "site", "referrals"] + roles.map { "seen \($0)" })
            let groups = Dictionary(grouping: first.quarters) { "\($0.quarter)|\($0.site)" }
            for row in first.quarters where row.role == "all" {
                let rows = groups["\(row.quarter)|\(row.site)"] ?? []
                q.add([row.label, row.site, fixed(row.referrals, 1)] + roles.map { r in rows.first { $0.role == r }?.seen.map { fixed($0, 1) } ?? "-" })
            }
            out += "\nQuarterly return, \(first.name) (mean per replication; children seen at least once in the quarter, by role)\n"
            out += q.render(indent: "  ") + "\n"
        }
        return out + equityTable()
    }

    /// One row per policy and KPI, then one per pair of policies and KPI (a paired difference).
    public func csv() -> String {
        var lines = ["kind,policy,versus,kpi,unit,mean,ci_low,ci_high,replications,significant"]
        func num(_ x: Double?) -> String { x.map { fixed($0, 4) } ?? "" }
        for p in policies {
            for (k, kpi) in KPI.all.enumerated() {
                let e = p.kpis[k].estimate
                lines.append(["estimate", p.name, "", kpi.key.rawValue, kpi.unit, num(e?.mean), num(e?.low), num(e?.high), e.map { String($0.n) } ?? "0", ""]
                    .map(CSV.spreadsheetCell).joined(separator: ","))
            }
        }
        for d in differences {
            let unit = KPI.named(d.kpi)?.unit ?? ""
            lines.append(["difference", d.first, d.second, d.kpi.rawValue, unit, num(d.estimate.mean), num(d.estimate.low), num(d.estimate.high),
                          String(d.estimate.n), d.significant ? "yes" : "no"].map(CSV.spreadsheetCell).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// One row per policy and replication with every KPI, for further analysis.
    public func replicationsCSV() throws -> String {
        var out = ""
        try writeReplicationsCSV { out += $0 }
        return out
    }

    /// The per-replication CSV, given to `write` in pieces of about 64 KB as the rows are read back
    /// from the replications' log, so a long run's rows need not be held in memory at once.
    public func writeReplicationsCSV(_ write: (String) throws -> Void) throws {
        var chunk = (["policy", "replication", "seed"] + KPI.all.map(\.key.rawValue)
            + ["arrived", "completed", "dropped_out", "waiting_end_all", "in_treatment_end_all", "invalid_sessions"]).joined(separator: ",") + "\n"
        try records?.forEachRow { r in
            var cells = [r.policy, String(r.replication), String(r.seed)]
            cells += r.values.map { $0.map { fixed($0, 4) } ?? "" }
            cells += [r.arrived, r.completed, r.droppedOut, r.waiting, r.inTreatment, r.invalidSessions].map(String.init)
            chunk += CSV.spreadsheetRow(cells) + "\n"
            if chunk.utf8.count >= 1 << 16 {
                try write(chunk)
                chunk = ""
            }
        }
        try write(chunk)
    }

    /// The quarterly return of every policy: referrals and children seen, by quarter, site and role.
    public func quarterlyCSV() -> String {
        var lines = ["policy,quarter,site,role,referrals,seen"]
        for p in policies {
            for q in p.quarters {
                lines.append([p.name, q.label, q.site, q.role, fixed(q.referrals, 4), q.seen.map { fixed($0, 4) } ?? ""]
                    .map(CSV.spreadsheetCell).joined(separator: ","))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    public func json() -> String { ReportJSON.encode(self) }
}
