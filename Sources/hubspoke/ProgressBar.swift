import Foundation
import Synchronization

/// One line on standard error, redrawn in place (`\r`, then erase to the end of the line) at most
/// ten times a second, and cleared at the end. Only where standard error is a terminal. Safe to
/// update from several threads. The simulator's progress bar and the planner's progress line draw on it.
final class TerminalLine: Sendable {
    private struct State { var lastDraw = -1.0; var drawn = false }
    private let state = Mutex(State())
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
        state.withLock { s in
            guard elapsed >= delay, force || elapsed - s.lastDraw >= 0.1 else { return }
            s.lastDraw = elapsed
            s.drawn = true
            Console.error(raw: "\r\u{1B}[K" + text(elapsed))
        }
    }

    /// Clears the line, if drawn (a later `draw` starts it again, as after a note between bars).
    func finish() {
        state.withLock { s in
            if s.drawn { Console.error(raw: "\r\u{1B}[K") }
            s.drawn = false
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
