import Foundation

public struct OutputError: Error, CustomStringConvertible, Sendable {
    public var description: String
}

/// Writes a file all at once: to a temporary file beside it, then renamed into place,
/// so a failure never leaves a half-written output.
public enum AtomicFile {
    public static func write(_ text: String, to path: String) throws(OutputError) {
        try write(Data(text.utf8), to: path)
    }

    public static func write(_ data: Data, to path: String) throws(OutputError) {
        let url = URL(fileURLWithPath: path)
        let dir = url.deletingLastPathComponent()
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: dir.path, isDirectory: &isDir), isDir.boolValue else {
            throw OutputError(description: "\(path): cannot write: folder \(dir.path) does not exist")
        }
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDir), isDir.boolValue {
            throw OutputError(description: "\(path): cannot write: it is a folder")
        }
        let tmp = dir.appendingPathComponent(".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).tmp")
        do {
            try data.write(to: tmp)
        } catch {
            try? FileManager.default.removeItem(at: tmp)
            throw OutputError(description: "\(path): cannot write: \(error.localizedDescription)")
        }
        if rename(tmp.path, path) != 0 {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: tmp)
            throw OutputError(description: "\(path): cannot write: \(reason)")
        }
    }
}
