import Foundation
import GRDB
import HubspokeKit

/// A version published, and the files written for it.
public struct PublishOutcome: Sendable {
    public var version: RotaVersion
    /// The week's published rota before this one, when it was another version.
    public var replaced: RotaVersion?
    public var files: [String]
    public var notes: [String]
}

extension Workspace {
    /// Publishes a version of `week` (by default its latest): it becomes the week's current rota, the one
    /// the next week keeps close to and the one `repair` starts from. The exports are written first
    /// (each file whole, via a temporary file) into `folder`, then the publication is recorded.
    public func publish(week: CalendarDate, version: Int? = nil, exportsTo folder: String,
                        exporters: [any RotaExporter] = RotaExporters.standard) throws(WorkspaceError) -> PublishOutcome {
        let published = try storedRota(week: week, version: version, preferPublished: false)
        var isDir: ObjCBool = false
        if !FileManager.default.fileExists(atPath: folder, isDirectory: &isDir) {
            do { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) } catch {
                throw .bad("\(folder): cannot create the exports folder: \(error.localizedDescription)")
            }
        } else if !isDir.boolValue {
            throw .bad("\(folder): not a folder: exports are written into a folder")
        }
        // Every export is made before any is written, so a failing exporter writes nothing.
        var made: [(String, Data)] = []
        for exporter in exporters {
            do {
                for (name, data) in try exporter.files(for: published) {
                    guard !name.isEmpty, !name.hasPrefix("/"), !name.split(separator: "/").contains("..") else {
                        throw WorkspaceError.bad("the \(exporter.format) export names a file outside the exports folder: \(name)")
                    }
                    made.append(((folder as NSString).appendingPathComponent(name), data))
                }
            } catch let e as WorkspaceError {
                throw e
            } catch {
                throw .bad("\(folder): cannot export \(published.version.label) as \(exporter.format): \(error)")
            }
        }
        for (file, data) in made {
            let parent = (file as NSString).deletingLastPathComponent
            do {
                try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
                try AtomicFile.write(data, to: file)
            } catch let e as OutputError {
                throw .bad(e.description)
            } catch {
                throw .bad("\(parent): cannot create the folder: \(error.localizedDescription)")
            }
        }
        let files = made.map(\.0)
        return try write { db in
            let before = try RotaVersion.current(db, week: week)
            if published.version.status == .draft {
                try db.execute(sql: "UPDATE rotas SET status = 'published' WHERE id = ?", arguments: [published.version.id])
            }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.withoutEscapingSlashes]
            try db.execute(sql: "INSERT INTO publications (rota_id, week, published_at, exports) VALUES (?, ?, ?, ?)",
                           arguments: [published.version.id, week.iso, Clock.now(), String(decoding: try encoder.encode(files), as: UTF8.self)])
            let v = try RotaVersion.fetch(db, sql: "WHERE r.id = ?", arguments: [published.version.id]).first!
            var notes: [String] = []
            if before?.id == v.id { notes.append("version \(v.version) was already the published rota of week \(week.iso); its exports are written again") }
            let replaced = before?.id == v.id ? nil : before
            try writeLog(db, command: "publish", week: week,
                         summary: "\(v.label) published" + (replaced.map { " (replacing version \($0.version))" } ?? "") + "; exports: " + files.joined(separator: ", "),
                         details: ["version": String(v.version), "replaced": replaced.map { String($0.version) } ?? "", "exports": files.joined(separator: " ")])
            return PublishOutcome(version: v, replaced: replaced, files: files, notes: notes)
        }
    }

    /// A stored rota with its week's scenario. Without `version`: the week's current published rota
    /// (or, with `preferPublished` false or none published, its latest version).
    public func storedRota(week: CalendarDate, version: Int? = nil, preferPublished: Bool = true) throws(WorkspaceError) -> PublishedRota {
        _ = try calendar.index(ofWeek: week)
        let base = try scenario()
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
            let sc = inputs.scenario(base, defaultDemand: try defaultDemand(db), notes: &notes)
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
                LogEntry(id: $0["id"], at: $0["at"], actor: $0["actor"], command: $0["command"],
                         week: ($0["week"] as String?).flatMap(CalendarDate.init(iso:)), summary: $0["summary"], details: $0["details"])
            }
        }
    }

    /// What the workspace holds, for `hubspoke init` and `history`.
    public func overview() throws(WorkspaceError) -> [String: Int] {
        try read { db in
            var counts: [String: Int] = [:]
            for table in ["sites", "posts", "roles", "demand_weeks", "absences", "session_rules", "rotas", "publications", "change_log"] {
                counts[table] = try Int.fetchOne(db, sql: "SELECT count(*) FROM \(table)") ?? 0
            }
            return counts
        }
    }
}
