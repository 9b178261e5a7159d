// Continuity of practitioner: a child is bound, for each role, to the post that first saw it for
// that role (its first attended session). A later appointment of the role goes to the child only
// from its own post while that post still has appointments at the site this week; otherwise
// another post may see the child, and that session counts as a change of practitioner.
extension Replication {
    /// Whether child `c`, next in line for an appointment of role `r` with post `p` at site `s`,
    /// is left for the post it is bound to: that post still has appointments at the site this week.
    func waitsForOwnPost(_ c: Int, role r: Int, site s: Int, post p: Int) -> Bool {
        let q = Int(children.boundPost[c, r])
        guard q >= 0 && q != p else { return false }
        let slots = (q * 10)..<(q * 10 + 10)
        return slots.contains { sessionsAhead[$0].site == Int32(s) && sessionsAhead[$0].appointments > 0 }
    }

    /// Child `c` attended a session of role `r` with post `p`. The first binds it to the post; each
    /// later one in the measured period is a follow-up, with the same practitioner or not.
    mutating func saw(_ c: Int, role r: Int, post p: Int) {
        let q = Int(children.boundPost[c, r])
        guard q >= 0 else { children.boundPost[c, r] = Int16(p); return }
        guard now >= measureStart else { return }
        result.followUpSessions += 1
        if q == p { result.followUpsWithSamePost += 1 }
    }

    /// Forgets last week's sessions ahead, before this week's are booked.
    mutating func clearSessionsAhead() {
        for i in sessionsAhead.indices { sessionsAhead[i] = SessionAhead() }
    }

    /// Records a session booked for post `p` at site `s` in half-day `hd`, holding `appointments`.
    mutating func bookAhead(post p: Int, halfDay hd: Int, site s: Int, appointments: Int) {
        sessionsAhead[p * 10 + hd] = SessionAhead(site: Int32(s), appointments: Int32(appointments))
    }

    /// One appointment of the session in `slot` (post × 10 + half-day) has come.
    mutating func appointmentCame(slot: Int) { sessionsAhead[slot].appointments -= 1 }
}

/// A post's session this week at one half-day: its site and the appointments still to come in it
/// (site -1 when the post has no session booked then).
struct SessionAhead {
    var site: Int32 = -1
    var appointments: Int32 = 0
}

/// Children bound to one post (for its role) and waiting at a site for a session of that role.
public struct Caseload: Sendable, Hashable {
    public var post: Int
    public var children: Int
    public init(post: Int, children: Int) { self.post = post; self.children = children }
}

extension [Caseload] {
    /// Run-length counts of a list of post indices, by post.
    init(posts: [Int32]) {
        self = []
        for p in posts.sorted() {
            if let last = self.last, last.post == Int(p) { self[count - 1].children += 1 }
            else { append(Caseload(post: Int(p), children: 1)) }
        }
    }
}
