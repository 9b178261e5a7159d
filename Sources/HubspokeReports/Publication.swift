import Foundation
import HubspokeSupport

/// A file to publish: its name in the folder and its contents.
public struct PublishedFile: Sendable {
    public var name: String
    public var contents: String
    public init(name: String, contents: String) { self.name = name; self.contents = contents }
}

public struct PublishError: Error, CustomStringConvertible, Sendable {
    public var description: String
}

/// Writes a set of files into one folder, all or nothing, through `AtomicFile.writeAll`: every
/// file goes to a fresh temporary file in the folder first (created exclusively, never through a
/// link); only when all are written are they renamed into place, and if a rename fails the files
/// already replaced are put back. A failure leaves the folder as it was.
public enum Publication {
    /// Writes `files` into `folder`, creating the folder (not its parents) when it is missing;
    /// `alongWith` are other files of the same command, written in the same all-or-nothing step.
    public static func write(_ files: [PublishedFile], into folder: String, alongWith others: [OutputFile] = []) throws(PublishError) {
        let fm = FileManager.default
        let dir = URL(fileURLWithPath: folder)
        var isDir: ObjCBool = false
        var seen = Set<String>()
        for f in files {
            guard !f.name.isEmpty, !f.name.hasPrefix("."), !f.name.contains("/"), seen.insert(f.name.lowercased()).inserted else {
                throw PublishError(description: "\(folder): cannot write \(f.name): not a plain file name, or named twice")
            }
        }
        var created = false
        if fm.fileExists(atPath: dir.path, isDirectory: &isDir) {
            guard isDir.boolValue else { throw PublishError(description: "\(folder): cannot write: it is a file, not a folder") }
        } else {
            let parent = dir.deletingLastPathComponent()
            guard fm.fileExists(atPath: parent.path, isDirectory: &isDir), isDir.boolValue else {
                throw PublishError(description: "\(folder): cannot write: folder \(parent.path) does not exist")
            }
            do { try AtomicFile.check(others.map(\.path)) } catch { throw PublishError(description: error.description) }
            do { try fm.createDirectory(at: dir, withIntermediateDirectories: false) } catch {
                throw PublishError(description: "\(folder): cannot create the folder: \(error.localizedDescription)")
            }
            created = true
        }
        let outputs = files.map { OutputFile(path: dir.appendingPathComponent($0.name).path, text: $0.contents) }
        do { try AtomicFile.writeAll(others + outputs) } catch {
            if created { try? fm.removeItem(at: dir) }
            throw PublishError(description: error.description)
        }
    }
}
