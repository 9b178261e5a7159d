import HubspokeSupport
import Testing
@testable import HubspokeSimulation

@Suite struct PrecisionTests {
    /// The replication algorithm worked out from scratch with `Estimate` (two passes): the first n
    /// from 3 on where the relative half-width is within the precision at n and at each of the
    /// kLimit(n) replications after it; the run stops at n + kLimit(n), or at the cap.
    static func reference(_ values: [Double], precision: Double, cap: Int) -> (stop: Int, solution: Int?) {
        func precise(_ n: Int) -> Bool {
            guard let e = Estimate(values.prefix(n).map { Optional($0) }), let h = e.halfWidth, e.mean != 0 else { return false }
            return h / abs(e.mean) <= precision
        }
        var n = PrecisionRule.initialReplications
        while n <= cap {
            let k = PrecisionRule.lookAhead(after: n)
            if n + k <= cap, (n...(n + k)).allSatisfy(precise) { return (n + k, n) }
            n += 1
        }
        return (cap, nil)
    }

    static func track(_ values: [Double], precision: Double, cap: Int) -> PrecisionOutcome {
        var t = PrecisionTracker(rule: PrecisionRule(kpi: .waitMean, relativeHalfWidth: precision, maxReplications: cap), policies: 1)
        for x in values.prefix(cap) {
            if t.add([x]) { break }
        }
        return t.outcome
    }

    @Test func lookAheadIsFiveUpToAHundredThenGrowsWithN() {
        #expect(PrecisionRule.lookAhead(after: 3) == 5)
        #expect(PrecisionRule.lookAhead(after: 100) == 5)
        #expect(PrecisionRule.lookAhead(after: 140) == 7)
        #expect(PrecisionRule.lookAhead(after: 399) == 19)
    }

    /// Random series with an outlier that breaks the precision during the look-ahead: the tracker
    /// (Welford, one replication at a time) stops where the reference does.
    @Test(arguments: [UInt64(1), 2, 3, 4, 5, 6])
    func trackerStopsWhereTheAlgorithmSays(seed: UInt64) {
        var rng = SeededRandom(seed: seed)
        var values = (0..<400).map { _ in 20 + 6 * (Double.random(in: 0..<1, using: &rng) - 0.5) }
        // The precision (2%) is first met in the first replications; a far value then breaks it.
        let first = Self.reference(values, precision: 0.02, cap: 400)
        if let n = first.solution { values[n + 1] = 60 }
        for (precision, cap) in [(0.02, 400), (0.05, 400), (0.01, 60), (0.2, 3)] {
            let want = Self.reference(values, precision: precision, cap: cap)
            let got = Self.track(values, precision: precision, cap: cap)
            #expect(got.replications == want.stop, "precision \(precision) cap \(cap)")
            #expect(got.solution == want.solution && got.converged == (want.solution != nil))
        }
        if let n = first.solution {
            let again = Self.track(values, precision: 0.02, cap: 400)
            #expect(again.solution.map { $0 > n + 1 } ?? true, "the outlier at \(n + 2) must reset the candidate \(n)")
        }
    }

    @Test func theCapEndsARunThatDoesNotConverge() {
        var rng = SeededRandom(seed: 9)
        let values = (0..<50).map { _ in Double.random(in: 0..<1, using: &rng) }
        let got = Self.track(values, precision: 0.001, cap: 12)
        #expect(got.replications == 12 && !got.converged && got.solution == nil)
        #expect(got.summary.hasPrefix("not converged"))
        // A KPI with no value in a replication (nobody seen) is skipped; all missing never converges.
        var t = PrecisionTracker(rule: PrecisionRule(kpi: .waitMean, relativeHalfWidth: 0.5, maxReplications: 5), policies: 2)
        var stops: [Bool] = []
        for _ in 0..<5 { stops.append(t.add([1, nil])) }
        #expect(stops == [false, false, false, false, true] && !t.outcome.converged && t.outcome.relativeHalfWidth == nil)
    }

    @Test func rulesAreChecked() {
        for (p, k, cap, needle) in [(0.0, "wait_mean", 10, "--precision must be above 0 and below 1"), (1.0, "wait_mean", 10, "--precision must be"),
                                    (-0.1, "wait_mean", 10, "--precision must be"), (Double.nan, "wait_mean", 10, "--precision must be"),
                                    (0.05, "wait_avg", 10, "--precision-kpi wait_avg: unknown KPI (expected one of: referrals, "),
                                    (0.05, "wait_mean", 1, "--max-replications must be from 2")] {
            do { _ = try PrecisionRule.checked(precision: p, kpi: k, maxReplications: cap); Issue.record("accepted \(p) \(k) \(cap)") } catch {
                #expect(error.description.contains(needle), "\(error)")
            }
        }
        #expect((try? PrecisionRule.checked(precision: 0.05, kpi: "seen_within_4_weeks", maxReplications: 2))?.kpi == .seenWithin4Weeks)
    }

    /// A run by precision is the fixed run of the length it chose, byte for byte, whatever the
    /// threads; and at the end every policy's interval is within the precision.
    @Test func precisionRunIsTheFixedRunOfItsLength() throws {
        let model = try kentAndMedway()
        let policies: [any AllocationPolicy] = [GreedyPolicy(), ProportionalPolicy()]
        let rule = PrecisionRule(kpi: .waitMean, relativeHalfWidth: 0.08, maxReplications: 60)
        var reports: [SimulationReport] = []
        for threads in [1, 3] {
            reports.append(try Simulator.run(model, policies: policies, options: SimulationOptions(weeks: 16, replications: 1, seed: 5, threads: threads, precision: rule)))
        }
        #expect(reports[0].json() == reports[1].json())
        let outcome = try #require(reports[0].precision)
        #expect(outcome.converged && outcome.replications == reports[0].replications)
        let solution = try #require(outcome.solution)
        #expect(outcome.replications == solution + PrecisionRule.lookAhead(after: solution))
        for p in reports[0].policies {
            let e = try #require(p.kpi(.waitMean))
            let half = try #require(e.halfWidth)
            #expect(e.n == outcome.replications && half / e.mean <= 0.08 + 1e-3)
        }
        var fixed = try Simulator.run(model, policies: policies, options: SimulationOptions(weeks: 16, replications: outcome.replications, seed: 5, threads: 2))
        #expect(fixed.precision == nil)
        fixed.precision = outcome
        #expect(fixed.json() == reports[0].json())
        #expect(try fixed.replicationsCSV() == reports[0].replicationsCSV())
    }
}
