import HubspokeModel

extension PlanningInstance {
    /// committed[post][slot.index]: the site of the fixed commitment the post attends then.
    static func committed(_ sc: Scenario, _ schedule: ProtectedSchedule) -> [[Int?]] {
        var at = Array(repeating: [Int?](repeating: nil, count: sc.weeks * 10), count: sc.posts.count)
        for s in schedule.fixed {
            guard let p = sc.postIndex(s.post), let site = sc.siteIndex(s.site) else { continue }
            at[p][Slot(week: s.week - 1, weekday: s.day, half: s.half).index] = site
        }
        return at
    }

    /// Fixed commitments of a post in a week: sessions its contract gives to them.
    func fixedCount(post p: Int, week w: Int) -> Int { committed[p][(w * 10)..<(w * 10 + 10)].filter { $0 != nil }.count }

    /// Whether the post could spend `slot` on its flexible commitment: it can work then (no fixed
    /// commitment), is not pinned elsewhere, and its base is open.
    func canProtect(post p: Int, slot: Slot) -> Bool {
        available[p][slot.index] && pinned[p][slot.index] == nil && open[postBase[p]][slot.index]
    }

    /// Half-days of a week the post could spend on its flexible commitment.
    func protectedFree(post p: Int, week w: Int) -> Int { slots[(w * 10)..<(w * 10 + 10)].filter { canProtect(post: p, slot: $0) }.count }

    /// The most half-days a post can spend on its flexible commitment in a week: its free half-days
    /// at an open base, within its contract once fixed commitments are counted.
    func protectedUpper(post p: Int, week w: Int) -> Int { max(0, min(protectedFree(post: p, week: w), contractLeft(post: p, week: w))) }

    /// What a week's sessions at sites and flexible protected time share: the free half-days and
    /// the pinned ones (where a post at a closed base works at a site, a little less than it could).
    func protectedRowLimit(post p: Int, week w: Int) -> Int {
        protectedFree(post: p, week: w) + pinned[p][(w * 10)..<(w * 10 + 10)].filter { $0 != nil }.count
    }

    /// A post's contract in a week, less its fixed commitments.
    func contractLeft(post p: Int, week w: Int) -> Int { scenario.posts[p].sessionsPerWeek - fixedCount(post: p, week: w) }
}
