import Foundation
import Testing
@testable import HubspokeSupport

/// The names a test hands to `AtomicFile`: the given ones first, then fresh random ones.
private final class ScriptedNames: @unchecked Sendable {
    private let lock = NSLock()
    private var queue: [String]
    private(set) var drawn = 0
    init(_ names: [String]) { queue = names }
    func next() -> String {
        lock.lock(); defer { lock.unlock() }
        drawn += 1
        return queue.isEmpty ? AtomicFile.randomName() : queue.removeFirst()
    }
}

/// What a reader thread got from a pipe.
@Suite struct AtomicFileTests {
    let fm = FileManager.default

    func folder() throws -> URL {
        let d = fm.temporaryDirectory.appendingPathComponent("hubspoke-atomic-\(UUID().uuidString)")
        try fm.createDirectory(at: d, withIntermediateDirectories: true)
        return d
    }

    func entries(_ dir: URL) throws -> [String] { try fm.contentsOfDirectory(atPath: dir.path).sorted() }

    /// A link at the very temporary name drawn (a forced collision) is never opened: O_EXCL
    /// refuses it, a new name is drawn, and the link's target is untouched.
    @Test func aLinkAtTheTemporaryNameIsNeverFollowed() throws {
        let dir = try folder()
        let victim = dir.appendingPathComponent("victim"), out = dir.appendingPathComponent("out").appendingPathComponent("x.csv")
        try fm.createDirectory(at: out.deletingLastPathComponent(), withIntermediateDirectories: false)
        try "precious".write(to: victim, atomically: true, encoding: .utf8)
        let planted = AtomicFile.temporaryPath(for: out.path, random: "planted")
        try fm.createSymbolicLink(atPath: planted, withDestinationPath: victim.path)
        let names = ScriptedNames(["planted"])
        try AtomicFile.writeAll([OutputFile(path: out.path, text: "new")], names: names.next)
        #expect(names.drawn >= 2, "the planted name was drawn, refused, and another drawn")
        #expect(try String(contentsOf: victim, encoding: .utf8) == "precious")
        #expect(try String(contentsOf: out, encoding: .utf8) == "new")
        #expect(try fm.destinationOfSymbolicLink(atPath: planted) == victim.path)
        #expect(try entries(out.deletingLastPathComponent()) == [".x.csv.planted.tmp", "x.csv"])
    }

    /// When every name drawn is taken, the write fails; nothing is followed, written or left.
    @Test func onlyTakenNamesFailTheWriteAndChangeNothing() throws {
        let dir = try folder()
        let victim = dir.appendingPathComponent("victim"), out = dir.appendingPathComponent("x.csv")
        try "precious".write(to: victim, atomically: true, encoding: .utf8)
        try "old".write(to: out, atomically: true, encoding: .utf8)
        try fm.createSymbolicLink(atPath: AtomicFile.temporaryPath(for: out.path, random: "same"), withDestinationPath: victim.path)
        let before = try entries(dir)
        #expect { try AtomicFile.writeAll([OutputFile(path: out.path, text: "new")], names: { "same" }) } throws: { e in
            "\(e)" == "\(out.path): cannot write: File exists"
        }
        #expect(try String(contentsOf: victim, encoding: .utf8) == "precious")
        #expect(try String(contentsOf: out, encoding: .utf8) == "old")
        #expect(try entries(dir) == before)
    }

    /// Several files: one bad destination and none is written; previous files stay as they were.
    @Test func writeAllWritesEveryFileOrNone() throws {
        let dir = try folder()
        let a = dir.appendingPathComponent("a.txt"), b = dir.appendingPathComponent("b.txt")
        try "old a".write(to: a, atomically: true, encoding: .utf8)
        let bad = dir.appendingPathComponent("missing/c.txt").path
        #expect { try AtomicFile.writeAll([OutputFile(path: a.path, text: "new a"), OutputFile(path: b.path, text: "b"), OutputFile(path: bad, text: "c")]) } throws: { e in
            "\(e)".hasPrefix("\(bad): cannot write: folder ") && "\(e)".hasSuffix("missing does not exist")
        }
        #expect(try entries(dir) == ["a.txt"])
        #expect(try String(contentsOf: a, encoding: .utf8) == "old a")
        try AtomicFile.writeAll([OutputFile(path: a.path, text: "new a"), OutputFile(path: b.path, text: "b")])
        #expect(try entries(dir) == ["a.txt", "b.txt"])
        #expect(try String(contentsOf: a, encoding: .utf8) == "new a")
    }

    /// A rename that fails after others succeeded (a folder appears at the second destination
    /// once the checks are done) puts the replaced file back and removes every temporary file.
    @Test func aFailedRenamePutsBackWhatWasReplaced() throws {
        let dir = try folder()
        let a = dir.appendingPathComponent("a.txt"), b = dir.appendingPathComponent("b.txt")
        try "old a".write(to: a, atomically: true, encoding: .utf8)
        let fm = self.fm
        let names = ScriptedNames([])
        let sabotage: AtomicFile.NameSource = {
            let name = names.next()
            if names.drawn == 2 {   // b's temporary file: after the checks, before any rename
                try? fm.createDirectory(at: b, withIntermediateDirectories: false)
                try? "x".write(to: b.appendingPathComponent("inside"), atomically: false, encoding: .utf8)
            }
            return name
        }
        #expect { try AtomicFile.writeAll([OutputFile(path: a.path, text: "new a"), OutputFile(path: b.path, text: "b")], names: sabotage) } throws: { e in
            "\(e)".hasPrefix("\(b.path): cannot write: ")
        }
        #expect(try String(contentsOf: a, encoding: .utf8) == "old a")
        #expect(try entries(dir) == ["a.txt", "b.txt"])
        #expect(try entries(b) == ["inside"])
    }

    /// Temporary files are created with mode 0644 less the umask, as any new file.
    @Test func filesAreCreatedWithTheUsualMode() throws {
        let dir = try folder()
        let out = dir.appendingPathComponent("x.txt")
        try AtomicFile.write("x", to: out.path)
        let mode = try #require(try fm.attributesOfItem(atPath: out.path)[.posixPermissions] as? Int)
        let mask = umask(0); umask(mask)
        #expect(mode == 0o644 & ~Int(mask))
    }

    /// A pipe or a device, or a link to one, is written in place, never replaced by a regular file
    /// (`-o /dev/null` as root once replaced the machine's /dev/null); a link to a file is replaced
    /// and its target left alone (a planted link cannot aim the write elsewhere).
    @Test func streamsAreWrittenInPlace() throws {
        let dir = try folder()
        let file = dir.appendingPathComponent("rota.txt"), link = dir.appendingPathComponent("latest.txt")
        try "old".write(to: file, atomically: false, encoding: .utf8)
        try fm.createSymbolicLink(atPath: link.path, withDestinationPath: file.path)
        try AtomicFile.write("new", to: link.path)
        #expect((try? fm.destinationOfSymbolicLink(atPath: link.path)) == nil)
        #expect(try String(contentsOf: file, encoding: .utf8) == "old")
        #expect(try String(contentsOf: link, encoding: .utf8) == "new")

        let fifo = dir.appendingPathComponent("pipe").path
        try #require(mkfifo(fifo, 0o600) == 0)
        let received = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var read = Data()
        Thread {
            // A plain read loop: Foundation's file readers go by the size, and a pipe's is 0.
            let fd = open(fifo, O_RDONLY)
            var buffer = [UInt8](repeating: 0, count: 4096)
            while fd >= 0, case let n = Glibc.read(fd, &buffer, buffer.count), n > 0 { read.append(contentsOf: buffer[..<n]) }
            if fd >= 0 { close(fd) }
            received.signal()
        }.start()
        try AtomicFile.writeAll([OutputFile(path: dir.appendingPathComponent("a.txt").path, text: "a"), OutputFile(path: fifo, text: "through the pipe")])
        #expect(received.wait(timeout: .now() + 10) == .success)
        #expect(String(decoding: read, as: UTF8.self) == "through the pipe")
        var st = stat()
        #expect(lstat(fifo, &st) == 0 && st.st_mode & S_IFMT == S_IFIFO, "the pipe is still a pipe")

        let full = dir.appendingPathComponent("full").path
        try fm.createSymbolicLink(atPath: full, withDestinationPath: "/dev/full")
        #expect(throws: OutputError.self) { try AtomicFile.write("x", to: full) }
        #expect(try fm.destinationOfSymbolicLink(atPath: full) == "/dev/full")
        #expect(stat("/dev/full", &st) == 0 && st.st_mode & S_IFMT == S_IFCHR)
        #expect(try entries(dir) == ["a.txt", "full", "latest.txt", "pipe", "rota.txt"], "no temporary file left")
    }

    /// A full disk is a failed write, with its reason.
    @Test func aFullDiskIsReported() throws {
        let fd = open("/dev/full", O_WRONLY)
        try #require(fd >= 0)
        defer { close(fd) }
        #expect(AtomicFile.writeFully(fd, Data("x".utf8)) == ENOSPC)
    }

    /// Cells that could start a formula are neutralised, and read back exactly.
    @Test func spreadsheetCellsAreNeutralisedAndReadBack() throws {
        let hostile = [#"=HYPERLINK("http://x","click")"#, "-x", "+1+1", "@SUM(A1)", "\tname", "\rname", "'=already", "'plain", "=1+2"]
        for value in hostile {
            let cell = CSV.spreadsheetCell(value)
            #expect(cell.hasPrefix("\"'"), "\(value) -> \(cell)")
            let read = try #require(CSV.rows(cell + "\n").first?.fields.first)
            #expect(CSV.spreadsheetValue(read) == value)
        }
        for value in ["-3.5", "-12", "0.25", "PRU-A", "Unit A", "a,b", ""] {
            let read = try #require(CSV.rows(CSV.spreadsheetCell(value) + "\n").first?.fields.first)
            #expect(CSV.spreadsheetValue(read) == value)
            #expect(!CSV.spreadsheetCell(value).contains("'"), "\(value) is left alone")
        }
        #expect(CSV.spreadsheetCell("-3.5") == "-3.5")
        #expect(CSV.spreadsheetCell("-1e5") == "\"'-1e5\"", "only plain decimals count as numbers")
        #expect(CSV.spreadsheetCell("-") == "\"'-\"")
    }

    /// Control characters are shown as text; newlines kept only where asked; escaping is idempotent.
    @Test func terminalTextEscapesEveryControlCharacter() {
        let raw = "a\u{1B}]0;title\u{07}b\u{1B}[2Jc\u{7F}d\u{9B}e\tf\r\ng\u{0}"
        let escaped = TerminalText.escaped(raw)
        #expect(escaped == #"a\x1B]0;title\x07b\x1B[2Jc\x7Fd\u{9B}e\x09f\x0D"# + "\n" + #"g\x00"#)
        #expect(TerminalText.escaped(escaped) == escaped)
        #expect(!TerminalText.escaped("x\ny", keepingNewlines: false).contains("\n"))
        #expect(TerminalText.escaped("Ashford – Unit é") == "Ashford – Unit é")
        var t = TextTable()
        t.add(["\u{1B}[2J", "x"])
        t.add(["long name", "y"])
        #expect(t.render() == "\\x1B[2J    x\nlong name  y")
    }
}
