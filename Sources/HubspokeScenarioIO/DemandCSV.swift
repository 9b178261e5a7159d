import Foundation
import HubspokeSupport
import HubspokeModel

/// The week's demand as a spreadsheet export: a header row naming the columns
/// `site,role,sessions,priority` (any order; an optional `week` column), one request per row.
/// Every column but `week` is required, in the header and in each row; a request given twice
/// (same site, role, priority and week) is refused, naming both lines.
public enum DemandCSV {
    public static let requiredColumns = ["site", "role", "sessions", "priority"]

    public static func load(path: String) throws(InputError) -> [DemandItem] {
        try parse(InputFile.text(path, kind: "demand CSV"), file: path)
    }

    public static func parse(_ text: String, file: String) throws(InputError) -> [DemandItem] {
        var problems: [InputProblem] = []
        let rows = CSV.rows(text)
        guard let header = rows.first(where: { !$0.fields.allSatisfy { $0.trimmingCharacters(in: .whitespaces).isEmpty } }) else {
            throw InputError(file: file, line: 1, "the file is empty: expected a header row site,role,sessions,priority")
        }
        let names = header.fields.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        var column: [String: Int] = [:]
        for (i, n) in names.enumerated() {
            guard (requiredColumns + ["week"]).contains(n) else {
                problems.append(InputProblem(file: file, line: header.line, field: n, message: "unknown column (expected site, role, sessions, priority, week)"))
                continue
            }
            if column[n] != nil { problems.append(InputProblem(file: file, line: header.line, field: n, message: "column given twice")) }
            column[n] = i
        }
        for required in requiredColumns where column[required] == nil {
            problems.append(InputProblem(file: file, line: header.line, field: required,
                                         message: "missing column (the header needs \(requiredColumns.joined(separator: ", ")); week is optional)"))
        }
        let requests = rows.filter { $0.line > header.line && !$0.fields.allSatisfy { $0.trimmingCharacters(in: .whitespaces).isEmpty } }.count
        if requests > ScenarioLimits.demand {
            problems.append(InputProblem(file: file, line: header.line, field: "", message: "\(requests) rows: at most \(ScenarioLimits.demand) are read"))
        }
        if !problems.isEmpty { throw InputError(problems) }
        var items: [DemandItem] = []
        for row in rows where row.line > header.line {
            if row.fields.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) { continue }
            func field(_ name: String) -> String? {
                guard let i = column[name], i < row.fields.count else { return nil }
                return row.fields[i].trimmingCharacters(in: .whitespaces)
            }
            func bad(_ name: String, _ message: String) { problems.append(InputProblem(file: file, line: row.line, field: name, message: message)) }
            if row.fields.count > names.count { bad("", "\(row.fields.count) fields but the header has \(names.count)") ; continue }
            let site = field("site") ?? "", role = field("role") ?? ""
            if site.isEmpty { bad("site", "missing site id") }
            if role.isEmpty { bad("role", "missing role id") }
            let sessionsText = field("sessions") ?? ""
            let sessions = Int(sessionsText)
            if sessions == nil { bad("sessions", "\"\(sessionsText)\" is not a whole number") }
            else if !(0...100).contains(sessions!) { bad("sessions", "\(sessions!) is out of range (0 to 100)") }
            let p = field("priority") ?? ""
            let priority = Priority(rawValue: p.lowercased())
            if p.isEmpty { bad("priority", "missing priority (urgent, high or routine)") }
            else if priority == nil { bad("priority", "\"\(p)\" is not one of: urgent, high, routine") }
            var week: Int?
            if let w = field("week"), !w.isEmpty {
                if let n = Int(w), (1...52).contains(n) { week = n } else { bad("week", "\"\(w)\" is not a week number from 1 to 52") }
            }
            if let sessions, let priority, !site.isEmpty, !role.isEmpty, (0...100).contains(sessions) {
                items.append(DemandItem(site: site, role: role, sessions: sessions, priority: priority, week: week,
                                        source: SourceRef(file: file, line: row.line, field: "")))
            }
        }
        problems += DemandItem.duplicates(items, sourceFile: file)
        if !problems.isEmpty { throw InputError(problems) }
        return items
    }
}

extension DemandItem {
    /// Requests given twice (same site, role, priority and week, from the same or different files):
    /// refused rather than silently added up, each named at its second line with the first's.
    static func duplicates(_ items: [DemandItem], sourceFile: String) -> [InputProblem] {
        struct Key: Hashable { var site: String; var role: String; var priority: Priority; var week: Int? }
        var first: [Key: Int] = [:]
        var problems: [InputProblem] = []
        for (i, d) in items.enumerated() {
            let key = Key(site: d.site, role: d.role, priority: d.priority, week: d.week)
            guard let j = first[key] else { first[key] = i; continue }
            let here = d.source ?? SourceRef(file: sourceFile, line: nil, field: "demand[\(i)]")
            let there = items[j].source.map { ($0.file == here.file ? "" : "\($0.file):") + "line \($0.line.map(String.init) ?? "?")" }
            let when = d.week.map { "week \($0)" } ?? "every week"
            problems.append(here.problem("\(d.role) at \(d.site), \(d.priority.rawValue), \(when) is asked for twice (also at \(there ?? "demand[\(j)]")): "
                + "give each request once, with its sessions added up", field: "site"))
        }
        return problems
    }
}
