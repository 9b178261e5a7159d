import Foundation
import HubspokeSupport
import Testing

/// The one reader of input files: limits, folders, encodings.
@Suite struct InputFileTests {
    func message(_ body: () throws -> Void) -> String {
        do { try body(); return "accepted" } catch let error as InputError { return error.description } catch { return "\(error)" }
    }

    @Test func aPipeCannotGetPastTheLimit() throws {
        // Nothing tells a reader of a pipe how much is coming: at most limit + 1 bytes are read.
        let pipe = Pipe()
        pipe.fileHandleForWriting.write(Data(repeating: UInt8(ascii: "a"), count: 5_000))
        try pipe.fileHandleForWriting.close()
        let path = "/dev/fd/\(pipe.fileHandleForReading.fileDescriptor)"
        #expect(message { _ = try InputFile.data(path, limit: 4_000) } == "\(path): too large (over 4000 bytes; the limit is 4000 bytes)")
    }

    @Test func aFileAtTheLimitIsReadAndOneByteMoreIsNot() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("inputfile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let file = dir.appendingPathComponent("f.csv").path
        try Data(repeating: UInt8(ascii: "a"), count: 2 * 1_048_576).write(to: URL(fileURLWithPath: file))
        #expect(try InputFile.data(file, limit: 2 * 1_048_576).count == 2 * 1_048_576)
        #expect(message { _ = try InputFile.data(file, limit: 2 * 1_048_576 - 1) } == "\(file): too large (2 MB; the limit is 2097151 bytes)")
        #expect(message { _ = try InputFile.data(dir.path, kind: "demand CSV") } == "\(dir.path): is a folder, not a demand CSV")
        #expect(message { _ = try InputFile.data(dir.appendingPathComponent("none").path) }.hasSuffix("none: file not found"))
    }

    @Test func textIsUTF8WithoutControlCharacters() throws {
        func decode(_ bytes: [UInt8]) -> String { message { _ = try InputFile.decode(Data(bytes), file: "f") } }
        #expect(try InputFile.decode(Data("\u{FEFF}a,b\r\nc\td\n".utf8), file: "f") == "a,b\r\nc\td\n")
        #expect(try InputFile.decode(Data("caf\u{E9} \u{1F600}\n".utf8), file: "f") == "caf\u{E9} \u{1F600}\n")
        // "é" is two bytes, "😀" four: columns count characters, offsets count bytes.
        #expect(decode(Array("a\n\u{E9}\u{1F600}x".utf8) + [0xFF]) == "f:2: invalid UTF-8 at column 4 (byte offset 9): save the file as UTF-8 text")
        #expect(decode(Array("ab\ncd\u{7}".utf8)) == "f:2: control character U+0007 at column 3 (byte offset 5) is not allowed")
        #expect(decode(Array("x\u{85}".utf8)) == "f:1: control character U+0085 at column 2 (byte offset 1) is not allowed")
        #expect(decode([0xC3]) == "f:1: invalid UTF-8 at column 1 (byte offset 0): save the file as UTF-8 text")
        #expect(try InputFile.decode(Data("name\u{1B}".utf8), file: "f", controls: true) == "name\u{1B}")
    }
}
