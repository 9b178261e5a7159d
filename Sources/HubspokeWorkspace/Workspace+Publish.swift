import Foundation
import GRDB
import HubspokeModel

/// A version published, and the files written for it.
public struct PublishOutcome: Sendable {
    public var version: RotaVersion
    /// The week's published rota before this one, when it was another version.
    public var replaced: RotaVersion?
    public var files: [String]
    /// The week's published set (a link) and the version folder it now points at.
    public var folder: String
    public var versionFolder: String
    public var notes: [String]
}

/// A publish under way, as recorded before it writes anything (table `pending_publications`).
struct PendingPublication {
    enum State: String { case writing, recorded }
    var id: Int64
    var rotaID: Int64
    var week: CalendarDate
    var exports: ExportsFolder
    var versionFolder: String
    /// The files of the set, relative to the exports folder.
    var files: [String]
    var state: State

    static func fetchAll(_ db: Database) throws -> [PendingPublication] {
        guard try db.tableExists("pending_publications") else { return [] }
        return try Row.fetchAll(db, sql: "SELECT * FROM pending_publications ORDER BY id").compactMap { row in
            guard let week = CalendarDate(iso: row["week"]) else { return nil }
            let files = (try? JSONDecoder().decode([String].self, from: Data((row["files"] as String).utf8))) ?? []
            return PendingPublication(id: row["id"], rotaID: row["rota_id"], week: week, exports: ExportsFolder(path: row["folder"]),
                                      versionFolder: row["version_folder"], files: files, state: State(rawValue: row["state"]) ?? .writing)
        }
    }
}

extension Workspace {
    /// The lock file beside the database that serialises publishes (flock(2)).
    var publishLockPath: String { path + ".lock" }

    /// Publishes a version of `week` (by default its latest): it becomes the week's current rota, the one
    /// the next week keeps close to and the one `repair` starts from. Its exports are made in memory,
    /// written as a complete set into a fresh version folder (each file and folder synced), and switched
    /// in by renaming one link, the commit point; then the publication is recorded. Publishes of one
    /// workspace take turns: one waits up to `wait` seconds for another to end, then gives up (exit 5).
    public func publish(week: CalendarDate, version: Int? = nil, exportsTo folder: String,
                        exporters: [any RotaExporter] = RotaExporters.standard,
                        wait: TimeInterval = Workspace.busyTimeout) throws(WorkspaceError) -> PublishOutcome {
        let published = try storedRota(week: week, version: version, preferPublished: false)
        let exports = try ExportsFolder.prepare(folder)
        let made = try makeExports(published, exporters: exporters, folder: folder)
        guard let lock = try FileLock.acquire(publishLockPath, wait: wait) else {
            throw WorkspaceError(.storage, "\(path): another publish of this workspace is still running after \(wait == wait.rounded() ? String(Int(wait)) : String(wait)) s: nothing was changed; try again when it has ended")
        }
        defer { withExtendedLifetime(lock) {} }
        try reconcilePublishes(lockHeld: true)
        let name = ExportsFolder.versionFolderName(week: week, version: published.version.version)
        let pending = try write { db in try Self.recordIntent(db, published.version, exports: exports, versionFolder: name, files: made.map(\.path)) }
        let previous = exports.current(week: week)
        do {
            try exports.writeSet(made, as: name)
            try exports.switchWeek(week, to: name)
        } catch {
            exports.discard(name)
            try? write { db in try db.execute(sql: "DELETE FROM pending_publications WHERE id = ?", arguments: [pending.id]) }
            throw WorkspaceError(error.kind, error.description + "; nothing was published (the week's published set is unchanged)")
        }
        var outcome: PublishOutcome
        do {
            outcome = try write { db in try Self.recordPublication(db, pending, display: folder, recovered: false) }
        } catch {
            // Not recorded: put the previous set back, so the folder and the database still agree.
            if (try? exports.switchWeek(week, to: previous)) != nil {
                exports.discard(name)
                try? write { db in try db.execute(sql: "DELETE FROM pending_publications WHERE id = ?", arguments: [pending.id]) }
            }
            throw error
        }
        exports.finish(week: week, files: pending.files)
        try? write { db in try db.execute(sql: "DELETE FROM pending_publications WHERE id = ?", arguments: [pending.id]) }
        outcome.folder = (folder as NSString).appendingPathComponent(week.iso)
        return outcome
    }

    /// Every file of the set, made before any is written, so a failing exporter writes nothing.
    private func makeExports(_ published: PublishedRota, exporters: [any RotaExporter], folder: String) throws(WorkspaceError) -> [(path: String, data: Data)] {
        var made: [(path: String, data: Data)] = []
        for exporter in exporters {
            do {
                for (name, data) in try exporter.files(for: published) {
                    guard !name.isEmpty, !name.hasPrefix("/"), !name.hasPrefix("."), !name.split(separator: "/").contains("..") else {
                        throw WorkspaceError.bad("the \(exporter.format) export names a file outside the exports folder: \(name)")
                    }
                    made.append((name, data))
                }
            } catch let e as WorkspaceError {
                throw e
            } catch {
                throw .bad("\(folder): cannot export \(published.version.label) as \(exporter.format): \(error)")
            }
        }
        return made
    }

    private static func recordIntent(_ db: Database, _ v: RotaVersion, exports: ExportsFolder, versionFolder: String, files: [String]) throws -> PendingPublication {
        let json = String(decoding: try JSONEncoder().encode(files), as: UTF8.self)
        try db.execute(sql: "INSERT INTO pending_publications (rota_id, week, folder, version_folder, files, state, started_at) VALUES (?, ?, ?, ?, ?, 'writing', ?)",
                       arguments: [v.id, v.week.iso, exports.path, versionFolder, json, Clock.now()])
        return PendingPublication(id: db.lastInsertedRowID, rotaID: v.id, week: v.week, exports: exports, versionFolder: versionFolder, files: files, state: .writing)
    }

    /// Records a publication whose version folder is switched in, with its log entry, in one transaction.
    private static func recordPublication(_ db: Database, _ p: PendingPublication, display folder: String, recovered: Bool) throws -> PublishOutcome {
        let before = try RotaVersion.current(db, week: p.week)
        try db.execute(sql: "UPDATE rotas SET status = 'published' WHERE id = ? AND status = 'draft'", arguments: [p.rotaID])
        let files = p.files.map { (folder as NSString).appendingPathComponent($0) }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        try db.execute(sql: "INSERT INTO publications (rota_id, week, published_at, exports) VALUES (?, ?, ?, ?)",
                       arguments: [p.rotaID, p.week.iso, Clock.now(), String(decoding: try encoder.encode(files), as: UTF8.self)])
        try db.execute(sql: "UPDATE pending_publications SET state = 'recorded' WHERE id = ?", arguments: [p.id])
        guard let v = try RotaVersion.fetch(db, sql: "WHERE r.id = ?", arguments: [p.rotaID]).first else {
            throw WorkspaceError(.storage, "rota \(p.rotaID) vanished while it was published")
        }
        var notes: [String] = []
        if before?.id == v.id { notes.append("version \(v.version) was already the published rota of week \(p.week.iso); its exports are written again") }
        let replaced = before?.id == v.id ? nil : before
        try writeLog(db, command: "publish", week: p.week,
                     summary: "\(v.label) published" + (replaced.map { " (replacing version \($0.version))" } ?? "")
                        + (recovered ? " (its publish was cut short after the switch; recorded by the next command)" : "") + "; exports: " + files.joined(separator: ", "),
                     details: ["version": String(v.version), "replaced": replaced.map { String($0.version) } ?? "", "exports": files.joined(separator: " "),
                               "version_folder": ExportsFolder.versionsName + "/" + p.versionFolder])
        return PublishOutcome(version: v, replaced: replaced, files: files, folder: p.exports.entry(p.week.iso), versionFolder: p.versionFolder, notes: notes)
    }

    /// What a command that only reads says of publishes recorded as under way: it cannot finish or
    /// undo them (it writes nothing), and until then the week's folder may be ahead of the database.
    public func pendingPublishNotes() throws(WorkspaceError) -> [String] {
        try read { db in try PendingPublication.fetchAll(db) }.map {
            "a publish of week \($0.week.iso) (version folder \(ExportsFolder.versionsName)/\($0.versionFolder)) is under way or was cut short: the next command that writes finishes or undoes it"
        }
    }

    /// Finishes or undoes every publish that was cut short (killed, or the machine stopped): the week's
    /// link is the truth. A publish whose link was switched is recorded; one whose link was not is
    /// given up, its version folder removed; then what no link refers to is removed. Called by every
    /// command that opens the workspace to write; it does nothing while a publish holds the lock (that
    /// publish is under way, not cut short).
    func reconcilePublishes(lockHeld: Bool = false) throws(WorkspaceError) {
        guard !isReadOnly, try !read({ db in try PendingPublication.fetchAll(db) }).isEmpty else { return }
        var lock: FileLock?
        if !lockHeld {
            lock = try FileLock.acquire(publishLockPath, wait: 0)
            if lock == nil { return }
        }
        defer { withExtendedLifetime(lock) {} }
        // Read again under the lock: a publish that held it may have ended, and removed its own, meanwhile.
        for p in try read({ db in try PendingPublication.fetchAll(db) }) {
            let switched = p.exports.current(week: p.week) == p.versionFolder
            if switched && p.state == .writing {
                _ = try write { db in try Self.recordPublication(db, p, display: p.exports.path, recovered: true) }
            }
            if switched { p.exports.finish(week: p.week, files: p.files) } else { p.exports.clean() }
            try write { db in try db.execute(sql: "DELETE FROM pending_publications WHERE id = ?", arguments: [p.id]) }
        }
    }

    /// A stored rota with its week's scenario. Without `version`: the week's current published rota
    /// (or, with `preferPublished` false or none published, its latest version).
    public func storedRota(week: CalendarDate, version: Int? = nil, preferPublished: Bool = true) throws(WorkspaceError) -> PublishedRota {
        _ = try calendar.index(ofWeek: week)
        let base = try keptScenario()
        return try read { db in
            let v: RotaVersion
            if let version {
                v = try RotaVersion.find(db, week: week, version: version)
            } else if preferPublished, let current = try RotaVersion.current(db, week: week) {
                v = current
            } else if let latest = try RotaVersion.latest(db, week: week) {
                v = latest
            } else {
                throw WorkspaceError.bad("week \(week.iso) has no rota: plan it first (hubspoke plan --week \(week.iso))")
            }
            var notes: [String] = []
            let inputs = try WeekInputs.load(db, week: week, calendar: calendar)
            // The week's scenario as it was planned: with the workspace's closures and bank holidays.
            var withCalendar = base
            withCalendar.calendar = try serviceCalendar(db, base: base.calendar)
            let sc = inputs.scenario(withCalendar, defaultDemand: try defaultDemand(db), notes: &notes)
            return PublishedRota(version: v, rota: try v.rota(db), scenario: sc)
        }
    }

    /// Rota versions, of one week or all, by week and version.
    public func versions(week: CalendarDate? = nil) throws(WorkspaceError) -> [RotaVersion] {
        if let week { _ = try calendar.index(ofWeek: week) }
        return try read { db in
            try week.map { try RotaVersion.fetch(db, sql: "WHERE r.week = ?", arguments: [$0.iso]) } ?? RotaVersion.fetch(db, sql: "")
        }
    }

    /// The sessions that differ between versions `a` and `b` of a week.
    public func diff(week: CalendarDate, _ a: Int, _ b: Int) throws(WorkspaceError) -> (RotaVersion, RotaVersion, RotaDiff) {
        _ = try calendar.index(ofWeek: week)
        return try read { db in
            let va = try RotaVersion.find(db, week: week, version: a), vb = try RotaVersion.find(db, week: week, version: b)
            return (va, vb, RotaDiff(try va.assignments(db), try vb.assignments(db), postOrder: try postIDs(db)))
        }
    }
}

/// One entry of the change log.
public struct LogEntry: Sendable, Hashable {
    public var id: Int64
    public var at: String
    public var actor: String
    /// The web service's user who made the change (nil: the command line).
    public var user: String?
    public var command: String
    public var week: CalendarDate?
    public var summary: String
    /// The change's details as JSON (keys sorted).
    public var details: String
}

extension Workspace {
    /// The change log in order, of one week or all; with `limit`, only the last entries.
    public func history(week: CalendarDate? = nil, limit: Int? = nil) throws(WorkspaceError) -> [LogEntry] {
        if let week { _ = try calendar.index(ofWeek: week) }
        return try read { db in
            let filter = week == nil ? "" : "WHERE week = ?"
            var args: [any DatabaseValueConvertible] = []
            if let week { args.append(week.iso) }
            args.append(limit ?? -1)
            let rows = try Row.fetchAll(db, sql: "SELECT * FROM (SELECT * FROM change_log \(filter) ORDER BY id DESC LIMIT ?) ORDER BY id",
                                        arguments: StatementArguments(args))
            return rows.map {
                LogEntry(id: $0["id"], at: $0["at"], actor: $0["actor"], user: $0["user"], command: $0["command"],
                         week: ($0["week"] as String?).flatMap(CalendarDate.init(iso:)), summary: $0["summary"], details: $0["details"])
            }
        }
    }

    /// What the workspace holds, for `hubspoke init` and `history`.
    public func overview() throws(WorkspaceError) -> [String: Int] {
        try read { db in
            var counts: [String: Int] = [:]
            for table in ["sites", "posts", "roles", "demand_weeks", "absences", "session_rules", "rotas", "publications", "change_log", "calendar_closures", "bank_holiday_feed", "preferences"] {
                counts[table] = try Int.fetchOne(db, sql: "SELECT count(*) FROM \(table)") ?? 0
            }
            return counts
        }
    }
}
