import HubspokeSupport

/// What the scenario's protected time comes to over the horizon: the fixed commitments' occurrences
/// that hold, those dropped and why, and the hard clashes (a commitment that cannot be met).
public struct ProtectedSchedule: Sendable {
    /// The occurrences that hold, by date, half and post.
    public var fixed: [ProtectedSession] = []
    /// Occurrences dropped, each with its reason (a closure, leave), in date order.
    public var notes: [String] = []
    /// Commitments that cannot be met, each naming the post, the commitment, the date and the cause.
    public var clashes: [String] = []
}

extension Scenario {
    /// The flexible commitment of a post, if it has one (validation allows one per post).
    public func flexibleCommitment(for post: Post) -> FlexibleCommitment? { protected.flexible.first { $0.members.includes(post) } }

    /// The fixed commitments' occurrences over the horizon, and the clashes of both kinds.
    ///
    /// An occurrence on a day its site is closed (bank holiday, closure) is dropped with a note; so is
    /// a post's occurrence on a half-day of leave. A post that does not work that half-day (its
    /// pattern) is not expected. A pin, or another commitment, on the same half-day is a hard clash,
    /// as is a flexible commitment that the post's free half-days cannot hold in some window.
    public func protectedSchedule() -> ProtectedSchedule {
        var out = ProtectedSchedule()
        guard !protected.isEmpty else { return out }
        var taken: [String: String] = [:]   // post|slot index -> commitment name
        for week in 0..<weeks {
            let monday = startDate.adding(days: 7 * week)
            for c in protected.fixed where c.occurs(inWeekOf: monday, horizonStart: startDate) {
                let slot = Slot(week: week, weekday: c.weekday, half: c.half), date = self.date(of: slot)
                let when = "\(longDate(date)) \(c.half.label)"
                if let site = sites.first(where: { $0.id == c.site }), let closure = dayStatus(of: site, slot).closure {
                    out.notes.append("\(c.name) at \(c.site) on \(when) dropped: \(closure.label)")
                    continue
                }
                for post in posts where c.members.includes(post) && post.works(slot.halfDay) {
                    if post.isAbsent(on: date, c.half) { out.notes.append("\(c.name) on \(when) dropped for \(post.id): on leave"); continue }
                    if let pin = pins.first(where: { $0.post == post.id && $0.weekday == c.weekday && $0.half == c.half && ($0.week == nil || $0.week == week + 1) }) {
                        out.clashes.append("\(post.id): \(c.name) (\(c.what)) on \(when) clashes with the pin \(pin): one place per session")
                        continue
                    }
                    let key = "\(post.id)|\(slot.index)"
                    if let other = taken[key] {
                        out.clashes.append("\(post.id): \(c.name) on \(when) clashes with \(other) at the same time")
                        continue
                    }
                    taken[key] = c.name
                    out.fixed.append(ProtectedSession(week: week + 1, date: date, day: c.weekday, half: c.half, post: post.id, role: post.role,
                                                      site: c.site, commitment: c.name, kind: .fixed))
                }
            }
        }
        out.fixed.sort()
        out.clashes += flexibleClashes(fixed: out.fixed)
        return out
    }

    /// Half-days a post could spend on its flexible commitment in each week: free of leave, bank
    /// holidays, pins and fixed commitments, with its base open, and within its contract once pins
    /// and fixed commitments are counted.
    package func protectedCapacity(of post: Post, fixed: [ProtectedSession]) -> [Int] {
        let base = sites.first { $0.id == post.base }
        return (0..<weeks).map { week in
            var free = 0, held = 0
            for slot in slots where slot.week == week {
                let date = self.date(of: slot)
                let committed = fixed.contains { $0.post == post.id && $0.date == date && $0.half == slot.half }
                let pinned = pins.contains { $0.post == post.id && $0.weekday == slot.weekday && $0.half == slot.half && ($0.week == nil || $0.week == week + 1) }
                if committed || pinned { held += 1; continue }
                if isAvailable(post, slot), base.map({ isOpen($0, slot) }) ?? false { free += 1 }
            }
            return max(0, min(free, post.sessionsPerWeek - held))
        }
    }

    /// Flexible commitments the post's free half-days cannot hold, window by window (as minimum
    /// presence: windows of the commitment's weeks; a shorter horizon is one window).
    func flexibleClashes(fixed: [ProtectedSession]) -> [String] {
        var out: [String] = []
        for post in posts {
            guard let f = flexibleCommitment(for: post) else { continue }
            let capacity = protectedCapacity(of: post, fixed: fixed)
            for window in Self.windows(weeks: weeks, length: f.weeks, hasPrevious: false) {
                let free = window.reduce(0) { $0 + capacity[$1] }
                guard free < f.sessions, let first = window.first, let last = window.last else { continue }
                let from = startDate.adding(days: 7 * first), to = startDate.adding(days: 7 * last + 4)
                let leave = post.absences.filter { from <= $0.date && $0.date <= to }.count
                let cause = leave > 0 ? "on leave: \(leave) day(s) or half-day(s)" : "pins, fixed commitments, closures and its contract"
                out.append("\(post.id): \(f.what) cannot be met in \(first == last ? "week \(first + 1)" : "weeks \(first + 1)-\(last + 1)") (\(longDate(from)) to \(longDate(to))): "
                           + "\(free) free session(s) at \(post.base), \(f.sessions) needed (\(cause))")
            }
        }
        return out
    }

    /// Windows of `length` consecutive weeks covering the horizon (0-based); week -1 stands for the
    /// previous rota. A horizon shorter than the window (and no previous rota) is one window: the
    /// rule then asks for its sessions within the planned weeks (minimum presence, flexible commitments).
    package static func windows(weeks: Int, length: Int, hasPrevious: Bool) -> [[Int]] {
        let first = hasPrevious ? -1 : 0
        let span = weeks - first
        if span <= length { return [Array(first..<weeks)] }
        return (first...(weeks - length)).map { Array($0..<($0 + length)) }
    }

    /// Commitments name known sites, roles and posts; a flexible one asks for no more sessions than
    /// its posts work in its weeks; a post has at most one flexible commitment.
    func validateProtected() -> [InputProblem] {
        var problems: [InputProblem] = []
        func members(_ m: CommitmentMembers, _ r: SourceRef) {
            for role in m.roles where !roles.contains(where: { $0.id == role }) { problems.append(r.problem("unknown role \"\(role)\"", field: "roles")) }
            for post in m.posts where postIndex(post) == nil { problems.append(r.problem("unknown post \"\(post)\"", field: "posts")) }
        }
        for (i, c) in protected.fixed.enumerated() {
            let r = c.source ?? ref("protected.fixed[\(i)]")
            if siteIndex(c.site) == nil { problems.append(r.problem("unknown site \"\(c.site)\"", field: "site")) }
            members(c.members, r)
        }
        var owner: [String: Int] = [:]
        for (i, f) in protected.flexible.enumerated() {
            let r = f.source ?? ref("protected.flexible[\(i)]")
            members(f.members, r)
            for post in posts where f.members.includes(post) {
                if let j = owner[post.id] {
                    problems.append(r.problem("\(post.id) has a flexible commitment already (protected.flexible[\(j)]): one per post", field: "posts")); continue
                }
                owner[post.id] = i
                let works = min(post.pattern.filter { $0 }.count, post.sessionsPerWeek) * f.weeks
                if f.sessions > works {
                    problems.append(r.problem("\(f.sessions) sessions in \(f.weeks) week(s) is more than \(post.id) works in them (\(works))", field: "sessions"))
                }
            }
        }
        return problems
    }
}
