import Synchronization
import Hummingbird
import HubspokeReports
import HubspokeSupport
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

/// What holds only while the workspace is unchanged: live sessions by their token's hash, rendered
/// pages, feed tokens. Every request first reads the workspace's change number (`ChangeWatch`, one
/// prepared statement); a new number empties the cache, so a change committed by the service or by
/// a `hubspoke` command in another process (a plan, a publish, an absence, a user disabled, a
/// session ended) shows on the very next request. A value is kept under the number read before the
/// workspace was read for it, so it is never older than its number. Bounded: emptied past `limit`.
final class FreshCache: Sendable {
    private struct State {
        var stamp = Int.min
        var values: [String: any Sendable] = [:]
    }
    private let state = Mutex(State())
    private let watch: ChangeWatch
    let limit = 512

    init(_ watch: ChangeWatch) { self.watch = watch }

    /// The workspace's change number now; a new one empties the cache.
    func stamp() throws(WorkspaceError) -> Int {
        let now = try watch.stamp()
        state.withLock { s in
            if now > s.stamp { s = State(stamp: now) }
        }
        return now
    }

    /// The value kept for `key` under change number `stamp` (none for a request that read an older
    /// number than the latest).
    func lookup<T: Sendable>(_ key: String, at stamp: Int) -> T? {
        state.withLock { s in s.stamp == stamp ? s.values[key] : nil } as? T
    }

    /// Keeps `value` for `key` if `stamp` is still the current number.
    func keep(_ value: any Sendable, _ key: String, at stamp: Int) {
        state.withLock { s in
            guard s.stamp == stamp else { return }
            if s.values.count >= limit { s.values.removeAll() }
            s.values[key] = value
        }
    }

    /// The value kept for `key` under `stamp`, or `make()`'s, kept.
    func value<T: Sendable>(_ key: String, at stamp: Int, _ make: () throws -> T) rethrows -> T {
        if let hit: T = lookup(key, at: stamp) { return hit }
        let made = try make()
        keep(made, key, at: stamp)
        return made
    }
}

/// A rendered page for one user with their session's CSRF token left out: the page's text split
/// where the token goes (every form's hidden `_csrf`), so the same bytes serve each of the user's
/// sessions, the token written in as the response is made.
struct PageTemplate: Sendable {
    /// What stands for the token while the page is rendered: random per process, so no text of the
    /// page can hold it.
    static let placeholder = "csrf" + SecretToken.make()

    private let parts: [[UInt8]]
    private let size: Int

    init(_ page: String) {
        parts = Self.split(Array(page.utf8), at: Array(Self.placeholder.utf8))
        size = parts.reduce(0) { $0 + $1.count }
    }

    /// `bytes` cut at every occurrence of `mark` (which is taken out).
    static func split(_ bytes: [UInt8], at mark: [UInt8]) -> [[UInt8]] {
        var parts: [[UInt8]] = [], start = 0, i = 0
        while i + mark.count <= bytes.count {
            if bytes[i] == mark[0], bytes[i..<(i + mark.count)].elementsEqual(mark) {
                parts.append(Array(bytes[start..<i]))
                i += mark.count
                start = i
            } else {
                i += 1
            }
        }
        parts.append(Array(bytes[start...]))
        return parts
    }

    /// The page with `csrf` where the token goes.
    func render(csrf: String) -> ByteBuffer {
        let token = HTML.escape(csrf)
        var buffer = ByteBuffer()
        buffer.reserveCapacity(size + (parts.count - 1) * token.utf8.count)
        for (i, part) in parts.enumerated() {
            if i > 0 { buffer.writeString(token) }
            buffer.writeBytes(part)
        }
        return buffer
    }
}
