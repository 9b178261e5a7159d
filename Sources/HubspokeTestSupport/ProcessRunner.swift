import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How a program run by `ProcessRunner` ended, and everything it wrote.
package struct ProcessOutcome: Sendable {
    /// The exit status, or the number of the signal that ended the process.
    package var status: Int32
    /// True when a signal ended the process (a crash, SIGPIPE, or a kill: the test's own or the timeout's).
    package var signalled: Bool
    /// True when the process ran past its timeout and was killed.
    package var timedOut: Bool
    /// Standard output and standard error, whole (empty for a stream given its own handle).
    package var outData: Data
    package var errData: Data

    package var out: String { String(decoding: outData, as: UTF8.self) }
    package var err: String { String(decoding: errData, as: UTF8.self) }
}

/// The one way the tests run a program (the `hubspoke` binary, python3, chromium, sqlite3, mount).
///
/// Standard output and standard error go to temporary files, not pipes: a pipe holds 64 KiB, and a
/// runner that reads one pipe to its end before the other deadlocks once the other fills (the
/// program blocks writing standard error while the runner waits for standard output to end). A
/// file never fills, and no grandchild that outlives the process (a browser's helpers) can keep
/// it open and the runner waiting. Standard input is /dev/null unless given, so a program that
/// reads it cannot wait on the test's own.
package enum ProcessRunner {
    /// Runs `executable` to its end (or to `timeout` seconds, then kills it) and returns what it did.
    /// A stream given a handle (a pipe, /dev/full, /dev/null) writes there instead of being collected.
    package static func run(_ executable: URL, _ arguments: [String], directory: URL? = nil, stdin: FileHandle? = nil,
                           stdout: FileHandle? = nil, stderr: FileHandle? = nil, timeout: Double? = nil) throws -> ProcessOutcome {
        try start(executable, arguments, directory: directory, stdin: stdin, stdout: stdout, stderr: stderr).wait(timeout: timeout)
    }

    /// Starts `executable` and returns at once, for a test that acts while it runs (kills it, say).
    package static func start(_ executable: URL, _ arguments: [String], directory: URL? = nil, stdin: FileHandle? = nil,
                             stdout: FileHandle? = nil, stderr: FileHandle? = nil) throws -> RunningProcess {
        try RunningProcess(executable, arguments, directory: directory, stdin: stdin, stdout: stdout, stderr: stderr)
    }

    /// The program `name` on PATH, or nil when it is not installed.
    package static func onPath(_ name: String) -> URL? {
        (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
            .map { URL(fileURLWithPath: String($0)).appendingPathComponent(name) }
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }
}

/// A process started by `ProcessRunner.start`: wait for it, or kill it first.
package final class RunningProcess {
    private let process = Process()
    private let exited = DispatchSemaphore(value: 0)
    private let folder: URL
    private let outFile: URL?, errFile: URL?
    private var outcome: ProcessOutcome?

    fileprivate init(_ executable: URL, _ arguments: [String], directory: URL?, stdin: FileHandle?,
                     stdout: FileHandle?, stderr: FileHandle?) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("hubspoke-run-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        outFile = stdout == nil ? folder.appendingPathComponent("out") : nil
        errFile = stderr == nil ? folder.appendingPathComponent("err") : nil
        process.executableURL = executable
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        process.standardInput = stdin ?? FileHandle.nullDevice
        process.standardOutput = try stdout ?? Self.handle(outFile)
        process.standardError = try stderr ?? Self.handle(errFile)
        let exited = self.exited
        process.terminationHandler = { _ in exited.signal() }
        do { try process.run() } catch {
            try? FileManager.default.removeItem(at: folder)
            throw error
        }
    }

    deinit { try? FileManager.default.removeItem(at: folder) }

    private static func handle(_ file: URL?) throws -> FileHandle {
        guard let file, FileManager.default.createFile(atPath: file.path, contents: nil) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: file?.path ?? ""])
        }
        return try FileHandle(forWritingTo: file)
    }

    package var processIdentifier: Int32 { process.processIdentifier }

    /// Sends `signal` to the process (SIGKILL by default).
    package func kill(_ signal: Int32 = SIGKILL) {
        _ = Foundation.kill(process.processIdentifier, signal)
    }

    /// Waits for the process to end, killing it after `timeout` seconds, and returns what it wrote.
    package func wait(timeout: Double? = nil) -> ProcessOutcome {
        if let outcome { return outcome }
        var timedOut = false
        if let timeout, exited.wait(timeout: .now() + timeout) == .timedOut {
            timedOut = true
            kill()
            exited.wait()
        } else if timeout == nil {
            exited.wait()
        }
        process.waitUntilExit()
        let read = { (file: URL?) in file.flatMap { FileManager.default.contents(atPath: $0.path) } ?? Data() }
        let done = ProcessOutcome(status: process.terminationStatus, signalled: process.terminationReason == .uncaughtSignal,
                                  timedOut: timedOut, outData: read(outFile), errData: read(errFile))
        outcome = done
        return done
    }
}
