import HubspokeModel

/// What a policy knows at the start of a week when it places the posts.
public struct WeekState: Sendable {
    /// 0-based week of the simulation.
    public var week: Int
    public var monday: CalendarDate
    /// [post][half-day 0...9]: the post works then and is not on known leave. Sickness is not known in advance.
    public var available: [[Bool]]
    /// [site][half-day]: the site is open (PRUs close in school holidays).
    public var open: [[Bool]]
    /// [site][role][priority rank]: children who need a session of the role at the site this week.
    public var waiting: [[[Int]]]
    /// [site][role]: days each of those children has waited since referral, longest first.
    public var waits: [[[Double]]]
    /// [post]: of those children, the ones bound to the post (seen by it before for its role), by
    /// site in site order.
    public var caseload: [[Caseload]]

    public func children(site s: Int, role r: Int) -> Int { waiting[s][r].reduce(0, +) }
}

/// Where each post works this week: `site[post][half-day]` is a site index or nil.
public struct WeekAllocation: Sendable, Equatable {
    public var site: [[Int?]]
    public init(posts: Int) { site = Array(repeating: Array(repeating: nil, count: 10), count: posts) }
}

/// An allocation policy: each week, place the posts' sessions at sites.
///
/// To add one, write a type conforming to this protocol and list it in `PolicyCatalog`. A policy
/// is a value shared by every replication (possibly on several threads at once), so it keeps no
/// state between weeks: anything it needs to remember across a run, it derives from the model.
/// The engine ignores, and counts as invalid, sessions at a site the post may not serve, at a
/// closed site, when the post is unavailable, beyond its contract, over a site's rooms, or a
/// morning and afternoon pair too far apart.
public protocol AllocationPolicy: Sendable {
    var name: String { get }
    /// One line for the report.
    var summary: String { get }
    func allocate(_ state: WeekState, model: ServiceModel) throws -> WeekAllocation
}

/// The policies the command line knows by name.
public enum PolicyCatalog {
    public static let names = ["optimal", "fixed", "proportional", "greedy"]

    /// Builds the named policies. `fixed` plans its timetable once here, from the scenario's demand.
    public static func make(_ name: String, model: ServiceModel) throws -> any AllocationPolicy {
        switch name {
        case "optimal": return OptimalPolicy()
        case "fixed": return try FixedPolicy(model: model)
        case "proportional": return ProportionalPolicy()
        case "greedy": return GreedyPolicy()
        default: throw SimulationError("unknown policy \"\(name)\" (expected one of: \(names.joined(separator: ", ")), all)")
        }
    }
}

public struct SimulationError: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// Bookkeeping shared by the hand-written policies: rooms used, sessions left on each contract,
/// and the morning/afternoon travel rule, so every policy places sessions the same valid way.
struct AllocationBuilder {
    let model: ServiceModel
    let state: WeekState
    var allocation: WeekAllocation
    var roomsUsed: [[Int]]          // [site][half-day]
    var sessionsLeft: [Int]         // [post]

    init(_ state: WeekState, model: ServiceModel) {
        self.model = model
        self.state = state
        allocation = WeekAllocation(posts: model.postCount)
        roomsUsed = Array(repeating: Array(repeating: 0, count: 10), count: model.siteCount)
        sessionsLeft = model.contract
    }

    /// Whether post `p` may be placed at site `s` in half-day `hd` given what is placed already.
    func canPlace(_ p: Int, _ s: Int, _ hd: Int) -> Bool {
        guard state.available[p][hd], allocation.site[p][hd] == nil, sessionsLeft[p] > 0,
              model.eligible[p][s], state.open[s][hd], roomsUsed[s][hd] < model.rooms[s] else { return false }
        let other = hd ^ 1   // the other half of the same day
        if let o = allocation.site[p][other] {
            return hd & 1 == 0 ? model.dayFeasible[s][o] : model.dayFeasible[o][s]
        }
        return true
    }

    mutating func place(_ p: Int, _ s: Int, _ hd: Int) {
        allocation.site[p][hd] = s
        roomsUsed[s][hd] += 1
        sessionsLeft[p] -= 1
    }
}
