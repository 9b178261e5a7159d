import CGLPK

/// Receives GLPK's terminal output through `glp_term_hook`.
final class GLPKLogBuffer {
    private(set) var text = ""

    func append(_ line: String) {
        text += line
    }
}

/// GLPK's per-thread environment.
///
/// GLPK keeps its environment (memory pools, terminal settings, hooks) in
/// thread-local storage. Every use of GLPK in this module goes through
/// ``withEnvironment(captureLog:_:)``, which runs synchronously on the calling
/// thread, silences (or captures) the terminal, and frees the thread's
/// environment afterwards. Problem objects must be created and deleted inside
/// the closure; they are never stored.
enum GLPKEnvironment {
    /// Runs `body` with GLPK terminal output switched off for this thread, or,
    /// when `captureLog` is set, redirected into the returned log.
    ///
    /// Afterwards the terminal hook is removed, terminal output is switched off
    /// and the thread's GLPK environment is freed (no leak when the thread ends).
    static func withEnvironment<R>(captureLog: Bool, _ body: () throws -> R) rethrows -> (result: R, log: String) {
        let buffer = GLPKLogBuffer()
        return try withExtendedLifetime(buffer) {
            if captureLog {
                // The hook is only called while terminal output is on; it
                // returns non-zero so GLPK does not also print the text.
                glp_term_hook({ info, text in
                    guard let info, let text else { return 1 }
                    Unmanaged<GLPKLogBuffer>.fromOpaque(info).takeUnretainedValue().append(String(cString: text))
                    return 1
                }, Unmanaged.passUnretained(buffer).toOpaque())
                glp_term_out(GLP_ON)
            } else {
                glp_term_out(GLP_OFF)
            }
            defer {
                glp_term_out(GLP_OFF)
                glp_term_hook(nil, nil)
                glp_free_env()
            }
            let result = try body()
            return (result, buffer.text)
        }
    }
}
