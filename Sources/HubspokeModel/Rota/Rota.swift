/// A planned rota: who is where, session by session, what demand is left unmet and why,
/// and how the plan scores on each objective term.
public struct Rota: Sendable, Codable {
    public var scenario: String
    public var startDate: CalendarDate
    public var weeks: Int
    public var assignments: [Assignment]
    public var unmet: [UnmetDemand]
    public var coverage: [Coverage]
    public var posts: [PostSummary]
    public var objective: ObjectiveBreakdown
    public var solver: SolverReport
    /// Days a site is closed in the horizon (bank holidays, school holidays at PRUs, closures); nil when none.
    public var closures: [DayClosure]?
    /// Demand of sites closed all week, set aside with its reason (not unmet); nil when none.
    public var closedDemand: [ClosedDemand]?
    /// Per PRU and role with a link post: the share its link post gave; nil when the scenario has no links.
    public var links: [LinkShare]?
    /// Each staff preference with the sessions it names in the rota; nil when the scenario has none.
    public var preferences: [PreferenceOutcome]?
    /// Protected time: fixed commitments' occurrences and flexible half-days, by date, half and post;
    /// nil when the scenario has none.
    public var protected: [ProtectedSession]?
    /// Fixed commitments' occurrences dropped, each with why (a closure, leave); nil when none.
    public var protectedNotes: [String]?
    /// GLPK's log per part, when asked for; never part of the outputs.
    public var solverLog: String = ""

    enum CodingKeys: String, CodingKey { case scenario, startDate, weeks, assignments, unmet, closedDemand = "closed_demand", closures, links, preferences, protected, protectedNotes = "protected_notes", coverage, posts, objective, solver }

    package init(scenario: String, startDate: CalendarDate, weeks: Int, assignments: [Assignment], unmet: [UnmetDemand],
                 coverage: [Coverage], posts: [PostSummary], objective: ObjectiveBreakdown, solver: SolverReport) {
        self.scenario = scenario; self.startDate = startDate; self.weeks = weeks; self.assignments = assignments
        self.unmet = unmet; self.coverage = coverage; self.posts = posts; self.objective = objective; self.solver = solver
    }
}

public struct Assignment: Sendable, Codable, Hashable, Comparable {
    public var week: Int          // 1-based
    public var date: CalendarDate
    public var day: Weekday
    public var half: Half
    public var post: String
    public var role: String
    public var site: String
    package init(week: Int, date: CalendarDate, day: Weekday, half: Half, post: String, role: String, site: String) {
        self.week = week; self.date = date; self.day = day; self.half = half; self.post = post; self.role = role; self.site = site
    }
    public static func < (a: Assignment, b: Assignment) -> Bool {
        (a.date, a.half, a.post) < (b.date, b.half, b.post)
    }
}

/// Why requested sessions were not planned.
public enum UnmetReason: String, Sendable, Codable, CaseIterable {
    /// No post of the role that may serve the site works that week (leave, pattern).
    case noPostAvailable = "no post available"
    /// Eligible posts are at other sites in every session they work (demand elsewhere scored higher).
    case capacity = "posts fully booked"
    /// An eligible post had time, but its contracted sessions were used up.
    case contract = "contract"
    /// An eligible post had time, but the site's rooms were full.
    case rooms = "rooms"
    /// An eligible post had time, but the drive to or from its other site that day was too long.
    case travel = "travel"
    /// An eligible post had time, but the travel cost outweighed the session's priority weight.
    case travelCost = "travel cost"
}

public struct UnmetDemand: Sendable, Codable, Hashable {
    public var site: String
    public var role: String
    public var week: Int
    public var priority: Priority
    public var sessions: Int
    public var reason: UnmetReason
    package init(site: String, role: String, week: Int, priority: Priority, sessions: Int, reason: UnmetReason) {
        self.site = site; self.role = role; self.week = week; self.priority = priority; self.sessions = sessions; self.reason = reason
    }
}

/// Requested and planned sessions at a site for a role over the horizon.
public struct Coverage: Sendable, Codable, Hashable {
    public var site: String
    public var role: String
    public var requested: Int
    public var planned: Int
    package init(site: String, role: String, requested: Int, planned: Int) {
        self.site = site; self.role = role; self.requested = requested; self.planned = planned
    }
}

public struct PostSummary: Sendable, Codable, Hashable {
    public var post: String
    public var role: String
    public var base: String
    public var contracted: Int       // per week
    public var available: Int        // over the horizon
    public var planned: Int          // over the horizon
    public var travelMinutes: Int
    public var travelMiles: Double
    package init(post: String, role: String, base: String, contracted: Int, available: Int, planned: Int,
                 travelMinutes: Int, travelMiles: Double) {
        self.post = post; self.role = role; self.base = base; self.contracted = contracted; self.available = available
        self.planned = planned; self.travelMinutes = travelMinutes; self.travelMiles = travelMiles
    }
}

/// The terms of the rota's objective, each with the name it is printed with.
public enum ObjectiveTerm: Hashable, Sendable, CaseIterable {
    case unmet(Priority)
    case fairness
    case continuity
    case link
    case preferences
    case travel
    case repair

    public static var allCases: [ObjectiveTerm] {
        Priority.allCases.map(ObjectiveTerm.unmet) + [.fairness, .continuity, .link, .preferences, .travel, .repair]
    }

    /// The printed name (in the table, JSON, HTML and a workspace's stored rotas).
    public var name: String {
        switch self {
        case .unmet(let priority): "unmet \(priority.rawValue) sessions"
        case .fairness: "fairness: PRU shortfall (sum of 100 x share unmet squared)"
        case .continuity: "continuity: previous sessions changed"
        case .link: "link: sessions not given by the PRU's link post"
        case .preferences: "preferences: avoided sessions worked, less preferred sessions given"
        case .travel: "travel"
        case .repair: "repair: sessions changed from the rota repaired"
        }
    }

    /// The term printed as `name` (a rota read back from JSON); nil for a name no term has.
    public init?(name: String) {
        guard let term = Self.allCases.first(where: { $0.name == name }) else { return nil }
        self = term
    }
}

/// A staff preference and the sessions of the rota it names: satisfied when a `prefer` has some,
/// broken when an `avoid` has some.
public struct PreferenceOutcome: Sendable, Codable, Hashable {
    public var post: String
    public var kind: String
    /// What it names: "PRU-DART", "Fri PM".
    public var what: String
    public var weight: Double
    public var sessions: Int
    public init(post: String, kind: String, what: String, weight: Double, sessions: Int) {
        self.post = post; self.kind = kind; self.what = what; self.weight = weight; self.sessions = sessions
    }
    /// "satisfied" or "broken".
    public var outcome: String { (kind == "prefer") == (sessions > 0) ? "satisfied" : "broken" }
}

/// A PRU's sessions of a role over the horizon, and how many its link post gave.
public struct LinkShare: Sendable, Codable, Hashable {
    public var site: String
    public var role: String
    /// The link post.
    public var post: String
    public var sessions: Int
    public var byLink: Int
    /// Different posts that gave the sessions.
    public var posts: Int
    public init(site: String, role: String, post: String, sessions: Int, byLink: Int, posts: Int) {
        self.site = site; self.role = role; self.post = post; self.sessions = sessions; self.byLink = byLink; self.posts = posts
    }
    /// byLink / sessions, 1 when there were none.
    public var share: Double { sessions == 0 ? 1 : Double(byLink) / Double(sessions) }
    enum CodingKeys: String, CodingKey { case site, role, post, sessions, byLink = "by_link", posts }
}

/// Each objective term on its own: the quantity, its weight and the penalty it adds.
public struct ObjectiveBreakdown: Sendable, Codable {
    public struct Term: Sendable, Codable {
        public var name: String
        public var quantity: Double
        public var unit: String
        public var weight: Double
        public var penalty: Double
        package init(name: String, quantity: Double, unit: String, weight: Double, penalty: Double) {
            self.name = name; self.quantity = quantity; self.unit = unit; self.weight = weight; self.penalty = penalty
        }

        public init(_ term: ObjectiveTerm, quantity: Double, unit: String, weight: Double, penalty: Double) {
            name = term.name; self.quantity = quantity; self.unit = unit; self.weight = weight; self.penalty = penalty
        }

        /// Which term this is; nil for a name no term of this version has.
        public var term: ObjectiveTerm? { ObjectiveTerm(name: name) }
    }
    public var terms: [Term]
    public var total: Double
    package init(terms: [Term], total: Double) { self.terms = terms; self.total = total }
}

/// How the planner's solve ended, as a rota reports it: the solver's own status, kept here so that
/// the model layer needs no solver (the planner converts `LinearModel.SolveStatus`; same names).
public enum RotaStatus: String, Sendable, Codable {
    case optimal, feasible, infeasible, unbounded, noSolution, error
}

/// What ended the search short of a proof: one of the solver's limits (the planner converts
/// `LinearModel.StopReason`; same names), or one of the planner's own stopping rules.
public enum RotaStopReason: String, Sendable, Codable {
    case timeLimit, gapLimit, nodeLimit, interrupted
    /// The joint search's neighbourhoods ran out (`PlannerTuning.searchSteps`).
    case stepLimit
    /// The joint search went `PlannerTuning.searchPatience` neighbourhoods in a row without improvement.
    case patienceLimit
    /// The week search made its passes over the weeks (`PlannerTuning.weekPasses`), or a pass brought nothing.
    case passLimit
    /// Rooms shared role by role (each role solved in the rooms the others left): no bound is met.
    case roomSharing
}

public struct SolverReport: Sendable, Codable {
    public var status: RotaStatus
    public var stopReason: RotaStopReason?
    public var objective: Double?
    public var bestBound: Double?
    public var gap: Double?
    /// Parts solved in the end: roles are solved apart unless they compete for rooms.
    public var parts: Int
    /// Rounds of solving: each round after the first merges roles whose posts overflowed rooms.
    public var rounds: Int
    public var variables: Int
    public var constraints: Int
    /// Wall-clock seconds; not part of the reproducible output.
    public var seconds: Double
    /// Set when the rota is `optimal` within this relative gap of its bound, not proven optimal
    /// (`PlanOptions.tolerance`); nil for a proof, and for a rota that is only feasible.
    public var tolerance: Double?

    enum CodingKeys: String, CodingKey { case status, stopReason, stoppedBy, objective, bestBound, gap, tolerance, parts, rounds, variables, constraints }
    public init(status: RotaStatus, stopReason: RotaStopReason?, objective: Double?, bestBound: Double?, gap: Double?, parts: Int, rounds: Int, variables: Int, constraints: Int, seconds: Double) {
        self.status = status; self.stopReason = stopReason; self.objective = objective; self.bestBound = bestBound; self.gap = gap
        self.parts = parts; self.rounds = rounds; self.variables = variables; self.constraints = constraints; self.seconds = seconds
    }
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        status = try c.decode(RotaStatus.self, forKey: .status)
        stopReason = try c.decodeIfPresent(RotaStopReason.self, forKey: .stopReason)
        objective = try c.decodeIfPresent(Double.self, forKey: .objective)
        bestBound = try c.decodeIfPresent(Double.self, forKey: .bestBound)
        gap = try c.decodeIfPresent(Double.self, forKey: .gap)
        tolerance = try c.decodeIfPresent(Double.self, forKey: .tolerance)
        parts = try c.decode(Int.self, forKey: .parts)
        rounds = try c.decode(Int.self, forKey: .rounds)
        variables = try c.decode(Int.self, forKey: .variables)
        constraints = try c.decode(Int.self, forKey: .constraints)
        seconds = 0
    }
    /// As decoded, with `stoppedBy`: the stopping rule in words beside `stopReason`, for readers of the JSON.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(status, forKey: .status)
        try c.encodeIfPresent(stopReason, forKey: .stopReason)
        try c.encodeIfPresent(stopReason?.label, forKey: .stoppedBy)
        try c.encodeIfPresent(objective, forKey: .objective)
        try c.encodeIfPresent(bestBound, forKey: .bestBound)
        try c.encodeIfPresent(gap, forKey: .gap)
        try c.encodeIfPresent(tolerance, forKey: .tolerance)
        try c.encode(parts, forKey: .parts)
        try c.encode(rounds, forKey: .rounds)
        try c.encode(variables, forKey: .variables)
        try c.encode(constraints, forKey: .constraints)
    }
}

extension SolverReport {
    /// The status in words: `optimal`, `optimal within 0.01%` (the default tolerance, not proven),
    /// `feasible (stopped by the node limit)`, and so on: every status short of a proof names the
    /// rule that ended the search.
    public var statusWords: String {
        var words = status.rawValue
        if let t = tolerance { words += " within \(Self.percent(t))" }
        if let r = stopReason { words += " (\(r.words))" }
        return words
    }

    /// A relative gap as a percentage with as many decimals as it needs (0.01%, 0.5%, 1%).
    static func percent(_ x: Double) -> String {
        var text = String(format: "%.4f", x * 100)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text + "%"
    }
}
