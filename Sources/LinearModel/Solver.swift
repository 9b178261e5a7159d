/// Something that solves a ``Model``.
///
/// Implementations must not crash on a bad model: they return a result with
/// status ``SolveStatus/error`` and a ``SolveResult/message`` instead (calling
/// ``Model/validate()`` first is the usual way).
public protocol Solver {
    /// Solves `model` synchronously on the calling thread.
    func solve(_ model: Model, options: SolveOptions) -> SolveResult
}
