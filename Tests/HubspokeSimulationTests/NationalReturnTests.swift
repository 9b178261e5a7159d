import Foundation
import HubspokeSupport
import HubspokeModel
import HubspokeScenarioIO
import Testing
@testable import HubspokeSimulation

/// The national return (financial quarters, referrals by category) and the equity figures.
@Suite struct NationalReturnTests {
    static func date(_ iso: String) throws -> CalendarDate { try #require(CalendarDate(iso: iso)) }

    /// The default scenario with its referral mix replaced (or removed).
    static func model(mix: ReferralMix?) throws -> ServiceModel {
        var scenario = try Scenario.embedded(sections: [.simulation, .referralMix])
        scenario.referralMix = mix
        return ServiceModel(scenario, settings: try #require(scenario.simulation))
    }

    @Test func financialQuartersStartInApril() throws {
        for (iso, label) in [("2026-11-30", "2026/27 Q3"), ("2027-01-01", "2026/27 Q4"), ("2027-03-31", "2026/27 Q4"),
                             ("2027-04-01", "2027/28 Q1"), ("2027-06-30", "2027/28 Q1"), ("2027-07-01", "2027/28 Q2"),
                             ("2099-12-31", "2099/00 Q3"), ("2008-05-01", "2008/09 Q1")] {
            #expect(FinancialQuarters.quarter(of: try Self.date(iso)).label == label, "\(iso)")
        }
        // 52 weeks from Monday 30 November 2026: 32 days of 2026/27 Q3, three whole quarters, 59 days of 2027/28 Q3.
        let q = FinancialQuarters(start: try Self.date("2026-11-30"), firstDay: 0, days: 364)
        #expect(q.labels == ["2026/27 Q3", "2026/27 Q4", "2027/28 Q1", "2027/28 Q2", "2027/28 Q3"])
        #expect(q.measuredDays == [32, 90, 91, 92, 59])
        #expect(q.days == [92, 90, 91, 92, 92])
        #expect(q.quarterOfYear == [3, 4, 1, 2, 3])
        #expect(q.index(hour: 31 * 24 + 23.5) == 0 && q.index(hour: 32 * 24) == 1)
        // A warm-up moves the first measured day: 8 weeks in, 2027-01-25 is in Q4.
        let warm = FinancialQuarters(start: try Self.date("2026-11-30"), firstDay: 56, days: 364)
        #expect(warm.labels.first == "2026/27 Q4" && warm.measuredDays.reduce(0, +) == 364 - 56)
    }

    /// Categories are drawn in proportion to the mix: 200,000 draws of the national ethnicity shares
    /// each land within 4 standard errors of their share, and a share of 0 is never drawn.
    @Test func drawsFollowTheMix() throws {
        let shape = ReturnShape(model: try Self.model(mix: nil), weeks: 52)
        var g = SeededRandom(seed: 99)
        let n = 200_000
        for a in ReferralAttribute.all.indices {
            var counts = Array(repeating: 0, count: ReferralAttribute.all[a].categories.count)
            for _ in 0..<n { counts[shape.draw(a, g.unit())] += 1 }
            let shares = ReferralMix.standard.attributes[a].shares
            for (k, p) in shares.enumerated() {
                let se = (p * (1 - p) / Double(n)).squareRoot()
                #expect(abs(Double(counts[k]) / Double(n) - p) <= 4 * se + 1e-12, "\(ReferralAttribute.all[a].key) \(k)")
                if p == 0 { #expect(counts[k] == 0) }
            }
        }
    }

    /// The attributes have a stream of their own: another mix leaves every KPI of every replication
    /// exactly as it was (the same referrals, absences and waits), and only the categories change.
    @Test func anotherMixChangesNoOtherResult() throws {
        var skewed = ReferralMix.standard
        skewed.attributes[0].shares = ReferralAttribute.ethnicity.categories.map { $0.id == "asian" ? 0.5 : 0.5 / 8 }
        let a = try Self.model(mix: nil), b = try Self.model(mix: skewed)
        for rep in 0..<3 {
            var x = Replication(model: a, policy: GreedyPolicy(), weeks: 20, replication: rep + 1, seed: UInt64(40 + rep))
            var y = Replication(model: b, policy: GreedyPolicy(), weeks: 20, replication: rep + 1, seed: UInt64(40 + rep))
            let rx = try x.run(), ry = try y.run()
            #expect(rx.waits == ry.waits)
            for kpi in KPI.all { #expect(kpi.value(rx) == kpi.value(ry), "\(kpi.key)") }
            #expect(rx.returnValues != ry.returnValues)
        }
    }

    /// Not collected (`nationalReturn: false`, as a CSV of KPIs or a staffing sweep runs), the report
    /// has no return or equity, and everything else is byte for byte what a run collecting them
    /// writes: the JSON without those fields, the per-replication and quarterly CSVs (with their
    /// financial quarter labels), the KPI table's CSV.
    @Test func withoutTheReturnEveryOtherFigureIsTheSame() throws {
        let model = try Self.model(mix: nil)
        let policies: [any AllocationPolicy] = [GreedyPolicy(), try FixedPolicy(model: model)]
        func run(_ on: Bool) throws -> SimulationReport {
            try Simulator.run(model, policies: policies, options: SimulationOptions(weeks: 16, replications: 4, seed: 11, threads: 2, nationalReturn: on))
        }
        var with = try run(true)
        let without = try run(false)
        #expect(with.policies.allSatisfy { !$0.nationalReturn.isEmpty && !$0.equity.isEmpty })
        #expect(!with.returnQuarters.isEmpty && !with.referralMix.isEmpty && !with.equityDifferences.isEmpty)
        #expect(without.policies.allSatisfy { $0.nationalReturn.isEmpty && $0.equity.isEmpty })
        #expect(without.returnQuarters.isEmpty && without.referralMix.isEmpty && without.equityDifferences.isEmpty)
        #expect(try with.replicationsCSV() == without.replicationsCSV())
        #expect(with.quarterlyCSV() == without.quarterlyCSV() && with.quarterlyCSV().contains("2026/27 Q4"))
        #expect(with.csv() == without.csv())
        for p in with.policies.indices { with.policies[p].nationalReturn = []; with.policies[p].equity = [] }
        with.returnQuarters = []; with.referralMix = []; with.equityDifferences = []
        #expect(with.json() == without.json())
    }

    /// Within each quarter, every attribute's categories add up to all referrals and all children
    /// seen; the quarters add up to the referrals KPI; the return's mean wait over all quarters is
    /// the wait_mean KPI (the same children, the same waits).
    @Test func returnAddsUp() throws {
        let model = try Self.model(mix: nil)
        let shape = ReturnShape(model: model, weeks: 30)
        var sim = Replication(model: model, policy: GreedyPolicy(), weeks: 30, replication: 1, seed: 8)
        let r = try sim.run()
        let v = r.returnValues
        #expect(v.count == shape.perPolicy)
        var referrals = 0.0, waitTotal = 0.0
        for q in 0..<shape.quarters.count {
            let all = v[shape.returnValue(q, 0, 0)], seen = v[shape.returnValue(q, 0, 1)]
            for (a, attribute) in ReferralAttribute.all.enumerated() {
                let slots = attribute.categories.indices.map { shape.slotOffset[a] + $0 }
                #expect(slots.reduce(0) { $0 + v[shape.returnValue(q, $1, 0)] } == all, "\(attribute.key) referrals, quarter \(q)")
                #expect(slots.reduce(0) { $0 + v[shape.returnValue(q, $1, 1)] } == seen, "\(attribute.key) seen, quarter \(q)")
            }
            referrals += all
            if let w = SeriesMoments.decode(v[shape.returnValue(q, 0, 2)]) { waitTotal += w * all }
        }
        #expect(referrals == Double(r.referrals))
        let kpiWait = try #require(KPI.named(.waitMean)?.value(r))
        #expect(abs(waitTotal / referrals - kpiWait) < 1e-9)
    }

    /// An interval is cut where the figure cannot go, the JSON says where only for a cut estimate, and
    /// an interval of no width never flags a group.
    @Test func boundedIntervalsAndZeroWidth() throws {
        let share = Estimate([100, 90, 100, 55]).map { $0.bounded(floor: 0, ceiling: 100) }
        let s = try #require(share)
        #expect(s.mean + (s.halfWidth ?? 0) > 100 && s.high == 100 && s.low == s.mean - (s.halfWidth ?? 0))
        let wait = try #require(Estimate([0, 0, 30, 1])).bounded(floor: 0)
        #expect(wait.low == 0 && wait.high == wait.mean + (wait.halfWidth ?? 0))
        #expect(try #require(Estimate([0, 0, 30, 1])).low.map { $0 < 0 } == true, "uncut, Student's t runs below 0")
        let same = try #require(Estimate([100, 100, 100])).bounded(floor: 0, ceiling: 100)
        #expect(same.halfWidth == 0 && !same.varies && !same.excludes(72))
        #expect(try #require(Estimate([99, 100, 98])).excludes(72))
        let json = { (e: Estimate) in String(decoding: try JSONEncoder().encode(e), as: UTF8.self) }
        #expect(try json(s).contains("\"ceiling\":100") && !(try json(try #require(Estimate([1, 2]))).contains("floor")))
        #expect(try JSONDecoder().decode(Estimate.self, from: JSONEncoder().encode(s)) == s)
    }

    /// The report: the return's figures are the intervals of the per-replication values, groups are
    /// flagged exactly where their interval excludes the service-wide mean, and a paired difference
    /// is the difference of the two policies' means when every replication has both.
    @Test func reportFlagsAndPairs() throws {
        let model = try Self.model(mix: nil)
        let policies: [any AllocationPolicy] = [GreedyPolicy(), try FixedPolicy(model: model)]
        let report = try Simulator.run(model, policies: policies, options: SimulationOptions(weeks: 26, replications: 6, seed: 3, threads: 2))
        #expect(report.returnQuarters.map(\.label) == ["2026/27 Q3", "2026/27 Q4", "2027/28 Q1"])
        #expect(report.returnQuarters.map(\.nationalPerVanguard) == [44.0, round4(809.0 / 12), round4((592.0 + 700) / 2 / 12)])
        #expect(report.referralMix.map(\.assumed) == [false, true, true, true])
        for p in report.policies {
            let wait = try #require(p.kpi(.waitMean)).mean, share = try #require(p.kpi(.seenWithin4Weeks)).mean
            #expect(Set(p.equity.map(\.dimension)) == ["ethnicity", "age_band", "pru"])
            #expect(p.equity.filter { $0.dimension == "pru" }.count == model.isPRU.filter { $0 }.count)
            for g in p.equity {
                let w = try #require(g.meanWait)
                let varies = (w.halfWidth ?? 0) > 0
                #expect(g.waitDiffers == (varies && ((w.low ?? wait) > wait || (w.high ?? wait) < wait)), "\(p.name) \(g.group)")
                #expect((w.low ?? 0) >= 0 && (w.low ?? 0) == max(0, w.mean - (w.halfWidth ?? 0)), "a wait's interval is cut at 0")
                if let s = g.seenWithin4Weeks {
                    let sv = (s.halfWidth ?? 0) > 0
                    #expect(g.shareDiffers == (sv && ((s.low ?? share) > share || (s.high ?? share) < share)))
                    #expect((s.low ?? 0) >= 0 && (s.high ?? 100) <= 100, "a share's interval lies in 0 to 100%")
                    #expect(s.high == s.halfWidth.map { min(100, s.mean + $0) })
                }
            }
            // PRU groups are the sites' own figures (their intervals cut at 0).
            for g in p.equity where g.dimension == "pru" {
                let site = p.sites.first { $0.site == g.group }?.meanWait
                #expect(g.meanWait?.mean == site?.mean && g.meanWait?.halfWidth == site?.halfWidth && g.meanWait?.n == site?.n)
            }
            for row in p.nationalReturn {
                for e in [row.referrals, row.seen, row.meanWait].compactMap({ $0 }) { #expect((e.low ?? 0) >= 0, "\(row.quarter) \(row.category)") }
                if let s = row.seenWithin4Weeks { #expect((s.low ?? 0) >= 0 && (s.high ?? 100) <= 100, "\(row.quarter) \(row.category)") }
            }
        }
        let greedy = report.policies[0], fixed = report.policies[1]
        for d in report.equityDifferences where d.meanWait?.n == 6 {
            let a = try #require(greedy.equity.first { $0.group == d.group && $0.dimension == d.dimension }?.meanWait)
            let b = try #require(fixed.equity.first { $0.group == d.group && $0.dimension == d.dimension }?.meanWait)
            guard a.n == 6 && b.n == 6 else { continue }
            #expect(abs((d.meanWait?.mean ?? 0) - (a.mean - b.mean)) < 2e-4, "\(d.group)")
        }
        #expect(report.equityDifferences.contains { $0.first == "greedy" && $0.second == "fixed" })
    }

    /// The return and equity figures do not depend on the threads, and a seed gives the same bytes.
    @Test func sameSeedSameReturn() throws {
        let model = try Self.model(mix: nil)
        let runs = try [1, 2, 2].map { threads in
            try Simulator.run(model, policies: [GreedyPolicy()], options: SimulationOptions(weeks: 14, replications: 4, seed: 17, threads: threads))
        }
        #expect(runs[0].returnCSV() == runs[1].returnCSV() && runs[1].returnCSV() == runs[2].returnCSV())
        #expect(runs[0].json() == runs[1].json())
    }
}

/// `referral_mix:`: shares by known category, summing to 1, with where they come from.
@Suite struct ReferralMixReaderTests {
    func read(_ section: String) -> (ReferralMix?, [String]) {
        do { return (try Scenario.parse(yaml: tinyScenarioYAML("referral_mix", section), file: "m.yaml", sections: [.referralMix]).referralMix, []) } catch {
            return (nil, error.problems.map(\.description))
        }
    }

    @Test func readsSharesAndProvenance() throws {
        let (mix, problems) = read("gender: {assumed: a guess, shares: {male: 0.5, female: 0.4995, other: 0.0005}}")
        #expect(problems.isEmpty, "\(problems)")
        let m = try #require(mix)
        #expect(m.attributes[2].shares == [0.5, 0.4995, 0.0005, 0] && m.attributes[2].assumed && m.attributes[2].note == "a guess")
        // Attributes not given keep the standard mix.
        #expect(m.attributes[0] == ReferralMix.standard.attributes[0] && !m.attributes[0].assumed)
        #expect(abs(m.attributes[0].shares.reduce(0, +) - 1) < 1e-12)
    }

    @Test func refusesBadMixesAtTheirLine() {
        for (section, needle) in [
            ("ethnicity:\n  shares: {white_british: 0.6, other: 0.3}", "m.yaml:12: referral_mix.ethnicity.shares: the shares add up to 0.9, not 1"),
            ("gender:\n  shares: {male: 0.5, female: 0.5, martian: 0}", "m.yaml:12: referral_mix.gender.shares.martian: unknown gender category \"martian\""),
            ("age_band: {shares: {\"11-15\": 1.5}}", "referral_mix.age_band.shares.11-15"),
            ("source: {source: x, assumed: y, shares: {education: 1}}", "give either source: or assumed:, not both"),
            ("source: {note: x, shares: {education: 1}}", "unknown field \"note\""),
            ("religion: {shares: {x: 1}}", "unknown field \"religion\""),
            ("ethnicity: {source: x}", "referral_mix.ethnicity.shares: missing required field"),
        ] {
            let (mix, problems) = read(section)
            #expect(mix == nil, "\(section)")
            #expect(problems.contains { $0.contains(needle) }, "\(section): \(problems)")
        }
    }

    @Test func theDefaultScenarioLabelsItsAssumptions() throws {
        let mix = try #require(try Scenario.embedded(sections: [.referralMix]).referralMix)
        #expect(mix.attributes.map(\.assumed) == [false, true, true, true])
        // Its ethnicity shares are the national dataset's, to 4 decimals.
        for (share, exact) in zip(mix.attributes[0].shares, ReferralMix.standard.attributes[0].shares) { #expect(abs(share - exact) < 5e-5 + 1e-12) }
    }
}

/// A scenario of one hub, one EP post and the roles EP and OT, with `body` as its section `key` (the body from line 11).
func tinyScenarioYAML(_ key: String, _ body: String) -> String {
    """
    name: settings check
    start: 2026-11-30
    roles:
      - {id: EP, name: Educational Psychologist}
      - {id: OT, name: Occupational Therapist}
    sites:
      - {id: HUB, name: Hub, kind: hub, location: [51.27, 0.52], rooms: 2}
    posts:
      - {id: EP-1, role: EP, sessions: 10, base: HUB, serves: all}
    \(key):
    \(body.split(separator: "\n").map { "  " + $0 }.joined(separator: "\n"))
    """
}
