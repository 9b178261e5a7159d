import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How every input file is read (scenarios, demand CSV, previous rotas, shards): missing files,
/// folders, unreadable and oversized files are refused at once, before anything is parsed, and
/// text must be UTF-8 without control characters, with the line and column of the first bad byte.
public enum InputFile {
    /// The largest input file read: 10 MB (10 x 1,048,576 bytes).
    public static let sizeLimit = 10 * 1_048_576

    /// The file's bytes. At most `limit + 1` bytes are ever read, so a file that grows while it is
    /// read, or a pipe, cannot get past the limit. `kind` names what was expected ("scenario file").
    public static func data(_ path: String, kind: String = "file", limit: Int = sizeLimit) throws(InputError) -> Data {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw InputError(file: path, openProblem(errno)) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw InputError(file: path, "cannot read the file: \(String(cString: strerror(errno)))") }
        let type = info.st_mode & S_IFMT
        if type == S_IFDIR { throw InputError(file: path, "is a folder, not a \(kind)") }
        if type == S_IFREG && Int(info.st_size) > limit { throw tooLarge(path, size: Int(info.st_size), limit: limit) }
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while data.count <= limit {
            let wanted = min(buffer.count, limit + 1 - data.count)
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, wanted) }
            if n == 0 { break }
            if n < 0 {
                if errno == EINTR { continue }
                throw InputError(file: path, "cannot read the file: \(String(cString: strerror(errno)))")
            }
            data.append(contentsOf: buffer[0..<n])
        }
        if data.count > limit { throw tooLarge(path, size: nil, limit: limit) }
        return data
    }

    /// The file as text: `data(_:kind:limit:)`, then `decode(_:file:)`.
    public static func text(_ path: String, kind: String = "file", limit: Int = sizeLimit) throws(InputError) -> String {
        try decode(data(path, kind: kind, limit: limit), file: path)
    }

    /// Bytes as text: UTF-8, without control characters other than tab, line feed and carriage
    /// return (unless `controls` allows them: a rota read back holds names as they were written);
    /// a leading byte-order mark is dropped. The first bad byte is named by line, column (in
    /// characters, from 1) and byte offset (from 0).
    public static func decode(_ data: Data, file: String, controls: Bool = false) throws(InputError) -> String {
        var line = 1, column = 1, offset = 0
        var bytes = data.makeIterator()
        var decoder = UTF8()
        decoding: while true {
            switch decoder.decode(&bytes) {
            case .emptyInput:
                break decoding
            case .error:
                throw InputError(file: file, line: line, "invalid UTF-8 at column \(column) (byte offset \(offset)): save the file as UTF-8 text")
            case .scalarValue(let c):
                if c == "\n" { line += 1; column = 1; offset += 1; continue }
                if !controls && ((c.value < 0x20 && c != "\t" && c != "\r") || (0x7F...0x9F).contains(c.value)) {
                    let code = "U+" + String(c.value, radix: 16, uppercase: true).leftPadded(to: 4)
                    throw InputError(file: file, line: line, "control character \(code) at column \(column) (byte offset \(offset)) is not allowed")
                }
                column += 1
                offset += UTF8.width(c)
            }
        }
        var text = String(decoding: data, as: UTF8.self)
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        return text
    }

    /// A JSON file that does not decode: the field it fails at (`assignments[3].week`) and why, on one line.
    public static func jsonProblem(_ error: any Error, file: String, expected: String) -> InputError {
        guard let error = error as? DecodingError else { return InputError(file: file, "not \(expected): \(error)") }
        func kind(_ type: Any.Type) -> String { type == Int.self ? "a whole number" : type == String.self ? "text" : "\(type)" }
        let (context, what): (DecodingError.Context, String)
        switch error {
        case .typeMismatch(let type, let c): (context, what) = (c, "expected \(kind(type))")
        case .valueNotFound(let type, let c): (context, what) = (c, "expected \(kind(type)), found null")
        case .keyNotFound(let key, let c): (context, what) = (c, "missing field \"\(key.stringValue)\"")
        case .dataCorrupted(let c): (context, what) = (c, "not valid JSON")
        @unknown default: return InputError(file: file, "not \(expected)")
        }
        let field = context.codingPath.reduce("") { path, key in
            key.intValue.map { "\(path)[\($0)]" } ?? (path.isEmpty ? key.stringValue : "\(path).\(key.stringValue)")
        }
        return InputError(file: file, field: field, "not \(expected): \(what)")
    }

    static func openProblem(_ code: Int32) -> String {
        switch code {
        case ENOENT: return "file not found"
        case EACCES: return "cannot read the file: permission denied"
        default: return "cannot read the file: \(String(cString: strerror(code)))"
        }
    }

    static func tooLarge(_ path: String, size: Int?, limit: Int) -> InputError {
        // Whole megabytes as such, sizes to a tenth of one; anything else (small test limits) in bytes.
        func amount(_ bytes: Int, exact: Bool) -> String {
            if bytes % 1_048_576 == 0 { return "\(bytes / 1_048_576) MB" }
            if exact || bytes < 1_048_576 { return "\(bytes) bytes" }
            return String(format: "%.1f MB", Double(bytes) / 1_048_576)
        }
        let found = size.map { amount($0, exact: false) } ?? "over \(amount(limit, exact: true))"
        return InputError(file: path, "too large (\(found); the limit is \(amount(limit, exact: true)))")
    }
}

private extension String {
    func leftPadded(to width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
