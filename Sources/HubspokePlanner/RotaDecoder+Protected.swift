import HubspokeModel

extension RotaDecoder {
    /// The rota's protected time: the fixed commitments' occurrences, and for each post with a
    /// flexible commitment the fewest half-days at its base that meet every window, by date, half and post.
    func protectedSessions(_ at: [[Int?]]) -> [ProtectedSession] {
        var out = inst.protectedSchedule.fixed
        for p in inst.scenario.posts.indices {
            guard let f = inst.flexible[p] else { continue }
            out += flexibleSessions(post: p, f, at)
        }
        return out.sorted()
    }

    /// A post's flexible half-days: window by window, what the window still needs, placed in its
    /// latest weeks first (they count towards the next windows too), each week's free half-days
    /// taken whole days first, then in order.
    func flexibleSessions(post p: Int, _ f: FlexibleCommitment, _ at: [[Int?]]) -> [ProtectedSession] {
        let sc = inst.scenario, post = sc.posts[p]
        let free: [[Slot]] = (0..<inst.weeks).map { w in
            inst.slots[(w * 10)..<(w * 10 + 10)].filter { inst.canProtect(post: p, slot: $0) && at[p][$0.index] == nil }
                .sorted { (at[p][$0.index ^ 1] == nil ? 0 : 1, $0.index) < (at[p][$1.index ^ 1] == nil ? 0 : 1, $1.index) }
        }
        let cap = (0..<inst.weeks).map { w in
            let worked = inst.slots[(w * 10)..<(w * 10 + 10)].filter { at[p][$0.index] != nil }.count
            return max(0, min(free[w].count, inst.contractLeft(post: p, week: w) - worked))
        }
        var count = [Int](repeating: 0, count: inst.weeks)
        for window in RotaModel.presenceWindows(weeks: inst.weeks, length: f.weeks, hasPrevious: inst.previous != nil) {
            let weeksIn = window.filter { $0 >= 0 }
            let before = window.contains(-1) ? inst.previous?.protectedCount(post: p) ?? 0 : 0
            var need = f.sessions - before - weeksIn.reduce(0) { $0 + count[$1] }
            for w in weeksIn.reversed() where need > 0 {
                let add = min(need, cap[w] - count[w])
                count[w] += add
                need -= add
            }
        }
        return (0..<inst.weeks).flatMap { w in
            free[w].prefix(count[w]).map { slot in
                ProtectedSession(week: w + 1, date: sc.date(of: slot), day: slot.weekday, half: slot.half, post: post.id, role: post.role,
                                 site: post.base, commitment: f.name, kind: .flexible)
            }
        }
    }
}
