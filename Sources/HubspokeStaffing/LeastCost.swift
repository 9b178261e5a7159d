import Foundation
import GLPKSolver
import HubspokeModel
import HubspokeSimulation
import LinearModel

/// What the least-cost search found.
public struct LeastCostReport: Sendable, Codable, Equatable {
    /// One simulated option, in the order the search tried them.
    public struct Step: Sendable, Codable, Equatable {
        public var step: Int
        /// Why it was tried.
        public var reason: String
        public var option: OptionResult
        public var missed: [String]
    }

    /// The best value of a target's measure among the options simulated.
    public struct Best: Sendable, Codable, Equatable {
        public var target: String
        public var estimate: Estimate?
        public var step: Int?
        public var sessions: [Int]?
    }

    public var scenario: String
    public var roles: [String]
    public var baseline: [Int]
    public var varied: [RoleRange]
    public var simulation: SimulationPlan
    public var targets: [Target]
    public var capacity: CapacityModel
    /// The capacity model's first proposal (sessions by role), nil when no level of the ranges covers the demand.
    public var capacityProposal: [Int]?
    /// Whether an option of the ranges meets every target.
    public var met: Bool
    public var chosen: OptionResult?
    /// The dearest option of the ranges that is cheaper than the chosen one, and the targets it misses.
    public var nextCheaper: OptionResult?
    public var nextCheaperMisses: [String]
    /// Every cheaper option of the ranges was simulated or ruled out (see `LeastCost`), within the simulation limit.
    public var proven: Bool
    /// When no option meets the targets: the best reached on each.
    public var bestReached: [Best]
    public var steps: [Step]
    public var costs: CostBasis
}

/// The cheapest staffing in the ranges that meets the targets.
///
/// 0. The top of every range is simulated first: if it misses a target, nothing in the ranges meets
///    them (more staff is assumed never to make the service worse), and the search stops there.
/// 1. A capacity model (`CapacityModel`) solved with GLPK proposes the cheapest option whose capacity
///    covers the expected demand of every varied role: one binary variable per role and level, one
///    level per role, staff cost minimised, room sessions respected, and a budget if a cost target is given.
/// 2. The simulator confirms it. If it misses a target, the search steps up: it simulates one more step
///    of each varied role, takes the step that closes most of the shortfall per pound, raises that role's
///    minimum in the model and solves again, until an option meets the targets.
/// 3. It then looks for anything cheaper: GLPK proposes the dearest option cheaper than the best so far
///    that is not ruled out, the simulator judges it, and so on until nothing cheaper is left. An option
///    is ruled out when it has no more of any role than an option that missed a target: this assumes
///    that more staff never makes the service worse, which the common random numbers make nearly true
///    between options (not exactly: the same referrals, but the posts' absences can differ).
/// 4. The next cheaper option of the ranges is simulated and reported with the targets it misses.
///
/// Options are ranked by staff cost (pay, on-costs, non-pay), which is known without simulating;
/// mileage, from the simulation, is added in the report.
public struct LeastCost {
    let base: Scenario
    let ranges: [RoleRange]
    let targets: [Target]
    let maxSimulations: Int
    var evaluator: Evaluator
    let roleIndex: [Int]
    /// Staff cost of varied role i at level l, and of everything else.
    let roleCost: [[Double]]
    let fixedCost: Double
    let fixedSessions: Int
    let capacity: CapacityModel
    let budget: Double?
    var failures: [[Int]] = []
    var steps: [LeastCostReport.Step] = []
    /// Called after each simulation with a line for the log.
    let log: (@Sendable (String) -> Void)?

    public static let defaultMaxSimulations = 60

    /// Checks the request: ranges, and targets more staff helps to meet.
    public init(base: Scenario, ranges: [RoleRange], targets: [Target], evaluator: Evaluator,
                maxSimulations: Int = defaultMaxSimulations, log: (@Sendable (String) -> Void)? = nil) throws(StaffingError) {
        guard !ranges.isEmpty else {
            throw StaffingError("give the roles to search with --vary ROLE=LOW..HIGH:STEP (e.g. --vary EP=0.5..3:0.5 --vary SLT=0.6..2:0.2)")
        }
        guard !targets.isEmpty else { throw StaffingError("give at least one --target, e.g. --target seen_within_4_weeks>=90") }
        for t in targets where t.isCost ? t.atLeast : !t.moreStaffHelps {
            throw StaffingError("--target \(t): more staff does not help to meet it, so the least-cost search cannot use it "
                + "(targets: service measures more staff raises with >=, waits and utilisation with <=, costs with <=); a sweep shows it for every option")
        }
        guard maxSimulations >= 1 else { throw StaffingError("--max-simulations must be at least 1") }
        self.base = base; self.ranges = ranges; self.targets = targets; self.evaluator = evaluator
        self.maxSimulations = maxSimulations; self.log = log
        roleIndex = ranges.map { base.roleIndex($0.role)! }
        let own = StaffingLevel(base)
        let model = evaluator.costModel
        var costs: [[Double]] = []
        for (i, range) in ranges.enumerated() {
            let r = roleIndex[i]
            var row: [Double] = []
            for n in range.sessions {
                var level = own
                level.sessions[r] = n
                let staffed = try Staffing.apply(level, to: base).scenario
                row.append(staffed.posts.filter { $0.role == base.roles[r].id }.reduce(0) { $0 + model.staffCost(of: $1, role: r) })
            }
            costs.append(row)
        }
        roleCost = costs
        let varied = Set(roleIndex)
        fixedCost = base.posts.reduce(model.fixedNonPay) { total, post in
            let r = base.roleIndex(post.role)!
            return varied.contains(r) ? total : total + model.staffCost(of: post, role: r)
        }
        fixedSessions = base.roles.indices.filter { !varied.contains($0) }.reduce(0) { $0 + own.sessions[$1] }
        let cap = targets.filter { $0.key == KPI.Key.utilisation.rawValue && !$0.atLeast }.map { $0.value / 100 }.min() ?? CapacityModel.defaultCap
        capacity = CapacityModel(scenario: base, settings: evaluator.settings, weeks: evaluator.plan.weeks, utilisationCap: min(1, max(0.05, cap)))
        budget = targets.filter(\.isCost).map(\.value).min()
    }

    func level(_ choice: [Int]) -> StaffingLevel {
        var l = StaffingLevel(base)
        for (i, k) in choice.enumerated() { l.sessions[roleIndex[i]] = ranges[i].sessions[k] }
        return l
    }

    func staffCost(_ choice: [Int]) -> Double {
        choice.enumerated().reduce(fixedCost) { $0 + roleCost[$1.offset][$1.element] }
    }

    var simulations: Int { evaluator.order.count }

    /// The cheapest (or, with `dearest`, the dearest) option under the given rules, or nil when none is left.
    func propose(dearest: Bool, below: Double? = nil, coverDemand: Bool, minimum: [Int]? = nil, useCuts: Bool = true) throws(StaffingError) -> [Int]? {
        var m = Model(name: "least-cost")
        var y: [[Variable]] = []
        for (i, range) in ranges.enumerated() {
            y.append(range.sessions.indices.map { l in
                m.addVariable("y[\(range.role),\(fteText(range.sessions[l]))]", .binary, upper: l < (minimum?[i] ?? 0) ? 0 : 1)
            })
            m.addConstraint("one_level", range.role, LinearExpression.sum(y[i]) == 1)
        }
        var cost = LinearExpression(constant: fixedCost)
        var sessions = LinearExpression(constant: Double(fixedSessions))
        for i in ranges.indices {
            for (l, v) in y[i].enumerated() {
                cost.add(v, roleCost[i][l])
                sessions.add(v, Double(ranges[i].sessions[l]))
            }
        }
        if coverDemand {
            for (i, range) in ranges.enumerated() where capacity.demand[roleIndex[i]] > 0 {
                var covered = LinearExpression()
                for (l, v) in y[i].enumerated() { covered.add(v, capacity.capacity(role: roleIndex[i], sessions: range.sessions[l])) }
                m.addConstraint("demand", range.role, covered >= capacity.demand[roleIndex[i]])
            }
            m.addConstraint("rooms", sessions <= Double(capacity.roomSessions))
        }
        if let budget { m.addConstraint("budget", cost <= budget) }
        if let below { m.addConstraint("cheaper", cost <= below) }
        if useCuts {
            for (k, f) in failures.enumerated() {
                var more = LinearExpression()
                for i in ranges.indices { for l in (f[i] + 1)..<ranges[i].sessions.count { more.add(y[i][l]) } }
                if more.terms.isEmpty { return nil }   // an option with every role at its top missed: nothing is left
                m.addConstraint("ruled_out", String(k), more >= 1)
            }
        }
        if dearest { m.maximize(cost) } else { m.minimize(cost) }
        let result = GLPKSolver().solve(m, options: SolveOptions())
        switch result.status {
        case .optimal, .feasible:
            return y.map { row in row.firstIndex { result[$0] > 0.5 } ?? 0 }
        case .infeasible:
            return nil
        default:
            var e = StaffingError("the capacity model could not be solved: \(result.status.rawValue) \(result.message ?? "")")
            e.exitCode = 4
            throw e
        }
    }

    /// Simulates an option (once) and records the step.
    mutating func evaluate(_ choice: [Int], _ reason: String) throws(StaffingError) -> Bool {
        let l = level(choice)
        let known = evaluator.result(l) != nil
        let r = try evaluator.evaluate(l, index: steps.count + 1)
        let missed = r.missed(targets)
        if !known {
            steps.append(.init(step: steps.count + 1, reason: reason, option: r, missed: missed.map(\.description)))
            log?("step \(steps.count): \(StaffingFormat.staffing(l.sessions, roles: base.roles.map(\.id), only: ranges.map(\.role))) (\(reason)): \(StaffingFormat.money(r.cost.staff)) staff cost, "
                 + (missed.isEmpty ? "meets the targets" : "misses " + missed.map { "\($0) (\(StaffingFormat.estimate(r.estimate($0.key), key: $0.key)))" }.joined(separator: ", ")))
        }
        if !missed.isEmpty && !failures.contains(choice) { failures.append(choice) }
        return missed.isEmpty
    }

    func shortfall(_ choice: [Int]) -> Double { evaluator.result(level(choice))?.shortfall(targets) ?? .infinity }

    public mutating func run() throws(StaffingError) -> LeastCostReport {
        let top = ranges.map { $0.sessions.count - 1 }
        var minimum = Array(repeating: 0, count: ranges.count)
        var chosen: [Int]?
        var proposal: [Int]?
        // More staff is assumed never to make the service worse: if the top of every range misses, nothing meets.
        guard try evaluate(top, "the top of every range: can the targets be met at all?") else {
            return report(proposal: try propose(dearest: false, coverDemand: true, useCuts: false), chosen: nil, next: nil, proven: true)
        }
        // 1-2. The capacity model proposes; the simulator confirms, stepping up.
        while chosen == nil, simulations < maxSimulations, let c = try propose(dearest: false, coverDemand: true, minimum: minimum) {
            if proposal == nil { proposal = c }
            if try evaluate(c, proposal == c ? "the capacity model's proposal" : "the capacity model with the minimum raised") { chosen = c; break }
            var best: (i: Int, score: Double, short: Double)?
            var passing: [[Int]] = []
            for i in ranges.indices where c[i] < top[i] && simulations < maxSimulations {
                var n = c
                n[i] += 1
                if try evaluate(n, "trying one step more \(ranges[i].role)") { passing.append(n) }
                let gain = (shortfall(c) - shortfall(n)) / max(1, staffCost(n) - staffCost(c))
                let short = shortfall(n)
                if best == nil || gain > best!.score || (gain == best!.score && short < best!.short) { best = (i, gain, short) }
            }
            if let p = passing.min(by: { staffCost($0) < staffCost($1) }) { chosen = p; break }
            guard let b = best else { break }
            minimum[b.i] = c[b.i] + 1
        }
        var c = chosen ?? top
        // 3-4. Anything cheaper?
        var proven = false
        var next: [Int]?
        while true {
            while true {
                guard let d = try propose(dearest: true, below: staffCost(c) - 0.5, coverDemand: false) else { proven = true; break }
                guard simulations < maxSimulations else { break }
                if try evaluate(d, "cheaper than the best so far") { c = d }
            }
            guard let x = try propose(dearest: true, below: staffCost(c) - 0.5, coverDemand: false, useCuts: false) else { break }
            if try evaluate(x, "the next cheaper option") {
                c = x
                proven = false
                if simulations >= maxSimulations + 10 { break }
                continue
            }
            next = x
            break
        }
        return report(proposal: proposal, chosen: c, next: next, proven: proven)
    }

    func report(proposal: [Int]?, chosen: [Int]?, next: [Int]?, proven: Bool) -> LeastCostReport {
        let chosenResult = chosen.flatMap { evaluator.result(level($0)) }
        let nextResult = next.flatMap { evaluator.result(level($0)) }
        var best: [LeastCostReport.Best] = []
        if chosenResult == nil {
            for t in targets {
                let found = steps.compactMap { s in s.option.estimate(t.key).map { (s, $0) } }
                    .min { a, b in t.atLeast ? a.1.mean > b.1.mean : a.1.mean < b.1.mean }
                best.append(.init(target: t.description, estimate: found?.1, step: found?.0.step, sessions: found?.0.option.sessions))
            }
        }
        func stepped(_ r: OptionResult?) -> OptionResult? {
            guard var r else { return nil }
            r.index = steps.first { $0.option.sessions == r.sessions }?.step ?? 0
            return r
        }
        return LeastCostReport(scenario: base.name, roles: base.roles.map(\.id), baseline: StaffingLevel(base).sessions, varied: ranges,
                               simulation: evaluator.plan, targets: targets, capacity: capacity, capacityProposal: proposal.map { level($0).sessions },
                               met: chosenResult != nil, chosen: stepped(chosenResult), nextCheaper: stepped(nextResult),
                               nextCheaperMisses: nextResult?.missed(targets).map(\.description) ?? [],
                               proven: proven, bestReached: best, steps: steps, costs: CostBasis(base, evaluator.costModel))
    }
}
