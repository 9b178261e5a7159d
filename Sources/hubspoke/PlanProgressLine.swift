import Foundation
import HubspokePlanner
import Synchronization

/// The planner's live line on standard error while it solves: elapsed time, phase, best rota,
/// bound and gap, redrawn in place at most ten times a second and cleared at the end. Drawn only
/// when standard error is a terminal and `--quiet` is not given; standard output never changes.
final class PlanProgressLine: Sendable {
    /// Drawn from half a second on, so a quick plan shows nothing.
    private let line: TerminalLine
    /// The last report, and whether the plan has finished (the ticker then stops).
    private let last = Mutex<(progress: PlanProgress?, finished: Bool)>((nil, false))

    /// nil when standard error is not a terminal (a pipe, a file, CI) or the user asked for quiet.
    /// A ticker redraws the last report twice a second, so the elapsed time moves while a long
    /// search reports nothing new.
    init?(quiet: Bool) {
        guard !quiet, let line = TerminalLine(delay: 0.5) else { return nil }
        self.line = line
        let ticker = Thread { [self] in
            while true {
                Thread.sleep(forTimeInterval: 0.5)
                // Drawn under the lock `finish` takes, so nothing is drawn after the line is cleared.
                let finished = last.withLock { state in
                    if !state.finished, let p = state.progress { line.draw { Self.text(p, elapsed: $0) } }
                    return state.finished
                }
                if finished { return }
            }
        }
        ticker.name = "hubspoke progress line"
        ticker.start()
    }

    /// What `PlanOptions.progress` is told, as a closure for it.
    var observer: @Sendable (PlanProgress) -> Void {
        { [self] p in
            last.withLock { state in
                guard !state.finished else { return }
                state.progress = p
                line.draw { Self.text(p, elapsed: $0) }
            }
        }
    }

    /// Clears the line (the rota and the closing note follow on a clean line); the ticker stops.
    func finish() {
        last.withLock { state in
            state.finished = true
            line.finish()
        }
    }

    /// `  3.2 s  round 2: 1 part(s), roles merged for rooms  best 564.09  bound 563.18  gap 0.16%`
    static func text(_ p: PlanProgress, elapsed: Double) -> String {
        var parts = [String(format: "%5.1f s", elapsed), p.phase]
        parts.append("best " + (p.best.map { String(format: "%.2f", $0) } ?? "-"))
        parts.append("bound " + (p.bound.map { String(format: "%.2f", $0) } ?? "-"))
        if let g = p.gap { parts.append(String(format: "gap %.2f%%", g * 100)) }
        return parts.joined(separator: "  ")
    }
}
