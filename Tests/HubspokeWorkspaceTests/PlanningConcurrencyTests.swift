import Foundation
import HubspokeModel
import HubspokePlanner
import HubspokeWorkspace
import Synchronization
import Testing

/// A plan holds no database lock while the solver works: other commands (a server's requests) read
/// and write meanwhile, and a change to the week's own inputs makes the plan start again.
@Suite struct PlanningConcurrencyTests {
    /// A gate the solver's first progress report waits at until the test opens it.
    final class Gate: Sendable {
        let solving = DispatchSemaphore(value: 0), open = DispatchSemaphore(value: 0)
        private let reported = Mutex(false)
        /// Blocks the first caller until `open` is signalled; later callers pass.
        func firstReport() {
            guard reported.withLock({ let first = !$0; $0 = true; return first }) else { return }
            solving.signal()
            _ = open.wait(timeout: .now() + 120)
        }
    }

    /// Runs `body` on a thread of its own and says whether it ended within `seconds`.
    func endsWithin(_ seconds: Double, _ body: @escaping @Sendable () -> Void) -> Bool {
        let done = DispatchSemaphore(value: 0)
        Thread { body(); done.signal() }.start()
        return done.wait(timeout: .now() + seconds) == .success
    }

    @Test(arguments: [true, false]) func readsAndWritesGoOnWhileTheSolverWorks(holdingTheLock: Bool) throws {
        let (ws, _) = try makeWorkspace()
        let gate = Gate()
        var options = PlanOptions()
        options.progress = { _ in gate.firstReport() }
        let outcome = Mutex<Result<PlanOutcome, WorkspaceError>?>(nil)
        let planOptions = options
        Thread {
            let r = Result { () throws(WorkspaceError) in try ws.plan(week: week1, options: planOptions, holdingTheLock: holdingTheLock) }
            outcome.withLock { $0 = r }
        }.start()
        #expect(gate.solving.wait(timeout: .now() + 120) == .success, "the solver reported progress")
        defer { gate.open.signal() }
        // While the solver is held: a read, a write to another week, and a write to the week planned.
        #expect(endsWithin(10) { _ = try? ws.history() }, "a read waited for the solver")
        #expect(endsWithin(10) { _ = try? ws.addAbsence(post: "EP-1", dates: [week2], half: nil, reason: nil) }, "a write waited for the solver")
        #expect(endsWithin(10) { _ = try? ws.addAbsence(post: "SLT-1", dates: [week1.adding(days: 3)], half: .am, reason: nil) })
        gate.open.signal()
        var result: Result<PlanOutcome, WorkspaceError>?
        for _ in 0..<1200 where result == nil { Thread.sleep(forTimeInterval: 0.1); result = outcome.withLock { $0 } }
        let planned = try #require(result).get()
        // The week changed while it was solved, so it was planned again from the new inputs.
        #expect(planned.notes.contains("the week's inputs changed while it was being planned; planned again"))
        #expect(!planned.rota.assignments.contains { $0.post == "SLT-1" && $0.date == week1.adding(days: 3) && $0.half == .am })
        #expect(try ws.absences(post: "EP-1").count == 1)
    }
}
