import Foundation
import LinearModel
import HubspokeModel

/// A half-day on a given date: the unit of sessions in a workspace ("2026-12-02 PM").
public struct DatedHalf: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var date: CalendarDate
    public var half: Half
    public init(_ date: CalendarDate, _ half: Half) { self.date = date; self.half = half }

    /// Reads `2026-12-02`, `2026-12-02am`, `2026-12-02pm`, `2026-12-02-pm` or `2026-12-02 pm`
    /// (a date alone means its morning).
    public init?(_ text: String) {
        let t = text.trimmingCharacters(in: .whitespaces).lowercased()
        guard t.count >= 10, let date = CalendarDate(iso: String(t.prefix(10))) else { return nil }
        var rest = t.dropFirst(10).drop { $0 == " " || $0 == "-" || $0 == "T" || $0 == "t" }
        if rest.isEmpty { rest = "am" }
        guard let half = Half(key: String(rest)) else { return nil }
        self.init(date, half)
    }

    public var description: String { "\(date.iso) \(half.label)" }
    public static func < (a: DatedHalf, b: DatedHalf) -> Bool { (a.date, a.half) < (b.date, b.half) }
}

extension Assignment {
    /// A session of a rota, as stored outside the planner (for example in a workspace).
    /// `week` is 1-based within the rota's horizon.
    public init(week: Int, date: CalendarDate, half: Half, post: String, role: String, site: String) {
        self.init(week: week, date: date, day: Weekday(rawValue: date.weekdayIndex) ?? .mon, half: half, post: post, role: role, site: site)
    }
}

/// Re-planning a rota after something changed (an absence, new demand, a pin), with as few changed
/// sessions as possible: each session of the reference rota removed, and each session added that the
/// reference lacks, costs `changeWeight` (so moving a session costs twice that). Sessions before
/// `frozenBefore` have been delivered: they stay exactly as in the reference, except that a session
/// of a post now recorded as absent then is dropped (it cannot have happened).
///
/// The other terms of the objective still apply, so a change is made when it gains more than it
/// costs: with the default weights (urgent 100, high 40, routine 10 per session) and 20 per change,
/// a post is moved to cover an urgent session at the expense of a routine one, but not to swap a
/// routine session for a high one.
public struct RepairPlan: Sendable {
    /// The sessions of the rota being repaired.
    public var reference: [Assignment]
    /// Sessions before this half-day are fixed as in the reference; nil fixes nothing.
    public var frozenBefore: DatedHalf?
    /// Penalty per changed session (a reference session removed, or a session added).
    public var changeWeight: Double

    /// Sessions the repaired rota must have (gaps to cover): some post of the role at the site then.
    public var needs: [SessionNeed] = []
    /// Rotas whose set of changed sessions (from the reference) the repair must not repeat: one
    /// no-good cut each (`CoverSuggestions`). With any, every role is solved in one model.
    public var excluding: [[Assignment]] = []

    public static let defaultChangeWeight = 20.0

    public init(reference: [Assignment], frozenBefore: DatedHalf?, changeWeight: Double = RepairPlan.defaultChangeWeight) {
        self.reference = reference; self.frozenBefore = frozenBefore; self.changeWeight = changeWeight
    }

    /// The reference in index form for `scenario`; throws when it names posts or sites the scenario
    /// lacks, or sessions outside its horizon.
    func resolve(_ scenario: Scenario) throws(PlanFailure) -> ResolvedRepair {
        var problems: [String] = []
        let grid = Self.grid(reference, scenario, problems: &problems)
        let excluded = excluding.map { Self.grid($0, scenario, problems: &problems) }
        let needKeys = needs.compactMap { need -> NeedKey? in
            guard let s = scenario.siteIndex(need.site), let r = scenario.roleIndex(need.role),
                  let slot = ResolvedRepair.slot(scenario, need.at.date, need.at.half), slot.index < scenario.slots.count else {
                problems.append("the gap \(need) is not a site, role and session of the scenario"); return nil
            }
            return NeedKey(room: RoomKey(slot: slot, site: s), role: r)
        }
        if !problems.isEmpty {
            throw PlanFailure(description: "the rota to repair does not match the scenario: " + problems.joined(separator: "; "))
        }
        var frozen = 0
        if let f = frozenBefore {
            let offset = f.date.dayNumber - scenario.startDate.dayNumber
            if offset >= scenario.weeks * 7 { frozen = scenario.slots.count }
            else if offset > 0 {
                // From the half-day given, or from the Monday after a weekend.
                frozen = (ResolvedRepair.slot(scenario, f.date, f.half) ?? Slot(week: offset / 7 + 1, weekday: .mon, half: .am)).index
            }
        }
        var resolved = ResolvedRepair(reference: grid, frozenBefore: frozen, weight: changeWeight, needs: needKeys, excluded: [])
        resolved.excluded = excluded.map(resolved.changeKeys)
        return resolved
    }

    /// Sessions in grid form, [post][slot.index] = site, with what does not fit the scenario in `problems`.
    static func grid(_ sessions: [Assignment], _ scenario: Scenario, problems: inout [String]) -> [[Int?]] {
        let slots = scenario.slots.count
        var grid = Array(repeating: [Int?](repeating: nil, count: slots), count: scenario.posts.count)
        for a in sessions {
            guard let p = scenario.postIndex(a.post) else { problems.append("unknown post \(a.post)"); continue }
            guard let s = scenario.siteIndex(a.site) else { problems.append("unknown site \(a.site)"); continue }
            guard let slot = ResolvedRepair.slot(scenario, a.date, a.half)?.index, slot < slots else {
                problems.append("\(a.post) on \(a.date.iso) \(a.half.label) is outside the horizon"); continue
            }
            if grid[p][slot] != nil && grid[p][slot] != s { problems.append("\(a.post) is at two sites on \(a.date.iso) \(a.half.label)") }
            grid[p][slot] = s
        }
        return grid
    }
}

/// A session a repaired rota must have: some post of `role` at `site` at `at` (a gap to cover).
public struct SessionNeed: Hashable, Sendable, CustomStringConvertible {
    public var site: String
    public var role: String
    public var at: DatedHalf
    public init(site: String, role: String, at: DatedHalf) { self.site = site; self.role = role; self.at = at }
    public var description: String { "\(role) at \(site) \(at)" }
}

/// A gap in index form: the site and session, and the role one of whose posts must be there.
struct NeedKey: Hashable {
    let room: RoomKey
    let role: Int
}

/// One changed session of a rota from the reference: a reference session removed (`added` false,
/// `site` the reference's), or a session added that the reference lacks. The no-good cuts'
/// binaries: `z = x` for an added session, `z = 1 - x` for a removed one (x the post's session there).
struct ChangeKey: Hashable {
    let post: Int
    let slot: Int
    let site: Int
    let added: Bool
}

/// A repair in index form, read by the instance, the model and the planner.
struct ResolvedRepair {
    /// reference[post][slot.index] = site.
    let reference: [[Int?]]
    /// Slots with a lower index are fixed as in the reference.
    let frozenBefore: Int
    let weight: Double
    /// Gaps the rota must cover.
    let needs: [NeedKey]
    /// The changed-session sets of rotas the repair must not repeat.
    var excluded: [Set<ChangeKey>]

    /// The slot of a date and half in the scenario's horizon (or after it); nil before the start
    /// and at weekends.
    static func slot(_ sc: Scenario, _ date: CalendarDate, _ half: Half) -> Slot? {
        let offset = date.dayNumber - sc.startDate.dayNumber
        guard offset >= 0, let weekday = Weekday(rawValue: offset % 7) else { return nil }
        return Slot(week: offset / 7, weekday: weekday, half: half)
    }

    func isFrozen(_ slot: Slot) -> Bool { slot.index < frozenBefore }
    func hasSessions(post p: Int) -> Bool { reference[p].contains { $0 != nil } }

    /// Fixes the frozen slots: the reference's site where the post is still available, nothing otherwise.
    func fix(_ pinned: inout [[Int?]], available: [[Bool]]) {
        for p in pinned.indices {
            for i in 0..<min(frozenBefore, pinned[p].count) { pinned[p][i] = available[p][i] ? reference[p][i] : nil }
        }
    }

    /// Adds the change penalty for `posts`: weight × (reference sessions not kept + sessions added),
    /// written as a constant (every reference session lost) plus, per day plan, the weight for each
    /// half that adds a session and minus the weight for each half that keeps one.
    func addChangePenalty(to objective: inout LinearExpression, plans: VariableFamily<DayPlan>, posts: [Int]) {
        guard weight > 0 else { return }
        for p in posts { objective.constant += weight * Double(reference[p].compactMap { $0 }.count) }
        for (plan, v) in plans {
            var coefficient = 0.0
            for room in plan.rooms {
                coefficient += reference[plan.post][room.slot.index] == room.site ? -weight : weight
            }
            if coefficient != 0 { objective.add(v, coefficient) }
        }
    }

    /// Whether a gap asks for a post of `role` at `room`.
    func needs(_ room: RoomKey, role: Int) -> Bool { needs.contains { $0.room == room && $0.role == role } }
    /// Gaps at a site, for a role, in a week (they raise the no-surplus cap as pins do).
    func needCount(_ key: CoverKey) -> Int {
        needs.reduce(0) { $0 + ($1.room.site == key.site && $1.role == key.role && $1.room.slot.week == key.week ? 1 : 0) }
    }

    /// The changed sessions of a grid ([post][slot.index] = site) from the reference.
    func changeKeys(_ at: [[Int?]]) -> Set<ChangeKey> {
        var keys = Set<ChangeKey>()
        for p in reference.indices {
            for i in reference[p].indices where reference[p][i] != at[p][i] {
                if let r = reference[p][i] { keys.insert(ChangeKey(post: p, slot: i, site: r, added: false)) }
                if let s = at[p][i] { keys.insert(ChangeKey(post: p, slot: i, site: s, added: true)) }
            }
        }
        return keys
    }

    /// The no-good cut that excludes exactly the changed-session set `set`: with c = +1 for a change
    /// in it and -1 for any other, sum c·z <= |set| - 1 (it reaches |set| only with every change of
    /// the set made and no other). Written on the day plans: each session a plan gives adds c (an
    /// added session) or -c (the reference's session kept); each reference session adds c as a
    /// constant (z = 1 - x). Returns the expression, constant included, and the right-hand side.
    func noGood(_ set: Set<ChangeKey>, plans: VariableFamily<DayPlan>) -> (LinearExpression, Double) {
        func c(_ key: ChangeKey) -> Double { set.contains(key) ? 1 : -1 }
        var e = LinearExpression()
        for p in reference.indices {
            for i in reference[p].indices { if let r = reference[p][i] { e.constant += c(ChangeKey(post: p, slot: i, site: r, added: false)) } }
        }
        for (plan, v) in plans {
            var coefficient = 0.0
            for room in plan.rooms {
                let kept = reference[plan.post][room.slot.index] == room.site
                let key = ChangeKey(post: plan.post, slot: room.slot.index, site: room.site, added: !kept)
                coefficient += kept ? -c(key) : c(key)
            }
            if coefficient != 0 { e.add(v, coefficient) }
        }
        return (e, Double(set.count - 1))
    }

    /// Sessions changed between the reference and the planned grid ([post][slot.index] = site).
    func changes(_ at: [[Int?]]) -> Int {
        var n = 0
        for p in reference.indices {
            for i in reference[p].indices where reference[p][i] != at[p][i] {
                n += (reference[p][i] == nil ? 0 : 1) + (at[p][i] == nil ? 0 : 1)
            }
        }
        return n
    }

    /// The repair's own objective term, added after the other terms.
    func addTerm(to rota: inout Rota, plans: [DayPlan], slots: Int) {
        let at = DayPlan.grid(plans, posts: reference.count, slots: slots)
        let changed = changes(at)
        let total = reference.reduce(0) { $0 + $1.compactMap { $0 }.count }
        rota.objective.terms.append(.init(.repair, quantity: Double(changed),
                                          unit: "sessions removed or added; reference had \(total)", weight: weight,
                                          penalty: Double(changed) * weight))
        rota.objective.total += Double(changed) * weight
    }
}
