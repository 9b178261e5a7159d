import HubspokeSupport

extension ProtectedSession {
    /// The slot of the horizon it takes.
    public var slot: Slot { Slot(week: week - 1, weekday: day, half: half) }
    /// As a session at its site, for the outputs that show one (calendars).
    package var asAssignment: Assignment { Assignment(week: week, date: date, day: day, half: half, post: post, role: role, site: site) }
}

extension Rota {
    /// Protected time by post and slot.
    public var protectedByPost: [String: [Slot: ProtectedSession]] {
        var out: [String: [Slot: ProtectedSession]] = [:]
        for s in protected ?? [] { out[s.post, default: [:]][s.slot] = s }
        return out
    }

    /// Protected time by site and slot, each commitment with its posts in rota order.
    public var protectedBySite: [String: [Slot: [(commitment: String, posts: [String])]]] {
        var out: [String: [Slot: [(commitment: String, posts: [String])]]] = [:]
        for s in protected ?? [] {
            var here = out[s.site, default: [:]][s.slot, default: []]
            if let i = here.firstIndex(where: { $0.commitment == s.commitment }) { here[i].posts.append(s.post) } else { here.append((s.commitment, [s.post])) }
            out[s.site, default: [:]][s.slot] = here
        }
        return out
    }

    /// A site grid's cell text for its protected time: "team meeting (12 posts)".
    public static func protectedCell(_ here: [(commitment: String, posts: [String])]) -> String {
        here.map { "\($0.commitment) (\($0.posts.count) post\($0.posts.count == 1 ? "" : "s"))" }.joined(separator: "; ")
    }

    /// Protected half-days per post and commitment over the horizon, in scenario post order and
    /// the commitments' order of first appearance.
    public func protectedSummary(scenario sc: Scenario) -> [(post: String, commitment: String, kind: String, sessions: Int)] {
        var out: [(post: String, commitment: String, kind: String, sessions: Int)] = []
        let all = protected ?? []
        for post in sc.posts {
            for name in sc.protected.commitments(of: post) {
                let n = all.filter { $0.post == post.id && $0.commitment == name }.count
                let flexible = sc.flexibleCommitment(for: post)?.name == name
                out.append((post.id, name, flexible ? "flexible" : "fixed", n))
            }
        }
        return out
    }

    /// The table's protected-time section: half-days per post and commitment, and what was dropped.
    func protectedLines(scenario sc: Scenario) -> [String] {
        guard protected != nil else { return [] }
        var t = TextTable()
        t.rightAligned = [3]
        t.add(["post", "commitment", "kind", "sessions"])
        for row in protectedSummary(scenario: sc) { t.add([row.post, row.commitment, row.kind, "\(row.sessions)"]) }
        var out = ["", "== Protected time ==", t.render()]
        for note in protectedNotes ?? [] { out.append("note: \(note)") }
        return out
    }
}
