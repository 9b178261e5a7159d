import Foundation
import HubspokeSupport
import HubspokeModel

/// The rota a plan should stay close to: the sessions of the last week of an earlier rota
/// (CSV or JSON written by `hubspoke rota`), as post, site and half-day.
public struct PreviousRota: Sendable {
    public struct Session: Sendable, Hashable {
        public var post: Int
        public var site: Int
        public var halfDay: HalfDay
    }
    public var sessions: [Session]
    public var file: String
    /// A site and a role.
    struct SiteRole: Hashable { let site: Int; let role: Int }
    /// Sessions of each role at each site in that week (used by the minimum-presence rule).
    var servedCount: [SiteRole: Int] = [:]
    /// Half-days of each post's flexible protected time in that week (by post index).
    public var protectedSessions: [Int: Int] = [:]

    func protectedCount(post: Int) -> Int { protectedSessions[post] ?? 0 }

    init(sessions: [Session], file: String, scenario: Scenario) {
        self.sessions = sessions.sorted { ($0.post, $0.halfDay, $0.site) < ($1.post, $1.halfDay, $1.site) }
        self.file = file
        for s in sessions {
            guard let role = scenario.roleIndex(scenario.posts[s.post].role) else { continue }
            servedCount[SiteRole(site: s.site, role: role), default: 0] += 1
        }
    }

    func served(site: Int, role: Int) -> Int { servedCount[SiteRole(site: site, role: role)] ?? 0 }

    /// Builds the previous rota from a planned one (the last of its weeks).
    public init(rota: Rota, scenario: Scenario) {
        let last = rota.assignments.map(\.week).max() ?? 1
        let sessions = rota.assignments.filter { $0.week == last }.compactMap { a -> Session? in
            guard let p = scenario.postIndex(a.post), let s = scenario.siteIndex(a.site) else { return nil }
            return Session(post: p, site: s, halfDay: HalfDay(a.day, a.half))
        }
        self.init(sessions: sessions, file: "<rota>", scenario: scenario)
        countProtected((rota.protected ?? []).filter { $0.kind == .flexible }.map { ($0.week, $0.post, $0.commitment) }, week: last, scenario: scenario)
    }

    /// Counts the flexible protected half-days of week `last` (week, post, commitment name) by post.
    mutating func countProtected(_ rows: [(week: Int, post: String, name: String)], week last: Int, scenario: Scenario) {
        for row in rows where row.week == last {
            guard let p = scenario.postIndex(row.post), scenario.flexibleCommitment(for: scenario.posts[p])?.name == row.name else { continue }
            protectedSessions[p, default: 0] += 1
        }
    }

    /// Reads a rota written by `hubspoke rota --format csv` or `--format json`, checking it against the scenario.
    public static func load(path: String, scenario: Scenario) throws(InputError) -> PreviousRota {
        let data = try InputFile.data(path, kind: "rota file")
        let text = try InputFile.decode(data, file: path, controls: true)
        let records = try RotaRecord.read(data, text: text, path: path, required: ["week", "day", "half", "post", "site"],
                                          hint: "a previous rota is the CSV written by hubspoke rota --format csv")
        struct Row { var line: Int?; var field: String; var week: Int; var day: String; var half: String; var post: String; var site: String }
        var rows: [Row] = []
        var protectedRows: [(week: Int, post: String, name: String)] = []
        var weekProblems: [InputProblem] = []
        for r in records {
            guard let w = Int(r.value("week")), w >= 1 else {
                weekProblems.append(InputProblem(file: path, line: r.line, field: r.field.isEmpty ? "week" : "\(r.field).week",
                                                 message: "\"\(r.value("week"))\" is not a week number"))
                continue
            }
            if r.isProtected { protectedRows.append((w, r.value("post"), r.value("note"))); continue }
            rows.append(Row(line: r.line, field: r.field, week: w, day: r.value("day"), half: r.value("half"), post: r.value("post"), site: r.value("site")))
        }
        if !weekProblems.isEmpty { throw InputError(weekProblems) }
        var problems: [InputProblem] = []
        let last = (rows.map(\.week) + protectedRows.map(\.week)).max() ?? 1
        var sessions: [Session] = []
        var seen: [String: Int?] = [:]
        for row in rows where row.week == last {
            func bad(_ field: String, _ message: String) {
                problems.append(InputProblem(file: path, line: row.line, field: row.field.isEmpty ? field : "\(row.field).\(field)", message: message))
            }
            guard let p = scenario.postIndex(row.post) else { bad("post", "unknown post \"\(row.post)\": the previous rota does not match the scenario"); continue }
            guard let s = scenario.siteIndex(row.site) else { bad("site", "unknown site \"\(row.site)\": the previous rota does not match the scenario"); continue }
            guard let d = Weekday(key: row.day), row.day.count >= 3 else { bad("day", "\"\(row.day)\" is not a weekday"); continue }
            guard let h = Half(key: row.half) else { bad("half", "\"\(row.half)\" is not AM or PM"); continue }
            let key = "\(row.post)|\(d.key)|\(h.key)"
            if let prevLine = seen[key] {
                bad("post", "\(row.post) is at two sites on \(d.short) \(h.label) (also line \(prevLine.map(String.init) ?? "?"))"); continue
            }
            seen[key] = row.line
            if !scenario.posts[p].serves.contains(row.site) {
                bad("site", "\(row.post) may not serve \(row.site) in this scenario: the previous rota does not match the scenario"); continue
            }
            sessions.append(Session(post: p, site: s, halfDay: HalfDay(d, h)))
        }
        if !problems.isEmpty { throw InputError(problems) }
        var previous = PreviousRota(sessions: sessions, file: path, scenario: scenario)
        previous.countProtected(protectedRows, week: last, scenario: scenario)
        return previous
    }
}
