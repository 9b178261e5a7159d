import GRDB
import HubspokeModel

/// An absence a specialist asked for, waiting for (or decided by) the manager.
public struct AbsenceRequestRecord: Sendable, Hashable {
    public enum State: String, Sendable { case pending, approved, declined }
    public var id: Int64
    public var post: String
    public var date: CalendarDate
    public var half: Half?
    public var reason: String
    public var state: State
    public var requestedBy: String
    public var createdAt: String

    static func fetch(_ db: Database, sql filter: String, arguments: StatementArguments = []) throws -> [AbsenceRequestRecord] {
        try Row.fetchAll(db, sql: "SELECT * FROM absence_requests \(filter) ORDER BY date, id", arguments: arguments).compactMap { row in
            guard let date = CalendarDate(iso: row["date"]) else { return nil }
            return AbsenceRequestRecord(id: row["id"], post: row["post"], date: date, half: (row["half"] as String?).flatMap { Half(key: $0) },
                                        reason: row["reason"], state: State(rawValue: row["state"]) ?? .pending,
                                        requestedBy: row["requested_by"], createdAt: row["created_at"])
        }
    }
}

extension Workspace {
    /// Records a specialist's request to be absent (the manager approves it into an absence).
    public func requestAbsence(post: String, date: CalendarDate, half: Half?, reason: String) throws(WorkspaceError) -> AbsenceRequestRecord {
        if let problem = NoteCheck.problem(reason, places: try placeNames()) { throw .bad("reason: \(problem)") }
        _ = try calendar.checkWorkingDay(date, "absence requests")
        return try write { db in
            try checkPost(db, post)
            try db.execute(sql: "INSERT INTO absence_requests (post, date, half, reason, requested_by, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                           arguments: [post, date.iso, half?.key, reason, Workspace.webUser ?? Clock.actor, Clock.now()])
            let id = db.lastInsertedRowID
            try writeLog(db, command: "absence request", week: WeekCalendar.monday(of: date),
                         summary: "\(post) asks to be absent \(longDate(date)) \(half?.label ?? "(whole day)")", details: ["post": post, "date": date.iso, "id": String(id)])
            return try AbsenceRequestRecord.fetch(db, sql: "WHERE id = ?", arguments: [id])[0]
        }
    }

    /// Absence requests, of one post or all, optionally only those in `state`.
    public func absenceRequests(post: String? = nil, state: AbsenceRequestRecord.State? = nil) throws(WorkspaceError) -> [AbsenceRequestRecord] {
        try read { db in
            var clauses: [String] = [], args: [any DatabaseValueConvertible] = []
            if let post { clauses.append("post = ?"); args.append(post) }
            if let state { clauses.append("state = ?"); args.append(state.rawValue) }
            return try AbsenceRequestRecord.fetch(db, sql: clauses.isEmpty ? "" : "WHERE " + clauses.joined(separator: " AND "), arguments: StatementArguments(args))
        }
    }

    /// Approves (recording the absence, as `absence add` does) or declines a pending request.
    public func decideAbsenceRequest(id: Int64, approve: Bool) throws(WorkspaceError) -> AbsenceRequestRecord {
        guard let request = try read({ db in try AbsenceRequestRecord.fetch(db, sql: "WHERE id = ?", arguments: [id]).first }) else {
            throw .bad("no absence request #\(id)")
        }
        guard request.state == .pending else { throw .bad("absence request #\(id) was \(request.state.rawValue) already") }
        if approve {
            _ = try addAbsence(post: request.post, dates: [request.date], half: request.half, reason: request.reason.isEmpty ? nil : request.reason)
        }
        return try write { db in
            try db.execute(sql: "UPDATE absence_requests SET state = ?, decided_by = ?, decided_at = ? WHERE id = ? AND state = 'pending'",
                           arguments: [approve ? "approved" : "declined", Workspace.webUser ?? Clock.actor, Clock.now(), id])
            try writeLog(db, command: "absence request \(approve ? "approve" : "decline")", week: WeekCalendar.monday(of: request.date),
                         summary: "absence request #\(id) of \(request.post) \(approve ? "approved" : "declined")", details: ["id": String(id), "post": request.post])
            return try AbsenceRequestRecord.fetch(db, sql: "WHERE id = ?", arguments: [id])[0]
        }
    }
}
