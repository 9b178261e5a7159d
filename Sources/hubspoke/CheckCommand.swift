import ArgumentParser
import HubspokeModel
import HubspokePlanner
import HubspokeScenarioIO
import HubspokeSupport
import HubspokeWorkspace

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check a rota (a CSV or JSON written by rota, perhaps edited by hand): every hard rule, and the objective term by term.",
        discussion: """
        Every breach is listed with its post, site, date and half and the rule it breaks, and the command \
        exits \(ExitStatus.conflict.rawValue). A rota that keeps every rule gets its objective term by term, \
        counted by the planner's own model; with --against OTHER, beside OTHER's and the difference, with the \
        sessions that differ. In a workspace, --week W --version N checks a stored version against the week's \
        published one.
        """
    )

    @Argument(help: "The rota file (CSV or JSON written by hubspoke rota); or give --week for a workspace's stored version.")
    var rota: String?

    @OptionGroup var scenarioOptions: ScenarioOptions

    @Option(name: .long, help: ArgumentHelp("Another rota of the same scenario, to compare with.", valueName: "file"))
    var against: String?

    @Option(name: .long, help: ArgumentHelp("The rota of the week before, for the continuity term (as rota --previous).", valueName: "file"))
    var previous: String?

    @OptionGroup var week: OptionalWeekOption

    @Option(name: .long, help: "With --week: the stored version to check (default: the latest), against the week's published one.")
    var version: Int?

    @OptionGroup var workspaceOptions: WorkspaceOptions

    func validate() throws {
        if week.week == nil && rota == nil { throw ValidationError("give a rota file, or --week for a workspace's stored version") }
        if week.week != nil && (rota != nil || against != nil || previous != nil || scenarioOptions.scenario != nil) {
            throw ValidationError("--week checks a workspace's stored version: leave out the rota file, --against and --previous")
        }
        if version != nil && week.week == nil { throw ValidationError("--version needs --week") }
    }

    func run() throws {
        if let monday = week.monday { return try checkStored(monday) }
        let scenario = try scenarioOptions.load()
        let path = rota ?? ""
        let file = try Fail.input { try RotaFile.load(path: path, scenario: scenario) }
        let prev = try previous.map { p in try Fail.input { try PreviousRota.load(path: p, scenario: scenario) } }
        let other = try against.map { a in try Fail.input { try RotaFile.load(path: a, scenario: scenario) } }
        try report(file.sessions, protected: file.protected, title: "\(path): \(file.rows.count) session(s)", scenario: scenario, previous: prev,
                   against: other.map { ($0.sessions, $0.protected, "--against") })
    }

    /// A workspace's stored version, with the week's scenario as it is planned, the week before's
    /// published rota for continuity, and the week's published version to compare with.
    func checkStored(_ monday: CalendarDate) throws {
        let ws = try workspaceOptions.openReadOnly()
        let checked = try Fail.workspace { () throws(WorkspaceError) in try ws.storedRota(week: monday, version: version, preferPublished: false) }
        let published = try? ws.storedRota(week: monday)
        let before = (try? ws.storedRota(week: monday.adding(days: -7))).flatMap { $0.version.status == .published ? $0 : nil }
        let sc = checked.scenario
        let other = published.flatMap { $0.version.id == checked.version.id ? nil : ($0.rota.assignments, $0.rota.protected ?? [], "published v\($0.version.version)") }
        try report(checked.rota.assignments, protected: checked.rota.protected ?? [], title: "\(checked.version.label) (\(checked.version.status.rawValue)): \(checked.rota.assignments.count) session(s)", scenario: sc,
                   previous: before.map { PreviousRota(rota: $0.rota, scenario: sc) }, against: other)
    }

    func report(_ sessions: [Assignment], protected: [ProtectedSession], title: String, scenario: Scenario, previous prev: PreviousRota?,
                against other: (sessions: [Assignment], protected: [ProtectedSession], label: String)?) throws {
        let report = try Self.checked(sessions, scenario, prev, protected: protected)
        var out = ["\(title) of \(scenario.name), \(scenario.startDate.iso), \(scenario.weeks) week(s)"]
        if !report.breaches.isEmpty {
            out.append("Hard rules: \(report.breaches.count) breach\(report.breaches.count == 1 ? "" : "es")")
            out += report.breaches.map { "  \($0)" }
            try Console.line(TerminalText.escaped(out.joined(separator: "\n")))
            throw ExitCode(ExitStatus.conflict.rawValue)
        }
        out.append("Hard rules: all kept")
        guard let objective = report.objective else { return }
        if let other {
            out += compare(objective, sessions, with: try Self.checked(other.sessions, scenario, prev, protected: other.protected), label: other.label)
        } else {
            out.append(table(objective.terms.map { [$0.name, number($0.quantity), $0.unit, fixed($0.weight, 2), fixed($0.penalty, 2)] },
                             header: ["term", "quantity", "unit", "weight", "penalty"], total: ["total", "", "", "", fixed(objective.total, 2)], right: [1, 3, 4]))
        }
        try Console.line(TerminalText.escaped(out.joined(separator: "\n")))
    }

    func compare(_ mine: ObjectiveBreakdown, _ sessions: [Assignment], with theirs: RotaCheckReport, label: String) -> [String] {
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

    func table(_ rows: [[String]], header: [String], total: [String], right: Set<Int>? = nil) -> String {
        var t = TextTable()
        t.rightAligned = right ?? Set(1..<header.count)
        t.add(header)
        for r in rows { t.add(r) }
        t.add(total)
        return t.render()
    }

    /// The check; a planner failure (which a rota that keeps every rule should not meet) exits 4.
    static func checked(_ sessions: [Assignment], _ scenario: Scenario, _ previous: PreviousRota?, protected: [ProtectedSession]) throws -> RotaCheckReport {
        do { return try RotaCheckReport.check(sessions, scenario: scenario, previous: previous, protected: protected) } catch {
            throw Fail.message("cannot count the objective: \(error)", .noResult)
        }
    }

    func number(_ x: Double) -> String { fixed(x, x.rounded() == x ? 0 : 1) }
    func signed(_ x: Double) -> String { abs(x) < 0.005 ? "0.00" : (x > 0 ? "+" : "") + fixed(x, 2) }
}
