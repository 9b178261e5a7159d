import Foundation
import HubspokeSupport
import HubspokeModel
import Testing
@testable import HubspokeSimulation

/// The simulator folds each replication into running totals and keeps its per-replication numbers in
/// a bounded log; these tests compute the same figures the direct way, from every replication's whole
/// result kept in memory, and expect them equal, bit for bit.
@Suite struct StreamingAggregatesTests {
    static let options = SimulationOptions(weeks: 16, replications: 7, seed: 21, threads: 2)

    /// Every replication of every policy, run on its own: results[policy][replication].
    static func direct(_ model: ServiceModel, _ policies: [any AllocationPolicy], _ o: SimulationOptions) throws -> [[ReplicationResult]] {
        try policies.map { policy in
            try (0..<o.replications).map { rep in
                var sim = Replication(model: model, policy: policy, weeks: o.weeks, replication: rep + 1,
                                      seed: SeededRandom.replicationSeed(o.seed, rep))
                return try sim.run()
            }
        }
    }

    /// A small log limit, so the run's records go through the temporary file.
    static func streamed(_ model: ServiceModel, _ policies: [any AllocationPolicy], _ o: SimulationOptions, spill: Bool) throws -> SimulationReport {
        try Simulator.run(model, policies: policies, options: o, memoryLimit: spill ? 1 : ReplicationLog.defaultMemoryLimit)
    }

    @Test(arguments: [false, true])
    func estimatesEqualDirectComputation(spill: Bool) throws {
        let model = try kentAndMedway()
        let policies: [any AllocationPolicy] = [GreedyPolicy(), try FixedPolicy(model: model)]
        let runs = try Self.direct(model, policies, Self.options)
        let report = try Self.streamed(model, policies, Self.options, spill: spill)
        #expect(report.records?.log.spilled == spill)
        for (p, results) in runs.enumerated() {
            let policy = report.policies[p]
            for (k, kpi) in KPI.all.enumerated() {
                #expect(policy.kpis[k].estimate == Estimate(results.map { kpi.value($0) })?.rounded(), "\(policy.name) \(kpi.key)")
            }
            // Mean, variance and interval by hand, for the mean wait.
            let xs = results.map { $0.waits.reduce(0, +) / Double($0.waits.count) }
            let mean = xs.reduce(0, +) / Double(xs.count)
            let variance = xs.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(xs.count - 1)
            let half = Statistics.t975(degreesOfFreedom: xs.count - 1) * (variance / Double(xs.count)).squareRoot()
            #expect(policy.kpi(.waitMean) == Estimate(mean: round4(mean), halfWidth: round4(half), n: xs.count))
            // Percentiles of each replication's waits, sorted here.
            for (key, q) in [(KPI.Key.waitMedian, 0.5), (.waitP90, 0.9), (.waitP95, 0.95)] {
                let direct = Estimate(results.map { Statistics.quantile(sorted: $0.waits.sorted(), q) })?.rounded()
                #expect(policy.kpi(key) == direct, "\(policy.name) \(key)")
            }
            for i in model.scenario.posts.indices {
                let u = Estimate(results.map { $0.postCapacity[i] == 0 ? nil : 100 * Double($0.postBooked[i]) / Double($0.postCapacity[i]) })
                #expect(policy.posts[i].utilisation == u?.rounded())
                #expect(policy.posts[i].miles == Estimate(results.map { TravelMatrix.miles($0.postTravelKilometres[i]) })?.rounded())
            }
            for s in model.scenario.sites.indices {
                #expect(policy.sites[s].referrals == Estimate(results.map { Double($0.siteReferrals[s]) })?.rounded())
                #expect(policy.sites[s].meanWait == Estimate(results.map { $0.siteMeanWait[s] })?.rounded())
            }
            try expectPooledFigures(policy, results, model: model)
        }
        // Paired differences, replication by replication.
        for kpi in KPI.all {
            let d = zip(runs[0], runs[1]).map { a, b -> Double? in
                guard let x = kpi.value(a), let y = kpi.value(b) else { return nil }
                return x - y
            }
            let found = report.differences.first { $0.kpi == kpi.key }
            #expect(found?.estimate == Estimate(d)?.rounded(), "difference \(kpi.key)")
            #expect(found?.significant == Estimate(d)?.excludesZero)
        }
        // The per-replication rows, read back from the log.
        let rows = try report.rows()
        #expect(rows.count == 2 * Self.options.replications)
        for (i, row) in rows.enumerated() {
            let r = runs[i % 2][i / 2]
            #expect(row.policy == r.policy && row.replication == r.replication && row.seed == r.seed)
            #expect(row.values == KPI.all.map { $0.value(r) })
            let counts: [Int] = [row.arrived, row.completed, row.droppedOut, row.waiting, row.inTreatment, row.invalidSessions]
            let direct: [Int] = [r.arrived, r.completed, r.droppedOut, r.waitingAtEnd, r.inTreatmentAtEnd, r.invalidSessions]
            #expect(counts == direct)
        }
    }

    /// Figures pooled over replications: the distribution of waits, the waiting list by week, the
    /// quarterly return, the accounting and Little's law.
    func expectPooledFigures(_ policy: PolicyReport, _ results: [ReplicationResult], model: ServiceModel) throws {
        let n = Double(results.count)
        let waits = results.flatMap(\.waits)
        for bin in policy.waitHistogram {
            let inBin = waits.filter { w in Int(w / 7) >= bin.fromWeeks && (bin.toWeeks.map { Int(w / 7) < $0 } ?? true) }
            #expect(bin.share == round4(Double(inBin.count) / Double(waits.count)), "bin \(bin.fromWeeks)")
        }
        #expect(policy.waitingByWeek == (0..<results[0].waitingByWeek.count).map { w in
            round4(results.map { Double($0.waitingByWeek[w]) }.reduce(0, +) / n)
        })
        for row in policy.quarters where row.role == "all" {
            let s = try #require(model.scenario.sites.firstIndex { $0.id == row.site })
            #expect(row.referrals == round4(Double(results.map { $0.quarterReferrals[row.quarter - 1][s][model.roleCount] }.reduce(0, +)) / n))
        }
        #expect(!policy.quarters.isEmpty)
        #expect(policy.accounting.arrived == results.map(\.arrived).reduce(0, +))
        #expect(policy.accounting.startingList == results.map(\.initialList).reduce(0, +))
        #expect(policy.accounting.completed == results.map(\.completed).reduce(0, +))
        #expect(policy.littlesLaw.timeAverage == round4(results.map(\.waitingTimeAverage).reduce(0, +) / n))
        #expect(policy.littlesLaw.product == round4(results.map { $0.littleArrivalRate * $0.littleMeanWait }.reduce(0, +) / n))
    }

    /// The same bytes on 1 and 2 threads, with the log in memory or on file.
    @Test func outputsIdenticalAcrossThreadsAndLogs() throws {
        let model = try kentAndMedway()
        let policies: [any AllocationPolicy] = [GreedyPolicy(), ProportionalPolicy(), try FixedPolicy(model: model)]
        var outputs: [[String]] = []
        for (threads, spill) in [(1, false), (2, false), (1, true), (2, true)] {
            var o = Self.options
            o.threads = threads
            let r = try Self.streamed(model, policies, o, spill: spill)
            outputs.append([r.json(), r.table(), r.csv(), try r.replicationsCSV(), r.quarterlyCSV()])
        }
        let names = ["json", "table", "csv", "replications csv", "quarterly csv"]
        for (run, other) in outputs.enumerated().dropFirst() {
            for (i, name) in names.enumerated() {
                let same = other[i] == outputs[0][i]  // not compared inside #expect, which would print both reports
                #expect(same, "run \(run): \(name) differs")
            }
        }
        #expect(outputs[0][3].split(separator: "\n").count == 1 + 3 * Self.options.replications)
    }

    /// Records read back from the log equal those written, missing values included, in memory and on file.
    @Test(arguments: [1, 1 << 20])
    func logRoundTrip(limit: Int) throws {
        let log = ReplicationLog(recordLength: 5, memoryLimit: limit)
        var written: [[Double]] = []
        for r in 0..<1_000 {
            let record = (0..<5).map { c in c == r % 5 ? SeriesMoments.missing : Double(r) * 1.5 - Double(c) / 3 }
            written.append(record)
            try log.append(record)
        }
        #expect(log.spilled == (limit == 1))
        var read: [[Double]] = []
        try log.forEach { i, record in
            #expect(i == read.count)
            read.append(Array(record))
        }
        #expect(read.map { $0.map(\.bitPattern) } == written.map { $0.map(\.bitPattern) })
        #expect(read[3].map(SeriesMoments.decode)[3] == nil && read[3].map(SeriesMoments.decode)[2] != nil)
    }
}
