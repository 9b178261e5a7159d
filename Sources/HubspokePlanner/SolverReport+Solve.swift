import HubspokeModel
import LinearModel

extension SolverReport {
    /// The report of a solve as the solver gave it: the rota keeps its own copies of the status and
    /// stop reason (same names), so that the model layer does not depend on LinearModel.
    init(status: SolveStatus, stopReason: StopReason?, objective: Double?, bestBound: Double?, gap: Double?,
         parts: Int, rounds: Int, variables: Int, constraints: Int, seconds: Double) {
        self.init(status: RotaStatus(status), stopReason: stopReason.map(RotaStopReason.init), objective: objective,
                  bestBound: bestBound, gap: gap, parts: parts, rounds: rounds, variables: variables,
                  constraints: constraints, seconds: seconds)
    }
}

extension RotaStatus {
    init(_ status: SolveStatus) {
        switch status {
        case .optimal: self = .optimal
        case .feasible: self = .feasible
        case .infeasible: self = .infeasible
        case .unbounded: self = .unbounded
        case .noSolution: self = .noSolution
        case .error: self = .error
        }
    }
}

extension RotaStopReason {
    init(_ reason: StopReason) {
        switch reason {
        case .timeLimit: self = .timeLimit
        case .gapLimit: self = .gapLimit
        case .nodeLimit: self = .nodeLimit
        case .interrupted: self = .interrupted
        }
    }
}
