import Foundation
import HubspokeModel
import HubspokeSimulation

/// The staffing levels tried for one role, from `--vary ROLE=LOW..HIGH:STEP` (the step defaults to
/// 0.5 FTE), `--vary ROLE=A,B,C` or `--vary ROLE=X`. FTE come in tenths (one session a week).
public struct RoleRange: Sendable, Codable, Equatable {
    public var role: String
    /// Sessions a week, ascending.
    public var sessions: [Int]

    public init(role: String, sessions: [Int]) { self.role = role; self.sessions = sessions }

    public static let maxFTE = 100

    /// `option` names the flag in messages (`--staffing` reads single levels the same way).
    public static func parse(_ text: String, scenario: Scenario, option: String = "--vary") throws(StaffingError) -> RoleRange {
        let flag = "\(option) \(text)"
        let parts = text.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
            throw StaffingError("\(flag): expected ROLE=LOW..HIGH:STEP (e.g. EP=0.5..3:0.5), ROLE=A,B,C or ROLE=FTE")
        }
        let id = parts[0]
        guard let r = scenario.roleIndex(id) else {
            throw StaffingError("\(flag): unknown role \"\(id)\" (the roles of \(scenario.name) are \(scenario.roles.map(\.id).joined(separator: ", ")))")
        }
        func tenths(_ s: Substring) throws(StaffingError) -> Int {
            let t = s.trimmingCharacters(in: .whitespaces)
            guard let x = Double(t), x.isFinite else { throw StaffingError("\(flag): \"\(t)\" is not a number of FTE") }
            guard x >= 0 else { throw StaffingError("\(flag): \(t) FTE is negative") }
            guard abs(x * 10 - (x * 10).rounded()) < 1e-6 else {
                throw StaffingError("\(flag): \(t) FTE is not a whole number of sessions (FTE come in tenths: 1 session a week = 0.1)")
            }
            guard x <= Double(maxFTE) else { throw StaffingError("\(flag): \(t) FTE of one role is absurd (at most \(maxFTE))") }
            return Int((x * 10).rounded())
        }
        var levels: [Int] = []
        let body = parts[1]
        if body.contains("..") {
            let bounds = body.components(separatedBy: ":")
            guard bounds.count <= 2 else { throw StaffingError("\(flag): expected LOW..HIGH:STEP") }
            let ends = bounds[0].components(separatedBy: "..")
            guard ends.count == 2 else { throw StaffingError("\(flag): expected LOW..HIGH:STEP") }
            let low = try tenths(Substring(ends[0])), high = try tenths(Substring(ends[1]))
            let step = bounds.count == 2 ? try tenths(Substring(bounds[1])) : 5
            guard step > 0 else { throw StaffingError("\(flag): the step must be above 0") }
            guard low <= high else { throw StaffingError("\(flag): the range is empty (\(fteText(low)) is above \(fteText(high)))") }
            levels = Array(stride(from: low, through: high, by: step))
        } else {
            for item in body.split(separator: ",", omittingEmptySubsequences: false) {
                let n = try tenths(item)
                if levels.contains(n) { throw StaffingError("\(flag): \(fteText(n)) is listed twice") }
                levels.append(n)
            }
            levels.sort()
        }
        let fixed = Staffing.fixedSessions(scenario, role: r)
        if let low = levels.first, low < fixed {
            throw StaffingError("\(flag): \(id) posts based away from the hub already have \(fteText(fixed)) FTE and stay as they are, "
                + "so the range must start at \(fteText(fixed)) or above")
        }
        return RoleRange(role: id, sessions: levels)
    }

    /// "0.5..3 by 0.5" or "0.5, 1, 2".
    public var summary: String {
        let steps = zip(sessions.dropFirst(), sessions).map { $0 - $1 }
        if sessions.count > 2, let s = steps.first, steps.allSatisfy({ $0 == s }) {
            return "\(fteText(sessions.first!))..\(fteText(sessions.last!)) by \(fteText(s))"
        }
        return sessions.map(fteText).joined(separator: ", ")
    }

    /// Reads every `--vary`, refusing a role given twice, and returns them in the scenario's role order.
    public static func parseAll(_ texts: [String], scenario: Scenario) throws(StaffingError) -> [RoleRange] {
        var ranges: [RoleRange] = []
        for t in texts {
            let r = try parse(t, scenario: scenario)
            if ranges.contains(where: { $0.role == r.role }) { throw StaffingError("--vary \(t): \(r.role) is varied twice") }
            ranges.append(r)
        }
        return ranges.sorted { scenario.roleIndex($0.role)! < scenario.roleIndex($1.role)! }
    }
}

/// Pay and rates behind every cost, for reports.
public struct CostBasis: Sendable, Codable, Equatable {
    public struct RolePay: Sendable, Codable, Equatable {
        public var role: String
        public var name: String
        public var salary: Double?
        public var source: String?
        /// Set for council-employed roles only (absent: the NHS, the default).
        public var employer: Employer? = nil
    }
    public var roles: [RolePay]
    /// The council's terms, when the scenario gives them (`costs.council`).
    public var council: EmployerTerms? = nil
    public var pension: Double
    public var nationalInsurance: Double
    public var nationalInsuranceThreshold: Double
    public var mileageRate: Double
    public var mileageReducedRate: Double
    public var mileageThresholdMiles: Double
    public var nonPayPerFTE: Double
    public var nonPayFixed: Double
    public var setUpPerNewPost: Double
    public var setUpFixed: Double
    public var payUplift: Double
    public var nonPayUplift: Double

    public init(_ scenario: Scenario, _ model: CostModel) {
        let c = model.costs
        roles = scenario.roles.enumerated().map { r, role in
            RolePay(role: role.id, name: role.name, salary: c.pay[r].map { _ in pennies(model.salary(role: r)) }, source: c.pay[r]?.source,
                    employer: c.employer(role: r) == .council ? .council : nil)
        }
        council = c.council
        pension = c.pension; nationalInsurance = c.nationalInsurance; nationalInsuranceThreshold = c.nationalInsuranceThreshold
        mileageRate = c.mileageRate; mileageReducedRate = c.mileageReducedRate; mileageThresholdMiles = c.mileageThresholdMiles
        nonPayPerFTE = c.nonPayPerFTE; nonPayFixed = c.nonPayFixed; setUpPerNewPost = c.setUpPerNewPost; setUpFixed = c.setUpFixed
        payUplift = c.payUplift; nonPayUplift = c.nonPayUplift
    }
}

/// What a sweep is: everything that decides its results, so shards of one sweep can be recognised.
public struct SweepHeader: Sendable, Codable, Equatable {
    public var scenario: String
    /// A hash of everything in the scenario that the results depend on.
    public var scenarioFingerprint: String
    /// Role ids in the scenario's order (option sessions follow it) and the scenario's own staffing.
    public var roles: [String]
    public var baseline: [Int]
    public var varied: [RoleRange]
    public var simulation: SimulationPlan
    public var targets: [Target]
    /// The service measure of the cost-against-service frontier.
    public var frontierKPI: String
    /// The measures each option stores, in order.
    public var measureKeys: [String]
    public var costs: CostBasis
    public var optionCount: Int
}

/// A sweep put together: every option in order, each marked on or off the frontier and with the
/// targets it misses.
public struct SweepReport: Sendable, Codable, Equatable {
    public var sweep: SweepHeader
    public var options: [OptionResult]
    /// Option indices on the frontier, cheapest first.
    public var frontier: [Int]
}

/// What-if sweeps: every combination of the varied roles' levels (the other roles as in the
/// scenario), simulated with the same seed and costed.
public enum Sweep {
    public static let maxOptions = 10_000

    /// Every option, in order: the cartesian product of the ranges, the last varied role changing fastest.
    public static func levels(base: Scenario, ranges: [RoleRange]) throws(StaffingError) -> [StaffingLevel] {
        let count = ranges.reduce(1) { $0 * $1.sessions.count }
        guard !ranges.isEmpty else { throw StaffingError("give at least one --vary ROLE=LOW..HIGH:STEP (e.g. --vary EP=0.5..3:0.5)") }
        guard count <= maxOptions else {
            throw StaffingError("the sweep has \(count) options (\(ranges.map { "\($0.sessions.count) \($0.role)" }.joined(separator: " x "))), more than \(maxOptions): use larger steps or fewer roles")
        }
        var out = [StaffingLevel(base)]
        for range in ranges {
            let r = base.roleIndex(range.role)!
            out = out.flatMap { level in range.sessions.map { n in var l = level; l.sessions[r] = n; return l } }
        }
        return out
    }

    public static func header(base: Scenario, ranges: [RoleRange], evaluator: Evaluator, targets: [Target],
                              frontierKPI: String, optionCount: Int) -> SweepHeader {
        SweepHeader(scenario: base.name, scenarioFingerprint: Fingerprint.scenario(base), roles: base.roles.map(\.id),
                    baseline: StaffingLevel(base).sessions, varied: ranges, simulation: evaluator.plan, targets: targets,
                    frontierKPI: frontierKPI, measureKeys: Measure.simulated, costs: CostBasis(base, evaluator.costModel),
                    optionCount: optionCount)
    }

    /// Simulates the options at `indices` (all when nil), in order. `progress` counts replications over them all.
    public static func run(_ levels: [StaffingLevel], indices: [Int]? = nil, evaluator: inout Evaluator,
                           progress: (@Sendable (_ done: Int, _ total: Int) -> Void)? = nil) throws(StaffingError) -> [OptionResult] {
        let chosen = indices ?? Array(levels.indices)
        let reps = evaluator.plan.replications
        var out: [OptionResult] = []
        var before = 0
        for i in chosen {
            if let progress {
                let start = before, total = chosen.count * reps
                evaluator.progress = { done, _ in progress(start + done, total) }
            }
            let result = try evaluator.evaluate(levels[i], index: i)
            before += result.replications ?? reps
            out.append(result)
        }
        evaluator.progress = nil
        return out
    }

    /// The sweep put together from its results (all of them, in any order): frontier and targets.
    public static func assemble(_ header: SweepHeader, _ results: [OptionResult]) -> SweepReport {
        var options = results.sorted { $0.index < $1.index }
        let frontier = Frontier.indices(options, kpi: header.frontierKPI)
        let on = Set(frontier)
        for i in options.indices {
            options[i].onFrontier = on.contains(options[i].index)
            options[i].missedTargets = options[i].missed(header.targets).map(\.description)
        }
        return SweepReport(sweep: header, options: options, frontier: frontier)
    }
}

/// The efficient frontier: options that no other option beats on both annual cost and service
/// (no option is at most as dear and at least as good, and strictly better on one).
public enum Frontier {
    public static func indices(_ options: [OptionResult], kpi: String) -> [Int] {
        let higher = Measure.named(kpi)?.higherIsBetter ?? true
        // Service turned so that higher is better; options the simulation could not measure are left out.
        let rated = options.compactMap { o -> (cost: Double, service: Double, index: Int)? in
            guard let e = o.estimate(kpi) else { return nil }
            return (o.cost.annual, higher ? e.mean : -e.mean, o.index)
        }.sorted { ($0.cost, -$0.service, $0.index) < ($1.cost, -$1.service, $1.index) }
        var out: [Int] = []
        var bestCheaper = -Double.infinity
        var i = 0
        while i < rated.count {
            var j = i
            while j < rated.count && rated[j].cost == rated[i].cost { j += 1 }
            let top = rated[i].service   // the best of this cost (sorted)
            if top > bestCheaper {
                for k in i..<j where rated[k].service == top { out.append(rated[k].index) }
                bestCheaper = top
            }
            i = j
        }
        return out
    }
}
