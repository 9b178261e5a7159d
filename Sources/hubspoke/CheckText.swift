import ArgumentParser
import HubspokeModel
import HubspokePlanner
import HubspokeSupport

/// The check report that `check` and `edit` print: the breaches (then exit 3), or the objective term
/// by term, beside another rota's with the difference and the sessions that differ.
enum CheckText {
    static func print(_ report: RotaCheckReport, title: String, against other: (report: RotaCheckReport, label: String)?) throws {
        var out = [title]
        if !report.breaches.isEmpty {
            out.append("Hard rules: \(report.breaches.count) breach\(report.breaches.count == 1 ? "" : "es")")
            out += report.breaches.map { "  \($0)" }
            try Console.line(TerminalText.escaped(out.joined(separator: "\n")))
            throw ExitCode(ExitStatus.conflict.rawValue)
        }
        out.append("Hard rules: all kept")
        guard let objective = report.objective else { return }
        if let other {
            out += compare(objective, report.sessions, with: other.report, label: other.label)
        } else {
            out.append(table(objective.terms.map { [$0.name, number($0.quantity), $0.unit, fixed($0.weight, 2), fixed($0.penalty, 2)] },
                             header: ["term", "quantity", "unit", "weight", "penalty"], total: ["total", "", "", "", fixed(objective.total, 2)], right: [1, 3, 4]))
        }
        try Console.line(TerminalText.escaped(out.joined(separator: "\n")))
    }

    static func compare(_ mine: ObjectiveBreakdown, _ sessions: [Assignment], with theirs: RotaCheckReport, label: String) -> [String] {
        guard let objective = theirs.objective else {
            return ["\(label): breaks \(theirs.breaches.count) hard rule(s): " + theirs.breaches.map(\.description).joined(separator: "; ")]
        }
        var names = mine.terms.map(\.name)
        for t in objective.terms where !names.contains(t.name) { names.append(t.name) }
        let rows = names.map { name -> [String] in
            let a = mine.terms.first { $0.name == name }?.penalty ?? 0, b = objective.terms.first { $0.name == name }?.penalty ?? 0
            return [name, fixed(a, 2), fixed(b, 2), signed(a - b)]
        }
        var out = [table(rows, header: ["term", "this rota", label, "difference"],
                         total: ["total", fixed(mine.total, 2), fixed(objective.total, 2), signed(mine.total - objective.total)])]
        let here = Set(sessions), there = Set(theirs.sessions)
        let removed = theirs.sessions.filter { !here.contains($0) }, added = sessions.sorted().filter { !there.contains($0) }
        out.append("\(removed.count + added.count) session(s) differ from \(label)")
        out += removed.map { "  - \($0.post) at \($0.site) \($0.date.iso) \($0.half.label)" }
        out += added.map { "  + \($0.post) at \($0.site) \($0.date.iso) \($0.half.label)" }
        return out
    }

    static func table(_ rows: [[String]], header: [String], total: [String], right: Set<Int>? = nil) -> String {
        var t = TextTable()
        t.rightAligned = right ?? Set(1..<header.count)
        t.add(header)
        for r in rows { t.add(r) }
        t.add(total)
        return t.render()
    }

    static func number(_ x: Double) -> String { fixed(x, x.rounded() == x ? 0 : 1) }
    static func signed(_ x: Double) -> String { abs(x) < 0.005 ? "0.00" : (x > 0 ? "+" : "") + fixed(x, 2) }
}
