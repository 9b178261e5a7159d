import Synchronization
import HubspokeReports
import HubspokeWorkspace

/// What the service renders again and again from rota versions that never change once written (a
/// version's key holds its status and whether it is the week's current one): the week page's grids
/// per version and scope, and the feeds per target and set of published versions. Bounded: emptied
/// when it grows past `limit` entries.
final class RenderCache: Sendable {
    private let entries = Mutex<[String: String]>([:])
    let limit = 512

    /// The cached text for `key`, or `make()`'s, kept.
    func text(_ key: String, _ make: () throws -> String) rethrows -> String {
        if let hit = entries.withLock({ $0[key] }) { return hit }
        let made = try make()
        entries.withLock { e in
            if e.count >= limit { e.removeAll() }
            e[key] = made
        }
        return made
    }

    /// A version's identity for the cache: its row, status and whether it is current.
    static func key(_ v: RotaVersion) -> String { "\(v.id)/\(v.status.rawValue)/\(v.isCurrent)" }
}
