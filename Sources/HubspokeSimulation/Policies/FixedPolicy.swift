import HubspokePlanner

/// The same timetable every week, as a service without a scheduler runs: the rota planned once
/// from the scenario's own demand, repeated. A post on leave or a closed site simply loses the session.
public struct FixedPolicy: AllocationPolicy {
    public let name = "fixed"
    public let summary = "one timetable, planned from the scenario's demand, repeated every week"
    /// [post][half-day] site.
    public let timetable: [[Int?]]

    public init(model: ServiceModel) throws {
        var scenario = model.scenario
        guard scenario.demand.contains(where: { $0.sessions > 0 }) else {
            throw SimulationError("the fixed policy plans its timetable from the scenario's demand, and \(scenario.source) has none")
        }
        scenario.weeks = 1
        scenario.rules.minimumPresence = nil
        scenario.demand = scenario.demand.filter { $0.week == nil || $0.week == 1 }
        // A timetable is for an ordinary week: nobody on leave.
        for p in scenario.posts.indices { scenario.posts[p].absences = [] }
        let rota = try RotaPlanner.plan(scenario, options: PlanOptions(threads: 1))
        timetable = OptimalPolicy.allocation(from: rota, model: model).site
    }

    public func allocate(_ state: WeekState, model: ServiceModel) -> WeekAllocation {
        var a = WeekAllocation(posts: model.postCount)
        for p in 0..<model.postCount {
            for hd in 0..<10 {
                if let s = timetable[p][hd], state.available[p][hd], state.open[s][hd] { a.site[p][hd] = s }
            }
        }
        return a
    }
}
