import Foundation
import GRDB
import Synchronization
import HubspokeModel

/// A weekly workspace: an SQLite database holding a service's scenario, each week's demand, absences,
/// pins and forbids, every rota version planned and published, and a log of every change.
///
/// The database is in WAL mode, so readers never block the writer. Commands that only read open it
/// read-only and write nothing at all (`openReadOnly`). Every command that writes is one transaction,
/// with its log entry written in that same transaction: a crash or a failure mid-command leaves the
/// previous state. Two commands writing at once queue on SQLite's lock (each waits up to
/// `busyTimeout` seconds) rather than fail. Planning and repairing solve outside any transaction,
/// then save only if their inputs are still what they planned from (otherwise they plan again).
///
/// The workspace holds no child-identifiable data: demand is aggregated by site, role and priority.
public final class Workspace: Sendable {
    public let path: String
    let store: Store
    public let calendar: WeekCalendar
    let scenarioID: Int64
    /// The scenario, parsed at its first use (`keptScenario()`; it never changes once stored).
    let parsedScenario = Mutex<Scenario?>(nil)

    /// How the workspace reaches its database: one connection that writes (BEGIN IMMEDIATE
    /// transactions) and reads; a pool of one writing connection and several reading ones, whose
    /// reads run at once, each on its own snapshot (the web service, `withConcurrentReads`); or one
    /// connection that only reads and never writes a byte (see `ReadOnlyDatabase`).
    enum Store: Sendable {
        case writer(DatabaseQueue)
        case pool(DatabasePool)
        case reader(ReadOnlyDatabase)
    }

    /// Whether it was opened only to read (`openReadOnly`).
    public var isReadOnly: Bool { if case .reader = store { true } else { false } }

    /// How long a command waits for another one's write to finish before giving up.
    public static let busyTimeout: TimeInterval = 30

    private init(path: String, store: Store) throws {
        self.path = path
        self.store = store
        let read = { (db: Database) in try Row.fetchOne(db, sql: "SELECT calendar_start, calendar_weeks, scenario_id FROM workspace WHERE id = 1") }
        let found: Row?
        switch store {
        case .writer(let queue): found = try queue.read(read)
        case .pool(let pool): found = try pool.read(read)
        case .reader(let reader): found = try reader.read(read)
        }
        guard let row = found, let start = CalendarDate(iso: row["calendar_start"]) else {
            throw WorkspaceError.bad("\(path): not a hubspoke workspace (it has no calendar): create one with hubspoke init")
        }
        calendar = WeekCalendar(start: start, weeks: row["calendar_weeks"])
        scenarioID = row["scenario_id"]
    }

    static func configuration() -> Configuration {
        var config = Configuration()
        config.busyMode = .timeout(busyTimeout)
        config.foreignKeysEnabled = true
        config.label = "hubspoke-workspace"
        return config
    }

    /// Opens an existing workspace to change it. It is checked first through a connection that
    /// writes nothing: a file that is not a workspace, a damaged one, or one written by a newer
    /// hubspoke (with migrations this build does not know) is refused with its bytes unchanged; an
    /// older one is brought up to date. A publish cut short is then finished or undone
    /// (`reconcilePublishes`).
    public static func open(at path: String) throws(WorkspaceError) -> Workspace {
        try checkFile(path)
        let ws: Workspace
        do {
            let needsMigration = try checkSchema(ReadOnlyDatabase(path: path), path: path)
            let queue = try DatabaseQueue(path: path, configuration: configuration())
            if needsMigration { try migrate(queue) }
            ws = try Workspace(path: path, store: .writer(queue))
        } catch {
            throw WorkspaceError.from(error, path: path)
        }
        try ws.reconcilePublishes()
        return ws
    }

    /// Opens an existing workspace only to read it (show, history, diff and every listing): nothing is
    /// written, not even SQLite's side files, so it works on a read-only file or folder and on a full
    /// disk. An older schema is read as it is (it is brought up to date by the next command that writes).
    public static func openReadOnly(at path: String) throws(WorkspaceError) -> Workspace {
        try checkFile(path)
        do {
            let reader = ReadOnlyDatabase(path: path)
            _ = try checkSchema(reader, path: path)
            return try Workspace(path: path, store: .reader(reader))
        } catch {
            throw WorkspaceError.from(error, path: path)
        }
    }

    /// The same workspace through a pool of connections (WAL): reads no longer wait for one another,
    /// nor for a long read such as a plan's solve, nor for the writer. For the web service, whose
    /// requests read at once. A read-only workspace is returned as it is.
    public func withConcurrentReads() throws(WorkspaceError) -> Workspace {
        guard case .writer = store else { return self }
        do {
            var config = Self.configuration()
            config.maximumReaderCount = 8
            return try Workspace(path: path, store: .pool(DatabasePool(path: path, configuration: config)))
        } catch {
            throw WorkspaceError.from(error, path: path)
        }
    }

    /// Refuses a path that is missing, a folder or not a plain readable file, before SQLite sees it.
    static func checkFile(_ path: String) throws(WorkspaceError) {
        var st = stat()
        guard stat(path, &st) == 0 else {
            if errno == ENOENT { throw .bad("\(path): no workspace here: create one with hubspoke init, or give its path with --workspace") }
            throw WorkspaceError(.storage, "\(path): cannot read the workspace: \(String(cString: strerror(errno)))")
        }
        if (st.st_mode & S_IFMT) == S_IFDIR {
            throw .bad("\(path): is a folder, not a workspace file: give the workspace's file (hubspoke.sqlite) with --workspace")
        }
        guard (st.st_mode & S_IFMT) == S_IFREG else { throw .bad("\(path): not a workspace file (not a regular file)") }
        guard access(path, R_OK) == 0 else {
            throw WorkspaceError(.storage, "\(path): cannot read the workspace: \(String(cString: strerror(errno)))")
        }
    }

    /// Refuses files that are not workspaces, damaged ones and schemas newer than this build; tells
    /// whether the schema is older than this build's (and needs migrating). Reads only.
    static func checkSchema(_ db: ReadOnlyDatabase, path: String) throws -> Bool {
        let migrator = Schema.migrator
        let (appID, applied, check) = try db.read { db in
            (try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0, try migrator.appliedIdentifiers(db),
             try String.fetchAll(db, sql: "PRAGMA quick_check"))
        }
        guard appID == Schema.applicationID else {
            throw WorkspaceError.bad("\(path): not a hubspoke workspace (an SQLite database of another program)")
        }
        guard check == ["ok"] else {
            throw WorkspaceError(.storage, "\(path): the workspace is damaged (\(check.prefix(3).joined(separator: "; "))); restore it from a backup; nothing was changed")
        }
        let unknown = applied.subtracting(migrator.migrations).sorted()
        if !unknown.isEmpty {
            throw WorkspaceError.bad("\(path): the workspace was written by a newer version of hubspoke (schema \(unknown.joined(separator: ", ")); this program knows \(migrator.migrations.joined(separator: ", "))): upgrade hubspoke to use it; nothing was changed")
        }
        return applied.count < migrator.migrations.count
    }

    /// Brings an older workspace up to this build's schema.
    static func migrate(_ queue: DatabaseQueue) throws {
        let migrator = Schema.migrator
        do {
            try migrator.migrate(queue)
        } catch {
            // Another process may have migrated at the same moment: fine if it is now complete.
            let done = try queue.read { try migrator.hasCompletedMigrations($0) }
            if !done { throw error }
        }
    }

    /// Creates a workspace at `path` (which must not exist) for `scenario`, planning the weeks of
    /// `calendar`. The scenario is stored as its YAML text, with its sites, roles and posts as tables.
    public static func create(at path: String, scenario source: ScenarioSource, calendar: WeekCalendar) throws(WorkspaceError) -> Workspace {
        let scenario: Scenario
        do { scenario = try source.parse() } catch { throw .bad(error.description) }
        guard calendar.start.weekdayIndex == 0 else {
            throw .bad("the calendar starts on \(calendar.start.iso), a \(WeekCalendar.dayName(calendar.start)): it starts on a Monday")
        }
        guard (1...520).contains(calendar.weeks) else { throw .bad("\(calendar.weeks) weeks is out of range (1 to 520)") }
        var isDir: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDir), isDir.boolValue {
            throw .bad("\(path): is a folder, not a workspace file: give the path of the file to create (say \(path)/hubspoke.sqlite)")
        }
        // Claim the path atomically: of two commands creating the same workspace, one wins.
        if let failure = createExclusively(path) {
            if failure == EEXIST { throw .bad("\(path) already exists: a workspace is created once (open it with --workspace, or choose another path)") }
            throw WorkspaceError(.storage, "\(path): cannot create the workspace: \(String(cString: strerror(failure)))")
        }
        do {
            let queue = try DatabaseQueue(path: path, configuration: configuration())
            // WAL (kept in the file): readers never block the writer, and the writer never blocks readers.
            _ = try queue.writeWithoutTransaction { try String.fetchOne($0, sql: "PRAGMA journal_mode = WAL") }
            try Schema.migrator.migrate(queue)
            try queue.write { db in
                let now = Clock.now()
                try db.execute(sql: "INSERT INTO scenario (name, source, folder, yaml, stored_at) VALUES (?, ?, ?, ?, ?)",
                               arguments: [scenario.name, source.file, source.folder, source.yaml, now])
                let scenarioID = db.lastInsertedRowID
                try db.execute(sql: "INSERT INTO workspace (id, created_at, calendar_start, calendar_weeks, scenario_id) VALUES (1, ?, ?, ?, ?)",
                               arguments: [now, calendar.start.iso, calendar.weeks, scenarioID])
                try storeTables(db, scenario)
                // A bank-holiday feed the scenario names (calendar.bank_holidays) is kept in the
                // workspace, as calendar import would: the file it was read from need not stay.
                if scenario.calendar.bankHolidays != BankHolidays.shipped {
                    try db.execute(sql: "INSERT INTO bank_holiday_feed (id, feed, source, imported_at) VALUES (1, ?, ?, ?)",
                                   arguments: [String(decoding: scenario.calendar.bankHolidays.feedJSON(), as: UTF8.self), source.file, now])
                }
                try writeLog(db, command: "init", week: nil,
                        summary: "workspace created for \(scenario.name) (\(source.file)); calendar \(calendar.description)",
                        details: ["scenario": scenario.name, "source": source.file, "calendar_start": calendar.start.iso, "calendar_weeks": String(calendar.weeks),
                                  "sites": String(scenario.sites.count), "posts": String(scenario.posts.count), "roles": String(scenario.roles.count)])
            }
            return try Workspace(path: path, store: .writer(queue))
        } catch {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
            throw WorkspaceError.from(error, path: path)
        }
    }

    /// Runs `body` in one write transaction (BEGIN IMMEDIATE: it waits for other writers, then holds
    /// the lock), converting every error to a `WorkspaceError`.
    func write<T>(_ body: (Database) throws -> T) throws(WorkspaceError) -> T {
        do {
            switch store {
            case .writer(let queue): return try queue.write(body)
            case .pool(let pool): return try pool.write(body)
            case .reader: throw WorkspaceError(.storage, "\(path): the workspace was opened read-only")
            }
        } catch {
            throw WorkspaceError.from(error, path: path)
        }
    }

    /// Runs `body` in one read transaction (a consistent snapshot).
    func read<T>(_ body: (Database) throws -> T) throws(WorkspaceError) -> T {
        do {
            switch store {
            case .writer(let queue): return try queue.read(body)
            case .pool(let pool): return try pool.read(body)
            case .reader(let reader): return try reader.read(body)
            }
        } catch {
            throw WorkspaceError.from(error, path: path)
        }
    }

    /// Executes raw SQL in one transaction, bypassing every check (for tests and repairs by hand).
    func executeUnchecked(_ sql: String) throws {
        try write { try $0.execute(sql: sql) }
    }
}

/// Creates an empty file, failing if it exists (O_EXCL); returns errno on failure.
private func createExclusively(_ path: String) -> Int32? {
    let fd = open(path, O_CREAT | O_EXCL | O_WRONLY, 0o644)
    if fd < 0 { return errno }
    close(fd)
    return nil
}

/// Writes the change log entry of a change, in the change's own transaction.
func writeLog(_ db: Database, command: String, week: CalendarDate?, summary: String, details: [String: String]) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    let json = String(decoding: try encoder.encode(details), as: UTF8.self)
    let user = Workspace.webUser
    try db.execute(sql: "INSERT INTO change_log (at, actor, command, week, summary, details, user) VALUES (?, ?, ?, ?, ?, ?, ?)",
                   arguments: [Clock.now(), user.map { "web:\($0)" } ?? Clock.actor, command, week?.iso, summary, json, user])
}

extension Workspace {
    /// The web service's user making the changes of the current task (`Workspace.$webUser.withValue`):
    /// each change log entry names them (column `user`, and actor `web:NAME`). nil on the command line.
    @TaskLocal public static var webUser: String?
}

/// Timestamps (UTC, to the second) and who ran the command.
enum Clock {
    static func now() -> String { iso(seconds: Int(Date().timeIntervalSince1970)) }

    /// Unix seconds now.
    static var seconds: Int { Int(Date().timeIntervalSince1970) }

    /// Unix seconds as `YYYY-MM-DDTHH:MM:SSZ`.
    static func iso(seconds t: Int) -> String {
        let day = CalendarDate(dayNumber: t >= 0 ? t / 86_400 : (t - 86_399) / 86_400)
        let s = t - day.dayNumber * 86_400
        func pad(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(day.iso)T\(pad(s / 3600)):\(pad(s / 60 % 60)):\(pad(s % 60))Z"
    }

    /// Who the log names for a change made from the command line: `HUBSPOKE_USER`, then `USER` and
    /// `LOGNAME`, then the account the process runs as (cron and systemd often set neither variable).
    static var actor: String {
        let env = ProcessInfo.processInfo.environment
        if let name = env["HUBSPOKE_USER"] ?? env["USER"] ?? env["LOGNAME"], !name.isEmpty { return name }
        if let entry = getpwuid(getuid()), let name = entry.pointee.pw_name { return String(cString: name) }
        return "uid \(getuid())"
    }
}
