import HubspokeSupport

extension SimulationReport {
    /// The national return of every policy (`simulate --return`): one row per policy, financial
    /// quarter and category, each figure the mean over replications and its 95% interval.
    public func returnCSV() -> String {
        var lines = [(["policy", "quarter", "attribute", "category"]
            + ["referrals", "seen", "wait_mean_days", "seen_within_4_weeks_pct"].flatMap { [$0, "\($0)_low", "\($0)_high"] })
            .joined(separator: ",")]
        func cells(_ e: Estimate?) -> [String] {
            [e.map { fixed($0.mean, 4) } ?? "", e?.low.map { fixed($0, 4) } ?? "", e?.high.map { fixed($0, 4) } ?? ""]
        }
        for p in policies {
            for r in p.nationalReturn {
                lines.append(CSV.spreadsheetRow([p.name, r.quarter, r.attribute, r.category]
                    + cells(r.referrals) + cells(r.seen) + cells(r.meanWait) + cells(r.seenWithin4Weeks)))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The equity figures for people: mean wait by ethnicity, age band and PRU under each policy,
    /// marked where the interval excludes the policy's service-wide mean wait.
    func equityTable() -> String {
        guard let first = policies.first, !first.equity.isEmpty else { return "" }
        var t = TextTable()
        t.add(["group", ""] + policies.map { "wait \($0.name)" })
        for (i, row) in first.equity.enumerated() {
            t.add([Self.dimensionName(row.dimension), row.label] + policies.map { p in
                guard i < p.equity.count else { return "-" }
                return Self.show(p.equity[i].meanWait) + (p.equity[i].waitDiffers ? " !" : "")
            })
        }
        var out = "\nEquity: mean wait to first session by group, days (! the interval excludes the service-wide mean wait)\n"
        out += t.render(indent: "  ") + "\n"
        let assumed = referralMix.filter(\.assumed).map(\.label)
        if !assumed.isEmpty { out += "  Assumed mixes (not data): " + assumed.joined(separator: ", ") + "; see the scenario's referral_mix.\n" }
        return out
    }

    /// "Ethnicity", "Age band", "PRU".
    public static func dimensionName(_ key: String) -> String {
        key == "pru" ? "PRU" : ReferralAttribute.all.first { $0.key == key }?.label ?? key
    }
}
