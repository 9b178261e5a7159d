import Foundation
import GRDB
import HubspokeSupport
import HubspokeModel

/// A week's requests cut-off: the time (UTC, `YYYY-MM-DDTHH:MM:SSZ`) after which PRU leads can no
/// longer change the week's requests, or none; and its version (how many times it was set or cleared,
/// counted in the change log), which a form carries for optimistic concurrency.
public struct RequestCutoff: Sendable, Hashable {
    public var closesAt: String?
    public var version: Int
    /// Who set it last, and when (nil before the first change).
    public var changedBy: String?
    public var changedAt: String?
}

/// What setting a cut-off did: saved, or refused because someone changed it since the form was read.
public enum CutoffOutcome: Sendable {
    case saved(RequestCutoff)
    case conflict(current: RequestCutoff)
}

extension Workspace {
    /// The service's time zone: the cut-off, the logs and the sessions all use UTC.
    public static let timeZoneName = "UTC"

    /// The cut-off of `week`'s requests (UTC, `YYYY-MM-DDTHH:MM:SSZ`), if the manager set one.
    public func requestCutoff(week: CalendarDate) throws(WorkspaceError) -> String? { try cutoff(week: week).closesAt }

    /// The cut-off of `week` with its version.
    public func cutoff(week: CalendarDate) throws(WorkspaceError) -> RequestCutoff {
        try read { db in try cutoff(db, week: week) }
    }

    /// Reads a cut-off as people type it: `YYYY-MM-DDTHH:MM` (or with `:SS` and a final `Z`), a real
    /// date and time of day, in UTC. Returns the stored form `YYYY-MM-DDTHH:MM:SSZ`.
    public static func cutoffTime(_ text: String) throws(WorkspaceError) -> String {
        let refusal = WorkspaceError.bad("closes_at: \(text) is not a date and time: give YYYY-MM-DDTHH:MM, in \(timeZoneName) (the service's time zone)")
        var t = text
        if t.hasSuffix("Z") { t.removeLast() }
        let parts = t.split(separator: "T", omittingEmptySubsequences: false)
        guard parts.count == 2, let date = CalendarDate(iso: String(parts[0])) else { throw refusal }
        let clock = parts[1].split(separator: ":", omittingEmptySubsequences: false)
        guard clock.count == 2 || clock.count == 3, clock.allSatisfy({ $0.count == 2 && $0.allSatisfy(\.isASCII) }),
              let h = Int(clock[0]), let m = Int(clock[1]), (0...23).contains(h), (0...59).contains(m) else { throw refusal }
        let s = clock.count == 3 ? Int(clock[2]) : 0
        guard let s, (0...59).contains(s) else { throw refusal }
        func pad(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(date.iso)T\(pad(h)):\(pad(m)):\(pad(s))Z"
    }

    /// Sets (or with nil clears) the time after which PRU leads can no longer change `week`'s requests,
    /// if the cut-off is still at `expectedVersion` (else a conflict, nothing changed). `closesAt` is
    /// read by `cutoffTime`.
    public func setRequestCutoff(week: CalendarDate, closesAt text: String?, expectedVersion: Int) throws(WorkspaceError) -> CutoffOutcome {
        _ = try calendar.index(ofWeek: week)
        let closesAt: String? = if let text { try Self.cutoffTime(text) } else { nil }
        return try write { db in
            let current = try cutoff(db, week: week)
            guard current.version == expectedVersion else { return .conflict(current: current) }
            if let closesAt {
                try db.execute(sql: "INSERT OR REPLACE INTO request_cutoffs (week, closes_at) VALUES (?, ?)", arguments: [week.iso, closesAt])
            } else {
                try db.execute(sql: "DELETE FROM request_cutoffs WHERE week = ?", arguments: [week.iso])
            }
            try writeLog(db, command: Self.cutoffCommand, week: week, summary: "requests of week \(week.iso) " + (closesAt.map { "close at \($0)" } ?? "have no cut-off"),
                         details: ["closes_at": closesAt ?? ""])
            return .saved(try cutoff(db, week: week))
        }
    }

    static let cutoffCommand = "requests cut-off"

    private func cutoff(_ db: Database, week: CalendarDate) throws -> RequestCutoff {
        let closes = try String.fetchOne(db, sql: "SELECT closes_at FROM request_cutoffs WHERE week = ?", arguments: [week.iso])
        let changes = try Row.fetchAll(db, sql: "SELECT at, actor, user FROM change_log WHERE command = ? AND week = ? ORDER BY id",
                                       arguments: [Self.cutoffCommand, week.iso])
        let last = changes.last
        return RequestCutoff(closesAt: closes, version: changes.count,
                             changedBy: last.map { ($0["user"] as String?) ?? $0["actor"] }, changedAt: last?["at"])
    }
}
