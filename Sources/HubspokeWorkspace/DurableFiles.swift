import Foundation
import HubspokeSupport
#if canImport(Glibc)
import Glibc
#endif

/// Files written for good, for publishing: each created exclusively (O_EXCL, never through a link)
/// in a folder of its own, written whole and synced to disk, its folder synced too; and a symbolic
/// link switched in one step (a new link under a temporary name, renamed over the old one).
enum DurableFiles {
    /// 8 hex digits from the system's random generator: names nobody can guess.
    static func randomSuffix() -> String {
        let n = UInt32.random(in: .min ... .max)
        let hex = String(n, radix: 16)
        return String(repeating: "0", count: 8 - hex.count) + hex
    }

    static func reason() -> String { String(cString: strerror(errno)) }

    /// Creates the folder `path`, failing if anything is there already.
    static func makeFolder(_ path: String) throws(WorkspaceError) {
        if mkdir(path, 0o755) != 0 { throw .bad("\(path): cannot create the folder: \(reason())") }
    }

    /// Creates `path` (which must not exist), writes `data` and syncs it to disk.
    static func write(_ data: Data, to path: String) throws(WorkspaceError) {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
        if fd < 0 { throw .bad("\(path): cannot write: \(reason())") }
        defer { close(fd) }
        // The same checked write loop as every other writer (short writes, EINTR, a full disk).
        if let code = AtomicFile.writeFully(fd, data) { throw .bad("\(path): cannot write: \(String(cString: strerror(code)))") }
        if fsync(fd) != 0 { throw .bad("\(path): cannot write: \(reason())") }
    }

    /// Syncs a folder, so the names made in it (files, links, renames) survive a crash.
    static func sync(folder: String) throws(WorkspaceError) {
        let fd = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if fd < 0 { throw .bad("\(folder): cannot open the folder: \(reason())") }
        defer { close(fd) }
        if fsync(fd) != 0 { throw .bad("\(folder): cannot sync the folder: \(reason())") }
    }

    /// Points the link `path` at `target` in one step: a new link under a temporary name beside it,
    /// renamed over the old one (rename(2) is atomic), so readers see the old target or the new one.
    static func switchLink(_ path: String, to target: String) throws(WorkspaceError) {
        let folder = (path as NSString).deletingLastPathComponent
        let name = (path as NSString).lastPathComponent
        for _ in 0..<8 {
            let temp = (folder as NSString).appendingPathComponent(".\(name).\(randomSuffix()).tmp")
            if symlink(target, temp) != 0 {
                if errno == EEXIST { continue }
                throw .bad("\(temp): cannot create the link: \(reason())")
            }
            if rename(temp, path) != 0 {
                let why = reason()
                unlink(temp)
                throw .bad("\(path): cannot switch the link: \(why)")
            }
            return
        }
        throw .bad("\(path): cannot create a link beside it (every temporary name taken)")
    }

    /// The target of the link `path`, or nil when it is not a link.
    static func linkTarget(_ path: String) -> String? {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let n = readlink(path, &buffer, buffer.count - 1)
        guard n >= 0 else { return nil }
        return String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    static func isLink(_ path: String) -> Bool {
        var st = stat()
        return lstat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFLNK
    }

    /// A real folder (not a link to one).
    static func isFolder(_ path: String) -> Bool {
        var st = stat()
        return lstat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR
    }

    static func exists(_ path: String) -> Bool {
        var st = stat()
        return lstat(path, &st) == 0
    }

    /// Removes a file, link or folder with everything in it; quietly does nothing if it is not there.
    static func remove(_ path: String) {
        if DurableFiles.isLink(path) { unlink(path); return }
        try? FileManager.default.removeItem(atPath: path)
    }

    /// The names in a folder, sorted (none if it cannot be read).
    static func names(in folder: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted()
    }
}

/// An exclusive lock on a file beside the workspace (flock(2)): the kernel releases it when the
/// process ends, however it ends, so a crashed publish never leaves the workspace locked.
final class FileLock {
    private let fd: Int32

    private init(fd: Int32) { self.fd = fd }
    deinit { flock(fd, LOCK_UN); close(fd) }

    /// Takes the lock, waiting up to `wait` seconds; nil if another process still holds it then.
    static func acquire(_ path: String, wait: TimeInterval) throws(WorkspaceError) -> FileLock? {
        let fd = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0o644)
        if fd < 0 { throw WorkspaceError(.storage, "\(path): cannot open the publish lock: \(DurableFiles.reason())") }
        let deadline = Date().addingTimeInterval(wait)
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK || errno == EINTR, Date() < deadline else {
                close(fd)
                return nil
            }
            usleep(20_000)
        }
        return FileLock(fd: fd)
    }
}
