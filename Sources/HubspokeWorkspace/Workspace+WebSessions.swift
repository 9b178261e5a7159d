import GRDB
import HubspokeSupport
import HubspokeModel

/// A signed-in session of the web service: its user, and the secret its forms and API calls carry (CSRF).
public struct WebSession: Sendable {
    public var user: UserRecord
    public var csrf: String
    public var expiresAt: Int
}

/// What a calendar feed token opens: one post's sessions or one site's.
public enum FeedTarget: Sendable, Hashable {
    case post(String)
    case site(String)

    /// The feed's file name: `post-EP-1.ics`, `site-PRU-CANT.ics`.
    public var fileName: String {
        switch self {
        case .post(let id): "post-\(id).ics"
        case .site(let id): "site-\(id).ics"
        }
    }
}

extension Workspace {
    /// Starts a session for `user` (after a correct password): a new random token (the cookie; only
    /// its hash is kept) and a new CSRF secret, so signing in always rotates both. Expired sessions go.
    public func startSession(userID: Int64, lifetime: Int) throws(WorkspaceError) -> (token: String, session: WebSession) {
        let token = SecretToken.make(), csrf = SecretToken.make()
        return try write { db in
            let now = Clock.seconds
            try db.execute(sql: "DELETE FROM web_sessions WHERE expires_at <= ?", arguments: [now])
            try db.execute(sql: "INSERT INTO web_sessions (token_hash, user_id, csrf, created_at, expires_at) VALUES (?, ?, ?, ?, ?)",
                           arguments: [SecretToken.hash(token), userID, csrf, now, now + lifetime])
            return (token, WebSession(user: try userRecord(db, id: userID), csrf: csrf, expiresAt: now + lifetime))
        }
    }

    /// The live session of a cookie's token: nil when unknown, expired, or its user is disabled.
    public func session(token: String) throws(WorkspaceError) -> WebSession? {
        try read { db in
            guard let row = try Row.fetchOne(db, sql: """
                SELECT s.user_id, s.csrf, s.expires_at FROM web_sessions s JOIN users u ON u.id = s.user_id
                WHERE s.token_hash = ? AND s.expires_at > ? AND u.disabled = 0
                """, arguments: [SecretToken.hash(token), Clock.seconds]) else { return nil }
            return WebSession(user: try userRecord(db, id: row["user_id"]), csrf: row["csrf"], expiresAt: row["expires_at"])
        }
    }

    /// Ends the session of a token (signing out).
    public func endSession(token: String) throws(WorkspaceError) {
        try write { db in try db.execute(sql: "DELETE FROM web_sessions WHERE token_hash = ?", arguments: [SecretToken.hash(token)]) }
    }

    func endSessions(_ db: Database, userID: Int64) throws {
        try db.execute(sql: "DELETE FROM web_sessions WHERE user_id = ?", arguments: [userID])
    }

    /// Records a sign-in attempt (the log of failed and successful sign-ins, and what throttling counts).
    public func recordLogin(name: String, address: String, success: Bool) throws(WorkspaceError) {
        try write { db in
            try db.execute(sql: "INSERT INTO login_attempts (at, name, address, success) VALUES (?, ?, ?, ?)",
                           arguments: [Clock.seconds, String(name.prefix(64)), address, success])
        }
    }

    /// Failed sign-ins in the last `window` seconds: for the account (since its last success) and from the address.
    public func recentFailures(name: String, address: String, window: Int) throws(WorkspaceError) -> (account: Int, address: Int) {
        try read { db in
            let since = Clock.seconds - window
            let account = try Int.fetchOne(db, sql: """
                SELECT count(*) FROM login_attempts WHERE name = ? AND success = 0 AND at > ?
                  AND id > ifnull((SELECT max(id) FROM login_attempts WHERE name = ? AND success = 1), 0)
                """, arguments: [name, since, name]) ?? 0
            let address = try Int.fetchOne(db, sql: "SELECT count(*) FROM login_attempts WHERE address = ? AND success = 0 AND at > ?",
                                           arguments: [address, since]) ?? 0
            return (account, address)
        }
    }

    /// Sign-in attempts, newest first (for the manager's audit page).
    public func loginAttempts(limit: Int) throws(WorkspaceError) -> [(at: String, name: String, address: String, success: Bool)] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT at, name, address, success FROM login_attempts ORDER BY id DESC LIMIT ?", arguments: [limit]).map {
                (Clock.iso(seconds: $0["at"]), $0["name"], $0["address"], $0["success"])
            }
        }
    }

    /// A new calendar feed token of `user` for `target`; the user's earlier tokens for it are revoked.
    public func issueFeedToken(userID: Int64, target: FeedTarget) throws(WorkspaceError) -> String {
        let token = SecretToken.make()
        return try write { db in
            let (post, site) = Self.columns(target)
            if let post { try checkPost(db, post) }
            if let site { try checkSite(db, site) }
            try revokeFeeds(db, userID: userID, target: target)
            try db.execute(sql: "INSERT INTO feed_tokens (token_hash, user_id, post, site, created_at) VALUES (?, ?, ?, ?, ?)",
                           arguments: [SecretToken.hash(token), userID, post, site, Clock.now()])
            try writeLog(db, command: "feed issue", week: nil, summary: "calendar feed \(target.fileName) issued (earlier links revoked)",
                         details: ["feed": target.fileName])
            return token
        }
    }

    /// Revokes the user's tokens for `target`: their links get 404 from now on.
    public func revokeFeedTokens(userID: Int64, target: FeedTarget) throws(WorkspaceError) {
        try write { db in
            try revokeFeeds(db, userID: userID, target: target)
            try writeLog(db, command: "feed revoke", week: nil, summary: "calendar feed \(target.fileName) revoked", details: ["feed": target.fileName])
        }
    }

    /// Whether the user holds a live token for `target` (the token itself is never kept).
    public func hasFeedToken(userID: Int64, target: FeedTarget) throws(WorkspaceError) -> Bool {
        let (post, site) = Self.columns(target)
        return try read { db in
            try Bool.fetchOne(db, sql: "SELECT count(*) > 0 FROM feed_tokens WHERE user_id = ? AND post IS ? AND site IS ? AND revoked_at IS NULL",
                              arguments: [userID, post, site]) ?? false
        }
    }

    /// What a feed token opens, while it is live and its user enabled.
    public func feedTarget(token: String) throws(WorkspaceError) -> FeedTarget? {
        try read { db in
            guard let row = try Row.fetchOne(db, sql: """
                SELECT f.post, f.site FROM feed_tokens f JOIN users u ON u.id = f.user_id
                WHERE f.token_hash = ? AND f.revoked_at IS NULL AND u.disabled = 0
                """, arguments: [SecretToken.hash(token)]) else { return nil }
            if let post: String = row["post"] { return .post(post) }
            return (row["site"] as String?).map { .site($0) }
        }
    }

    private func revokeFeeds(_ db: Database, userID: Int64, target: FeedTarget) throws {
        let (post, site) = Self.columns(target)
        try db.execute(sql: "UPDATE feed_tokens SET revoked_at = ? WHERE user_id = ? AND post IS ? AND site IS ? AND revoked_at IS NULL",
                       arguments: [Clock.now(), userID, post, site])
    }

    private static func columns(_ target: FeedTarget) -> (post: String?, site: String?) {
        switch target {
        case .post(let id): (id, nil)
        case .site(let id): (nil, id)
        }
    }
}
