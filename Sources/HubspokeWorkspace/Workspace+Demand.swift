import GRDB
import HubspokeSupport
import HubspokeModel

/// A week's demand: sessions requested per site, role and priority (aggregated; no child data).
public struct WeekDemand: Sendable {
    public struct Row: Sendable, Hashable {
        public var site: String
        public var role: String
        public var priority: Priority
        public var sessions: Int
    }
    public var week: CalendarDate
    /// Where it came from: the file imported (and when), or the scenario's own demand.
    public var source: String
    /// True when imported for this week; false when the scenario's demand applies.
    public var imported: Bool
    public var rows: [Row]
    public var notes: [String] = []
    public var sessions: Int { rows.reduce(0) { $0 + $1.sessions } }
}

extension Workspace {
    /// Replaces the demand of `week` with `items` (rows for the same site, role and priority are added up).
    /// Items must not name another week (a `week` column, when present, is empty or 1). Every problem
    /// is reported with its file and line, and nothing is changed.
    public func importDemand(week: CalendarDate, items: [DemandItem], source: String) throws(WorkspaceError) -> WeekDemand {
        _ = try calendar.index(ofWeek: week)
        let base = try scenario()
        var problems: [InputProblem] = []
        for item in items where item.week != nil && item.week != 1 {
            let ref = item.source ?? SourceRef(file: source, line: nil, field: "")
            problems.append(ref.problem("week \(item.week!): an imported file holds the demand of the week given with --week (\(week.iso)); leave the week column empty", field: "week"))
        }
        if !problems.isEmpty { throw .bad(InputError(problems).description) }
        return try write { db in
            let inputs = try WeekInputs.load(db, week: week, calendar: calendar)
            var notes: [String] = []
            var s = inputs.scenario(base, defaultDemand: [], notes: &notes)
            s.demand = items.map { var d = $0; d.week = nil; return d }
            let problems = s.validate()
            if !problems.isEmpty { throw WorkspaceError.bad(InputError(problems).description) }
            var total: [String: Int] = [:]
            for d in items where d.sessions > 0 { total["\(d.site)|\(d.role)|\(d.priority.rawValue)", default: 0] += d.sessions }
            let before = try Int.fetchOne(db, sql: "SELECT sum(sessions) FROM demand WHERE week = ?", arguments: [week.iso])
            let replaced = try Bool.fetchOne(db, sql: "SELECT count(*) > 0 FROM demand_weeks WHERE week = ?", arguments: [week.iso]) ?? false
            let now = Clock.now()
            try db.execute(sql: "DELETE FROM demand WHERE week = ?", arguments: [week.iso])
            try db.execute(sql: "INSERT OR REPLACE INTO demand_weeks (week, source, imported_at) VALUES (?, ?, ?)", arguments: [week.iso, source, now])
            for key in total.keys.sorted() {
                let k = key.split(separator: "|").map(String.init)
                try db.execute(sql: "INSERT INTO demand (week, site, role, priority, sessions) VALUES (?, ?, ?, ?, ?)",
                               arguments: [week.iso, k[0], k[1], k[2], total[key]!])
            }
            let sessions = total.values.reduce(0, +)
            try writeLog(db, command: "demand import", week: week,
                    summary: "demand of week \(week.iso) \(replaced ? "replaced" : "imported") from \(source): \(sessions) sessions in \(total.count) rows"
                        + (replaced ? " (was \(before ?? 0))" : ""),
                    details: ["source": source, "rows": String(total.count), "sessions": String(sessions), "replaced": replaced ? "yes" : "no",
                              "previous_sessions": before.map(String.init) ?? ""])
            var result = try weekDemand(db, week: week)
            if let current = try RotaVersion.current(db, week: week) {
                result.notes.append("week \(week.iso) has a published rota (version \(current.version)), planned from the demand before: plan or repair the week to use this demand")
            }
            return result
        }
    }

    /// The demand a plan of `week` uses: imported, or the scenario's own.
    public func demand(week: CalendarDate) throws(WorkspaceError) -> WeekDemand {
        _ = try calendar.index(ofWeek: week)
        return try read { db in try weekDemand(db, week: week) }
    }

    func weekDemand(_ db: Database, week: CalendarDate) throws -> WeekDemand {
        let inputs = try WeekInputs.load(db, week: week, calendar: calendar)
        if let rows = inputs.demand {
            return WeekDemand(week: week, source: inputs.demandSource ?? "", imported: true,
                              rows: rows.map { WeekDemand.Row(site: $0.site, role: $0.role, priority: $0.priority, sessions: $0.sessions) })
        }
        let items = try defaultDemand(db).filter { $0.week == nil || $0.week == inputs.weekIndex }
        return WeekDemand(week: week, source: "the scenario's demand (none imported for this week)", imported: false,
                          rows: items.map { WeekDemand.Row(site: $0.site, role: $0.role, priority: $0.priority, sessions: $0.sessions) })
    }
}
