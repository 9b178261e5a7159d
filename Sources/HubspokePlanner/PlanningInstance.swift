import HubspokeModel
import GLPKSolver

/// The scenario turned into index form for modelling: demand per site, role, week
/// and priority; which posts can work which slots; which sites are worth visiting.
/// Built once per plan; read by the model builder, the decoder and the diagnosis.
struct PlanningInstance {
    let scenario: Scenario
    let previous: PreviousRota?
    /// A rota being repaired: the reference to stay close to, and the slots fixed as in it.
    let repair: ResolvedRepair?
    /// Served sessions are integer variables in its models (`PlannerTuning.integralService`); off
    /// in the exported model, which keeps them continuous.
    var integralService = false
    /// Rounds of blossom cuts added to its models before they are solved (`PlannerTuning.blossomRounds`),
    /// with `cutSolver` for their LP relaxations; 0 in the exported model, which has none.
    var blossomRounds = 0
    /// The cuts only in a role's model alone with every room free (horizons of several weeks:
    /// `PlannerTuning.horizonBlossomRounds`).
    var blossomAloneOnly = false
    var blossomPlanLimit = 0
    var blossomMinGain = 0.0
    var cutSolver: GLPKSolver?
    let postRole: [Int]
    let postBase: [Int]
    /// [post][slot.index]: the post can work at a site then (pattern, leave, bank holidays, and no
    /// fixed commitment of its protected time).
    let available: [[Bool]]
    /// The scenario's protected time over the horizon (fixed occurrences, notes, clashes).
    let protectedSchedule: ProtectedSchedule
    /// committed[post][slot.index]: the site of a fixed commitment the post attends then.
    let committed: [[Int?]]
    /// The flexible commitment of each post, if any.
    let flexible: [FlexibleCommitment?]
    /// Flexible windows ask for no more than the post's free half-days allow (`PlanOptions.protectedWherePossible`).
    let protectedWherePossible: Bool
    /// The preferences of each post (index), in scenario order.
    let preferencesOf: [[StaffPreference]]
    /// linkOf[site][role]: the post index of the site's link post for the role (`links:`), if any.
    let linkOf: [[Int?]]
    /// Demand of a site closed all week: set aside, shown with its reason, never unmet.
    let closedDemand: [ClosedDemand]
    /// open[site][slot.index]: the site is open then (the calendar: bank holidays, closures, school holidays).
    let open: [[Bool]]
    /// [post] -> eligible site indices, in site order.
    let eligible: [[Int]]
    /// demand[site][role][week][priorityRank]
    let demand: [[[[Int]]]]
    /// pinned[post][slot.index] = site
    let pinned: [[Int?]]
    /// forbidden[post]: the sites and sessions the post may not work at.
    let forbidden: [Set<RoomKey>]

    /// Every slot of the horizon in order (`slots[slot.index] == slot`).
    let slots: [Slot]
    /// A linear price per unmet session at a PRU and role (`site * roles + role`), in place of the
    /// fairness term's convex penalty there: the fairness rows of a longer horizon moved into the
    /// objective, as `RegionHorizon` plans it a week at a time. Empty: the penalty everywhere.
    var fairnessPrices: [Int: Double] = [:]
    /// The horizon's fairness penalty on this week's unmet sessions at a PRU and role (`site *
    /// roles + role`), with the other weeks' unmet sessions `others` fixed: the segments of the
    /// penalty of the horizon's `demand` from `others` on. `RegionHorizon` searches each week so,
    /// on the horizon's own objective. Empty: the week's own penalty (or its price).
    var fairnessHorizon: [Int: (demand: Int, others: Int)] = [:]

    var siteCount: Int { scenario.sites.count }
    /// Roles with at least one post, in scenario order.
    var rolesWithPosts: [Int] { scenario.roles.indices.filter { r in postRole.contains(r) } }
    var weeks: Int { scenario.weeks }
    var days: Int { scenario.weeks * 5 }

    init(_ scenario: Scenario, previous: PreviousRota?, repair: ResolvedRepair? = nil, protectedWherePossible: Bool = false) {
        self.scenario = scenario
        self.protectedWherePossible = protectedWherePossible
        self.previous = previous
        self.repair = repair
        let S = scenario.sites.count, R = scenario.roles.count, W = scenario.weeks
        slots = scenario.slots
        postRole = scenario.posts.map { Self.known(scenario.roleIndex($0.role), "role \($0.role)") }
        postBase = scenario.posts.map { Self.known(scenario.siteIndex($0.base), "site \($0.base)") }
        protectedSchedule = scenario.protectedSchedule()
        let committedAt = Self.committed(scenario, protectedSchedule)
        committed = committedAt
        flexible = scenario.posts.map { scenario.flexibleCommitment(for: $0) }
        available = scenario.posts.indices.map { p in
            scenario.slots.map { scenario.isAvailable(scenario.posts[p], $0) && committedAt[p][$0.index] == nil }
        }
        open = scenario.sites.map { site in scenario.slots.map { scenario.isOpen(site, $0) } }
        preferencesOf = scenario.posts.map { post in scenario.preferences.filter { $0.post == post.id } }
        linkOf = scenario.sites.map { site in scenario.roles.map { role in scenario.linkPost(site: site.id, role: role.id).flatMap(scenario.postIndex) } }
        eligible = scenario.posts.map { p in scenario.sites.indices.filter { p.serves.contains(scenario.sites[$0].id) } }
        var d = Array(repeating: Array(repeating: Array(repeating: Array(repeating: 0, count: 3), count: W), count: R), count: S)
        let shut = scenario.closedWeeks()
        var setAside: [ClosedDemand] = []
        for item in scenario.demand {
            let s = Self.known(scenario.siteIndex(item.site), "site \(item.site)"), r = Self.known(scenario.roleIndex(item.role), "role \(item.role)")
            for w in scenario.weeksOf(item.week) {
                if let reason = shut[s][w] {
                    setAside.append(ClosedDemand(site: item.site, role: item.role, week: w + 1, priority: item.priority, sessions: item.sessions, reason: reason))
                } else {
                    d[s][r][w][item.priority.rank] += item.sessions
                }
            }
        }
        demand = d
        closedDemand = ClosedDemand.merged(setAside, scenario)
        var pins = Array(repeating: [Int?](repeating: nil, count: slots.count), count: scenario.posts.count)
        for rule in scenario.pins {
            let p = Self.known(scenario.postIndex(rule.post), "post \(rule.post)"), s = Self.known(scenario.siteIndex(rule.site), "site \(rule.site)")
            for w in scenario.weeksOf(rule.week) { pins[p][Slot(week: w, weekday: rule.weekday, half: rule.half).index] = s }
        }
        // Slots already delivered in a repair are fixed as in the rota repaired, like pins.
        repair?.fix(&pins, available: available)
        pinned = pins
        var forb = Array(repeating: Set<RoomKey>(), count: scenario.posts.count)
        for rule in scenario.forbids {
            let p = Self.known(scenario.postIndex(rule.post), "post \(rule.post)"), s = Self.known(scenario.siteIndex(rule.site), "site \(rule.site)")
            for w in scenario.weeksOf(rule.week) { forb[p].insert(RoomKey(slot: Slot(week: w, weekday: rule.weekday, half: rule.half), site: s)) }
        }
        forbidden = forb
    }

    /// The index of an id that a checked scenario has (its posts, demand, pins and forbids name
    /// its own roles, sites and posts: `Scenario.validate` reports any that do not).
    private static func known(_ index: Int?, _ what: String) -> Int {
        guard let index else { preconditionFailure("the scenario was not checked: unknown \(what)") }
        return index
    }

    func totalDemand(site s: Int, role r: Int, week w: Int) -> Int { demand[s][r][w].reduce(0, +) }
    func totalDemand(_ key: CoverKey) -> Int { totalDemand(site: key.site, role: key.role, week: key.week) }
    func demand(_ key: ServedKey) -> Int { demand[key.cover.site][key.cover.role][key.cover.week][key.priority.rank] }
    func totalDemand(site s: Int, role r: Int) -> Int { (0..<weeks).reduce(0) { $0 + totalDemand(site: s, role: r, week: $1) } }

    func pinnedCount(site s: Int, role r: Int, week w: Int) -> Int {
        pinnedCounts(site: s, role: r, week: w).pinned
    }

    /// Sessions fixed at a site for a role in a week: those in a repair's frozen slots (already
    /// delivered) apart from the others (pins).
    func pinnedCounts(site s: Int, role r: Int, week w: Int) -> (pinned: Int, delivered: Int) {
        var n = 0, delivered = 0
        for p in scenario.posts.indices where postRole[p] == r {
            for i in (w * 10)..<(w * 10 + 10) where pinned[p][i] == s {
                if i < (repair?.frozenBefore ?? 0) { delivered += 1 } else { n += 1 }
            }
        }
        return (n + delivered, delivered)
    }

    /// Sites a post could usefully attend in a slot: eligible, with demand for its role that week
    /// (or pinned there), and not forbidden. A pinned slot offers only its pinned site.
    func candidateSites(post p: Int, slot: Slot) -> [Int] {
        guard available[p][slot.index] else { return [] }
        if let s = pinned[p][slot.index] { return [s] }
        if repair?.isFrozen(slot) == true { return [] }
        let r = postRole[p]
        return eligible[p].filter { s in
            let room = RoomKey(slot: slot, site: s)
            return open[s][slot.index] && (totalDemand(site: s, role: r, week: slot.week) > 0 || repair?.needs(room, role: r) == true)
                && !forbidden[p].contains(room)
        }
    }

    /// Sessions of a day plan given at a PRU whose link post for the post's role is another post.
    func offLinkSessions(_ plan: DayPlan) -> Int {
        Half.allCases.reduce(0) { n, half in
            guard let s = plan.site(half), let link = linkOf[s][postRole[plan.post]], link != plan.post else { return n }
            return n + 1
        }
    }

    /// What a day plan's sessions weigh by the post's preferences: each session an `avoid` names
    /// adds its weight, each one a `prefer` names takes its weight off.
    func preferenceCost(_ plan: DayPlan) -> Double {
        guard !preferencesOf[plan.post].isEmpty else { return 0 }
        var cost = 0.0
        for half in Half.allCases {
            guard let s = plan.site(half) else { continue }
            for pref in preferencesOf[plan.post] where pref.matches(site: scenario.sites[s].id, weekday: plan.weekday, half: half) {
                cost += pref.kind == .avoid ? pref.weight : -pref.weight
            }
        }
        return cost
    }

    /// Travel minutes of a day: base to the morning site, on to the afternoon site, back to base.
    func travelMinutes(post p: Int, am: Int?, pm: Int?) -> Int { scenario.travel.day(base: postBase[p], am: am, pm: pm).minutes }

    func travelKilometres(post p: Int, am: Int?, pm: Int?) -> Double { scenario.travel.day(base: postBase[p], am: am, pm: pm).kilometres }

    /// Whether a morning site and a different afternoon site fit the travel and sites-per-day rules.
    func dayFeasible(_ a: Int, _ b: Int) -> Bool {
        a == b || (scenario.rules.maxSitesPerDay >= 2 && scenario.travel[a, b] <= scenario.lunchTravelMinutes)
    }
}

// The keys of the rota model's rule families, shared by the model builder, the rounding heuristic,
// room overflow, the rooms left to a part and the Lagrangian bound's prices. Hashable values: a
// dictionary keyed by them is read by looking keys up while going through the domain in order
// (`PlanningInstance.roomKeys`, sites, roles, weeks), never by iterating it.

/// A site in one session of the horizon: what a room row counts.
struct RoomKey: Hashable, Comparable {
    let slot: Slot
    let site: Int
    /// Session first, then site: the order of the room rows.
    static func < (a: RoomKey, b: RoomKey) -> Bool { (a.slot.index, a.site) < (b.slot.index, b.site) }
}

/// A site, role and week: what coverage, the no-surplus cap and whole days count.
struct CoverKey: Hashable {
    let site: Int
    let role: Int
    let week: Int
}

/// A post's week: what the contract row counts.
struct ContractKey: Hashable {
    let post: Int
    let week: Int
}

/// Sessions served at a site, for a role, in a week, at one priority.
struct ServedKey: Hashable {
    let cover: CoverKey
    let priority: Priority
}

extension PlanningInstance {
    /// Room keys in the order of the room rows: session by session, site by site.
    var roomKeys: [RoomKey] { slots.flatMap { slot in (0..<siteCount).map { RoomKey(slot: slot, site: $0) } } }

    // Dense numbers of the keys, for the rounding heuristic's arrays (`RotaHeuristic`).
    var roomKeyCount: Int { slots.count * siteCount }
    var coverKeyCount: Int { siteCount * scenario.roles.count * weeks }
    var contractKeyCount: Int { scenario.posts.count * weeks }
    func number(_ key: RoomKey) -> Int { key.slot.index * siteCount + key.site }
    func number(_ key: CoverKey) -> Int { (key.site * scenario.roles.count + key.role) * weeks + key.week }
    func number(_ key: ContractKey) -> Int { key.post * weeks + key.week }
}
