import HubspokeModel
import HubspokeSupport

/// What needs cover: a post away (a half-day, or a whole day without a half), or a session of a role
/// at a site that the rota must have.
public enum CoverRequest: Sendable, Hashable, CustomStringConvertible {
    case absent(post: String, date: CalendarDate, half: Half?)
    case gap(SessionNeed)

    /// The first half-day re-planned: sessions before it have been delivered and stay.
    public var from: DatedHalf {
        switch self {
        case .absent(_, let date, let half): DatedHalf(date, half ?? .am)
        case .gap(let need): need.at
        }
    }

    public var description: String {
        switch self {
        case .absent(let post, let date, let half): "\(post) absent \(longDate(date)) \(half?.label ?? "(whole day)")"
        case .gap(let need): "a gap: \(need.role) at \(need.site) \(longDate(need.at.date)) \(need.at.half.label)"
        }
    }

    /// The scenario to plan the cover in: with the absence recorded (if it is not already).
    public func applied(to scenario: Scenario) -> Scenario {
        guard case .absent(let post, let date, let half) = self, let p = scenario.postIndex(post) else { return scenario }
        var sc = scenario
        let halves = half.map { [$0] } ?? Half.allCases
        if !halves.allSatisfy({ h in sc.posts[p].absences.contains { $0.covers(date, h) } }) {
            sc.posts[p].absences.append(Absence(date: date, half: half, reason: "cover suggestion"))
        }
        return sc
    }

    /// The scenario the rota as it stands is counted in: without any absence of the post then.
    public func before(_ scenario: Scenario) -> Scenario {
        guard case .absent(let post, let date, let half) = self, let p = scenario.postIndex(post) else { return scenario }
        var sc = scenario
        sc.posts[p].absences.removeAll { a in a.date == date && (half == nil || a.half == nil || a.half == half) }
        return sc
    }
}

/// One way to cover, in rank order.
public struct CoverOption: Sendable {
    /// 1-based rank.
    public var number: Int
    /// The rota with the cover (its objective includes the repair term: changed sessions × weight).
    public var rota: Rota
    /// The objective's change from the rota as it stood (nil when that rota cannot be counted).
    public var change: Double?
    /// Why it ranks here: the terms that differ from the option before.
    public var reason: String
}

/// The best `asked` distinct ways to cover a request, each optimal among the rotas whose changed
/// sessions (from the reference) differ from those of every option before it.
public struct CoverSuggestions: Sendable {
    public var request: CoverRequest
    /// The scenario the options were planned in (the absence recorded).
    public var scenario: Scenario
    public var reference: [Assignment]
    /// The reference rota's objective before the request (nil when it breaks a rule even then).
    public var referenceObjective: ObjectiveBreakdown?
    public var options: [CoverOption]
    public var asked: Int
    /// The penalty per changed session, and the relative gap within which each option is optimal.
    public var changeWeight: Double
    public var tolerance: Double
    /// The time limit ended the list before `asked` options were found (`PlanOptions.timeLimit`
    /// bounds all the options together).
    public var stoppedByTimeLimit = false
    /// Fewer options than asked: no other rota keeps every hard rule.
    public var exhausted: Bool { options.count < asked && !stoppedByTimeLimit }

    /// Objectives closer than this (relative, at least 1e-6 absolute) are ties.
    public static let tieTolerance = 1e-6

    /// Option 1 is exactly `RotaPlanner.plan` with the repair (the same search); each next one adds a
    /// no-good cut per earlier option and solves every role in one model. Each solve stops within the
    /// planner's tolerance (`PlannerTuning.tolerance`, or the caller's `gap`), so an option is optimal
    /// within it among the rotas not yet offered; the options are then listed by objective, ties
    /// (within `tieTolerance`) in the order found. When no further rota keeps every hard rule, the
    /// list stops short of `k`.
    public static func suggest(_ scenario: Scenario, reference: [Assignment], request: CoverRequest, previous: PreviousRota? = nil,
                               k: Int = 5, changeWeight: Double = RepairPlan.defaultChangeWeight,
                               options: PlanOptions = PlanOptions()) throws -> CoverSuggestions {
        // One deadline for every option: the time limit bounds the whole suggestion.
        var options = options
        if options.startedAt == nil { options.startedAt = monotonicSeconds() }
        let sc = request.applied(to: scenario)
        var repair = RepairPlan(reference: reference, frozenBefore: request.from, changeWeight: changeWeight)
        if case .gap(let need) = request { repair.needs = [need] }
        var found = [try RotaPlanner.plan(sc, previous: previous, repair: repair, options: options)]
        var whole = options
        whole.wholeModelBelow = .max
        let deadline = options.timeLimit.flatMap { limit in options.startedAt.map { options.tuning.deadline(start: $0, limit: limit) } }
        // At the deadline the list stops short of `k`, and says so.
        var timedOut = false
        while found.count < k {
            if let deadline, monotonicSeconds() >= deadline { timedOut = true; break }
            repair.excluding = found.map(\.assignments)
            let next: Rota
            do { next = try RotaPlanner.plan(sc, previous: previous, repair: repair, options: whole) } catch is PlanConflict { break } catch where deadline != nil && error is PlanFailure { timedOut = true; break }
            guard !found.contains(where: { Set($0.assignments) == Set(next.assignments) }) else {
                throw PlanFailure(description: "cover option \(found.count + 1) repeats an earlier one: the no-good cut did not hold")
            }
            found.append(next)
        }
        // The rota as it stood, counted without the absence (nil when it breaks a rule even then).
        let check = try? RotaCheckReport.check(reference, scenario: request.before(scenario), previous: previous)
        let before = check?.objective
        var suggestions = CoverSuggestions(request: request, scenario: sc, reference: reference, referenceObjective: before,
                                           options: ranked(found, before: before), asked: k, changeWeight: changeWeight,
                                           tolerance: options.gap ?? options.tuning.tolerance)
        suggestions.stoppedByTimeLimit = timedOut
        return suggestions
    }

    /// The rotas by objective (ties in the order found), numbered, with their change and reason.
    static func ranked(_ rotas: [Rota], before: ObjectiveBreakdown?) -> [CoverOption] {
        let order = rotas.indices.sorted { (key(rotas[$0]), $0) < (key(rotas[$1]), $1) }
        var options: [CoverOption] = []
        for (i, index) in order.enumerated() {
            let rota = rotas[index]
            let why = options.last.map { reason(rota.objective, after: $0.rota.objective, number: $0.number) }
                ?? "the repair optimum: the least objective of any cover"
            options.append(CoverOption(number: i + 1, rota: rota, change: before.map { rota.objective.total - $0.total }, reason: why))
        }
        return options
    }

    /// The objective in units of the tie tolerance, for ranking.
    static func key(_ rota: Rota) -> Double {
        let x = rota.objective.total
        return (x / (tieTolerance * max(1, abs(x)))).rounded()
    }

    /// The terms of `objective` that differ from the option before's (by 0.005 or more), in term order.
    static func reason(_ objective: ObjectiveBreakdown, after earlier: ObjectiveBreakdown, number: Int) -> String {
        let delta = objective.total - earlier.total
        var names = earlier.terms.map(\.name)
        for t in objective.terms where !names.contains(t.name) { names.append(t.name) }
        let differences = names.compactMap { name -> String? in
            let a = objective.terms.first { $0.name == name }?.penalty ?? 0, b = earlier.terms.first { $0.name == name }?.penalty ?? 0
            return abs(a - b) < 0.005 ? nil : "\(name) \(signed(a - b))"
        }
        let head = abs(delta) <= tieTolerance * max(1, abs(objective.total))
            ? "ties with option \(number)" : "\(signed(delta)) over option \(number)"
        return differences.isEmpty ? head : head + ": " + differences.joined(separator: ", ")
    }

    static func signed(_ x: Double) -> String { (x >= 0 ? "+" : "") + fixed(x, 2) }
}

extension Scenario {
    /// What is wrong with a session at `at` (at `site`, when given) in this scenario's horizon: a date
    /// outside it or at a weekend, an unknown site, or a site closed that day; nil when it is fine.
    public func sessionProblem(_ at: DatedHalf, site: String? = nil) -> String? {
        let end = startDate.adding(days: 7 * weeks - 1)
        guard at.date >= startDate, at.date <= end else {
            return "\(at.date.iso) is outside the rota's horizon (\(startDate.iso) to \(end.iso))"
        }
        guard at.date.weekdayIndex < 5 else { return "\(at.date.iso) is a weekend day: sessions are Monday to Friday" }
        guard let site else { return nil }
        guard siteIndex(site) != nil else { return "unknown site \(site) (sites: \(sites.map(\.id).joined(separator: ", ")))" }
        if let closure = closure(of: site, on: at.date) { return "\(site) is closed on \(longDate(at.date)): \(closure.label)" }
        return nil
    }
}

extension CoverRequest {
    /// What makes the request impossible in `scenario` (unknown post, site or role, a date outside
    /// the horizon, a closed site, a role no post of which may serve the site); empty when it is fine.
    public func problems(in scenario: Scenario) -> [String] {
        switch self {
        case .absent(let post, let date, let half):
            guard scenario.postIndex(post) != nil else { return ["unknown post \(post) (posts: \(scenario.posts.map(\.id).joined(separator: ", ")))"] }
            return scenario.sessionProblem(DatedHalf(date, half ?? .am)).map { [$0] } ?? []
        case .gap(let need):
            if let problem = scenario.sessionProblem(need.at, site: need.site) { return [problem] }
            guard scenario.roleIndex(need.role) != nil else { return ["unknown role \(need.role) (roles: \(scenario.roles.map(\.id).joined(separator: ", ")))"] }
            guard scenario.posts.contains(where: { $0.role == need.role && $0.serves.contains(need.site) }) else {
                return ["no \(need.role) post may serve \(need.site)"]
            }
            let slot = Slot(week: (need.at.date.dayNumber - scenario.startDate.dayNumber) / 7, weekday: Weekday(rawValue: need.at.date.weekdayIndex) ?? .mon, half: need.at.half)
            guard scenario.posts.contains(where: { $0.role == need.role && $0.serves.contains(need.site) && scenario.isAvailable($0, slot) }) else {
                return ["no \(need.role) post that may serve \(need.site) works on \(longDate(need.at.date)) \(need.at.half.label) (working pattern or leave)"]
            }
            return []
        }
    }
}
