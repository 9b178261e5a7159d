import HubspokeModel
@testable import HubspokePlanner
import LinearModel
import Testing

/// The rota keeps its own copy of the solver's status (so the model layer needs no solver): the
/// planner's conversion keeps every name, which the JSON output prints.
@Suite struct RotaStatusTests {
    @Test func everySolverStatusAndStopReasonKeepsItsName() {
        let statuses: [SolveStatus] = [.optimal, .feasible, .infeasible, .unbounded, .noSolution, .error]
        for s in statuses { #expect(RotaStatus(s).rawValue == s.rawValue) }
        let reasons: [StopReason] = [.timeLimit, .gapLimit, .nodeLimit, .interrupted]
        for r in reasons { #expect(RotaStopReason(r).rawValue == r.rawValue) }
    }
}
