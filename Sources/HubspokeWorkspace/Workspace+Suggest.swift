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
    /// What the options were found from (for `applyCover`).
    public var basis: CoverBasis
}

/// A request for cover with the week as it was read: the version covered in, the week's latest
/// version then (0: none), and the scenario and inputs the options are planned from.
public struct CoverBasis: Sendable {
    public var request: CoverRequest
    public var source: RotaVersion
    public var latestVersion: Int
    var scenario: Scenario
    var inputs: WeekInputs
    var previous: PreviousRota?
    var sessions: [Assignment]
    public var week: CalendarDate { inputs.week }
}

/// An option applied: saved as a draft, or refused because the week changed since it was read
/// (another version saved, or its inputs changed), with the week's latest version now.
public enum CoverApplied: Sendable {
    case saved(RotaVersion)
    case conflict(current: RotaVersion?, inputsChanged: Bool)
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
        let basis = try coverBasis(week: week, request: request, version: version)
        var outcome = try findCover(basis, k: k, changeWeight: changeWeight, options: options)
        guard let n = apply else { return outcome }
        switch try applyCover(outcome, option: n, readAt: nil, naming: "--apply") {
        case .saved(let v): outcome.applied = v
        case .conflict: throw WorkspaceError(.storage, "week \(week.iso) changed while the options were found; nothing was saved, run suggest again")
        }
        return outcome
    }

    /// What cover for `request` is found from: the week's stored version (the published one, else the
    /// latest, or `version`), its scenario and inputs as they are now. Throws for a request the week
    /// cannot have (an unknown post, site or role, a date outside the week, a closed site). Reads only.
    public func coverBasis(week: CalendarDate, request: CoverRequest, version: Int? = nil) throws(WorkspaceError) -> CoverBasis {
        try checkInWeek(request.from.date, week, request.flag)
        let base = try scenario()
        let basis = try read { db in
            let (source, sc, inputs, previous) = try stored(db, week: week, version: version, base: base, preferPublished: true)
            return CoverBasis(request: request, source: source, latestVersion: try RotaVersion.latest(db, week: week)?.version ?? 0,
                              scenario: sc, inputs: inputs, previous: previous, sessions: try source.assignments(db))
        }
        if let problem = request.problems(in: basis.scenario).first { throw .bad("\(request.flag): \(problem)") }
        return basis
    }

    /// The best `k` distinct covers of `basis`'s request (the solver runs here, outside any transaction).
    public func findCover(_ basis: CoverBasis, k: Int, changeWeight: Double = RepairPlan.defaultChangeWeight,
                          options: PlanOptions = PlanOptions()) throws(WorkspaceError) -> SuggestOutcome {
        let request = basis.request
        let found: CoverSuggestions
        do {
            found = try CoverSuggestions.suggest(basis.scenario, reference: basis.sessions, request: request, previous: basis.previous, k: k,
                                                 changeWeight: changeWeight, options: options)
        } catch { throw WorkspaceError.from(error, path: path) }
        var notes: [String] = []
        if case .absent(let post, let date, let half) = request, request.applied(to: basis.scenario).posts != basis.scenario.posts {
            notes.append("the absence is not recorded: record it with hubspoke absence add \(post) \(date.iso)\(half.map { " " + $0.key } ?? "")")
        }
        return SuggestOutcome(source: basis.source, suggestions: found, applied: nil, notes: notes, basis: basis)
    }

    /// Saves option `n` of `outcome` as the week's next version, a draft, if the week's inputs (demand,
    /// absences, pins and forbids, preferences, the week before) are as they were read and, given
    /// `readAt` (the week's latest version the caller read the options at), no other version was saved
    /// since the options were found. Otherwise nothing is saved and the answer is the conflict, with
    /// the week's latest version now. One transaction.
    public func applyCover(_ outcome: SuggestOutcome, option n: Int, readAt: Int?, naming: String = "option") throws(WorkspaceError) -> CoverApplied {
        let found = outcome.suggestions, basis = outcome.basis, week = basis.inputs.week
        guard let option = found.options.first(where: { $0.number == n }) else {
            throw .bad("\(naming) \(n): there \(found.options.count == 1 ? "is 1 option" : "are \(found.options.count) options"); nothing was saved")
        }
        return try write { db in
            let latest = try RotaVersion.latest(db, week: week)
            let inputsChanged = try WeekInputs.load(db, week: week, calendar: calendar) != basis.inputs
            let versionChanged = readAt.map { $0 != basis.latestVersion || (latest?.version ?? 0) != $0 } ?? false
            if inputsChanged || versionChanged { return .conflict(current: latest, inputsChanged: inputsChanged) }
            let k = String(found.asked)
            return .saved(try saveDraft(db, option.rota, inputs: basis.inputs, source: outcome.source, from: found.request.from, command: "suggest",
                                        summary: "option \(n) of \(found.options.count) for \(found.request) applied to version \(outcome.source.version)",
                                        details: ["option": String(n), "request": found.request.description, "k": k]))
        }
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

extension CoverSuggestions {
    /// What `option` changes in the rota as it stood.
    public func diff(_ option: CoverOption) -> RotaDiff {
        RotaDiff(reference, option.rota.assignments, postOrder: scenario.posts.map(\.id))
    }

    /// How far each option is optimal, and what counts as a tie (the command line and the web say the same).
    public var toleranceSentence: String {
        "Each option is optimal, within a relative gap of \(tolerance), among the rotas "
            + "whose changed sessions differ from those of every option before it; objectives within \(CoverSuggestions.tieTolerance) "
            + "(relative) are ties, listed in the order found."
    }

    /// Whether all the options asked were found.
    public var countSentence: String {
        if stoppedByTimeLimit && options.count < asked {
            return "Only \(options.count) of the \(asked) options asked: the time limit came first (allow more with --time-limit)."
        }
        return exhausted ? "Only \(options.count) of the \(asked) options asked: no other rota keeps every hard rule." : "\(options.count) option(s), as asked."
    }
}

extension RotaDiff {
    /// "3 sessions changed (2 removed, 1 added)".
    public var countText: String {
        "\(changedSessions) session\(changedSessions == 1 ? "" : "s") changed (\(removed) removed, \(added) added)"
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
