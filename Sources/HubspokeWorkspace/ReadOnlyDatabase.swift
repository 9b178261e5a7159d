import Foundation
import GRDB

/// A workspace opened only to read: nothing it does writes a byte, to the database file, its `-wal`
/// and `-shm` files or their folder, so it works on a read-only file or folder and on a full disk.
///
/// SQLite, opening a WAL database even read-only, creates its `-wal` and `-shm` files when they are
/// missing, and fails when it cannot (a full disk). When there is no `-wal`, or an empty one, everything
/// is in the database file itself: then the file is read as immutable (no locks, no side files). A
/// writer that starts meanwhile writes into the `-wal`, never into the database file except when it
/// checkpoints, so every read is checked afterwards: if the `-wal` grew or the file changed (inode,
/// size, modification time), the read is made again through SQLite's shared WAL index. When the
/// `-wal` holds transactions, the read goes through it from the start.
final class ReadOnlyDatabase: @unchecked Sendable {
    let path: String
    private let lock = NSLock()
    private var immutable: (queue: DatabaseQueue, stamp: FileStamp)?
    private var shared: DatabaseQueue?

    init(path: String) { self.path = path }

    func read<T>(_ body: (Database) throws -> T) throws -> T {
        lock.lock()
        defer { lock.unlock() }
        for _ in 0..<3 {
            let before = FileStamp(path)
            if before.walSize > 0 { break }
            let queue = try immutableQueue(before)
            do {
                let result = try queue.read(body)
                if FileStamp(path) == before { return result }
            } catch {
                // A read torn by a checkpoint looks like damage: only trust the error if nothing moved.
                if FileStamp(path) == before { throw error }
            }
        }
        return try sharedQueue().read(body)
    }

    /// An immutable connection keeps its page cache for good: one opened before the file changed is dropped.
    private func immutableQueue(_ stamp: FileStamp) throws -> DatabaseQueue {
        if let immutable, immutable.stamp == stamp { return immutable.queue }
        immutable = nil
        let q = try DatabaseQueue(path: Self.uri(path, immutable: true), configuration: Self.configuration())
        immutable = (q, stamp)
        return q
    }

    private func sharedQueue() throws -> DatabaseQueue {
        if let shared { return shared }
        let q = try DatabaseQueue(path: path, configuration: Self.configuration())
        shared = q
        return q
    }

    static func configuration() -> Configuration {
        var config = Workspace.configuration()
        config.readonly = true
        return config
    }

    /// `file:/abs/path?immutable=1`, the path percent-encoded (SQLite reads URI file names).
    static func uri(_ path: String, immutable: Bool) -> String {
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "/-._~")
        let encoded = absolute.addingPercentEncoding(withAllowedCharacters: allowed) ?? absolute
        return "file:" + encoded + (immutable ? "?immutable=1" : "")
    }
}

/// What tells whether a database file changed: its inode, size and modification time, and the size
/// of its `-wal` (-1 when there is none).
struct FileStamp: Equatable {
    var inode: UInt64 = 0
    var size: Int64 = 0
    var modified: timespec = timespec()
    var walSize: Int64 = -1

    init(_ path: String) {
        var st = stat()
        if stat(path, &st) == 0 {
            inode = UInt64(st.st_ino)
            size = Int64(st.st_size)
            #if os(Linux)
            modified = st.st_mtim
            #else
            modified = st.st_mtimespec
            #endif
        }
        var wal = stat()
        if stat(path + "-wal", &wal) == 0 { walSize = Int64(wal.st_size) }
    }

    static func == (a: FileStamp, b: FileStamp) -> Bool {
        a.inode == b.inode && a.size == b.size && a.walSize == b.walSize
            && a.modified.tv_sec == b.modified.tv_sec && a.modified.tv_nsec == b.modified.tv_nsec
    }
}
