import Foundation

/// A file to publish: its name in the folder and its contents.
public struct PublishedFile: Sendable {
    public var name: String
    public var contents: String
    public init(name: String, contents: String) { self.name = name; self.contents = contents }
}

public struct PublishError: Error, CustomStringConvertible, Sendable {
    public var description: String
}

/// Writes a set of files into one folder, all or nothing: every file goes to a temporary file in
/// the folder first; only when all are written are they renamed into place, and if a rename
/// fails the files already replaced are put back. A failure leaves the folder as it was.
public enum Publication {
    /// Writes `files` into `folder`, creating the folder (not its parents) when it is missing.
    public static func write(_ files: [PublishedFile], into folder: String) throws(PublishError) {
        let fm = FileManager.default
        let dir = URL(fileURLWithPath: folder)
        var isDir: ObjCBool = false
        var created = false
        if fm.fileExists(atPath: dir.path, isDirectory: &isDir) {
            guard isDir.boolValue else { throw PublishError(description: "\(folder): cannot write: it is a file, not a folder") }
        } else {
            let parent = dir.deletingLastPathComponent()
            guard fm.fileExists(atPath: parent.path, isDirectory: &isDir), isDir.boolValue else {
                throw PublishError(description: "\(folder): cannot write: folder \(parent.path) does not exist")
            }
            do { try fm.createDirectory(at: dir, withIntermediateDirectories: false) } catch {
                throw PublishError(description: "\(folder): cannot create the folder: \(error.localizedDescription)")
            }
            created = true
        }
        var seen = Set<String>()
        for f in files {
            guard !f.name.isEmpty, !f.name.hasPrefix("."), !f.name.contains("/"), seen.insert(f.name.lowercased()).inserted else {
                if created { try? fm.removeItem(at: dir) }
                throw PublishError(description: "\(folder): cannot write \(f.name): not a plain file name, or named twice")
            }
        }
        let pid = ProcessInfo.processInfo.processIdentifier
        let targets = files.map { dir.appendingPathComponent($0.name) }
        let temps = files.map { dir.appendingPathComponent(".\($0.name).\(pid).tmp") }
        let backups = files.map { dir.appendingPathComponent(".\($0.name).\(pid).old") }
        var backedUp = Array(repeating: false, count: files.count)
        /// Removes the temporary files and backups from `first` on, and the folder if this call made it.
        func discard(from first: Int) {
            for j in first..<files.count { try? fm.removeItem(at: temps[j]); if backedUp[j] { try? fm.removeItem(at: backups[j]) } }
            if created { try? fm.removeItem(at: dir) }
        }
        // 1. Every file to its temporary name, and a hard link to each file it will replace.
        for (i, f) in files.enumerated() {
            do { try Data(f.contents.utf8).write(to: temps[i]) } catch {
                discard(from: 0)
                throw PublishError(description: "\(targets[i].path): cannot write: \(error.localizedDescription)")
            }
            if fm.fileExists(atPath: targets[i].path, isDirectory: &isDir), !isDir.boolValue {
                guard link(targets[i].path, backups[i].path) == 0 else {
                    let reason = String(cString: strerror(errno))
                    discard(from: 0)
                    throw PublishError(description: "\(targets[i].path): cannot keep the old file while writing: \(reason)")
                }
                backedUp[i] = true
            }
        }
        // 2. Rename into place; on failure, put back what was replaced and remove what was added.
        for i in files.indices where rename(temps[i].path, targets[i].path) != 0 {
            let reason = String(cString: strerror(errno))
            for j in 0..<i {
                if backedUp[j] { _ = rename(backups[j].path, targets[j].path) } else { try? fm.removeItem(at: targets[j]) }
            }
            discard(from: i)
            throw PublishError(description: "\(targets[i].path): cannot write: \(reason)")
        }
        for i in files.indices where backedUp[i] { try? fm.removeItem(at: backups[i]) }
    }
}
