import Foundation
import HubspokeSupport

/// How to run a simulation.
public struct SimulationOptions: Sendable {
    public var weeks: Int
    public var replications: Int
    public var seed: UInt64
    /// Replications run at once, each on its own thread (with its own GLPK problems).
    public var threads: Int
    /// Replications by precision: when set, `replications` is ignored and the rule decides (up to its cap).
    public var precision: PrecisionRule?
    /// Whether the national return and equity by group are collected (each referral's ethnicity, age
    /// band, gender and source drawn, and the return's counts kept in every replication's record).
    /// Without them the report has no `nationalReturn`, `equity`, `equityDifferences`, `returnQuarters`
    /// or `referralMix`, and every other figure is the same (the attributes have a stream of their own).
    public var nationalReturn: Bool
    public init(weeks: Int, replications: Int, seed: UInt64, threads: Int = ProcessInfo.processInfo.activeProcessorCount,
                precision: PrecisionRule? = nil, nationalReturn: Bool = true) {
        self.weeks = weeks; self.replications = replications; self.seed = seed; self.threads = max(1, threads)
        self.precision = precision; self.nationalReturn = nationalReturn
    }

    /// The most replications the run may take: the fixed count, or the precision's cap.
    public var replicationLimit: Int { precision?.maxReplications ?? replications }
}

/// Runs replications of each policy in parallel and summarises them. Replication `r` of every policy
/// uses the same seed, so policies meet the same referrals, needs, drop-outs and absences (common
/// random numbers) and their differences are paired. Results do not depend on the number of threads:
/// each replication is computed alone, reduced at once to a summary of a few numbers per site and
/// post, and the summaries are folded into running totals in replication order (`parallelForEach`
/// holds those that finish early). Memory does not grow with replications: what the intervals'
/// second pass and the per-replication CSV need is kept in a `ReplicationLog`.
public enum Simulator {
    public static let histogramWeeks = 16

    public static func run(_ model: ServiceModel, policies: [any AllocationPolicy], options: SimulationOptions,
                           progress: (@Sendable (_ done: Int, _ total: Int) -> Void)? = nil) throws -> SimulationReport {
        try run(model, policies: policies, options: options, memoryLimit: ReplicationLog.defaultMemoryLimit, progress: progress)
    }

    static func run(_ model: ServiceModel, policies: [any AllocationPolicy], options: SimulationOptions, memoryLimit: Int,
                    progress: (@Sendable (_ done: Int, _ total: Int) -> Void)? = nil) throws -> SimulationReport {
        let P = policies.count
        let items = options.replicationLimit * P
        // The quarters are always needed (the quarterly return's labels); the return's counts only when collected.
        let shape = ReturnShape(model: model, weeks: options.weeks)
        let layout = RecordLayout(policies: P, posts: model.postCount, sites: model.siteCount, returns: options.nationalReturn ? shape : nil)
        let totals = RunningTotals(layout: layout, log: ReplicationLog(recordLength: layout.length, memoryLimit: memoryLimit))
        var tracker = options.precision.map { PrecisionTracker(rule: $0, policies: P) }
        let precisionKPI = options.precision.flatMap { rule in KPI.all.firstIndex { $0.key == rule.kpi } }
        if let rule = options.precision, precisionKPI == nil { throw PrecisionError("--precision-kpi \(rule.kpi): unknown KPI") }
        var done = 0
        // The one parallel work loop: replications in index order into the running totals, at most a
        // window of them started and not yet added, so memory does not grow with replications. By
        // precision, the window is small: what is started past the stopping point is dropped.
        let window = tracker == nil ? max(64, 4 * options.threads * P) : 2 * options.threads * P
        try parallelForEach(count: items, threads: options.threads, window: window) { i in
            let rep = i / P, policy = policies[i % P]
            var sim = Replication(model: model, policy: policy, weeks: options.weeks, replication: rep + 1,
                                  seed: SeededRandom.replicationSeed(options.seed, rep), returns: shape,
                                  collectingReturn: options.nationalReturn)
            return ReplicationSummary(try sim.run(), layout: layout)
        } consumeWhile: { _, summary in
            let record = try totals.add(summary)
            done += 1
            progress?(done, items)
            guard let record, let k = precisionKPI else { return true }
            return tracker?.add((0..<P).map { SeriesMoments.decode(record[layout.kpi($0, k)]) }) != true
        }
        var report = try summarise(totals, model: model, policies: policies, options: options, quarterLabels: shape.quarters.labels)
        report.precision = tracker?.outcome
        return report
    }

    static func summarise(_ totals: RunningTotals, model: ServiceModel, policies: [any AllocationPolicy],
                          options: SimulationOptions, quarterLabels: [String]) throws -> SimulationReport {
        let moments = try totals.finish()
        let layout = totals.layout
        let reports = policies.indices.map { policyReport(policies[$0], index: $0, totals: totals.policies[$0], moments: moments, layout: layout, model: model,
                                                            quarterLabels: quarterLabels) }
        var differences: [Difference] = []
        for (pair, (a, b)) in layout.pairs.enumerated() {
            for (k, kpi) in KPI.all.enumerated() {
                guard let e = moments.estimate(layout.difference(pair, k)) else { continue }
                differences.append(Difference(kpi: kpi.key, first: policies[a].name, second: policies[b].name,
                                              estimate: e.rounded(), significant: e.excludesZero))
            }
        }
        var report = SimulationReport(scenario: model.scenario.name, service: model.settings.service.rawValue, weeks: options.weeks,
                                      warmUpWeeks: model.settings.warmUpWeeks, replications: totals.policies.first?.replications ?? 0, seed: options.seed,
                                      policies: reports, differences: differences)
        report.records = ReplicationRecords(log: totals.log, layout: layout, policies: policies.map(\.name), seed: options.seed)
        if let shape = layout.returns {
            report.returnQuarters = returnQuarters(shape)
            report.referralMix = mixNotes(shape)
            report.equityDifferences = equityDifferences(policies, moments: moments, layout: layout, model: model)
        }
        return report
    }

    static func policyReport(_ policy: any AllocationPolicy, index p: Int, totals t: PolicyTotals, moments: SeriesMoments,
                             layout: RecordLayout, model: ServiceModel, quarterLabels: [String]) -> PolicyReport {
        let sc = model.scenario
        let kpiValues = KPI.all.enumerated().map { k, kpi in
            KPIValue(key: kpi.key, label: kpi.label, unit: kpi.unit, estimate: moments.estimate(layout.kpi(p, k))?.rounded())
        }
        let posts = sc.posts.indices.map { i in
            PostUtilisation(post: sc.posts[i].id, role: sc.posts[i].role, utilisation: moments.estimate(layout.utilisation(p, i))?.rounded(),
                            miles: moments.estimate(layout.miles(p, i))?.rounded())
        }
        let sites = sc.sites.indices.map { s in
            SiteWaits(site: sc.sites[s].id, name: sc.sites[s].name, referrals: moments.estimate(layout.siteReferrals(p, s))?.rounded(),
                      meanWait: moments.estimate(layout.siteMeanWait(p, s))?.rounded(),
                      seenWithin4Weeks: moments.estimate(layout.siteSeenWithin4Weeks(p, s))?.rounded())
        }
        let n = Double(t.replications)
        let total = t.waitBins.reduce(0, +)
        let serviceWait = kpiValues.first { $0.key == .waitMean }?.estimate?.mean
        let serviceShare = kpiValues.first { $0.key == .seenWithin4Weeks }?.estimate?.mean
        let histogram = t.waitBins.indices.map { i in
            HistogramBin(fromWeeks: i, toWeeks: i == histogramWeeks ? nil : i + 1, share: total == 0 ? 0 : round4(Double(t.waitBins[i]) / Double(total)))
        }
        return PolicyReport(name: policy.name, summary: policy.summary, kpis: kpiValues, posts: posts, sites: sites,
                            quarters: quarterRows(t, model: model, labels: quarterLabels),
                            waitingByWeek: t.waitingByWeek.map { round4($0 / n) },
                            waitHistogram: histogram, accounting: t.accounting,
                            littlesLaw: LittlesLaw(timeAverage: round4(t.waitingTimeAverage / n), arrivalRate: round4(t.littleArrivalRate / n),
                                                   meanWaitWeeks: round4(t.littleMeanWait / n), product: round4(t.littleProduct / n)),
                            nationalReturn: returnRows(policy: p, moments: moments, layout: layout),
                            equity: equityRows(policy: p, moments: moments, layout: layout, model: model,
                                               serviceWait: serviceWait, serviceShare: serviceShare))
    }

    /// The quarterly return: mean referrals and children seen per replication, by financial quarter
    /// (`labels`, `2026/27 Q3`), site and role.
    static func quarterRows(_ t: PolicyTotals, model: ServiceModel, labels: [String]) -> [QuarterRow] {
        let sc = model.scenario
        let n = Double(t.replications)
        var quarters: [QuarterRow] = []
        for q in t.quarterReferrals.indices {
            for s in sc.sites.indices {
                let total = t.quarterReferrals[q][s][model.roleCount]
                guard total > 0 || t.quarterSeen[q][s].contains(where: { $0 > 0 }) else { continue }
                let label = q < labels.count ? labels[q] : "Q\(q + 1)"
                quarters.append(QuarterRow(quarter: q + 1, label: label, site: sc.sites[s].id, role: "all", referrals: round4(Double(total) / n), seen: nil))
                for r in 0..<model.roleCount {
                    let refs = t.quarterReferrals[q][s][r], seen = t.quarterSeen[q][s][r]
                    if refs == 0 && seen == 0 { continue }
                    quarters.append(QuarterRow(quarter: q + 1, label: label, site: sc.sites[s].id, role: sc.roles[r].id,
                                               referrals: round4(Double(refs) / n), seen: round4(Double(seen) / n)))
                }
            }
        }
        return quarters
    }
}

extension Estimate {
    /// Rounded to 4 decimals, so the JSON does not carry floating-point noise.
    func rounded() -> Estimate {
        var e = self
        e.mean = round4(mean); e.halfWidth = halfWidth.map(round4)
        return e
    }
}
