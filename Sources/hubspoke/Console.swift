import Foundation
import HubspokeSupport
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The one way hubspoke writes to standard output and standard error: write(2) on the
/// descriptors, every write checked, nothing buffered. A failed write to standard output (a full
/// disk, a closed pipe: SIGPIPE is ignored, so EPIPE is an error like any other) ends the command
/// with exit status 1 and one line on standard error; a failed write to standard error ends it
/// with exit status 1 quietly. Nothing here can crash.
enum Console {
    /// Called once, first thing: a closed pipe gives EPIPE instead of killing the process.
    static func start() {
        signal(SIGPIPE, SIG_IGN)
    }

    /// Writes bytes to standard output: as they are (CSV, JSON, HTML) into a file or a pipe, with
    /// control characters escaped when standard output is a terminal (a name in a CSV cannot
    /// clear the screen there either).
    static func out(_ data: Data) throws {
        let shown = isatty(STDOUT_FILENO) == 1 ? Data(TerminalText.escaped(String(decoding: data, as: UTF8.self)).utf8) : data
        if let code = AtomicFile.writeFully(STDOUT_FILENO, shown) {
            throw Fail.message("cannot write to standard output: \(String(cString: strerror(code)))", .badInput)
        }
    }

    /// Writes text meant for a terminal (tables, reports) to standard output, its control
    /// characters escaped wherever it goes.
    static func out(text: String) throws {
        try out(Data(TerminalText.escaped(text).utf8))
    }

    /// One line of text for a terminal on standard output (what `print` did).
    static func line(_ text: String) throws {
        try out(text: text + "\n")
    }

    /// Writes to standard error as it is (the progress bar's own control sequences); on failure
    /// there is nowhere left to say so: exit 1.
    static func error(raw text: String) {
        // _exit: other threads (simulation workers) may still run; nothing is buffered to flush.
        if AtomicFile.writeFully(STDERR_FILENO, Data(text.utf8)) != nil { _exit(ExitStatus.badInput.rawValue) }
    }

    /// A message on standard error, its control characters escaped (it may quote input). A progress
    /// line on the terminal is cleared first, so the message starts a line of its own.
    static func error(_ text: String) {
        error(raw: TerminalLine.clearedForMessage() + TerminalText.escaped(text))
    }
}
