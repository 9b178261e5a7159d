import HubspokeModel
import HubspokePlanner

/// The GLPK rota planner, fed each week's waiting lists as demand: the children who need a session
/// of a role at a site become sessions (as many as their appointments fill), at the priority of the
/// most urgent children first. Posts on leave are absent; PRUs closed for part of a week are
/// forbidden then. Each week is solved to within 0.5% of optimal, or to the best rota within a node
/// limit; either way the result does not depend on machine speed.
public struct OptimalPolicy: AllocationPolicy {
    public let name = "optimal"
    public let summary = "the GLPK rota planner, with the week's waiting lists as demand"
    /// Whether the planner rounds LP relaxations into rotas during the search (`PlanOptions.heuristic`).
    /// Measured on 20 replications of Kent and Medway (52 weeks, 2 threads): 8.2 s with it against
    /// 11.7 s without in one run, 9.1 s against 10.2 s in another (`hubspoke-bench heuristic`), with
    /// the same KPIs within their confidence intervals. Off only to measure it.
    public var roundingHeuristic: Bool
    public init(roundingHeuristic: Bool = true) { self.roundingHeuristic = roundingHeuristic }

    /// A week's plans are small; with tight rooms, role-by-role solving needed two to four rounds in
    /// most weeks of Kent and Medway, so one whole-model solve is used up to this many day plans.
    static let wholeModelBelow = 4000
    /// Most weeks are solved at the root node in about 15 ms, but a few in a hundred took GLPK
    /// seconds, some minutes, to prove optimal. Each week stops at a 0.5% gap or after this many
    /// branch-and-bound nodes, with the best rota found. Measured on 30 replications of Kent and Medway
    /// (2 threads): 18.0 s with the node limit alone, 17.5 s with the gap alone, 16.8 s with both; with
    /// a 1,000-node limit alone, 100 replications took 78 s. Unlike a time limit, both stops give the
    /// same result on every machine.
    static let nodeLimit = 200
    static let gap = 0.005

    public func allocate(_ state: WeekState, model: ServiceModel) throws -> WeekAllocation {
        var scenario = model.scenario
        scenario.weeks = 1
        scenario.startDate = state.monday
        scenario.rules.minimumPresence = nil
        scenario.pins = []
        scenario.forbids = []
        scenario.demand = []
        for s in 0..<model.siteCount {
            let closedHalves = (0..<10).filter { !state.open[s][$0] }
            if closedHalves.count == 10 { continue }
            var any = false
            for r in 0..<model.roleCount {
                let per = model.settings.appointmentsPerSession[r]
                var cumulative = 0, placed = 0
                for pr in Priority.allCases {
                    cumulative += state.waiting[s][r][pr.rank]
                    let sessions = (cumulative + per - 1) / per - placed
                    if sessions > 0 {
                        scenario.demand.append(DemandItem(site: scenario.sites[s].id, role: scenario.roles[r].id,
                                                          sessions: min(sessions, 100), priority: pr))
                        placed += sessions
                        any = true
                    }
                }
            }
            guard any else { continue }
            for hd in closedHalves {
                let h = HalfDay.all[hd]
                for p in 0..<model.postCount where model.eligible[p][s] {
                    scenario.forbids.append(SessionRule(post: scenario.posts[p].id, site: scenario.sites[s].id, weekday: h.weekday, half: h.half))
                }
            }
        }
        if scenario.demand.isEmpty { return WeekAllocation(posts: model.postCount) }
        Self.weighContinuity(&scenario, state: state, model: model)
        for p in 0..<model.postCount {
            scenario.posts[p].absences = (0..<10).compactMap { hd in
                guard model.works(post: p, halfDay: hd), !state.available[p][hd] else { return nil }
                let h = HalfDay.all[hd]
                return Absence(date: state.monday.adding(days: h.weekday.rawValue), half: h.half)
            }
        }
        var options = PlanOptions(threads: 1)
        options.wholeModelBelow = Self.wholeModelBelow
        options.nodeLimit = Self.nodeLimit
        options.gap = Self.gap
        options.heuristic = roundingHeuristic
        // A week of drawn leave may leave no room for a post's protected time: it gets what is free.
        options.protectedWherePossible = true
        do {
            let rota = try RotaPlanner.plan(scenario, options: options)
            return Self.allocation(from: rota, model: model)
        } catch is PlanFailure {
            // No rota within the node limit (not seen on Kent and Medway): this week, longest waits first.
            return GreedyPolicy().allocate(state, model: model)
        }
    }

    /// The first week of a rota as an allocation.
    static func allocation(from rota: Rota, model: ServiceModel) -> WeekAllocation {
        var a = WeekAllocation(posts: model.postCount)
        for x in rota.assignments where x.week == 1 {
            guard let p = model.scenario.postIndex(x.post), let s = model.scenario.siteIndex(x.site) else { continue }
            a.site[p][HalfDay(x.day, x.half).index] = s
        }
        return a
    }
}
