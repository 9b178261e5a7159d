import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

public struct OutputError: Error, CustomStringConvertible, Sendable {
    public var description: String
    public init(description: String) { self.description = description }
}

/// A file to write: where, and its bytes.
public struct OutputFile: Sendable {
    public var path: String
    public var data: Data
    public init(path: String, data: Data) { self.path = path; self.data = data }
    public init(path: String, text: String) { self.init(path: path, data: Data(text.utf8)) }
}

/// Writes files whole, or not at all, through temporary files that cannot be hijacked.
///
/// Each file is first written to a temporary file in its destination folder, named
/// `.NAME.<16 random hex digits>.tmp` and created with `O_CREAT|O_EXCL|O_NOFOLLOW`: an existing
/// file or symbolic link at that name is never opened, followed or overwritten (the name is drawn
/// again). Every write is checked (short writes, a full disk), the file is flushed to the disk
/// (`fsync`) and closed, and only then renamed over the destination; the folder is flushed too.
/// A failure removes the temporary files and leaves every destination as it was.
public enum AtomicFile {
    /// Makes the random part of temporary names; tests replace it to force a collision.
    public typealias NameSource = @Sendable () -> String

    /// 16 hex digits from the system's secure random source.
    public static let randomName: NameSource = { String(format: "%016llx", UInt64.random(in: 0...UInt64.max)) }

    public static func write(_ text: String, to path: String) throws(OutputError) {
        try write(Data(text.utf8), to: path)
    }

    public static func write(_ data: Data, to path: String) throws(OutputError) {
        try writeAll([OutputFile(path: path, data: data)])
    }

    /// Checks that each path can be written (its folder exists, it is not a folder, no path is
    /// given twice) without writing anything; commands call it before long work.
    public static func check(_ paths: [String]) throws(OutputError) {
        var seen = Set<String>()
        for path in paths {
            guard !path.isEmpty else { throw OutputError(description: "cannot write a file with an empty name") }
            let url = URL(fileURLWithPath: path).standardizedFileURL
            guard seen.insert(url.path).inserted else {
                throw OutputError(description: "\(path): cannot write: the same file is given for two outputs")
            }
            let dir = url.deletingLastPathComponent().path
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: dir, isDirectory: &isDir), isDir.boolValue else {
                throw OutputError(description: "\(path): cannot write: folder \(dir) does not exist")
            }
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDir), isDir.boolValue {
                throw OutputError(description: "\(path): cannot write: it is a folder")
            }
            guard access(dir, W_OK) == 0 else {
                throw OutputError(description: "\(path): cannot write: folder \(dir): \(String(cString: strerror(errno)))")
            }
        }
    }

    /// Writes every file or none: all temporary files first, then every rename. If a write fails,
    /// every temporary file is removed; if a rename fails, the files already replaced are put back
    /// (from hard links made before the first rename). Previous files are left as they were.
    /// A destination that is a device, a pipe or a socket (`/dev/null`, `/dev/stdout`) is written
    /// into, after every file: renaming over it would replace the device with a file.
    public static func writeAll(_ files: [OutputFile], names: NameSource = randomName) throws(OutputError) {
        try check(files.map(\.path))
        let streams = files.filter { isStream($0.path) }, regular = files.filter { !isStream($0.path) }
        var temps: [String] = []
        do {
            for f in regular { temps.append(try writeTemporary(f, names: names)) }
        } catch {
            for t in temps { unlink(t) }
            throw error
        }
        try replace(regular.map(\.path), with: temps, names: names)
        for dir in Set(regular.map { URL(fileURLWithPath: $0.path).deletingLastPathComponent().path }).sorted() { syncFolder(dir) }
        for f in streams { try writeInto(f) }
    }

    /// Whether `path` (followed through links) is a character or block device, a pipe or a socket.
    static func isStream(_ path: String) -> Bool {
        var st = stat()
        guard stat(path, &st) == 0 else { return false }
        let kind = Int(st.st_mode) & Int(S_IFMT)
        return [S_IFCHR, S_IFBLK, S_IFIFO, S_IFSOCK].contains { Int($0) == kind }
    }

    /// Writes `file.data` into the device or pipe at its path, as it is.
    private static func writeInto(_ file: OutputFile) throws(OutputError) {
        let fd = open(file.path, O_WRONLY | O_CLOEXEC)
        guard fd >= 0 else { throw failure(file.path, errno) }
        let code = writeFully(fd, file.data)
        close(fd)
        if let code { throw failure(file.path, code) }
    }

    /// The temporary file's path beside `path`, with `random` as its unpredictable part.
    static func temporaryPath(for path: String, random: String, kind: String = "tmp") -> String {
        let url = URL(fileURLWithPath: path)
        // Short enough for NAME_MAX whatever the destination's name.
        var base = url.lastPathComponent
        while base.utf8.count > 100 { base.removeLast() }
        return url.deletingLastPathComponent().appendingPathComponent(".\(base).\(random).\(kind)").path
    }

    /// Creates a fresh temporary file beside `file.path` (exclusively, never through a link),
    /// writes and flushes it; returns its path. On failure nothing is left behind.
    static func writeTemporary(_ file: OutputFile, names: NameSource) throws(OutputError) -> String {
        let flags = O_CREAT | O_EXCL | O_NOFOLLOW | O_WRONLY | O_CLOEXEC
        var attempt = 0
        while true {
            attempt += 1
            let temp = temporaryPath(for: file.path, random: names())
            let fd = open(temp, flags, 0o644)
            if fd < 0 {
                let code = errno
                if (code == EEXIST || code == ELOOP) && attempt < 100 { continue }
                throw failure(file.path, code)
            }
            if let code = writeFully(fd, file.data) ?? (fsync(fd) == 0 ? nil : errno) {
                close(fd); unlink(temp)
                throw failure(file.path, code)
            }
            if close(fd) != 0 {
                let code = errno
                unlink(temp)
                throw failure(file.path, code)
            }
            return temp
        }
    }

    /// Writes all of `data` to `fd`; returns the error number of the first failed write, or nil.
    public static func writeFully(_ fd: Int32, _ data: Data) -> Int32? {
        data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) -> Int32? in
            guard var p = raw.baseAddress else { return nil }
            var left = raw.count
            while left > 0 {
                let n = Foundation.write(fd, p, left)
                if n < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                if n == 0 { return EIO }
                p += n; left -= n
            }
            return nil
        }
    }

    /// Renames each temporary file over its destination, all or nothing.
    private static func replace(_ paths: [String], with temps: [String], names: NameSource) throws(OutputError) {
        var backups: [String?] = Array(repeating: nil, count: paths.count)
        func discard(_ from: Int) {
            for t in temps[from...] { unlink(t) }
            for b in backups.compactMap({ $0 }) { unlink(b) }
        }
        // One file needs no backup: its rename is atomic. Several keep a hard link to each file
        // they replace, to put it back if a later rename fails.
        for (i, path) in paths.enumerated() where paths.count > 1 && isFile(path) {
            // link() never follows or replaces what is at the new name: draw again on a collision.
            var made = false
            for _ in 0..<100 where !made {
                let backup = temporaryPath(for: path, random: names(), kind: "old")
                if link(path, backup) == 0 { backups[i] = backup; made = true } else if errno != EEXIST { break }
            }
            if !made {
                let code = errno
                discard(0)
                throw OutputError(description: "\(path): cannot keep the old file while writing: \(String(cString: strerror(code)))")
            }
        }
        for i in paths.indices where rename(temps[i], paths[i]) != 0 {
            let code = errno
            for j in 0..<i {
                if let b = backups[j] { if rename(b, paths[j]) == 0 { backups[j] = nil } } else { unlink(paths[j]) }
            }
            discard(i)
            throw failure(paths[i], code)
        }
        for b in backups.compactMap({ $0 }) { unlink(b) }
    }

    /// Something other than a folder is at `path` (a folder cannot be hard-linked; renaming
    /// over it fails, and that failure is handled).
    private static func isFile(_ path: String) -> Bool {
        var isDir: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDir) && !isDir.boolValue
    }

    /// Flushes a folder's entries (the renames) to the disk; best effort (some file systems refuse).
    private static func syncFolder(_ dir: String) {
        let fd = open(dir, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return }
        _ = fsync(fd)
        close(fd)
    }

    private static func failure(_ path: String, _ code: Int32) -> OutputError {
        OutputError(description: "\(path): cannot write: \(String(cString: strerror(code)))")
    }
}
