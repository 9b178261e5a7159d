import Foundation
import GRDB
import HubspokeSupport
import HubspokeModel
import HubspokeScenarioIO

/// A scenario as text, with where it came from: what `hubspoke init` stores.
public struct ScenarioSource: Sendable {
    public var yaml: String
    /// The file it was read from, or `<embedded NAME.yaml>`.
    public var file: String
    /// The folder relative paths inside it (`demand_csv`) are resolved against.
    public var folder: String
    /// The sections of the layers above read when it is checked (`hubspoke init` checks them all);
    /// the workspace itself needs none.
    public var sections: [ScenarioSectionReader] = []
    public init(yaml: String, file: String, folder: String) { self.yaml = yaml; self.file = file; self.folder = folder }

    /// An embedded scenario (`kent-medway`, `teaching`) or a YAML file.
    public static func named(_ nameOrPath: String?) throws(InputError) -> ScenarioSource {
        let name = nameOrPath ?? Scenario.defaultName
        if nameOrPath == nil || !FileManager.default.fileExists(atPath: name), let yaml = EmbeddedScenarios.yaml(named: name) {
            return ScenarioSource(yaml: yaml, file: "<embedded \(name).yaml>", folder: ".")
        }
        guard FileManager.default.fileExists(atPath: name) else {
            throw InputError(file: name, "file not found (and no embedded scenario has this name: \(EmbeddedScenarios.all.map(\.name).joined(separator: ", ")))")
        }
        let text = try InputFile.text(name, kind: "scenario file")
        let folder = (name as NSString).deletingLastPathComponent
        return ScenarioSource(yaml: text, file: name, folder: folder.isEmpty ? "." : folder)
    }

    /// The scenario, checked as a whole.
    public func parse() throws(InputError) -> Scenario { try Scenario.parse(yaml: yaml, file: file, folder: folder, sections: sections) }

    /// The scenario as stored: its demand is held in the workspace, so a top-level `demand_csv`
    /// line is left out (the file it names need not exist any more).
    func parseStored() throws(InputError) -> Scenario {
        let lines = yaml.split(separator: "\n", omittingEmptySubsequences: false)
        // So is the bank-holiday feed it names (stored at init, laid over the shipped list).
        let kept = lines.filter { !$0.hasPrefix("demand_csv:") && !$0.trimmingCharacters(in: .whitespaces).hasPrefix("bank_holidays:") }
        if kept.count == lines.count { return try parse() }
        return try Scenario.parse(yaml: kept.joined(separator: "\n"), file: file, folder: folder, sections: sections)
    }
}

extension Workspace {
    /// Stores the scenario's roles, sites, posts and own demand as tables.
    static func storeTables(_ db: Database, _ sc: Scenario) throws {
        for (i, r) in sc.roles.enumerated() {
            try db.execute(sql: "INSERT INTO roles (id, name, position) VALUES (?, ?, ?)", arguments: [r.id, r.name, i])
        }
        for (i, s) in sc.sites.enumerated() {
            try db.execute(sql: "INSERT INTO sites (id, name, kind, spoke, town, rooms, position) VALUES (?, ?, ?, NULL, ?, ?, ?)",
                           arguments: [s.id, s.name, s.kind.rawValue, s.town, s.rooms, i])
        }
        for s in sc.sites where s.spoke != nil {
            try db.execute(sql: "UPDATE sites SET spoke = ? WHERE id = ?", arguments: [s.spoke, s.id])
        }
        for (i, p) in sc.posts.enumerated() {
            try db.execute(sql: "INSERT INTO posts (id, role, sessions_per_week, base, pattern, position) VALUES (?, ?, ?, ?, ?, ?)",
                           arguments: [p.id, p.role, p.sessionsPerWeek, p.base, String(p.pattern.map { $0 ? "1" : "0" }), i])
            for site in p.serves { try db.execute(sql: "INSERT INTO post_sites (post, site) VALUES (?, ?)", arguments: [p.id, site]) }
        }
        for d in sc.demand where d.sessions > 0 {
            try db.execute(sql: "INSERT INTO scenario_demand (site, role, priority, calendar_week, sessions) VALUES (?, ?, ?, ?, ?)",
                           arguments: [d.site, d.role, d.priority.rawValue, d.week, d.sessions])
        }
    }

    /// The scenario as stored at `init` (read back from its YAML text).
    public func scenario() throws(WorkspaceError) -> Scenario {
        let source = try read { db -> ScenarioSource in
            let row = try Row.fetchOne(db, sql: "SELECT yaml, source, folder FROM scenario WHERE id = ?", arguments: [scenarioID])!
            return ScenarioSource(yaml: row["yaml"], file: row["source"], folder: row["folder"])
        }
        do { return try source.parseStored() } catch {
            throw .bad("the workspace's scenario no longer reads (\(error.description))")
        }
    }

    /// The post ids, in scenario order.
    func postIDs(_ db: Database) throws -> [String] {
        try String.fetchAll(db, sql: "SELECT id FROM posts ORDER BY position")
    }

    func checkPost(_ db: Database, _ post: String) throws {
        let ids = try postIDs(db)
        guard ids.contains(post) else {
            throw WorkspaceError.bad("unknown post \"\(post)\": the posts of this workspace are \(ids.joined(separator: ", "))")
        }
    }

    func checkSite(_ db: Database, _ site: String) throws {
        let ids = try String.fetchAll(db, sql: "SELECT id FROM sites ORDER BY position")
        guard ids.contains(site) else {
            throw WorkspaceError.bad("unknown site \"\(site)\": the sites of this workspace are \(ids.joined(separator: ", "))")
        }
    }
}

/// Everything a week's plan depends on, read in one transaction: compared again before a plan is
/// saved, so a plan is never saved against inputs that changed while it was being solved.
struct WeekInputs: Equatable {
    /// How pins and forbids recorded in the workspace are named in messages.
    static let recordedPrefix = "recorded "
    struct DemandRow: Equatable { var site: String; var role: String; var priority: Priority; var sessions: Int }
    var week: CalendarDate
    var weekIndex: Int
    /// Imported demand, or nil when none was imported for the week (the scenario's demand applies).
    var demand: [DemandRow]?
    var demandSource: String?
    var absences: [AbsenceRecord]
    var rules: [SessionRuleRecord]
    /// Staff preferences recorded for the week.
    var preferences: [PreferenceRecord]
    /// The published rota of the week before (its current publication), for continuity.
    var previous: RotaVersion?

    static func load(_ db: Database, week: CalendarDate, calendar: WeekCalendar) throws -> WeekInputs {
        let index = try calendar.index(ofWeek: week)
        let end = week.adding(days: 6).iso
        var demand: [DemandRow]?
        var source: String?
        if let row = try Row.fetchOne(db, sql: "SELECT source, imported_at FROM demand_weeks WHERE week = ?", arguments: [week.iso]) {
            source = "\(row["source"] as String) (imported \(row["imported_at"] as String))"
            demand = try Row.fetchAll(db, sql: """
                SELECT d.site, d.role, d.priority, d.sessions FROM demand d
                JOIN sites s ON s.id = d.site JOIN roles r ON r.id = d.role
                WHERE d.week = ?
                ORDER BY s.position, r.position, CASE d.priority WHEN 'urgent' THEN 0 WHEN 'high' THEN 1 ELSE 2 END
                """, arguments: [week.iso]).map {
                DemandRow(site: $0["site"], role: $0["role"], priority: Priority(rawValue: $0["priority"]) ?? .routine, sessions: $0["sessions"])
            }
        }
        let absences = try AbsenceRecord.fetch(db, sql: "WHERE a.date BETWEEN ? AND ?", arguments: [week.iso, end])
        let rules = try SessionRuleRecord.fetch(db, sql: "WHERE r.week = ?", arguments: [week.iso])
        let previous = try RotaVersion.current(db, week: week.adding(days: -7))
        let preferences = try PreferenceRecord.fetch(db, week: week)
        return WeekInputs(week: week, weekIndex: index, demand: demand, demandSource: source, absences: absences, rules: rules,
                          preferences: preferences, previous: previous)
    }

    /// The scenario of this one week: the workspace's scenario with the week's demand, absences,
    /// pins and forbids. Scenario pins and forbids that fall on an absence are left out (with a note).
    func scenario(_ base: Scenario, defaultDemand: [DemandItem], notes: inout [String]) -> Scenario {
        var s = base
        s.startDate = week
        s.weeks = 1
        s.source = "week \(week.iso)"
        if let demand {
            s.demand = demand.map { DemandItem(site: $0.site, role: $0.role, sessions: $0.sessions, priority: $0.priority,
                                               source: SourceRef(file: "demand for week \(week.iso)", line: nil, field: "\($0.site),\($0.role)")) }
        } else {
            s.demand = defaultDemand.filter { $0.week == nil || $0.week == weekIndex }.map { var d = $0; d.week = nil; return d }
        }
        for a in absences {
            guard let p = s.postIndex(a.post) else { continue }
            if let holiday = s.calendar.bankHolidays.holiday(on: a.date) {
                notes.append("the absence of \(a.post) on \(a.date.iso) is left out: it is a bank holiday (\(holiday.label)), when no post works")
                continue
            }
            s.posts[p].absences.append(Absence(date: a.date, half: a.half, reason: a.reason))
        }
        s.preferences += preferences.map { $0.preference(source: SourceRef(file: "\(WeekInputs.recordedPrefix)preferences", line: nil, field: "")) }
        func thisWeek(_ rules: [SessionRule], _ kind: String) -> [SessionRule] {
            rules.compactMap { rule in
                guard rule.week == nil || rule.week == weekIndex else { return nil }
                var r = rule
                r.week = nil
                let date = week.adding(days: rule.weekday.rawValue)
                if kind == "pin", let p = s.postIndex(rule.post), s.posts[p].isAbsent(on: date, rule.half) {
                    notes.append("the scenario's pin \(rule) is left out: \(rule.post) is absent on \(date.iso) \(rule.half.label)")
                    return nil
                }
                if kind == "pin", let closure = s.closure(of: rule.site, on: date) {
                    notes.append("the scenario's pin \(rule) is left out: \(rule.site) is closed on \(date.iso) (\(closure.label))")
                    return nil
                }
                return r
            }
        }
        s.pins = thisWeek(base.pins, "pin")
        s.forbids = thisWeek(base.forbids, "forbid")
        for r in rules {
            if r.kind == .pin, let closure = s.closure(of: r.site, on: r.date) {
                notes.append("the pin \(r.description) is left out: \(r.site) is closed then (\(closure.label))")
                continue
            }
            let rule = SessionRule(post: r.post, site: r.site, weekday: Weekday(rawValue: r.date.weekdayIndex)!, half: r.half,
                                   source: SourceRef(file: "\(WeekInputs.recordedPrefix)\(r.kind.rawValue)s", line: nil, field: ""))
            if r.kind == .pin { s.pins.append(rule) } else { s.forbids.append(rule) }
        }
        return s
    }
}

extension Workspace {
    /// The scenario's own demand (what a week with none imported asks for).
    func defaultDemand(_ db: Database) throws -> [DemandItem] {
        try Row.fetchAll(db, sql: """
            SELECT d.site, d.role, d.priority, d.calendar_week, d.sessions FROM scenario_demand d
            JOIN sites s ON s.id = d.site JOIN roles r ON r.id = d.role
            ORDER BY s.position, r.position, d.rowid
            """).map {
            DemandItem(site: $0["site"], role: $0["role"], sessions: $0["sessions"], priority: Priority(rawValue: $0["priority"]) ?? .routine,
                       week: $0["calendar_week"], source: SourceRef(file: "scenario demand", line: nil, field: "\($0["site"] as String),\($0["role"] as String)"))
        }
    }

    /// The week's scenario with everything recorded in the workspace, checked as a whole.
    /// Returns the inputs it was built from, for the check before saving.
    func weekScenario(_ db: Database, week: CalendarDate, base: Scenario, notes: inout [String]) throws -> (Scenario, WeekInputs) {
        let inputs = try WeekInputs.load(db, week: week, calendar: calendar)
        var withCalendar = base
        withCalendar.calendar = try serviceCalendar(db, base: base.calendar)
        let s = inputs.scenario(withCalendar, defaultDemand: try defaultDemand(db), notes: &notes)
        let problems = s.validate()
        if !problems.isEmpty { throw WeekProblems(week: week, problems: problems) }
        return (s, inputs)
    }
}

/// What stops a week from being planned as recorded (each problem with where it was recorded).
struct WeekProblems: Error, CustomStringConvertible {
    var week: CalendarDate
    var problems: [InputProblem]
    var description: String { "week \(week.iso) cannot be planned as recorded:\n" + lines }
    /// One line per problem; pins and forbids recorded in the workspace by their message alone.
    var lines: String {
        problems.map { "  " + ($0.file.hasPrefix(WeekInputs.recordedPrefix) ? $0.message : $0.description) }.joined(separator: "\n")
    }
}
