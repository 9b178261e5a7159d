import Foundation
import HubspokeModel
import HubspokeSupport
import HubspokeSimulation

/// How every option is simulated. All options share the seed, so replication `r` of every option
/// meets the same referrals, needs and drop-outs (common random numbers) and differences between
/// staffing levels are not lost in noise.
public struct SimulationPlan: Sendable, Codable, Equatable {
    public var policy: String
    public var weeks: Int
    public var replications: Int
    public var seed: UInt64
    /// Replications by precision: each option runs until its own interval meets the rule (`replications`
    /// is then the rule's cap). Absent (and left out of the JSON) otherwise.
    public var precision: PrecisionRule?
    public init(policy: String = "greedy", weeks: Int, replications: Int, seed: UInt64, precision: PrecisionRule? = nil) {
        self.policy = policy; self.weeks = weeks; self.replications = replications; self.seed = seed; self.precision = precision
        if let precision { self.replications = precision.maxReplications }
    }

    /// What is simulated, in a phrase: "the greedy policy, 20 replications of 52 weeks, seed 1".
    public var summary: String {
        let reps = precision.map { "replications until \($0.summary) (95% interval; Hoad, Robinson and Davies 2010; at most \($0.maxReplications) an option)" }
            ?? "\(replications) replication\(replications == 1 ? "" : "s")"
        return "the \(policy) policy, \(reps) of \(weeks) weeks, seed \(seed)"
    }
}

/// A site's share of children seen within 4 weeks.
public struct SiteShare: Sendable, Codable, Equatable {
    public var site: String
    public var estimate: Estimate?
}

/// One staffing option simulated and costed.
public struct OptionResult: Sendable, Codable, Equatable {
    /// Position in the sweep's option order (0 outside a sweep).
    public var index: Int
    /// Sessions a week of each role (10 = 1 FTE), in the scenario's role order.
    public var sessions: [Int]
    public var posts: Int
    /// Changes to the scenario's posts: added, left out, cut ("EP-1 0.8 -> 0.5").
    public var added: [String]
    public var removed: [String]
    public var reduced: [String]
    public var cost: CostBreakdown
    /// Business miles a year, all posts.
    public var annualMiles: Double
    /// Estimates of `Measure.simulated`, in that order.
    public var measures: [Estimate?]
    /// Each PRU's share seen within 4 weeks, in site order.
    public var pruSeenWithin4Weeks: [SiteShare]
    /// The PRU with the lowest share.
    public var worstPRU: String?
    /// Mean utilisation of each role's posts (weighted by their sessions), %, in role order.
    public var roleUtilisation: [Double?]
    /// Set when a sweep is put together: on the cost-against-service frontier, and targets missed.
    public var onFrontier: Bool?
    public var missedTargets: [String]?
    /// By precision only: the replications this option took, and whether its precision was confirmed
    /// (false: it stopped at the cap).
    public var replications: Int? = nil
    public var converged: Bool? = nil
    /// The year's cost of each employer's posts, when the evaluator splits them (the business case).
    public var employerCosts: [EmployerCost]? = nil

    public var level: StaffingLevel { StaffingLevel(sessions: sessions) }

    public func estimate(_ key: String) -> Estimate? {
        switch key {
        case Measure.annualCost: return Estimate(mean: cost.annual, halfWidth: nil, n: 1)
        case Measure.staffCost: return Estimate(mean: cost.staff, halfWidth: nil, n: 1)
        default: return Measure.simulated.firstIndex(of: key).flatMap { $0 < measures.count ? measures[$0] : nil }
        }
    }

    /// The targets missed (judged on the mean; a measure the simulation could not estimate misses).
    public func missed(_ targets: [Target]) -> [Target] {
        targets.filter { t in estimate(t.key).map { !t.met(by: $0.mean) } ?? true }
    }

    /// Sum of the relative shortfalls from the targets (0 when all are met).
    func shortfall(_ targets: [Target]) -> Double {
        targets.reduce(0) { total, t in total + (estimate(t.key).map { t.shortfall($0.mean) } ?? 1) }
    }
}

/// Simulates and costs staffing options of one scenario, each once (results are kept).
public struct Evaluator: Sendable {
    public let base: Scenario
    public let settings: SimulationSettings
    public let plan: SimulationPlan
    public let costModel: CostModel
    public var threads: Int
    /// Called after each replication with (done, total) for the current option.
    public var progress: (@Sendable (Int, Int) -> Void)?
    /// Also cost each option by employer (`OptionResult.employerCosts`), as the business case shows.
    public var splitsByEmployer = false
    /// Also collect each option's national return and equity by group, which no staffing output uses:
    /// off, but for timing what they would cost (`hubspoke-bench staffing`).
    public var collectsNationalReturn = false
    public private(set) var results: [StaffingLevel: OptionResult] = [:]
    /// Options in the order they were simulated.
    public private(set) var order: [StaffingLevel] = []

    /// Every role with posts, and every role in `ranges`, must have pay in the scenario's costs.
    public init(base: Scenario, plan: SimulationPlan, threads: Int, ranges: [RoleRange] = [],
                costYear: Int = 1, referralFactor: Double = 1) throws(StaffingError) {
        guard var settings = base.simulation else {
            throw StaffingError("\(base.source): the scenario has no simulation: section (referral rates, need profiles); see the README")
        }
        guard settings.warmUpWeeks < plan.weeks else {
            throw StaffingError("\(base.source): simulation.warm_up_weeks (\(settings.warmUpWeeks)) must be fewer than the \(plan.weeks) weeks simulated")
        }
        guard PolicyCatalog.names.contains(plan.policy) else {
            throw StaffingError("unknown policy \"\(plan.policy)\" (expected one of: \(PolicyCatalog.names.joined(separator: ", ")))")
        }
        settings.referralsPerWeek = settings.referralsPerWeek.map { $0 * referralFactor }
        let priced = base.roles.indices.filter { r in
            base.posts.contains { $0.role == base.roles[r].id } || ranges.contains { $0.role == base.roles[r].id }
        }
        costModel = try CostModel(base, roles: priced, year: costYear)
        self.base = base
        self.settings = settings
        self.plan = plan
        self.threads = max(1, threads)
    }

    public func result(_ level: StaffingLevel) -> OptionResult? { results[level] }

    /// Simulates and costs an option (once: later calls return the first result, with `index` set).
    public mutating func evaluate(_ level: StaffingLevel, index: Int = 0) throws(StaffingError) -> OptionResult {
        if var known = results[level] { known.index = index; return known }
        let staffed = try Staffing.apply(level, to: base)
        let model = ServiceModel(staffed.scenario, settings: settings, weeks: plan.weeks)
        let report: SimulationReport
        do {
            let policy = try PolicyCatalog.make(plan.policy, model: model)
            report = try Simulator.run(model, policies: [policy],
                                       options: SimulationOptions(weeks: plan.weeks, replications: plan.replications, seed: plan.seed, threads: threads,
                                                                  precision: plan.precision, nationalReturn: collectsNationalReturn),
                                       progress: progress)
        } catch {
            var e = StaffingError("simulation of \(describe(level)) failed: \(error)")
            e.exitCode = 4
            throw e
        }
        let p = report.policies[0]
        let sc = staffed.scenario
        let perYear = 52 / Double(plan.weeks - settings.warmUpWeeks)
        let miles = p.posts.map { ($0.miles?.mean ?? 0) * perYear }
        let cost = costModel.cost(of: sc, milesPerPost: miles, addedPosts: staffed.added.count)
        let prus = sc.sites.indices.filter { sc.sites[$0].kind == .pru }.map { SiteShare(site: sc.sites[$0].id, estimate: p.sites[$0].seenWithin4Weeks) }
        let worst = prus.compactMap { s in s.estimate.map { (share: s, mean: $0.mean) } }.min { $0.mean < $1.mean }?.share
        var measures = KPI.all.map { p.kpi($0.key) }
        measures.append(worst?.estimate)
        let utilisation = sc.roles.map { role -> Double? in
            var weighted = 0.0, sessions = 0
            for (i, post) in sc.posts.enumerated() where post.role == role.id {
                guard let u = p.posts[i].utilisation?.mean else { continue }
                weighted += u * Double(post.sessionsPerWeek); sessions += post.sessionsPerWeek
            }
            return sessions == 0 ? nil : round4(weighted / Double(sessions))
        }
        var result = OptionResult(index: index, sessions: level.sessions, posts: sc.posts.count, added: staffed.added,
                                  removed: staffed.removed, reduced: staffed.reduced, cost: cost,
                                  annualMiles: round4(miles.reduce(0, +)), measures: measures, pruSeenWithin4Weeks: prus,
                                  worstPRU: worst?.site, roleUtilisation: utilisation)
        if splitsByEmployer { result.employerCosts = costModel.costByEmployer(of: sc, milesPerPost: miles) }
        if let precision = report.precision {
            result.replications = precision.replications
            result.converged = precision.converged
        }
        results[level] = result
        order.append(level)
        return result
    }

    /// "EP 1.5, SLT 0.6" for the roles whose staffing differs from the scenario's (or "the scenario's staffing").
    public func describe(_ level: StaffingLevel) -> String {
        let own = StaffingLevel(base)
        let parts = base.roles.indices.filter { level.sessions[$0] != own.sessions[$0] }.map { "\(base.roles[$0].id) \(fteText(level.sessions[$0]))" }
        return parts.isEmpty ? "the scenario's staffing" : parts.joined(separator: ", ")
    }
}
