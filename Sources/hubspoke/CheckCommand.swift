import ArgumentParser
import HubspokeModel
import HubspokePlanner
import HubspokeScenarioIO
import HubspokeSupport

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check a rota (a CSV or JSON written by rota, perhaps edited by hand): every hard rule, and the objective term by term.",
        discussion: """
        Every breach is listed with its post, site, date and half and the rule it breaks, and the command \
        exits \(ExitStatus.conflict.rawValue). A rota that keeps every rule gets its objective term by term, \
        counted by the planner's own model; with --against OTHER, beside OTHER's and the difference, with the \
        sessions that differ.
        """
    )

    @Argument(help: "The rota file (CSV or JSON written by hubspoke rota).")
    var rota: String

    @OptionGroup var scenarioOptions: ScenarioOptions

    @Option(name: .long, help: ArgumentHelp("Another rota of the same scenario, to compare with.", valueName: "file"))
    var against: String?

    @Option(name: .long, help: ArgumentHelp("The rota of the week before, for the continuity term (as rota --previous).", valueName: "file"))
    var previous: String?

    func run() throws {
        let scenario = try scenarioOptions.load()
        let file = try Fail.input { try RotaFile.load(path: rota, scenario: scenario) }
        let prev = try previous.map { p in try Fail.input { try PreviousRota.load(path: p, scenario: scenario) } }
        let report = try Self.checked(file.sessions, scenario, prev)
        var out = ["\(rota): \(file.rows.count) session(s) of \(scenario.name), \(scenario.startDate.iso), \(scenario.weeks) week(s)"]
        if !report.breaches.isEmpty {
            out.append("Hard rules: \(report.breaches.count) breach\(report.breaches.count == 1 ? "" : "es")")
            out += report.breaches.map { "  \($0)" }
            try Console.line(TerminalText.escaped(out.joined(separator: "\n")))
            throw ExitCode(ExitStatus.conflict.rawValue)
        }
        out.append("Hard rules: all kept")
        guard let objective = report.objective else { return }
        if let against {
            let other = try Fail.input { try RotaFile.load(path: against, scenario: scenario) }
            out += compare(objective, file.sessions, with: try Self.checked(other.sessions, scenario, prev))
        } else {
            out.append(table(objective.terms.map { [$0.name, number($0.quantity), $0.unit, fixed($0.weight, 2), fixed($0.penalty, 2)] },
                             header: ["term", "quantity", "unit", "weight", "penalty"], total: ["total", "", "", "", fixed(objective.total, 2)], right: [1, 3, 4]))
        }
        try Console.line(TerminalText.escaped(out.joined(separator: "\n")))
    }

    func compare(_ mine: ObjectiveBreakdown, _ sessions: [Assignment], with theirs: RotaCheckReport) -> [String] {
        guard let objective = theirs.objective else {
            return ["\(against ?? ""): breaks \(theirs.breaches.count) hard rule(s): " + theirs.breaches.map(\.description).joined(separator: "; ")]
        }
        var names = mine.terms.map(\.name)
        for t in objective.terms where !names.contains(t.name) { names.append(t.name) }
        let rows = names.map { name -> [String] in
            let a = mine.terms.first { $0.name == name }?.penalty ?? 0, b = objective.terms.first { $0.name == name }?.penalty ?? 0
            return [name, fixed(a, 2), fixed(b, 2), signed(a - b)]
        }
        var out = [table(rows, header: ["term", "this rota", "--against", "difference"],
                         total: ["total", fixed(mine.total, 2), fixed(objective.total, 2), signed(mine.total - objective.total)])]
        let here = Set(sessions), there = Set(theirs.sessions)
        let removed = theirs.sessions.filter { !here.contains($0) }, added = sessions.sorted().filter { !there.contains($0) }
        out.append("\(removed.count + added.count) session(s) differ from --against")
        out += removed.map { "  - \($0.post) at \($0.site) \($0.date.iso) \($0.half.label)" }
        out += added.map { "  + \($0.post) at \($0.site) \($0.date.iso) \($0.half.label)" }
        return out
    }

    func table(_ rows: [[String]], header: [String], total: [String], right: Set<Int>? = nil) -> String {
        var t = TextTable()
        t.rightAligned = right ?? Set(1..<header.count)
        t.add(header)
        for r in rows { t.add(r) }
        t.add(total)
        return t.render()
    }

    /// The check; a planner failure (which a rota that keeps every rule should not meet) exits 4.
    static func checked(_ sessions: [Assignment], _ scenario: Scenario, _ previous: PreviousRota?) throws -> RotaCheckReport {
        do { return try RotaCheckReport.check(sessions, scenario: scenario, previous: previous) } catch {
            throw Fail.message("cannot count the objective: \(error)", .noResult)
        }
    }

    func number(_ x: Double) -> String { fixed(x, x.rounded() == x ? 0 : 1) }
    func signed(_ x: Double) -> String { abs(x) < 0.005 ? "0.00" : (x > 0 ? "+" : "") + fixed(x, 2) }
}
