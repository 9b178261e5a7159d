import Foundation

extension Rota {
    /// The same content as the table, for machines: keys sorted, numbers rounded, no timings,
    /// so the same input gives the same bytes.
    public func json() -> String {
        var copy = self
        copy.objective.terms = objective.terms.map { t in
            var t = t; t.quantity = (t.quantity * 1000).rounded() / 1000; t.penalty = (t.penalty * 1000).rounded() / 1000; return t
        }
        copy.objective.total = (objective.total * 1000).rounded() / 1000
        copy.solver.objective = solver.objective.map { ($0 * 1000).rounded() / 1000 }
        copy.solver.bestBound = solver.bestBound.map { ($0 * 1000).rounded() / 1000 }
        copy.solver.gap = solver.gap.map { ($0 * 1_000_000).rounded() / 1_000_000 }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(copy)) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
