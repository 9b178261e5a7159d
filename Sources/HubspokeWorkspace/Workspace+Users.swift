import GRDB
import HubspokeSupport
import HubspokeModel

/// What a user of the web service may do (issue 18's table): the server enforces it on every route.
public enum UserRole: String, Sendable, CaseIterable, Codable {
    case manager
    case pruLead = "pru_lead"
    case specialist
    case commissioner

    public var label: String {
        switch self {
        case .manager: "service manager"
        case .pruLead: "PRU lead"
        case .specialist: "specialist"
        case .commissioner: "commissioner"
        }
    }
}

/// A user of the web service. A PRU lead has their sites; a specialist their post.
public struct UserRecord: Sendable, Hashable {
    public var id: Int64
    public var name: String
    public var role: UserRole
    public var sites: [String]
    public var post: String?
    public var disabled: Bool
    /// False until the password is set through the one-time link.
    public var hasPassword: Bool
    public var createdAt: String

    static func fetch(_ db: Database, sql filter: String, arguments: StatementArguments = []) throws -> [UserRecord] {
        try Row.fetchAll(db, sql: "SELECT * FROM users \(filter) ORDER BY name", arguments: arguments).map { row in
            let id: Int64 = row["id"]
            let sites = try String.fetchAll(db, sql: "SELECT us.site FROM user_sites us JOIN sites s ON s.id = us.site WHERE us.user_id = ? ORDER BY s.position",
                                            arguments: [id])
            return UserRecord(id: id, name: row["name"], role: UserRole(rawValue: row["role"]) ?? .commissioner, sites: sites,
                              post: row["post"], disabled: row["disabled"], hasPassword: (row["password_hash"] as String?) != nil,
                              createdAt: row["created_at"])
        }
    }
}

/// A one-time link's secret, shown once: `/setup/TOKEN` sets the user's password.
public struct SetupLink: Sendable {
    public var user: UserRecord
    public var token: String
    public var path: String { "/setup/\(token)" }
}

extension Workspace {
    /// How long a one-time setup link stays valid.
    public static let setupLinkLifetime = 7 * 86_400

    /// Adds a user, with no password: the link returned (valid for a week) sets it. A PRU lead names
    /// their PRU sites; a specialist their post; the others neither.
    public func addUser(name: String, role: UserRole, sites: [String] = [], post: String? = nil) throws(WorkspaceError) -> SetupLink {
        try Self.checkUserName(name)
        if role == .pruLead && sites.isEmpty { throw .bad("user \(name): a PRU lead needs their site(s): give --site") }
        if role != .pruLead && !sites.isEmpty { throw .bad("user \(name): only a PRU lead has sites") }
        if (role == .specialist) != (post != nil) { throw .bad("user \(name): " + (role == .specialist ? "a specialist needs their post: give --post" : "only a specialist has a post")) }
        let token = SecretToken.make()
        return try write { db in
            if try Bool.fetchOne(db, sql: "SELECT count(*) > 0 FROM users WHERE name = ?", arguments: [name]) ?? false {
                throw WorkspaceError.bad("user \(name) already exists")
            }
            if let post { try checkPost(db, post) }
            for site in sites {
                let kind = try String.fetchOne(db, sql: "SELECT kind FROM sites WHERE id = ?", arguments: [site])
                guard kind == "pru" else { throw WorkspaceError.bad("user \(name): site \(site): " + (kind == nil ? "no such site" : "not a PRU (a PRU lead's sites are PRUs)")) }
            }
            try db.execute(sql: "INSERT INTO users (name, role, post, setup_token_hash, setup_expires_at, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                           arguments: [name, role.rawValue, post, SecretToken.hash(token), Clock.seconds + Self.setupLinkLifetime, Clock.now()])
            let id = db.lastInsertedRowID
            for site in Array(Set(sites)).sorted() { try db.execute(sql: "INSERT INTO user_sites (user_id, site) VALUES (?, ?)", arguments: [id, site]) }
            try writeLog(db, command: "user add", week: nil, summary: "user \(name) added as \(role.label)"
                            + (sites.isEmpty ? "" : " of \(sites.joined(separator: ", "))") + (post.map { " (\($0))" } ?? ""),
                         details: ["name": name, "role": role.rawValue, "sites": sites.joined(separator: " "), "post": post ?? ""])
            return SetupLink(user: try userRecord(db, id: id), token: token)
        }
    }

    /// Every user, by name.
    public func users() throws(WorkspaceError) -> [UserRecord] { try read { db in try UserRecord.fetch(db, sql: "") } }

    /// Disables a user: they can no longer sign in, their sessions end and their feed tokens are revoked.
    public func disableUser(name: String) throws(WorkspaceError) -> UserRecord {
        try write { db in
            let user = try namedUser(db, name)
            if user.role == .manager, !user.disabled,
               try Int.fetchOne(db, sql: "SELECT count(*) FROM users WHERE role = ? AND disabled = 0 AND id != ?", arguments: [UserRole.manager.rawValue, user.id]) == 0 {
                throw WorkspaceError.bad("user \(user.name) is the last active manager: add another manager first, or nobody could manage the service")
            }
            try db.execute(sql: "UPDATE users SET disabled = 1, setup_token_hash = NULL WHERE id = ?", arguments: [user.id])
            try endSessions(db, userID: user.id)
            try db.execute(sql: "UPDATE feed_tokens SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL", arguments: [Clock.now(), user.id])
            try writeLog(db, command: "user disable", week: nil, summary: "user \(user.name) disabled", details: ["name": user.name])
            return try userRecord(db, id: user.id)
        }
    }

    /// Clears a user's password and gives a new one-time link to set it; their sessions end.
    /// A disabled user is enabled again.
    public func resetPassword(name: String) throws(WorkspaceError) -> SetupLink {
        let token = SecretToken.make()
        return try write { db in
            let user = try namedUser(db, name)
            try db.execute(sql: "UPDATE users SET password_hash = NULL, disabled = 0, setup_token_hash = ?, setup_expires_at = ? WHERE id = ?",
                           arguments: [SecretToken.hash(token), Clock.seconds + Self.setupLinkLifetime, user.id])
            try endSessions(db, userID: user.id)
            try writeLog(db, command: "user reset-password", week: nil, summary: "password of user \(user.name) reset (one-time link issued)", details: ["name": user.name])
            return SetupLink(user: try userRecord(db, id: user.id), token: token)
        }
    }

    /// The user a one-time link is for, while it is valid.
    public func setupUser(token: String) throws(WorkspaceError) -> UserRecord? {
        try read { db in
            try UserRecord.fetch(db, sql: "WHERE setup_token_hash = ? AND setup_expires_at > ? AND disabled = 0",
                                 arguments: [SecretToken.hash(token), Clock.seconds]).first
        }
    }

    /// Sets the password (its bcrypt hash, made by the server) of the one-time link's user, and uses the link up.
    public func completeSetup(token: String, passwordHash: String) throws(WorkspaceError) -> UserRecord {
        try write { db in
            guard let user = try UserRecord.fetch(db, sql: "WHERE setup_token_hash = ? AND setup_expires_at > ? AND disabled = 0",
                                                  arguments: [SecretToken.hash(token), Clock.seconds]).first else {
                throw WorkspaceError.bad("this link is not valid (used already, expired or unknown): ask a manager for a new one")
            }
            try db.execute(sql: "UPDATE users SET password_hash = ?, setup_token_hash = NULL, setup_expires_at = NULL WHERE id = ?",
                           arguments: [passwordHash, user.id])
            try writeLog(db, command: "user set-password", week: nil, summary: "user \(user.name) set their password", details: ["name": user.name])
            return try userRecord(db, id: user.id)
        }
    }

    /// A user who may sign in (enabled, with a password), with their bcrypt hash.
    public func credentials(name: String) throws(WorkspaceError) -> (user: UserRecord, hash: String)? {
        try read { db in
            guard let hash = try String.fetchOne(db, sql: "SELECT password_hash FROM users WHERE name = ? AND disabled = 0 AND password_hash IS NOT NULL",
                                                 arguments: [name]),
                  let user = try UserRecord.fetch(db, sql: "WHERE name = ?", arguments: [name]).first else { return nil }
            return (user, hash)
        }
    }

    static func checkUserName(_ name: String) throws(WorkspaceError) {
        let allowed = name.unicodeScalars.allSatisfy { $0.properties.isAlphabetic || ("0"..."9").contains($0) || "._-@".unicodeScalars.contains($0) }
        guard (2...64).contains(name.count), allowed else {
            throw .bad("user name \"\(name)\": 2 to 64 letters, digits and . _ - @ (no spaces)")
        }
    }

    func namedUser(_ db: Database, _ name: String) throws -> UserRecord {
        guard let user = try UserRecord.fetch(db, sql: "WHERE name = ?", arguments: [name]).first else { throw WorkspaceError.bad("no user \(name)") }
        return user
    }

    func userRecord(_ db: Database, id: Int64) throws -> UserRecord {
        guard let user = try UserRecord.fetch(db, sql: "WHERE id = ?", arguments: [id]).first else { throw WorkspaceError.bad("no user #\(id)") }
        return user
    }
}
