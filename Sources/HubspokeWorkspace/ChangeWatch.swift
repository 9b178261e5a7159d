import GRDB

/// Tells whether a workspace changed: SQLite's `PRAGMA data_version`, on a connection of its own
/// that never writes, is a number that moves whenever any other connection commits a change, this
/// process's own or another's (a `hubspoke` command run beside the web service). A cache that
/// stores what it made under the number it read *before* reading the workspace is therefore never
/// stale: a change committed meanwhile gives the next caller a new number.
public final class ChangeWatch: Sendable {
    private let queue: DatabaseQueue
    private let path: String

    /// A connection to `workspace`'s file, opened only to read.
    public init(_ workspace: Workspace) throws(WorkspaceError) {
        path = workspace.path
        do { queue = try DatabaseQueue(path: workspace.path, configuration: ReadOnlyDatabase.configuration()) } catch {
            throw WorkspaceError.from(error, path: workspace.path)
        }
    }

    /// The workspace's change number now: equal to an earlier one exactly when no change was
    /// committed in between. One prepared statement, run outside any transaction (its own read
    /// sees the latest commit).
    public func stamp() throws(WorkspaceError) -> Int {
        do {
            return try queue.inDatabase { db in try Int.fetchOne(db.cachedStatement(sql: "PRAGMA data_version")) ?? 0 }
        } catch {
            throw WorkspaceError.from(error, path: path)
        }
    }
}
