import Foundation
import HubspokeTestSupport
import Testing

/// Faults around the weekly workspace, through the real binary: publishing as one unit (kill -9,
/// concurrent publishes, a full disk, the publish lock), reads that never write (read-only files and
/// file systems, a full disk), and refusals that leave every byte as it was (damaged files, folders,
/// newer schemas). Each case checks the exit status, the message and what was (not) written.
@Suite(.serialized) struct WorkspaceFaultTests {
    static let week = "2026-11-30"
    static let readOnlyCommands: [[String]] = [
        ["show", "--week", week], ["show", "--week", week, "--version", "1", "--format", "csv"],
        ["show", "--week", week, "--version", "2", "--format", "json"], ["history"], ["history", "--week", week, "--limit", "2"],
        ["diff", "--week", week, "1", "2"], ["demand", "show", "--week", week], ["absence", "list"], ["pin", "list"], ["forbid", "list"],
    ]
    static var isRoot: Bool { getuid() == 0 }

    /// A teaching workspace with versions 1 and 2 of the first week planned, and version 1 published:
    /// made once, copied for each test (into `dir` when given).
    static func prepared(in dir: URL? = nil) throws -> WorkspaceCLI {
        let ws = dir.map { WorkspaceCLI(dir: $0) } ?? WorkspaceCLI()
        let template = try Self.template.get()
        for name in try FileManager.default.contentsOfDirectory(atPath: template.dir.path) {
            try FileManager.default.copyItem(at: template.dir.appendingPathComponent(name), to: ws.dir.appendingPathComponent(name))
        }
        return ws
    }

    static let template = Result { () throws -> WorkspaceCLI in
        let ws = WorkspaceCLI()
        try ws.ok(["init", "teaching", "--weeks", "4"])
        try ws.ok(["plan", "--week", week])
        try ws.ok(["plan", "--week", week])
        try ws.ok(["publish", "--week", week, "--version", "1"])
        return ws
    }

    // MARK: class 7: reading never writes

    @Test(arguments: readOnlyCommands)
    func aReadOnlyCommandWritesNothing(_ args: [String]) throws {
        let ws = try Self.prepared()
        let before = Snapshot(ws)
        let r = try ws.run(args)
        #expect(r.status == 0, "\(args): \(r.err)")
        #expect(Snapshot(ws) == before, "\(args) changed the workspace or its folder")
    }

    @Test func readOnlyCommandsWorkOnAReadOnlyFileAndFolder() throws {
        let ws = try Self.prepared()
        chmod(ws.path, 0o444)
        chmod(ws.dir.path, 0o555)
        defer { chmod(ws.dir.path, 0o755) }
        let before = Snapshot(ws)
        for args in Self.readOnlyCommands {
            let r = try ws.run(args)
            #expect(r.status == 0, "\(args): \(r.err)")
        }
        #expect(Snapshot(ws) == before)
    }

    /// A read-only file system: even root cannot write there, so every read must do without writing.
    @Test(.enabled(if: isRoot, "mounting a tmpfs needs root"))
    func readOnlyCommandsWorkOnAReadOnlyFileSystemAndWritesAreRefused() throws {
        try Tmpfs.with(size: "8m") { mount in
            let ws = try Self.prepared(in: mount)
            try Tmpfs.remount(mount, readOnly: true)
            defer { try? Tmpfs.remount(mount, readOnly: false) }
            let before = Snapshot(ws)
            for args in Self.readOnlyCommands {
                let r = try ws.run(args)
                #expect(r.status == 0, "\(args): \(r.err)")
            }
            let w = try ws.run(["absence", "add", "PSY-1", "2026-12-02"])
            #expect(w.status == 5 && w.err.contains("ws.sqlite: ") && !w.err.contains("\n  "), "\(w.status) \(w.err)")
            #expect(Snapshot(ws) == before)
        }
    }

    /// A full disk: reads still work; a publish fails with a clear message, and the published set and
    /// the database still agree on version 1.
    @Test(.enabled(if: isRoot, "mounting a tmpfs needs root"))
    func aFullDiskFailsThePublishAndKeepsTheOldVersion() throws {
        try Tmpfs.with(size: "3m") { mount in
            let ws = try Self.prepared(in: mount)
            let filler = mount.appendingPathComponent("filler").path
            Tmpfs.fill(filler, leaving: 80 * 1024)
            let r = try ws.run(["publish", "--week", Self.week, "--version", "2"])
            #expect(r.status != 0)
            #expect(r.err.contains("No space left on device") || r.err.contains("the disk is full"), "\(r.err)")
            #expect(r.err.split(separator: "\n").count == 1, "\(r.err)")
            let full = Snapshot(ws)
            for args in Self.readOnlyCommands {
                let read = try ws.run(args)
                #expect(read.status == 0, "\(args) on a full disk: \(read.err)")
            }
            #expect(Snapshot(ws) == full, "reading on a full disk wrote something")
            try expectPublished(ws, version: 1)
            unlink(filler)
            try ws.ok(["absence", "add", "PSY-1", "2026-12-02"])
            try expectPublished(ws, version: 1)
        }
    }

    /// Garbage over the middle of the file (pages of the tables) or over its header.
    struct DamageCase: Sendable, CustomTestStringConvertible {
        var args: [String], offset: UInt64, count: Int, status: Int32, message: String
        var testDescription: String { "\(args.joined(separator: " ")) with \(count) bytes damaged at \(offset)" }
    }
    static let damaged = "the workspace is damaged", header = "not a hubspoke workspace (not an SQLite database)"
    static let damageCases: [DamageCase] = [
        DamageCase(args: ["show", "--week", week], offset: 40_000, count: 12_000, status: 5, message: damaged),
        DamageCase(args: ["history"], offset: 40_000, count: 12_000, status: 5, message: damaged),
        DamageCase(args: ["absence", "add", "PSY-1", "2026-12-02"], offset: 40_000, count: 12_000, status: 5, message: damaged),
        DamageCase(args: ["plan", "--week", week], offset: 40_000, count: 12_000, status: 5, message: damaged),
        DamageCase(args: ["publish", "--week", week], offset: 40_000, count: 12_000, status: 5, message: damaged),
        DamageCase(args: ["history"], offset: 0, count: 16, status: 1, message: header),
        DamageCase(args: ["absence", "add", "PSY-1", "2026-12-02"], offset: 0, count: 16, status: 1, message: header),
    ]

    @Test(arguments: damageCases)
    func aDamagedFileIsRefusedUnchanged(_ c: DamageCase) throws {
        let ws = try Self.prepared()
        try Damage.overwrite(ws.path, at: c.offset, count: c.count)
        let before = Snapshot(ws)
        let r = try ws.run(c.args)
        #expect(r.status == c.status, "\(r.status) \(r.err)")
        #expect(r.err.contains(c.message), "\(r.err)")
        if c.status == 5 { #expect(r.err.contains("restore it from a backup; nothing was changed"), "\(r.err)") }
        #expect(Snapshot(ws) == before)
    }

    /// Commands that would write, refused for bad input: not a byte changes (the open writes nothing).
    @Test(arguments: [["absence", "add", "XX-1", "2026-12-02"], ["absence", "remove", "PSY-1", "2026-12-25"], ["pin", "add", "PSY-1", "NOPE", "2026-12-01", "am"],
                      ["pin", "remove", "PSY-1", "PRU-A", "2026-12-01", "am"], ["forbid", "remove", "PSY-1", "PRU-A", "2026-12-01", "am"],
                      ["plan", "--week", "2026-12-02"], ["publish", "--week", "2026-12-07"],
                      ["publish", "--week", week, "--version", "7"], ["repair", "--week", "2026-12-07", "--from", "2026-12-08"]])
    func aRefusedWriteChangesNothing(_ args: [String]) throws {
        let ws = try Self.prepared()
        let before = Snapshot(ws)
        let r = try ws.run(args)
        #expect(r.status == 1 && r.err.hasPrefix("hubspoke: error: ") && r.err.split(separator: "\n").count == 1, "\(args): \(r.status) \(r.err)")
        #expect(Snapshot(ws) == before)
    }

    @Test(arguments: [["history"], ["show", "--week", week], ["absence", "add", "PSY-1", "2026-12-02"], ["publish", "--week", week]])
    func aFolderGivenAsTheWorkspaceIsNamed(_ args: [String]) throws {
        let dir = CLI.temp()
        let r = try CLI.run(args + ["--workspace", dir.path])
        #expect(r.status == 1, "\(args): \(r.status) \(r.err)")
        #expect(r.err.contains("\(dir.path): is a folder, not a workspace file"), "\(r.err)")
        #expect(!r.err.contains("disk I/O error"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty)
    }

    @Test func aNewerSchemaIsRefusedUnchangedByReadsAndWrites() throws {
        let ws = try Self.prepared()
        try SQLite.exec(ws.path, "INSERT INTO grdb_migrations (identifier) VALUES ('v9-from-a-newer-hubspoke')")
        let before = Snapshot(ws)
        for args in [["history"], ["show", "--week", Self.week], ["plan", "--week", Self.week]] {
            let r = try ws.run(args)
            #expect(r.status == 1 && r.err.contains("written by a newer version of hubspoke") && r.err.contains("nothing was changed"), "\(r.err)")
        }
        #expect(Snapshot(ws) == before)
    }

    @Test func anOlderWorkspaceIsReadAsItIsAndUpgradedByTheNextWrite() throws {
        let ws = try Self.prepared()
        try SQLite.exec(ws.path, "DROP TABLE pending_publications; DROP TABLE calendar_closures; DROP TABLE bank_holiday_feed; "
                            + "DROP TABLE preferences; "
                            + ["user_sites", "web_sessions", "login_attempts", "feed_tokens", "request_sets", "request_rows", "request_cutoffs",
                               "absence_requests", "jobs", "users"].map { "DROP TABLE \($0); " }.joined()
                            + "ALTER TABLE change_log DROP COLUMN user; DELETE FROM grdb_migrations WHERE identifier IN ('v2', 'v3', 'v4', 'v5', 'v6')")
        let before = Snapshot(ws)
        for args in Self.readOnlyCommands + [["calendar", "show", "--week", Self.week]] { #expect(try ws.run(args).status == 0, "\(args)") }
        #expect(Snapshot(ws) == before)
        try ws.ok(["publish", "--week", Self.week, "--version", "2"])
        #expect(try SQLite.value(ws.path, "SELECT group_concat(identifier) FROM grdb_migrations") == "v1,v2,v3,v4,v5,v6")
        try expectPublished(ws, version: 2)
    }

    @Test func initOnAFolderIsRefused() throws {
        let dir = CLI.temp()
        let r = try CLI.run(["init", "teaching", "--workspace", dir.path])
        #expect(r.status == 1 && r.err.contains("\(dir.path): is a folder, not a workspace file"), "\(r.err)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty)
    }

    @Test func anotherProgramsDatabaseIsRefusedUnchanged() throws {
        let ws = WorkspaceCLI()
        try SQLite.exec(ws.path, "CREATE TABLE t (x); INSERT INTO t VALUES (1)")
        let before = Snapshot(ws)
        for args in [["history"], ["absence", "add", "PSY-1", "2026-12-02"]] {
            let r = try ws.run(args)
            #expect(r.status == 1 && r.err.contains("not a hubspoke workspace (an SQLite database of another program)"), "\(r.err)")
        }
        #expect(Snapshot(ws) == before)
    }

    // MARK: class 1: publishing is one unit

    /// kill -9 at random moments of a publish until 10 publishes were cut short, 3 of them leaving
    /// a half-finished publish for the next command to reconcile (at most 60 tries or 40 s): after
    /// the next command, the week's folder holds exactly one version's complete set, the one the
    /// database calls published, and nothing else is left. The moments are drawn inside the
    /// publish's own work, measured first on this machine (opening a workspace took 17 ms and a
    /// publish 40 ms in debug on an idle machine, up to 52 and 80 ms with 2 cores busy), so the
    /// test does not depend on the machine's speed.
    @Test func killDuringPublishLeavesOneCompleteSet() throws {
        let ws = try Self.prepared()
        let sets = try Self.referenceSets(ws)
        // The fastest of three: a command that only opens the workspace (the start every publish
        // pays too), and a whole publish.
        let opening = try (0..<3).map { _ in try Self.seconds(ws, ["history"]) }.min() ?? 0
        let publish = try (0..<3).map { try Self.seconds(ws, ["publish", "--week", Self.week, "--version", String(2 - $0 % 2)]) }.min() ?? 0
        // The kill moments are drawn from a window that starts as [opening / 2, publish] and closes
        // in on the publish's own work: a kill that found nothing begun moves its start later (and
        // its end, if need be), a publish that finished moves its end earlier (halfway each time).
        var window = (early: opening / 2, late: max(publish, opening + 0.002))
        var generator = SeededGenerator(seed: 15)
        var cut = 0, tries = 0, halfway = 0
        let deadline = Date().addingTimeInterval(40)
        let link = ws.dir.appendingPathComponent("exports/\(Self.week)").path
        while cut < 10 || halfway < 3, tries < 60, Date() < deadline {
            let before = try FileManager.default.destinationOfSymbolicLink(atPath: link)
            let delay = window.early + (window.late - window.early) * Double.random(in: 0..<1, using: &generator)
            let p = try ProcessRunner.start(CLI.binary, ["publish", "--week", Self.week, "--version", String(2 - tries % 2), "--workspace", ws.path],
                                            stdout: .nullDevice, stderr: .nullDevice)
            usleep(UInt32(delay * 1e6))
            p.kill(SIGKILL)
            let ended = p.wait(timeout: CLI.timeout)
            tries += 1
            let wasCut = ended.signalled, half = try Self.halfFinished(ws)
            if wasCut { cut += 1 }
            if half { halfway += 1 }
            if !wasCut {
                window.late = max((window.late + delay) / 2, window.early + 0.001)
            } else if !half, try FileManager.default.destinationOfSymbolicLink(atPath: link) == before {
                // The machine may be slower now than when measured: the end moves on with the start.
                window = (early: (window.early + delay) / 2, late: max(window.late, delay * 1.25))
            }
            // Any command that writes finishes or undoes the publish (this one is refused: no such absence).
            let next = try ws.run(["absence", "remove", "PSY-1", "2026-12-25"])
            #expect(next.status == 1, "\(next.err)")
            try expectPublished(ws, oneOf: sets)
        }
        #expect(cut >= 10 && halfway >= 3, "\(cut) of \(tries) publishes were cut short, \(halfway) left half-finished (opening \(opening) s, publish \(publish) s, kill window \(window))")
    }

    /// A publish was left half-finished: its row in `pending_publications`, a second version folder
    /// or a temporary file in the exports folder.
    static func halfFinished(_ ws: WorkspaceCLI) throws -> Bool {
        let exports = ws.dir.appendingPathComponent("exports").path
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: exports + "/.versions")) ?? []
        let temporary = try FileManager.default.contentsOfDirectory(atPath: exports).contains { $0.hasSuffix(".tmp") }
        return try SQLite.value(ws.path, "SELECT count(*) FROM pending_publications") != "0" || versions.count > 1 || temporary
    }

    /// The wall-clock seconds a command takes, which must succeed.
    static func seconds(_ ws: WorkspaceCLI, _ args: [String]) throws -> Double {
        let start = Date()
        try ws.ok(args)
        return Date().timeIntervalSince(start)
    }

    /// Versions 1 and 2 published at once, 15 times: they take turns; the folder is the version the
    /// database calls published, complete.
    @Test func concurrentPublishesTakeTurns() throws {
        let ws = try Self.prepared()
        let sets = try Self.referenceSets(ws)
        for _ in 0..<15 {
            let failures = Failures()
            DispatchQueue.concurrentPerform(iterations: 2) { i in
                let r = try? ws.run(["publish", "--week", Self.week, "--version", String(i + 1)])
                if r?.status != 0 { failures.add(r?.err ?? "did not run") }
            }
            #expect(failures.all.isEmpty, "\(failures.all)")
            try expectPublished(ws, oneOf: sets)
        }
    }

    @Test func aSecondPublishGivesUpAfterItsWaitWithExit5() throws {
        let ws = try Self.prepared()
        let lock = open(ws.path + ".lock", O_RDWR | O_CREAT, 0o644)
        #expect(lock >= 0 && flock(lock, LOCK_EX) == 0)
        let before = Snapshot(ws)
        let r = try ws.run(["publish", "--week", Self.week, "--version", "2", "--wait", "0.3"])
        close(lock)
        #expect(r.status == 5, "\(r.status) \(r.err)")
        #expect(r.err.contains("another publish of this workspace is still running after 0.3 s: nothing was changed"), "\(r.err)")
        #expect(Snapshot(ws) == before)
        try expectPublished(ws, version: 1)
    }

    @Test func aPublishCutShortIsSeenButNotTouchedByReads() throws {
        let ws = try Self.prepared()
        // A publish that died after writing its folder, before switching the link.
        let exports = ws.dir.appendingPathComponent("exports").path
        let orphan = exports + "/.versions/2026-11-30-v2-00c0ffee"
        try FileManager.default.createDirectory(atPath: orphan, withIntermediateDirectories: true)
        try SQLite.exec(ws.path, """
            INSERT INTO pending_publications (rota_id, week, folder, version_folder, files, state, started_at)
            SELECT id, week, '\(exports)', '2026-11-30-v2-00c0ffee', '[]', 'writing', 'now' FROM rotas WHERE version = 2
            """)
        symlink("nowhere", exports + "/.2026-11-30.deadbeef.tmp")
        let before = Snapshot(ws)
        for args in Self.readOnlyCommands { #expect(try ws.run(args).status == 0) }
        #expect(Snapshot(ws) == before, "a read finished the publish")
        let note = try ws.run(["show", "--week", Self.week]).err
        #expect(note.contains("a publish of week 2026-11-30 (version folder .versions/2026-11-30-v2-00c0ffee) is under way or was cut short"), "\(note)")
        try ws.ok(["absence", "add", "PSY-1", "2026-12-02"])
        #expect(!FileManager.default.fileExists(atPath: orphan))
        #expect(try SQLite.value(ws.path, "SELECT count(*) FROM pending_publications") == "0")
        try expectPublished(ws, version: 1)
    }

    @Test func anExportsPathThatIsAFileIsRefused() throws {
        let ws = try Self.prepared()
        let file = try ws.write("not-a-folder", "x")
        let before = Snapshot(ws)
        let r = try ws.run(["publish", "--week", Self.week, "--version", "2", "--exports", file])
        #expect(r.status == 1 && r.err.contains("not-a-folder: not a folder: exports are written into a folder"), "\(r.err)")
        #expect(Snapshot(ws) == before)
        #expect(try String(contentsOfFile: file, encoding: .utf8) == "x")
    }

    @Test func aLinkInPlaceOfTheVersionsFolderIsRefused() throws {
        let ws = try Self.prepared()
        let exports = ws.dir.appendingPathComponent("exports").path
        let elsewhere = CLI.temp().path
        try FileManager.default.removeItem(atPath: exports + "/.versions")
        symlink(elsewhere, exports + "/.versions")
        let r = try ws.run(["publish", "--week", Self.week, "--version", "2"])
        #expect(r.status == 1 && r.err.contains(".versions: not a folder (a link or a file is in its place)"), "\(r.err)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: elsewhere).isEmpty)
        #expect(try ws.ok(["history", "--week", Self.week]).split(separator: "\n").filter { $0.contains("current") }.count == 1)
    }

    @Test func theCalendarsFolderOfAnEarlierReleaseBecomesALink() throws {
        let ws = WorkspaceCLI()
        try ws.ok(["init", "teaching", "--weeks", "4"])
        try ws.ok(["plan", "--week", Self.week])
        let old = ws.dir.appendingPathComponent("exports/calendars-\(Self.week)")
        try FileManager.default.createDirectory(at: old, withIntermediateDirectories: true)
        try "stale".write(to: old.appendingPathComponent("post-OLD.ics"), atomically: true, encoding: .utf8)
        try ws.ok(["publish", "--week", Self.week])
        let link = try FileManager.default.destinationOfSymbolicLink(atPath: old.path)
        #expect(link == "\(Self.week)/calendars-\(Self.week)")
        let names = try FileManager.default.contentsOfDirectory(atPath: old.path)
        #expect(!names.contains("post-OLD.ics") && names.contains("post-PSY-1.ics"), "\(names)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: ws.dir.appendingPathComponent("exports/.versions").path).count == 1)
    }

    // MARK: checks

    /// The relative paths of each version's complete set, as one clean publish writes them.
    static func referenceSets(_ ws: WorkspaceCLI) throws -> [Int: [String]] {
        var sets: [Int: [String]] = [:]
        for v in [2, 1] {
            try ws.ok(["publish", "--week", week, "--version", String(v)])
            sets[v] = try FileManager.default.subpathsOfDirectory(atPath: ws.dir.path + "/exports/\(week)/").sorted()
        }
        return sets
    }

    func expectPublished(_ ws: WorkspaceCLI, version: Int, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let v = try expectPublished(ws, oneOf: nil, sourceLocation: sourceLocation)
        #expect(v == version, "published version \(String(describing: v)), expected \(version)", sourceLocation: sourceLocation)
    }

    /// The week's link points at the only version folder, which holds the complete set of the version
    /// the database calls published (its CSV as `show` gives it); no temporary file is left.
    @discardableResult
    func expectPublished(_ ws: WorkspaceCLI, oneOf sets: [Int: [String]]?, sourceLocation: SourceLocation = #_sourceLocation) throws -> Int? {
        let exports = ws.dir.appendingPathComponent("exports").path, week = Self.week
        let show = try ws.run(["show", "--week", week, "--format", "csv"])
        guard let v = show.err.split(separator: " ").dropFirst(4).first.flatMap({ Int($0.dropLast()) }),
              show.err.contains("published (the week's current rota)") else {
            Issue.record("no published version: \(show.err)", sourceLocation: sourceLocation); return nil
        }
        let target = try FileManager.default.destinationOfSymbolicLink(atPath: exports + "/" + week)
        let versions = try FileManager.default.contentsOfDirectory(atPath: exports + "/.versions")
        #expect(versions.count == 1 && target == ".versions/" + versions[0], "\(target) \(versions)", sourceLocation: sourceLocation)
        #expect(versions.first?.hasPrefix("\(week)-v\(v)-") == true, "DB says v\(v), folder \(versions)", sourceLocation: sourceLocation)
        let files = try FileManager.default.subpathsOfDirectory(atPath: exports + "/" + week + "/").sorted()
        if let expected = sets?[v] { #expect(files == expected, sourceLocation: sourceLocation) }
        #expect(files.contains("rota-\(week)-v\(v).html") && files.contains { $0.hasSuffix(".ics") }, "\(files)", sourceLocation: sourceLocation)
        #expect(FileManager.default.contents(atPath: "\(exports)/\(week)/rota-\(week)-v\(v).csv") == Data(show.out.utf8), sourceLocation: sourceLocation)
        for f in files where f.hasSuffix(".ics") {
            let text = try String(contentsOfFile: "\(exports)/\(week)/\(f)", encoding: .utf8)
            #expect(text.hasSuffix("END:VCALENDAR\r\n") && !text.contains("SEQUENCE:\(3 - v)\r\n"), "\(f)", sourceLocation: sourceLocation)
        }
        let strays = try FileManager.default.contentsOfDirectory(atPath: exports).filter { $0.hasSuffix(".tmp") }
        #expect(strays.isEmpty, "\(strays)", sourceLocation: sourceLocation)
        #expect(try SQLite.value(ws.path, "SELECT count(*) FROM pending_publications") == "0", sourceLocation: sourceLocation)
        return v
    }
}

/// The bytes of the workspace, its -wal and -shm, and the names in its folder.
struct Snapshot: Equatable {
    var files: [String: Data?] = [:]
    var names: [String]

    init(_ ws: WorkspaceCLI) {
        for suffix in ["", "-wal", "-shm"] { files[suffix] = FileManager.default.contents(atPath: ws.path + suffix) }
        names = ((try? FileManager.default.subpathsOfDirectory(atPath: ws.dir.path)) ?? []).sorted()
    }
}

enum Damage {
    /// Overwrites `count` bytes at `offset` with a fixed pattern of garbage.
    static func overwrite(_ path: String, at offset: UInt64, count: Int) throws {
        let h = try FileHandle(forUpdating: URL(fileURLWithPath: path))
        try h.seek(toOffset: offset)
        try h.write(contentsOf: Data((0..<count).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }))
        try h.close()
    }
}

/// The sqlite3 tool, for what a test does behind hubspoke's back.
enum SQLite {
    @discardableResult
    static func exec(_ path: String, _ sql: String) throws -> String {
        let r = try ProcessRunner.run(URL(fileURLWithPath: "/usr/bin/sqlite3"), [path, sql], timeout: CLI.timeout)
        return r.out.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Reads through a copy, so the check itself leaves no -wal or -shm beside the workspace.
    static func value(_ path: String, _ sql: String) throws -> String {
        let copy = CLI.temp().appendingPathComponent("copy.sqlite").path
        try FileManager.default.copyItem(atPath: path, toPath: copy)
        return try exec(copy, sql)
    }
}

/// A small tmpfs, mounted for one test (root only).
enum Tmpfs {
    static func with(size: String, _ body: (URL) throws -> Void) throws {
        let dir = CLI.temp()
        try run("/bin/mount", ["-t", "tmpfs", "-o", "size=\(size)", "tmpfs", dir.path])
        defer { try? run("/bin/umount", [dir.path]) }
        try body(dir)
    }

    static func remount(_ dir: URL, readOnly: Bool) throws {
        try run("/bin/mount", ["-o", "remount,\(readOnly ? "ro" : "rw")", dir.path])
    }

    /// Fills the disk, then frees `leaving` bytes.
    static func fill(_ path: String, leaving: Int) {
        let fd = open(path, O_WRONLY | O_CREAT, 0o644)
        let block = [UInt8](repeating: 0, count: 4096)
        while write(fd, block, block.count) > 0 {}
        let size = lseek(fd, 0, SEEK_END)
        ftruncate(fd, max(0, size - off_t(leaving)))
        close(fd)
    }

    static func run(_ tool: String, _ args: [String]) throws {
        let r = try ProcessRunner.run(URL(fileURLWithPath: tool), args, timeout: CLI.timeout)
        guard r.status == 0, !r.signalled else { throw CocoaError(.fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: "\(tool) \(args) failed"]) }
    }
}

/// A seeded generator (SplitMix64), so the kill delays are the same each run.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
