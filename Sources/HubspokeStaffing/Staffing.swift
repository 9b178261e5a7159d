import HubspokeModel

/// How many of each post: the total sessions a week of every role (10 sessions = 1 FTE), in the
/// scenario's role order.
public struct StaffingLevel: Sendable, Hashable, Codable, Comparable {
    public var sessions: [Int]
    public init(sessions: [Int]) { self.sessions = sessions }

    /// The staffing a scenario has.
    public init(_ scenario: Scenario) {
        sessions = scenario.roles.map { r in scenario.posts.filter { $0.role == r.id }.reduce(0) { $0 + $1.sessionsPerWeek } }
    }

    public func fte(_ role: Int) -> Double { Double(sessions[role]) / 10 }

    /// Whether every role has at least as many sessions as in `other`.
    public func covers(_ other: StaffingLevel) -> Bool { zip(sessions, other.sessions).allSatisfy { $0 >= $1 } }

    public static func < (a: StaffingLevel, b: StaffingLevel) -> Bool { a.sessions.lexicographicallyPrecedes(b.sessions) }
}

/// FTE as people write it: "0.8", "2", "1.5".
public func fteText(_ sessions: Int) -> String {
    sessions % 10 == 0 ? String(sessions / 10) : "\(sessions / 10).\(sessions % 10)"
}

/// A problem with a staffing request, naming what is wrong.
public struct StaffingError: Error, Sendable, CustomStringConvertible {
    public var description: String
    /// The exit status the command line gives: 1 bad input, 4 a simulation failed.
    public var exitCode: Int32 = 1
    public init(_ description: String) { self.description = description }
}

/// A scenario with its posts changed to a staffing level, and what changed.
public struct StaffedScenario: Sendable {
    public var scenario: Scenario
    public var level: StaffingLevel
    /// Posts added to the scenario's own (each carries a one-off set-up cost).
    public var added: [String]
    /// Posts of the scenario left out, and posts kept with fewer sessions ("EP-1 0.8 -> 0.5").
    public var removed: [String]
    public var reduced: [String]
}

/// Turns a staffing level into posts.
///
/// Posts based at a spoke or a PRU stay as they are: a role's total cannot go below them. The
/// difference is made up at the hub: the role's hub posts are kept in scenario order while they fit
/// (the last one cut to the sessions left), and any shortfall is filled with new posts cloned from
/// the role's first hub post (same base and sites served): full-time posts working all week, then
/// one part-time post working whole days (a morning for an odd session) on the weekdays the role's
/// other posts cover least.
public enum Staffing {
    /// Sessions of a role fixed by posts based away from the hub.
    public static func fixedSessions(_ scenario: Scenario, role: Int) -> Int {
        let id = scenario.roles[role].id
        return scenario.posts.filter { $0.role == id && !isHubPost($0, scenario) }.reduce(0) { $0 + $1.sessionsPerWeek }
    }

    static func isHubPost(_ post: Post, _ scenario: Scenario) -> Bool {
        scenario.siteIndex(post.base).map { scenario.sites[$0].kind == .hub } ?? false
    }

    public static func apply(_ level: StaffingLevel, to base: Scenario) throws(StaffingError) -> StaffedScenario {
        guard level.sessions.count == base.roles.count else {
            throw StaffingError("a staffing level gives \(level.sessions.count) roles; the scenario has \(base.roles.count)")
        }
        var scenario = base
        var added: [String] = [], removed: [String] = [], reduced: [String] = []
        var ids = Set(base.posts.map(\.id))
        var extra: [Post] = []
        for (r, role) in base.roles.enumerated() {
            let posts = base.posts.filter { $0.role == role.id }
            let fixed = fixedSessions(base, role: r)
            let target = level.sessions[r]
            if target < fixed {
                throw StaffingError("\(role.id): \(fteText(target)) FTE is less than the \(fteText(fixed)) FTE of its posts based away from the hub, which stay as they are")
            }
            var left = target - fixed
            for post in posts {
                guard isHubPost(post, base) else { continue }
                if left >= post.sessionsPerWeek {
                    left -= post.sessionsPerWeek
                } else if left > 0 {
                    reduced.append("\(post.id) \(fteText(post.sessionsPerWeek)) -> \(fteText(left))")
                    var cut = post
                    cut.sessionsPerWeek = left
                    left = 0
                    replace(&scenario, post.id, with: cut)
                } else {
                    removed.append(post.id)
                    scenario.posts.removeAll { $0.id == post.id }
                }
            }
            guard left > 0 else { continue }
            let template = posts.first { isHubPost($0, base) } ?? posts.first
            var coverage = Array(repeating: 0, count: 5)
            for p in scenario.posts where p.role == role.id {
                for d in 0..<5 where p.pattern[2 * d] || p.pattern[2 * d + 1] { coverage[d] += 1 }
            }
            var k = 1
            while left > 0 {
                while ids.contains("\(role.id)-N\(k)") { k += 1 }
                let id = "\(role.id)-N\(k)"
                ids.insert(id)
                let n = min(10, left)
                left -= n
                let hub = base.sites.first { $0.kind == .hub } ?? base.sites[0]
                let pattern = n == 10 ? Array(repeating: true, count: 10) : partTimePattern(n, coverage: coverage)
                for d in 0..<5 where pattern[2 * d] { coverage[d] += 1 }
                extra.append(Post(id: id, role: role.id, sessionsPerWeek: n, base: template?.base ?? hub.id, pattern: pattern,
                                  serves: template?.serves ?? base.sites.map(\.id)))
                added.append(id)
            }
        }
        scenario.posts += extra
        let gone = Set(removed)
        scenario.pins.removeAll { gone.contains($0.post) }
        scenario.forbids.removeAll { gone.contains($0.post) }
        return StaffedScenario(scenario: scenario, level: level, added: added, removed: removed, reduced: reduced)
    }

    static func replace(_ scenario: inout Scenario, _ id: String, with post: Post) {
        if let i = scenario.postIndex(id) { scenario.posts[i] = post }
    }

    /// Whole days for `sessions` half-days (the last a morning when odd), on the weekdays with the
    /// lowest coverage first (ties: earlier in the week), listed Monday first.
    static func partTimePattern(_ sessions: Int, coverage: [Int]) -> [Bool] {
        let days = (0..<5).sorted { (coverage[$0], $0) < (coverage[$1], $1) }.prefix((sessions + 1) / 2).sorted()
        var pattern = Array(repeating: false, count: 10)
        var left = sessions
        for d in days {
            pattern[2 * d] = true; left -= 1
            if left > 0 { pattern[2 * d + 1] = true; left -= 1 }
        }
        return pattern
    }
}
