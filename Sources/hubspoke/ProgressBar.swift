import Foundation

/// A progress bar on standard error, drawn only when standard error is a terminal, and redrawn at
/// most ten times a second. Safe to update from several threads.
final class ProgressBar: @unchecked Sendable {
    private let label: String
    private let lock = NSLock()
    private var lastDraw = 0.0
    private var drawn = false

    /// nil when standard error is not a terminal (a pipe, a file, CI).
    init?(label: String) {
        guard isatty(STDERR_FILENO) == 1 else { return nil }
        self.label = label
    }

    func update(_ done: Int, _ total: Int) {
        lock.lock(); defer { lock.unlock() }
        let now = Date().timeIntervalSinceReferenceDate
        guard done == total || now - lastDraw >= 0.1 else { return }
        lastDraw = now
        let width = 30
        let filled = total == 0 ? width : done * width / total
        let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
        Console.error(raw: "\r\(label) [\(bar)] \(done)/\(total)")
        drawn = true
    }

    func finish() {
        lock.lock(); defer { lock.unlock() }
        if drawn { Console.error(raw: "\r\u{1B}[K") }
    }
}
