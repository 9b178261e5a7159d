import GRDB
import HubspokeSupport
import HubspokeModel
import HubspokePlanner

/// A hand edit of one session: `post` at `at` moved to `site` (nil: off, no session then).
public struct SessionMove: Sendable, Hashable, CustomStringConvertible {
    public var post: String
    public var at: DatedHalf
    public var site: String?
    public init(post: String, at: DatedHalf, site: String?) { self.post = post; self.at = at; self.site = site }
    public var description: String { "\(post) \(at.long) to \(site ?? "off")" }

    /// The sessions with the move made; throws for an unknown post or site, a date outside the week,
    /// a site closed that day, or a move that changes nothing.
    func applied(to sessions: [Assignment], scenario sc: Scenario) throws(WorkspaceError) -> [Assignment] {
        guard let p = sc.postIndex(post) else { throw .bad("--move: unknown post \(post) (posts: \(sc.posts.map(\.id).joined(separator: ", ")))") }
        if let problem = sc.sessionProblem(at, site: site) { throw .bad("--move: \(problem)") }
        let now = sessions.first { $0.post == post && $0.date == at.date && $0.half == at.half }
        guard now?.site != site else { throw .bad("--move: nothing to change: \(post) is already \(site.map { "at \($0)" } ?? "off") on \(at.long)") }
        var out = sessions.filter { $0 != now }
        if let site { out.append(Assignment(week: 1, date: at.date, half: at.half, post: post, role: sc.posts[p].role, site: site)) }
        return out.sorted { ($0.date, $0.half, sc.postIndex($0.post) ?? 0) < ($1.date, $1.half, sc.postIndex($1.post) ?? 0) }
    }
}

/// A hand edit checked, and saved as a draft when it keeps every hard rule.
public struct EditOutcome: Sendable {
    public var source: RotaVersion
    public var sourceSessions: [Assignment]
    /// The protected time of the version edited (`Rota.protected`), as it was planned.
    public var sourceProtected: [ProtectedSession]
    /// The week's scenario as planned, and the week before's published rota (for continuity).
    public var scenario: Scenario
    public var previous: PreviousRota?
    public var check: RotaCheckReport
    /// The draft saved; nil when the edit breaks a hard rule (nothing is saved then).
    public var saved: RotaVersion?
}

/// Cover suggestions for a stored version, and the version saved with `--apply`.
public struct SuggestOutcome: Sendable {
    public var source: RotaVersion
    public var suggestions: CoverSuggestions
    public var applied: RotaVersion?
    public var notes: [String]
}

extension Workspace {
    /// Moves one session of the week's latest version (or `version`) and checks the result with the
    /// week's scenario; when it keeps every hard rule it is saved as the week's next version, a draft
    /// (kind `repair`, made from the version edited), and logged. One transaction.
    public func edit(week: CalendarDate, move: SessionMove, version: Int? = nil) throws(WorkspaceError) -> EditOutcome {
        try checkInWeek(move.at.date, week, "--move")
        let base = try scenario()
        return try write { db in
            let (source, sc, inputs, previous) = try stored(db, week: week, version: version, base: base, preferPublished: false)
            let planned = try source.rota(db)
            let sessions = planned.assignments, protected = planned.protected ?? []
            let edited = try move.applied(to: sessions, scenario: sc)
            // The protected time stays as planned but where the move puts the post: a fixed
            // commitment there is then reported not kept, flexible time short where it falls short.
            let kept = protected.filter { !($0.post == move.post && $0.date == move.at.date && $0.half == move.at.half) }
            let check = try RotaCheckReport.check(edited, scenario: sc, previous: previous, protected: kept)
            guard let rota = check.rota else {
                return EditOutcome(source: source, sourceSessions: sessions, sourceProtected: protected, scenario: sc, previous: previous,
                                   check: check, saved: nil)
            }
            let v = try saveDraft(db, rota, inputs: inputs, source: source, from: nil, command: "edit",
                                  summary: "moved \(move) in version \(source.version)", details: [
                                      "post": move.post, "date": move.at.date.iso, "half": move.at.half.key, "site": move.site ?? "off"])
            return EditOutcome(source: source, sourceSessions: sessions, sourceProtected: protected, scenario: sc, previous: previous,
                               check: check, saved: v)
        }
    }

    /// The best `k` distinct ways to cover `request` in the week's published rota (or its latest
    /// version, or `version`), solved outside any transaction; with `apply`, that option is saved as
    /// the week's next version, a draft, if nothing it was planned from changed meanwhile.
    public func suggest(week: CalendarDate, request: CoverRequest, version: Int? = nil, k: Int = 5,
                        changeWeight: Double = RepairPlan.defaultChangeWeight, apply: Int? = nil,
                        options: PlanOptions = PlanOptions()) throws(WorkspaceError) -> SuggestOutcome {
        try checkInWeek(request.from.date, week, request.flag)
        let base = try scenario()
        let (source, sc, inputs, previous, sessions) = try read { db in
            let (source, sc, inputs, previous) = try stored(db, week: week, version: version, base: base, preferPublished: true)
            return (source, sc, inputs, previous, try source.assignments(db))
        }
        if let problem = request.problems(in: sc).first { throw .bad("\(request.flag): \(problem)") }
        let found: CoverSuggestions
        do {
            found = try CoverSuggestions.suggest(sc, reference: sessions, request: request, previous: previous, k: k,
                                                 changeWeight: changeWeight, options: options)
        } catch { throw WorkspaceError.from(error, path: path) }
        var notes: [String] = []
        if case .absent(let post, let date, let half) = request, request.applied(to: sc).posts != sc.posts {
            notes.append("the absence is not recorded: record it with hubspoke absence add \(post) \(date.iso)\(half.map { " " + $0.key } ?? "")")
        }
        guard let n = apply else { return SuggestOutcome(source: source, suggestions: found, applied: nil, notes: notes) }
        guard let option = found.options.first(where: { $0.number == n }) else {
            throw .bad("--apply \(n): there \(found.options.count == 1 ? "is 1 option" : "are \(found.options.count) options"); nothing was saved")
        }
        let saved = try write { db in
            guard try WeekInputs.load(db, week: week, calendar: calendar) == inputs else {
                throw WorkspaceError(.storage, "week \(week.iso) changed while the options were found; nothing was saved, run suggest again")
            }
            return try saveDraft(db, option.rota, inputs: inputs, source: source, from: request.from, command: "suggest",
                                 summary: "option \(n) of \(found.options.count) for \(request) applied to version \(source.version)",
                                 details: ["option": String(n), "request": request.description, "k": String(k)])
        }
        return SuggestOutcome(source: source, suggestions: found, applied: saved, notes: notes)
    }

    /// Throws unless `date` is a working day of `week`, which must be in the calendar.
    private func checkInWeek(_ date: CalendarDate, _ week: CalendarDate, _ flag: String) throws(WorkspaceError) {
        _ = try calendar.index(ofWeek: week)
        guard date >= week, date <= week.adding(days: 4) else {
            throw .bad("\(flag): \(date.iso) is not in the week of \(week.iso) (Monday \(week.iso) to Friday \(week.adding(days: 4).iso))")
        }
    }

    /// A stored version of the week (`version`, else the published one when `preferPublished`, else
    /// the latest), with the week's scenario as it is planned and the week before's published rota.
    private func stored(_ db: Database, week: CalendarDate, version: Int?, base: Scenario, preferPublished: Bool) throws
        -> (RotaVersion, Scenario, WeekInputs, PreviousRota?) {
        var notes: [String] = []
        let (sc, inputs) = try weekScenario(db, week: week, base: base, notes: &notes)
        let previous = (try inputs.previous?.rota(db)).map { PreviousRota(rota: $0, scenario: sc) }
        let published = preferPublished ? try RotaVersion.current(db, week: week) : nil
        guard let v = try version.map({ try RotaVersion.find(db, week: week, version: $0) }) ?? published ?? RotaVersion.latest(db, week: week) else {
            throw WorkspaceError.bad("week \(week.iso) has no rota: plan it first (hubspoke plan --week \(week.iso))")
        }
        return (v, sc, inputs, previous)
    }

    /// Saves `rota` as the week's next version, a draft made from `source`, with its log entry.
    private func saveDraft(_ db: Database, _ rota: Rota, inputs: WeekInputs, source: RotaVersion, from: DatedHalf?, command: String,
                           summary: String, details: [String: String]) throws -> RotaVersion {
        let v = try RotaVersion.save(db, rota: rota, week: inputs.week, kind: .repair, scenarioID: scenarioID, previous: inputs.previous,
                                     repaired: source, repairFrom: from)
        let diff = RotaDiff(try source.assignments(db), rota.assignments, postOrder: try postIDs(db))
        var all = details
        all["version"] = String(v.version)
        all["made_from_version"] = String(source.version)
        all["changed_sessions"] = String(diff.changedSessions)
        all["objective"] = fixed(rota.objective.total, 3)
        try writeLog(db, command: command, week: inputs.week, summary: "\(v.label) saved as a draft: \(summary); "
                     + "\(diff.changedSessions) sessions changed, objective \(fixed(rota.objective.total, 2))", details: all)
        return v
    }
}

extension CoverRequest {
    /// The option that names it on the command line.
    var flag: String {
        switch self {
        case .absent: "--absent"
        case .gap: "--gap"
        }
    }
}
