import ArgumentParser
import Foundation
import HubspokeStaffing
import HubspokeWorkspace

/// Every exit status hubspoke gives: the one place a code is chosen and documented. Commands
/// throw `Fail.message(text, .status)`; the root command's help lists them all from here.
enum ExitStatus: Int32, CaseIterable, Sendable {
    /// The command did what it was asked.
    case success = 0
    /// Bad input: a scenario, CSV or shard file with problems (each named with its file, line and
    /// field), an unknown post or week, an impossible pin, a file that cannot be written. Nothing
    /// is written or changed.
    case badInput = 1
    /// `staffing least-cost` and `staffing business-case`: no staffing in the ranges meets the
    /// targets. The report is written all the same, showing the best reached.
    case targetsNotMet = 2
    /// The hard rules cannot all hold (the conflict is named).
    case conflict = 3
    /// No result: the solver failed or stopped at its time limit before finding a rota, or a
    /// simulation failed.
    case noResult = 4
    /// The workspace is busy (another publish included), damaged or cannot be written.
    case workspaceUnavailable = 5
    /// The command line itself: an unknown option, a missing or malformed value, options that do
    /// not go together (ArgumentParser's own usage errors exit 64 too).
    case usage = 64

    /// How the status reads in help: "3 hard rules conflict".
    var summary: String {
        switch self {
        case .success: "success"
        case .badInput: "bad input (nothing written or changed)"
        case .targetsNotMet: "targets not met (staffing: nothing in the ranges meets them)"
        case .conflict: "hard rules conflict"
        case .noResult: "no result (solver failure or time limit, or a simulation failed)"
        case .workspaceUnavailable: "workspace busy (another publish included), damaged or unwritable"
        case .usage: "usage"
        }
    }

    /// The exit statuses for a command's help, one a line: every status, or those given.
    static func help(_ statuses: [ExitStatus] = allCases) -> String {
        "Exit status:\n" + statuses.map { "  \(String($0.rawValue).padding(toLength: 4, withPad: " ", startingAt: 0))\($0.summary)" }.joined(separator: "\n")
    }

    /// What ArgumentParser exits with.
    var exitCode: ExitCode { ExitCode(rawValue) }

    /// The status of a workspace error, by its kind.
    init(_ kind: WorkspaceError.Kind) {
        switch kind {
        case .badInput: self = .badInput
        case .conflict: self = .conflict
        case .noRota: self = .noResult
        case .storage: self = .workspaceUnavailable
        }
    }

    /// The status of a staffing error: bad input, or a simulation or capacity model that failed.
    init(_ error: StaffingError) {
        self = ExitStatus(rawValue: error.exitCode) ?? .badInput
    }
}
