import Foundation
import HubspokeSupport
import HubspokeModel
import HubspokeSimulation

/// The year-by-year business case: staffing, cost and expected KPIs for each year of a horizon,
/// with referrals growing and pay rising.
public struct BusinessCaseReport: Sendable, Codable, Equatable {
    public struct Year: Sendable, Codable, Equatable {
        public var year: Int
        /// Referral rates relative to year 1: (1 + growth)^(year - 1).
        public var referralFactor: Double
        /// Staffing, the year's running cost (uplifted) and the simulated KPIs.
        public var option: OptionResult
        /// One-off cost of the posts added this year (and the fixed set-up in the first year that adds posts).
        public var setUp: Double
        /// Running cost plus set-up.
        public var total: Double
        public var postsAdded: [String]
        public var missed: [String]
    }

    public var scenario: String
    public var roles: [String]
    public var baseline: [Int]
    public var simulation: SimulationPlan
    /// "fixed" (the same staffing every year) or "least-cost" (the cheapest meeting the targets, never fewer staff than the year before).
    public var method: String
    public var varied: [RoleRange]
    public var targets: [Target]
    public var demandGrowth: Double
    public var payUplift: Double
    public var nonPayUplift: Double
    public var years: [Year]
    public var totalRunning: Double
    public var totalSetUp: Double
    public var total: Double
    public var costs: CostBasis

    /// The employers with posts in some year, NHS first.
    public var employers: [Employer] {
        Employer.allCases.filter { e in years.contains { $0.option.employerCosts?.contains { $0.employer == e } ?? false } }
    }

    /// Each employer's cost over all the years (its posts counted in the first year).
    public func employerTotal(_ e: Employer) -> EmployerCost {
        let costs = years.compactMap { $0.option.employerCosts?.first { $0.employer == e } }
        return EmployerCost(employer: e, posts: costs.first?.posts ?? 0, pay: costs.reduce(0) { $0 + $1.pay }, pension: costs.reduce(0) { $0 + $1.pension },
                            nationalInsurance: costs.reduce(0) { $0 + $1.nationalInsurance }, nonPay: costs.reduce(0) { $0 + $1.nonPay },
                            mileage: costs.reduce(0) { $0 + $1.mileage })
    }

    /// Rows of the cost by employer and year: year (nil for the totals), and the employer's cost.
    public var employerRows: [(year: Int?, cost: EmployerCost)] {
        var rows: [(year: Int?, cost: EmployerCost)] = []
        for y in years { for c in y.option.employerCosts ?? [] { rows.append((y.year, c)) } }
        for e in employers { rows.append((nil, employerTotal(e))) }
        return rows
    }
}

public enum BusinessCase {
    /// The staffing of `--staffing ROLE=FTE` (repeatable) over the scenario's own.
    public static func level(_ overrides: [String], scenario: Scenario) throws(StaffingError) -> StaffingLevel {
        var level = StaffingLevel(scenario)
        var seen: Set<String> = []
        for o in overrides {
            let r = try RoleRange.parse(o, scenario: scenario, option: "--staffing")
            guard r.sessions.count == 1 else { throw StaffingError("--staffing \(o): give one FTE per role (ROLE=FTE)") }
            guard seen.insert(r.role).inserted else { throw StaffingError("--staffing \(o): \(r.role) is given twice") }
            level.sessions[scenario.roleIndex(r.role)!] = r.sessions[0]
        }
        return level
    }

    /// Runs the business case. With targets, each year takes the cheapest staffing in the ranges that
    /// meets them (at least the year before's); otherwise every year has `staffing`.
    public static func run(base: Scenario, plan: SimulationPlan, threads: Int, years: Int, growth: Double, payUplift: Double,
                           nonPayUplift: Double, staffing: StaffingLevel, ranges: [RoleRange], targets: [Target],
                           maxSimulations: Int = LeastCost.defaultMaxSimulations,
                           log: (@Sendable (String) -> Void)? = nil) throws(StaffingError) -> BusinessCaseReport {
        var scenario = base
        guard var costs = scenario.costs else { throw CostModel.noCostsSection(base) }
        costs.payUplift = payUplift
        costs.nonPayUplift = nonPayUplift
        scenario.costs = costs
        var rows: [BusinessCaseReport.Year] = []
        var floor = staffing
        var previousAdded: [String] = []
        var firstEvaluator: Evaluator?
        for y in 1...years {
            let factor = pow(1 + growth, Double(y - 1))
            var evaluator = try Evaluator(base: scenario, plan: plan, threads: threads, ranges: ranges, costYear: y, referralFactor: factor)
            evaluator.splitsByEmployer = true
            if firstEvaluator == nil { firstEvaluator = evaluator }
            var option: OptionResult
            if targets.isEmpty {
                option = try evaluator.evaluate(staffing)
            } else {
                // Never fewer staff than the year before: each range starts at last year's level.
                let yearRanges = ranges.map { range -> RoleRange in
                    let r = scenario.roleIndex(range.role)!
                    let kept = range.sessions.filter { $0 >= floor.sessions[r] }
                    return RoleRange(role: range.role, sessions: kept.isEmpty ? [range.sessions.last!] : kept)
                }
                log?("year \(y): referrals x \(fixed(factor, 3))")
                var search = try LeastCost(base: scenario, ranges: yearRanges, targets: targets, evaluator: evaluator,
                                           maxSimulations: maxSimulations, log: log)
                let found = try search.run()
                evaluator = search.evaluator
                if let chosen = found.chosen {
                    option = chosen
                } else {
                    // Nothing in the ranges meets the targets: the top of the ranges, reported as missing them.
                    var top = floor
                    for range in yearRanges { top.sessions[scenario.roleIndex(range.role)!] = range.sessions.last! }
                    option = try evaluator.evaluate(top)
                }
                floor = option.level
            }
            option.index = y
            let model = try CostModel(scenario, roles: [], year: y)
            let new = option.added.filter { !previousAdded.contains($0) }
            let addsPosts = !new.isEmpty
            let firstAdding = addsPosts && !rows.contains { !$0.postsAdded.isEmpty }
            let setUp = pennies((Double(new.count) * model.costs.setUpPerNewPost + (firstAdding ? model.costs.setUpFixed : 0)) * model.nonPayFactor)
            previousAdded = option.added
            rows.append(.init(year: y, referralFactor: round4(factor), option: option, setUp: setUp, total: pennies(option.cost.annual + setUp),
                              postsAdded: new, missed: option.missed(targets).map(\.description)))
        }
        let running = pennies(rows.reduce(0) { $0 + $1.option.cost.annual })
        let setUp = pennies(rows.reduce(0) { $0 + $1.setUp })
        return BusinessCaseReport(scenario: base.name, roles: base.roles.map(\.id), baseline: StaffingLevel(base).sessions, simulation: plan,
                                  method: targets.isEmpty ? "fixed" : "least-cost", varied: ranges, targets: targets, demandGrowth: growth,
                                  payUplift: payUplift, nonPayUplift: nonPayUplift, years: rows, totalRunning: running, totalSetUp: setUp,
                                  total: pennies(running + setUp), costs: CostBasis(scenario, firstEvaluator!.costModel))
    }

}
