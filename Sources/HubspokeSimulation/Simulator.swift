import Dispatch
import Foundation
import HubspokeKit

/// How to run a simulation.
public struct SimulationOptions: Sendable {
    public var weeks: Int
    public var replications: Int
    public var seed: UInt64
    /// Replications run at once, each on its own thread (with its own GLPK problems).
    public var threads: Int
    public init(weeks: Int, replications: Int, seed: UInt64, threads: Int = ProcessInfo.processInfo.activeProcessorCount) {
        self.weeks = weeks; self.replications = replications; self.seed = seed; self.threads = max(1, threads)
    }
}

/// Runs replications of each policy in parallel and summarises them. Replication `r` of every policy
/// uses the same seed, so policies meet the same referrals, needs, drop-outs and absences (common
/// random numbers) and their differences are paired. Results do not depend on the number of threads:
/// each replication is computed alone and the summaries are taken in replication order.
public enum Simulator {
    public static let histogramWeeks = 16

    public static func run(_ model: ServiceModel, policies: [any AllocationPolicy], options: SimulationOptions,
                           progress: (@Sendable (_ done: Int, _ total: Int) -> Void)? = nil) throws -> SimulationReport {
        let items = options.replications * policies.count
        let results = Slots<ReplicationResult>(count: items)
        let next = Counter()
        let done = Counter()
        let failure = Slots<Error>(count: 1)
        DispatchQueue.concurrentPerform(iterations: min(options.threads, max(1, items))) { _ in
            while failure.get(0) == nil {
                let i = next.increment() - 1
                guard i < items else { return }
                let rep = i / policies.count, policy = policies[i % policies.count]
                let seed = SeededRandom.replicationSeed(options.seed, rep)
                do {
                    var sim = Replication(model: model, policy: policy, weeks: options.weeks, replication: rep + 1, seed: seed)
                    results.set(i, try sim.run())
                } catch {
                    failure.set(0, error)
                    return
                }
                let n = done.increment()
                progress?(n, items)
            }
        }
        if let error = failure.get(0) { throw error }
        let all = (0..<items).map { results.get($0)! }
        return summarise(all, model: model, policies: policies, options: options)
    }

    static func summarise(_ all: [ReplicationResult], model: ServiceModel, policies: [any AllocationPolicy],
                          options: SimulationOptions) -> SimulationReport {
        let P = policies.count
        let sc = model.scenario
        let kpis = KPI.all
        // values[policy][kpi][replication]
        var values = Array(repeating: Array(repeating: [Double?](), count: kpis.count), count: P)
        var rows: [ReplicationRow] = []
        for (i, r) in all.enumerated() {
            let p = i % P
            let v = kpis.map { $0.value(r) }
            for k in kpis.indices { values[p][k].append(v[k]) }
            rows.append(ReplicationRow(policy: r.policy, replication: r.replication, seed: r.seed, values: v, arrived: r.arrived,
                                       completed: r.completed, droppedOut: r.droppedOut, waiting: r.waitingAtEnd,
                                       inTreatment: r.inTreatmentAtEnd, invalidSessions: r.invalidSessions))
        }
        var reports: [PolicyReport] = []
        for (p, policy) in policies.enumerated() {
            let runs = stride(from: p, to: all.count, by: P).map { all[$0] }
            reports.append(policyReport(policy, runs: runs, values: values[p], model: model))
        }
        var differences: [Difference] = []
        for a in 0..<P {
            for b in (a + 1)..<max(a + 1, P) {
                for (k, kpi) in kpis.enumerated() {
                    let d = zip(values[a][k], values[b][k]).map { x, y -> Double? in
                        guard let x, let y else { return nil }
                        return x - y
                    }
                    guard let e = Estimate(d) else { continue }
                    differences.append(Difference(kpi: kpi.key, first: policies[a].name, second: policies[b].name,
                                                  estimate: e.rounded(), significant: e.excludesZero))
                }
            }
        }
        return SimulationReport(scenario: sc.name, service: model.settings.service.rawValue, weeks: options.weeks,
                                warmUpWeeks: model.settings.warmUpWeeks, replications: options.replications, seed: options.seed,
                                policies: reports, differences: differences, rows: rows)
    }

    static func policyReport(_ policy: any AllocationPolicy, runs: [ReplicationResult], values: [[Double?]], model: ServiceModel) -> PolicyReport {
        let sc = model.scenario
        let kpiValues = KPI.all.enumerated().map { k, kpi in
            KPIValue(key: kpi.key, label: kpi.label, unit: kpi.unit, estimate: Estimate(values[k])?.rounded())
        }
        let posts = sc.posts.indices.map { p in
            PostUtilisation(post: sc.posts[p].id, role: sc.posts[p].role, utilisation: Estimate(runs.map { r in
                r.postCapacity[p] == 0 ? nil : 100 * Double(r.postBooked[p]) / Double(r.postCapacity[p])
            })?.rounded(), miles: Estimate(runs.map { r in TravelMatrix.miles(r.postTravelKilometres[p]) })?.rounded())
        }
        let sites = sc.sites.indices.map { s in
            SiteWaits(site: sc.sites[s].id, name: sc.sites[s].name,
                      referrals: Estimate(runs.map { Double($0.siteReferrals[s]) })?.rounded(),
                      meanWait: Estimate(runs.map { $0.siteMeanWait[s] })?.rounded(),
                      seenWithin4Weeks: Estimate(runs.map { r in
                          r.siteEligibleFor4Weeks[s] == 0 ? nil : 100 * Double(r.siteSeenWithin4Weeks[s]) / Double(r.siteEligibleFor4Weeks[s])
                      })?.rounded())
        }
        var quarters: [QuarterRow] = []
        let n = Double(runs.count)
        let Q = runs.first?.quarterReferrals.count ?? 0
        for q in 0..<Q {
            for s in sc.sites.indices {
                let total = runs.reduce(0) { $0 + $1.quarterReferrals[q][s][model.roleCount] }
                guard total > 0 || runs.contains(where: { r in r.quarterSeen[q][s].contains { $0 > 0 } }) else { continue }
                quarters.append(QuarterRow(quarter: q + 1, site: sc.sites[s].id, role: "all", referrals: round4(Double(total) / n), seen: nil))
                for r in 0..<model.roleCount {
                    let refs = runs.reduce(0) { $0 + $1.quarterReferrals[q][s][r] }
                    let seen = runs.reduce(0) { $0 + $1.quarterSeen[q][s][r] }
                    if refs == 0 && seen == 0 { continue }
                    quarters.append(QuarterRow(quarter: q + 1, site: sc.sites[s].id, role: sc.roles[r].id,
                                               referrals: round4(Double(refs) / n), seen: round4(Double(seen) / n)))
                }
            }
        }
        let weeks = runs.first?.waitingByWeek.count ?? 0
        let waitingByWeek = (0..<weeks).map { w in round4(runs.reduce(0.0) { $0 + Double($1.waitingByWeek[w]) } / n) }
        var bins = Array(repeating: 0, count: histogramWeeks + 1)
        var total = 0
        for r in runs {
            for w in r.waits { bins[min(histogramWeeks, Int(w / 7))] += 1; total += 1 }
        }
        let histogram = bins.indices.map { i in
            HistogramBin(fromWeeks: i, toWeeks: i == histogramWeeks ? nil : i + 1, share: total == 0 ? 0 : round4(Double(bins[i]) / Double(total)))
        }
        let accounting = Accounting(arrived: runs.reduce(0) { $0 + $1.arrived }, startingList: runs.reduce(0) { $0 + $1.initialList },
                                    completed: runs.reduce(0) { $0 + $1.completed }, droppedOut: runs.reduce(0) { $0 + $1.droppedOut },
                                    waiting: runs.reduce(0) { $0 + $1.waitingAtEnd }, inTreatment: runs.reduce(0) { $0 + $1.inTreatmentAtEnd },
                                    invalidSessions: runs.reduce(0) { $0 + $1.invalidSessions })
        let l = runs.reduce(0.0) { $0 + $1.waitingTimeAverage } / n
        let lambda = runs.reduce(0.0) { $0 + $1.littleArrivalRate } / n
        let w = runs.reduce(0.0) { $0 + $1.littleMeanWait } / n
        let product = runs.reduce(0.0) { $0 + $1.littleArrivalRate * $1.littleMeanWait } / n
        return PolicyReport(name: policy.name, summary: policy.summary, kpis: kpiValues, posts: posts, sites: sites, quarters: quarters,
                            waitingByWeek: waitingByWeek, waitHistogram: histogram, accounting: accounting,
                            littlesLaw: LittlesLaw(timeAverage: round4(l), arrivalRate: round4(lambda), meanWaitWeeks: round4(w), product: round4(product)))
    }
}

func round4(_ x: Double) -> Double { (x * 10_000).rounded() / 10_000 }

extension Estimate {
    /// Rounded to 4 decimals, so the JSON does not carry floating-point noise.
    func rounded() -> Estimate { Estimate(mean: round4(mean), halfWidth: halfWidth.map(round4), n: n) }
}

/// Results written by worker threads, each slot once, read after they finish.
final class Slots<T>: @unchecked Sendable {
    private var values: [T?]
    private let lock = NSLock()
    init(count: Int) { values = Array(repeating: nil, count: count) }
    func set(_ i: Int, _ v: T) { lock.lock(); values[i] = v; lock.unlock() }
    func get(_ i: Int) -> T? { lock.lock(); defer { lock.unlock() }; return values[i] }
}

final class Counter: @unchecked Sendable {
    private var value = 0
    private let lock = NSLock()
    /// Adds one and returns the new value.
    func increment() -> Int { lock.lock(); defer { lock.unlock() }; value += 1; return value }
}
