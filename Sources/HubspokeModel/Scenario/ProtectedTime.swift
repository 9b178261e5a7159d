/// Protected time (`protected:`): sessions a post spends away from direct work, shown in the rota
/// as their own entries. Fixed commitments are recurring sessions at a site (the team meeting at the
/// hub on Wednesday afternoons, fortnightly); flexible ones ask for at least `sessions` half-days at
/// the post's base in every window of `weeks` weeks (admin, supervision, write-up), the planner
/// choosing which.
public struct ProtectedTime: Sendable, Hashable {
    public var fixed: [FixedCommitment] = []
    public var flexible: [FlexibleCommitment] = []
    public init(fixed: [FixedCommitment] = [], flexible: [FlexibleCommitment] = []) { self.fixed = fixed; self.flexible = flexible }
    public var isEmpty: Bool { fixed.isEmpty && flexible.isEmpty }
    /// The names of the commitments a post has, fixed then flexible, in scenario order.
    public func commitments(of post: Post) -> [String] {
        fixed.filter { $0.members.includes(post) }.map(\.name) + flexible.filter { $0.members.includes(post) }.map(\.name)
    }
}

/// Who a commitment is for: the posts of the listed roles, and the listed posts.
public struct CommitmentMembers: Sendable, Hashable {
    public var roles: [String]
    public var posts: [String]
    public init(roles: [String] = [], posts: [String] = []) { self.roles = roles; self.posts = posts }
    public func includes(_ post: Post) -> Bool { roles.contains(post.role) || posts.contains(post.id) }
}

/// A recurring session at a site: every `every` weeks from the week of `from` (the horizon's first
/// week when not given), on `weekday`'s `half`, for its members.
public struct FixedCommitment: Sendable, Hashable {
    public var name: String
    public var site: String
    public var weekday: Weekday
    public var half: Half
    public var every: Int
    public var from: CalendarDate?
    public var members: CommitmentMembers
    public var source: SourceRef?
    public init(name: String, site: String, weekday: Weekday, half: Half, every: Int = 1, from: CalendarDate? = nil,
                members: CommitmentMembers, source: SourceRef? = nil) {
        self.name = name; self.site = site; self.weekday = weekday; self.half = half; self.every = every; self.from = from
        self.members = members; self.source = source
    }

    /// Whether it falls in the week that starts on `monday`: on or after the week of `from`, a whole
    /// number of `every` weeks after it.
    public func occurs(inWeekOf monday: CalendarDate, horizonStart: CalendarDate) -> Bool {
        let first = from.map { $0.adding(days: -$0.weekdayIndex) } ?? horizonStart
        let weeks = (monday.dayNumber - first.dayNumber) / 7
        return monday >= first && weeks % max(every, 1) == 0
    }

    /// "team meeting at HUB Wed PM, every 2 weeks".
    public var what: String { "\(name) at \(site) \(weekday.short) \(half.label)" + (every > 1 ? ", every \(every) weeks" : "") }
}

/// At least `sessions` half-days at the post's base in every window of `weeks` consecutive weeks.
public struct FlexibleCommitment: Sendable, Hashable {
    public var name: String
    public var sessions: Int
    public var weeks: Int
    public var members: CommitmentMembers
    public var source: SourceRef?
    public init(name: String, sessions: Int, weeks: Int = 1, members: CommitmentMembers, source: SourceRef? = nil) {
        self.name = name; self.sessions = sessions; self.weeks = weeks; self.members = members; self.source = source
    }
    /// "admin/write-up at base (2 per week)".
    public var what: String { "\(name) (\(sessions) per \(weeks == 1 ? "week" : "\(weeks) weeks"))" }
}

/// A protected session of the rota: a fixed commitment's occurrence, or a half-day of a flexible one.
public struct ProtectedSession: Sendable, Codable, Hashable, Comparable {
    public enum Kind: String, Sendable, Codable, Hashable { case fixed, flexible }
    public var week: Int          // 1-based
    public var date: CalendarDate
    public var day: Weekday
    public var half: Half
    public var post: String
    public var role: String
    public var site: String
    /// The commitment's name ("team meeting", "admin/write-up at base").
    public var commitment: String
    public var kind: Kind
    public init(week: Int, date: CalendarDate, day: Weekday, half: Half, post: String, role: String, site: String, commitment: String, kind: Kind) {
        self.week = week; self.date = date; self.day = day; self.half = half; self.post = post; self.role = role; self.site = site
        self.commitment = commitment; self.kind = kind
    }
    public static func < (a: ProtectedSession, b: ProtectedSession) -> Bool { (a.date, a.half, a.post) < (b.date, b.half, b.post) }
}
