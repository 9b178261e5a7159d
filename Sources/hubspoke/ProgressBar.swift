import Foundation
import Synchronization

/// One line on standard error, redrawn in place (`\r`, then erase to the end of the line) at most
/// ten times a second, and cleared at the end. Only where standard error is a terminal. Safe to
/// update from several threads. The simulator's progress bar and the planner's progress line draw on it.
final class TerminalLine: Sendable {
    private let lastDraw = Mutex(-1.0)
    /// Whether some line is drawn on standard error now (there is one terminal, whichever line drew).
    private static let drawn = Mutex(false)
    private let started = Date()
    /// Nothing is drawn before this many seconds: a quick command shows nothing.
    private let delay: Double

    /// nil when standard error is not a terminal (a pipe, a file, CI).
    init?(delay: Double = 0) {
        guard isatty(STDERR_FILENO) == 1 else { return nil }
        self.delay = delay
    }

    /// Seconds since the line was made.
    var elapsed: Double { Date().timeIntervalSince(started) }

    /// Redraws the line with `text` (made only when it is drawn); `force` draws it now, throttle or not.
    func draw(force: Bool = false, _ text: (Double) -> String) {
        let elapsed = self.elapsed
        lastDraw.withLock { last in
            guard elapsed >= delay, force || elapsed - last >= 0.1 else { return }
            last = elapsed
            Self.drawn.withLock { drawn in
                drawn = true
                Console.error(raw: "\r\u{1B}[K" + text(elapsed))
            }
        }
    }

    /// Clears the line, if drawn (a later `draw` starts it again, as after a note between bars).
    func finish() {
        Console.error(raw: Self.clearedForMessage())
    }

    /// What clears the line now drawn, if any, before a message is written (and marks it cleared).
    static func clearedForMessage() -> String {
        drawn.withLock { drawn in
            defer { drawn = false }
            return drawn ? "\r\u{1B}[K" : ""
        }
    }
}

/// A progress bar on standard error (`label [#####-----] 3/10`), on a `TerminalLine`.
final class ProgressBar: Sendable {
    private let label: String
    private let line: TerminalLine

    /// nil when standard error is not a terminal (a pipe, a file, CI).
    init?(label: String) {
        guard let line = TerminalLine() else { return nil }
        self.label = label
        self.line = line
    }

    func update(_ done: Int, _ total: Int) {
        line.draw(force: done == total) { _ in
            let width = 30
            let filled = total == 0 ? width : done * width / total
            return "\(label) [" + String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled) + "] \(done)/\(total)"
        }
    }

    func finish() { line.finish() }
}
