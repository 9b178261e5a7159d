import GRDB
import HubspokeModel
import HubspokePlanner

/// A pin (a post must be at a site in a session) or a forbid (it must not), for one dated half-day.
public struct SessionRuleRecord: Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable { case pin, forbid }
    public var id: Int64
    public var kind: Kind
    public var post: String
    public var site: String
    public var date: CalendarDate
    public var half: Half
    public var createdAt: String

    public var at: DatedHalf { DatedHalf(date, half) }
    public var description: String { "\(kind.rawValue) \(post) at \(site) \(at.long)" }

    static func fetch(_ db: Database, sql filter: String, arguments: StatementArguments = []) throws -> [SessionRuleRecord] {
        try Row.fetchAll(db, sql: """
            SELECT r.id, r.kind, r.post, r.site, r.date, r.half, r.created_at FROM session_rules r JOIN posts p ON p.id = r.post
            \(filter) ORDER BY r.date, r.half, p.position, r.kind, r.site
            """, arguments: arguments).map {
            SessionRuleRecord(id: $0["id"], kind: Kind(rawValue: $0["kind"]) ?? .pin, post: $0["post"], site: $0["site"],
                              date: CalendarDate(iso: $0["date"])!, half: Half(key: $0["half"]) ?? .am, createdAt: $0["created_at"])
        }
    }
}

/// A pin or forbid recorded, with what the user should know about it.
public struct SessionRuleChange: Sendable {
    public var rule: SessionRuleRecord
    public var notes: [String]
}

extension Workspace {
    /// Records a pin or a forbid. A pin that cannot hold (the post is absent or does not work then, may not
    /// serve the site, is pinned elsewhere, or the pins break travel, contract or rooms) is refused,
    /// as is a pin and a forbid of the same session: nothing is recorded.
    public func addSessionRule(_ kind: SessionRuleRecord.Kind, post: String, site: String, at when: DatedHalf) throws(WorkspaceError) -> SessionRuleChange {
        let base = try scenario()
        let what = "cannot \(kind.rawValue) \(post) at \(site) on \(when.long)"
        return try write { db in
            try checkPost(db, post)
            try checkSite(db, site)
            let week = try calendar.checkWorkingDay(when.date, kind == .pin ? "pins" : "forbids")
            let same = try SessionRuleRecord.fetch(db, sql: "WHERE r.post = ? AND r.date = ? AND r.half = ?", arguments: [post, when.date.iso, when.half.key])
            if same.contains(where: { $0.kind == kind && $0.site == site }) {
                throw WorkspaceError.bad("\(what): it is already recorded")
            }
            if kind == .pin, let kindOfSite = try sites(db)[site],
               let closure = try serviceCalendar(db, base: base.calendar).status(of: site, kind: kindOfSite, on: when.date).closure {
                throw WorkspaceError.bad("\(what): \(site) is closed that day (\(closure.label))")
            }
            if kind == .pin, let other = same.first(where: { $0.kind == .pin }) {
                throw WorkspaceError.bad("\(what): \(post) is already pinned at \(other.site) then, and a post is in one place per session (remove that pin first: pin remove)")
            }
            try db.execute(sql: "INSERT INTO session_rules (kind, post, site, week, date, half, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                           arguments: [kind.rawValue, post, site, week.iso, when.date.iso, when.half.key, Clock.now()])
            let rule = SessionRuleRecord(id: db.lastInsertedRowID, kind: kind, post: post, site: site, date: when.date, half: when.half, createdAt: Clock.now())
            var notes: [String] = []
            do {
                _ = try weekScenario(db, week: week, base: base, notes: &notes)
            } catch let e as WeekProblems {
                // The week with the new rule does not hold: explain, and roll the insert back.
                throw WorkspaceError.bad("\(what):\n" + e.lines)
            }
            if let current = try RotaVersion.current(db, week: week) {
                let there = try current.assignments(db).first { $0.post == post && $0.date == when.date && $0.half == when.half }
                let holds = kind == .pin ? there?.site == site : there?.site != site
                if !holds {
                    notes.append("the published rota of week \(week.iso) (version \(current.version)) has \(post) \(there.map { "at \($0.site)" } ?? "at no site") then: plan or repair the week to apply the \(kind.rawValue)")
                }
            }
            try writeLog(db, command: kind.rawValue, week: week, summary: rule.description,
                    details: ["id": String(rule.id), "post": post, "site": site, "date": when.date.iso, "half": when.half.key])
            return SessionRuleChange(rule: rule, notes: notes)
        }
    }

    /// Removes the pins (or forbids) of `post` on a half-day, at `site` or at any site.
    public func removeSessionRule(_ kind: SessionRuleRecord.Kind, post: String, at when: DatedHalf, site: String? = nil) throws(WorkspaceError) -> [SessionRuleRecord] {
        try write { db in
            try checkPost(db, post)
            if let site { try checkSite(db, site) }
            var found = try SessionRuleRecord.fetch(db, sql: "WHERE r.kind = ? AND r.post = ? AND r.date = ? AND r.half = ?",
                                                    arguments: [kind.rawValue, post, when.date.iso, when.half.key])
            if let site { found = found.filter { $0.site == site } }
            guard !found.isEmpty else {
                throw WorkspaceError.bad("no \(kind.rawValue) of \(post)\(site.map { " at \($0)" } ?? "") is recorded on \(when.long)")
            }
            for r in found { try db.execute(sql: "DELETE FROM session_rules WHERE id = ?", arguments: [r.id]) }
            try writeLog(db, command: "un\(kind.rawValue)", week: WeekCalendar.monday(of: when.date),
                    summary: "removed " + found.map(\.description).joined(separator: ", "),
                    details: ["ids": found.map { String($0.id) }.joined(separator: " "), "post": post, "date": when.date.iso, "half": when.half.key])
            return found
        }
    }

    /// Recorded pins and forbids, by date, optionally of one week.
    public func sessionRules(week: CalendarDate? = nil) throws(WorkspaceError) -> [SessionRuleRecord] {
        if let week { _ = try calendar.index(ofWeek: week) }
        return try read { db in
            try week.map { try SessionRuleRecord.fetch(db, sql: "WHERE r.week = ?", arguments: [$0.iso]) } ?? SessionRuleRecord.fetch(db, sql: "")
        }
    }
}
