import Foundation
import Testing
@testable import HubspokeWorkspace

/// Publishing as one unit, below the command line: how a publish cut short is finished or undone,
/// the publish lock, the durable writer, the exports folder's cleaning, and reads that never write.
@Suite struct PublishingTests {
    /// A workspace with versions 1 and 2 of the first week, version 1 published into `exports/`.
    func published() throws -> (Workspace, ExportsFolder) {
        let (ws, dir) = try makeWorkspace()
        _ = try ws.plan(week: week1)
        _ = try ws.plan(week: week1)
        let folder = dir.appendingPathComponent("exports").path
        _ = try ws.publish(week: week1, version: 1, exportsTo: folder)
        return (ws, ExportsFolder(path: folder))
    }

    /// What a publish of version 2 leaves when killed: its intent recorded, its set written, and
    /// (with `switched`) the week's link switched to it, but nothing recorded after that.
    func cutShort(_ ws: Workspace, _ exports: ExportsFolder, switched: Bool) throws -> String {
        let name = ExportsFolder.versionFolderName(week: week1, version: 2)
        let files = ["rota-2026-11-30-v2.csv", "calendars-2026-11-30/post-EP-1.ics"]
        try ws.executeUnchecked("""
            INSERT INTO pending_publications (rota_id, week, folder, version_folder, files, state, started_at)
            SELECT id, week, '\(exports.path)', '\(name)', '["\(files.joined(separator: "\",\""))"]', 'writing', 'now' FROM rotas WHERE version = 2
            """)
        try exports.writeSet(files.map { ($0, Data("v2 \($0)".utf8)) }, as: name)
        if switched { try exports.switchWeek(week1, to: name) }
        return name
    }

    func pendingCount(_ ws: Workspace) throws -> Int {
        try ws.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM pending_publications") ?? -1 }
    }

    @Test func aPublishCutShortAfterTheSwitchIsRecordedByTheNextCommand() throws {
        let (ws, exports) = try published()
        let old = try #require(exports.current(week: week1))
        let name = try cutShort(ws, exports, switched: true)
        let log = try ws.history().count
        let next = try Workspace.open(at: ws.path)
        #expect(try next.versions(week: week1).first { $0.isCurrent }?.version == 2)
        #expect(try next.history().count == log + 1)
        #expect(try next.history().last?.summary.contains("cut short after the switch; recorded by the next command") == true)
        #expect(try pendingCount(next) == 0)
        #expect(DurableFiles.names(in: exports.versions) == [name], "the old set \(old) is removed")
        // The paths of earlier releases now lead into version 2's set.
        #expect(FileManager.default.contents(atPath: exports.entry("rota-2026-11-30-v2.csv")) == Data("v2 rota-2026-11-30-v2.csv".utf8))
        #expect(FileManager.default.contents(atPath: exports.entry("calendars-2026-11-30/post-EP-1.ics")) == Data("v2 calendars-2026-11-30/post-EP-1.ics".utf8))
        #expect(!DurableFiles.exists(exports.entry("rota-2026-11-30-v1.csv")), "a link to a name the set no longer has is removed")
    }

    /// Killed inside the link switch: the temporary link to the new set was made but not renamed
    /// over the week's link. It refers to nothing: the next command removes it and the new set
    /// (found by the kill -9 loop, which once left the set of such a publish behind).
    @Test func aPublishCutShortInsideTheLinkSwitchLeavesNoSetBehind() throws {
        let (ws, exports) = try published()
        let old = try #require(exports.current(week: week1))
        let name = try cutShort(ws, exports, switched: false)
        symlink(".versions/\(name)", exports.entry(".2026-11-30.5ca1ab1e.tmp"))
        let next = try Workspace.open(at: ws.path)
        #expect(try next.versions(week: week1).first { $0.isCurrent }?.version == 1)
        #expect(try pendingCount(next) == 0)
        #expect(DurableFiles.names(in: exports.versions) == [old], "only the published set is left")
        #expect(!DurableFiles.names(in: exports.path).contains { ExportsFolder.isTemporary($0) })
    }

    @Test func aPublishCutShortBeforeTheSwitchIsUndoneByTheNextCommand() throws {
        let (ws, exports) = try published()
        let old = try #require(exports.current(week: week1))
        _ = try cutShort(ws, exports, switched: false)
        symlink("nowhere", exports.entry(".2026-11-30.0badf00d.tmp"))
        let log = try ws.history().count
        let next = try Workspace.open(at: ws.path)
        #expect(try next.versions(week: week1).first { $0.isCurrent }?.version == 1)
        #expect(try next.history().count == log)
        #expect(try pendingCount(next) == 0)
        #expect(DurableFiles.names(in: exports.versions) == [old])
        #expect(!DurableFiles.names(in: exports.path).contains { $0.hasSuffix(".tmp") })
    }

    @Test func aPublishUnderWayIsLeftAloneByOtherCommands() throws {
        let (ws, exports) = try published()
        let name = try cutShort(ws, exports, switched: false)
        let lock = try #require(try FileLock.acquire(ws.publishLockPath, wait: 0))
        let next = try Workspace.open(at: ws.path)
        #expect(try pendingCount(next) == 1)
        #expect(DurableFiles.names(in: exports.versions).contains(name))
        withExtendedLifetime(lock) {}
    }

    @Test func theLockIsExclusiveAndReleasedWithItsHolder() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("lock-\(UUID().uuidString)").path
        var first = try FileLock.acquire(path, wait: 0)
        #expect(first != nil)
        let started = Date()
        #expect(try FileLock.acquire(path, wait: 0.2) == nil)
        #expect(Date().timeIntervalSince(started) >= 0.2)
        first = nil
        #expect(try FileLock.acquire(path, wait: 0) != nil)
    }

    @Test func theDurableWriterNeverFollowsALinkNorReplacesAFile() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("durable-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let victim = dir + "/victim", planted = dir + "/planted", existing = dir + "/existing"
        try Data("keep".utf8).write(to: URL(fileURLWithPath: victim))
        try Data("old".utf8).write(to: URL(fileURLWithPath: existing))
        symlink(victim, planted)
        for path in [planted, existing] {
            #expect { try DurableFiles.write(Data("new".utf8), to: path) } throws: {
                ($0 as? WorkspaceError)?.description.hasPrefix("\(path): cannot write: File exists") == true
            }
        }
        #expect(FileManager.default.contents(atPath: victim) == Data("keep".utf8))
        #expect(FileManager.default.contents(atPath: existing) == Data("old".utf8))
    }

    @Test func cleaningKeepsWhatALinkReferencesAndNothingElse() throws {
        let (_, exports) = try published()
        let kept = try #require(exports.current(week: week1))
        try FileManager.default.createDirectory(atPath: exports.versions + "/2026-12-07-v1-0000cafe", withIntermediateDirectories: true)
        try Data("x".utf8).write(to: URL(fileURLWithPath: exports.entry(".rota.csv.1234.tmp")))
        symlink("2026-11-30/rota-2026-11-30-v9.csv", exports.entry("rota-2026-11-30-v9.csv"))
        symlink("/etc/hostname", exports.entry("someone-elses-link"))
        exports.clean()
        #expect(DurableFiles.names(in: exports.versions) == [kept])
        let names = DurableFiles.names(in: exports.path)
        #expect(!names.contains(".rota.csv.1234.tmp") && !names.contains("rota-2026-11-30-v9.csv"), "\(names)")
        #expect(names.contains("someone-elses-link") && names.contains("rota-2026-11-30-v1.csv") && names.contains("rota-2026-11-30-v1.json"))
    }

    @Test func aReadOnlyWorkspaceRefusesToWriteAndChangesNothing() throws {
        let path: String
        do {
            let (ws, _) = try makeWorkspace()
            path = ws.path
        }
        let before = FileManager.default.contents(atPath: path)
        let ro = try Workspace.openReadOnly(at: path)
        #expect(ro.isReadOnly)
        #expect { _ = try ro.addAbsence(post: "EP-1", dates: [day("2026-12-02")], half: nil, reason: nil) } throws: {
            ($0 as? WorkspaceError)?.kind == .storage && ($0 as? WorkspaceError)?.description.contains("opened read-only") == true
        }
        #expect(try ro.history().count == 1)
        #expect(FileManager.default.contents(atPath: path) == before)
        #expect(!FileManager.default.fileExists(atPath: path + "-shm"))
    }

    /// A reader that opened before a write sees it afterwards: its immutable connection is dropped
    /// when the file changes, or it reads through the -wal while a writer has one.
    @Test func aReaderSeesWritesMadeAfterItOpened() throws {
        let path: String
        do {
            let (ws, _) = try makeWorkspace()
            path = ws.path
        }
        let ro = try Workspace.openReadOnly(at: path)
        #expect(try ro.absences().isEmpty)
        do {
            let w = try Workspace.open(at: path)
            _ = try w.addAbsence(post: "EP-1", dates: [day("2026-12-02")], half: nil, reason: "sick")
            #expect(try ro.absences().count == 1, "read while the writer is open (through its -wal)")
        }
        #expect(try ro.absences().count == 1, "read after the writer closed (the file itself)")
        do {
            let w = try Workspace.open(at: path)
            _ = try w.addAbsence(post: "EP-1", dates: [day("2026-12-03")], half: nil, reason: "sick")
        }
        #expect(try ro.absences().count == 2)
    }
}
