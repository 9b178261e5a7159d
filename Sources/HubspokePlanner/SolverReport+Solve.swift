import HubspokeModel
import LinearModel

// The rota keeps its own copies of the solver's status and stop reason (same names), so that the
// model layer does not depend on LinearModel; the planner's own stopping rules are added there.

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
