import HubspokeModel

/// A rota checked against a scenario: its hard-rule breaches, and, when it keeps every rule, its
/// objective term by term as the planner counts it.
public struct RotaCheckReport: Sendable {
    public var sessions: [Assignment]
    public var breaches: [RuleBreach]
    /// nil when a rule is broken (the objective of a rota that breaks the rules means nothing).
    public var objective: ObjectiveBreakdown?
    /// The rota as the planner reports it (unmet demand, coverage, links...), with that objective;
    /// nil when a rule is broken.
    public var rota: Rota?
}

extension RotaCheckReport {
    /// The objective term by term, the planner's way: every session of the horizon fixed as in
    /// `sessions` (a repair with the whole horizon delivered and no cost per change), so the terms
    /// that depend on the sessions (unmet demand, fairness, travel, continuity) are counted by the
    /// same model that plans.
    ///
    /// With `protected` (the rota's protected time as read back), its commitments are checked too
    /// (`Scenario.protectedBreaches`, the previous rota's flexible half-days counting); nil leaves them out.
    public static func check(_ sessions: [Assignment], scenario: Scenario, previous: PreviousRota? = nil,
                             protected: [ProtectedSession]? = nil) throws -> RotaCheckReport {
        var breaches = scenario.breaches(of: sessions)
        if let protected {
            let before = previous.map { p in Dictionary(uniqueKeysWithValues: p.protectedSessions.map { (scenario.posts[$0.key].id, $0.value) }) }
            breaches = (breaches + scenario.protectedBreaches(sessions, protected: protected, previousProtected: before)).sorted()
        }
        guard breaches.isEmpty else { return RotaCheckReport(sessions: sessions.sorted(), breaches: breaches, objective: nil, rota: nil) }
        let end = DatedHalf(scenario.startDate.adding(days: 7 * scenario.weeks), .am)
        let fixed = RepairPlan(reference: sessions, frozenBefore: end, changeWeight: 0)
        var options = PlanOptions()
        options.threads = 1
        let rota = try RotaPlanner.plan(scenario, previous: previous, repair: fixed, options: options)
        var objective = rota.objective
        // The repair term (every change costs 0 here) is the check's device, not part of the rota's objective.
        objective.terms = objective.terms.filter { !$0.name.hasPrefix("repair:") }
        var counted = rota
        counted.objective = objective
        return RotaCheckReport(sessions: sessions.sorted(), breaches: [], objective: objective, rota: counted)
    }
}
