import Foundation
import HubspokeModel
import HubspokeSupport

/// A rota file written by `hubspoke rota` (CSV or JSON), perhaps edited by hand in a spreadsheet,
/// read back as sessions checked against a scenario: every post and site known, every date a
/// working day of the horizon that agrees with its week, day and half. Breaking a rule (two places
/// at once, a post on leave) is not a reading error: `Scenario.breaches(of:)` reports those.
public struct RotaFile: Sendable {
    public struct Row: Sendable, Hashable {
        /// The CSV line (nil for JSON), and the JSON field path (empty for CSV), for messages.
        public var line: Int?
        public var field: String
        public var session: Assignment
    }
    public var path: String
    public var rows: [Row]
    public var sessions: [Assignment] { rows.map(\.session) }
    /// Protected time: CSV rows with a post and the commitment's name as the note, or the JSON's `protected`.
    public var protected: [ProtectedSession] = []

    static let columns = ["date", "half", "post", "site"]

    /// Reads and checks the file; every problem is reported with its line (or JSON field) and column.
    public static func load(path: String, scenario: Scenario) throws(InputError) -> RotaFile {
        try parse(data: InputFile.data(path, kind: "rota file"), path: path, scenario: scenario)
    }

    /// Reads and checks a rota given as bytes (CSV or JSON), as `load` does a file's; `path` names it in messages.
    public static func parse(data: Data, path: String, scenario: Scenario) throws(InputError) -> RotaFile {
        let text = try InputFile.decode(data, file: path, controls: true)
        let raws = try RotaRecord.read(data, text: text, path: path, required: columns,
                                       hint: "a rota file is the CSV written by hubspoke rota --format csv (\(columns.joined(separator: ", ")) at least)")
        var problems: [InputProblem] = []
        var rows: [Row] = []
        var protected: [ProtectedSession] = []
        for raw in raws {
            switch session(raw, scenario: scenario).flatMap({ s in raw.isProtected ? protectedTime(s, raw, scenario).map { (s, $0) } : .success((s, nil)) }) {
            case .success((_, let p?)): protected.append(p)
            case .success((let s, nil)): rows.append(Row(line: raw.line, field: raw.field, session: s))
            case .failure(let p): problems.append(InputProblem(file: path, line: raw.line, field: raw.field.isEmpty ? p.field : "\(raw.field).\(p.field)", message: p.message))
            }
            if problems.count > InputError.listed { break }
        }
        if !problems.isEmpty { throw InputError(problems) }
        return RotaFile(path: path, rows: rows, protected: protected.sorted())
    }

    /// A protected-time row as read: its note (CSV) or commitment (JSON) one of the post's commitments.
    private static func protectedTime(_ s: Assignment, _ raw: RotaRecord, _ sc: Scenario) -> Result<ProtectedSession?, RowProblem> {
        let name = raw.values["note"] ?? ""
        guard let post = sc.posts.first(where: { $0.id == s.post }), sc.protected.commitments(of: post).contains(name) else {
            return .failure(RowProblem(field: "note", message: "\"\(TerminalText.escaped(name))\" is not a commitment of \(s.post)'s protected time (a session at a site has no note)"))
        }
        let kind: ProtectedSession.Kind = sc.flexibleCommitment(for: post)?.name == name ? .flexible : .fixed
        return .success(ProtectedSession(week: s.week, date: s.date, day: s.day, half: s.half, post: s.post, role: s.role, site: s.site, commitment: name, kind: kind))
    }

    private struct RowProblem: Error { var field: String; var message: String }

    private static func session(_ raw: RotaRecord, scenario sc: Scenario) -> Result<Assignment, RowProblem> {
        func v(_ k: String) -> String { raw.values[k] ?? "" }
        guard let post = sc.posts.first(where: { $0.id == v("post") }) else {
            return .failure(RowProblem(field: "post", message: "unknown post \"\(TerminalText.escaped(v("post")))\" (the scenario's posts: \(sc.posts.map(\.id).joined(separator: ", ")))"))
        }
        guard sc.siteIndex(v("site")) != nil else { return .failure(RowProblem(field: "site", message: "unknown site \"\(TerminalText.escaped(v("site")))\"")) }
        guard let date = CalendarDate(iso: v("date")) else { return .failure(RowProblem(field: "date", message: "\"\(TerminalText.escaped(v("date")))\" is not a date (YYYY-MM-DD)")) }
        guard let half = Half(key: v("half")) else { return .failure(RowProblem(field: "half", message: "\"\(TerminalText.escaped(v("half")))\" is not AM or PM")) }
        let offset = date.dayNumber - sc.startDate.dayNumber
        guard offset >= 0, offset < sc.weeks * 7, date.weekdayIndex < 5 else {
            let last = sc.startDate.adding(days: sc.weeks * 7 - 3)
            return .failure(RowProblem(field: "date", message: "\(date.iso) is not a working day of the horizon (\(sc.startDate.iso) to \(last.iso))"))
        }
        let weekday = Weekday.allCases[date.weekdayIndex]
        if let day = raw.values["day"], !day.isEmpty, Weekday(key: day) != weekday {
            return .failure(RowProblem(field: "day", message: "\"\(TerminalText.escaped(day))\" does not match \(date.iso), a \(weekday.short)"))
        }
        let week = offset / 7 + 1
        if let w = raw.values["week"], !w.isEmpty, Int(w) != week {
            return .failure(RowProblem(field: "week", message: "\"\(TerminalText.escaped(w))\" does not match \(date.iso), in week \(week)"))
        }
        if let role = raw.values["role"], !role.isEmpty, role != post.role {
            return .failure(RowProblem(field: "role", message: "\(post.id) is a \(post.role) post, not \"\(TerminalText.escaped(role))\""))
        }
        return .success(Assignment(week: week, date: date, day: weekday, half: half, post: post.id, role: post.role, site: v("site")))
    }
}
