import Foundation
import GRDB
import HubspokeSupport
import HubspokePlanner

/// What went wrong in a workspace command; its kind decides the command line's exit status (`ExitStatus`).
public struct WorkspaceError: Error, CustomStringConvertible, Sendable {
    public enum Kind: Sendable {
        /// Bad input: unknown post or week, an impossible pin, a schema newer than this program.
        case badInput
        /// The hard rules of the week cannot all hold.
        case conflict
        /// The solver found no rota (failure or time limit).
        case noRota
        /// The database itself: busy for too long, unreadable, damaged.
        case storage
    }
    public var kind: Kind
    public var description: String

    public init(_ kind: Kind, _ description: String) { self.kind = kind; self.description = description }
    static func bad(_ description: String) -> WorkspaceError { WorkspaceError(.badInput, description) }

    /// Any error thrown inside a workspace operation, as a `WorkspaceError`.
    static func from(_ error: Error, path: String) -> WorkspaceError {
        switch error {
        case let e as WorkspaceError: return e
        case let e as InputError: return .bad(e.description)
        case let e as WeekProblems: return .bad(e.description)
        case let e as PlanConflict: return WorkspaceError(.conflict, e.description)
        case let e as PlanFailure: return WorkspaceError(.noRota, e.description)
        case let e as DatabaseError:
            switch e.resultCode {
            case .SQLITE_BUSY, .SQLITE_LOCKED:
                return WorkspaceError(.storage, "\(path): the workspace is busy: another command held it for more than \(Int(Workspace.busyTimeout)) s; nothing was changed, try again")
            case .SQLITE_NOTADB:
                return WorkspaceError(.badInput, "\(path): not a hubspoke workspace (not an SQLite database)")
            case .SQLITE_CORRUPT:
                return WorkspaceError(.storage, "\(path): the workspace is damaged (\(e.message ?? "corrupt")); restore it from a backup; nothing was changed")
            case _ where diskIsFull(path):
                return WorkspaceError(.storage, "\(path): the disk is full (\(e.message ?? "\(e.resultCode)")): nothing was changed; free some space and try again")
            case .SQLITE_READONLY, .SQLITE_CANTOPEN, .SQLITE_PERM:
                return WorkspaceError(.storage, "\(path): cannot write the workspace: \(e.message ?? "\(e.resultCode)")")
            default:
                return WorkspaceError(.storage, "\(path): \(e.message ?? "database error \(e.resultCode)")")
            }
        default:
            return WorkspaceError(.storage, "\(path): \(error)")
        }
    }

    /// Whether the disk holding `path` has (next to) no room left: what SQLite reports as a disk I/O
    /// error or a full database then is named for what it is.
    static func diskIsFull(_ path: String) -> Bool {
        var fs = statvfs()
        let folder = (path as NSString).deletingLastPathComponent
        guard statvfs(folder.isEmpty ? "." : folder, &fs) == 0 else { return false }
        return UInt64(fs.f_bavail) * UInt64(fs.f_frsize) < 64 * 1024
    }
}
