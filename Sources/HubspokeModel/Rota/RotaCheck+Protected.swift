extension Scenario {
    /// Protected time in a rota read back: every fixed commitment's occurrence kept, with no session
    /// at a site at the same time; every flexible commitment's half-days at least its sessions in
    /// each window (with a previous rota, `previousProtected`, its half-days by post id count towards
    /// the window that holds it);
    /// protected time and sessions within the contract.
    public func protectedBreaches(_ sessions: [Assignment], protected: [ProtectedSession], previousProtected: [String: Int]? = nil) -> [RuleBreach] {
        guard !self.protected.isEmpty else { return [] }
        var out: [RuleBreach] = []
        let kept = Set(protected.map { "\($0.post)|\($0.date.iso)|\($0.half.key)|\($0.commitment)" })
        let busy = Dictionary(sessions.map { ("\($0.post)|\($0.date.iso)|\($0.half.key)", $0.site) }, uniquingKeysWith: { a, _ in a })
        for s in protectedSchedule().fixed {
            let at = "\(s.post)|\(s.date.iso)|\(s.half.key)"
            if let site = busy[at] {
                out.append(RuleBreach(rule: .protectedTime, post: s.post, site: site, date: s.date, half: s.half, message: "at \(site) during \(s.commitment) at \(s.site)"))
            } else if !kept.contains(at + "|\(s.commitment)") {
                out.append(RuleBreach(rule: .protectedTime, post: s.post, site: s.site, date: s.date, half: s.half, message: "\(s.commitment) at \(s.site) not kept"))
            }
        }
        for s in protected where busy["\(s.post)|\(s.date.iso)|\(s.half.key)"] != nil {
            out.append(RuleBreach(rule: .twoPlaces, post: s.post, site: s.site, date: s.date, half: s.half, message: "\(s.commitment) and a session at the same time"))
        }
        out += flexibleBreaches(protected, previous: previousProtected)
        for post in posts {
            for week in 0..<weeks {
                let worked = sessions.filter { $0.post == post.id && $0.week == week + 1 }.count
                let held = protected.filter { $0.post == post.id && $0.week == week + 1 }.count
                guard worked <= post.sessionsPerWeek, worked + held > post.sessionsPerWeek else { continue }
                out.append(RuleBreach(rule: .contract, post: post.id, site: nil, date: startDate.adding(days: 7 * week), half: nil,
                                      message: "\(worked) sessions and \(held) protected in week \(week + 1), contract \(post.sessionsPerWeek)"))
            }
        }
        return out
    }

    /// Each flexible commitment's half-days, window by window.
    private func flexibleBreaches(_ protected: [ProtectedSession], previous: [String: Int]?) -> [RuleBreach] {
        var out: [RuleBreach] = []
        for post in posts {
            guard let f = flexibleCommitment(for: post) else { continue }
            let mine = protected.filter { $0.post == post.id && $0.commitment == f.name && $0.site == post.base }
            for window in Self.windows(weeks: weeks, length: f.weeks, hasPrevious: previous != nil) {
                let weeksIn = window.filter { $0 >= 0 }
                guard let first = weeksIn.first, let last = weeksIn.last else { continue }
                let n = mine.filter { weeksIn.contains($0.week - 1) }.count + (window.contains(-1) ? previous?[post.id] ?? 0 : 0)
                guard n < f.sessions else { continue }
                out.append(RuleBreach(rule: .protectedTime, post: post.id, site: post.base, date: startDate.adding(days: 7 * first), half: nil,
                                      message: "\(n) half-day(s) of \(f.what) in week(s) \(first + 1)-\(last + 1), at least \(f.sessions) needed"))
            }
        }
        return out
    }
}
