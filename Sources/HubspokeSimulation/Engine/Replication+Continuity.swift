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
        for i in (q * 10)..<(q * 10 + 10) where sessionsAhead[i].site == Int32(s) && sessionsAhead[i].appointments > 0 { return true }
        return false
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
    public var site: Int
    public var children: Int
    public init(site: Int, children: Int) { self.site = site; self.children = children }
}

/// Counts the children bound to each post, site by site, into each post's caseload (in site order),
/// with one counter per post reused for every site.
struct CaseloadCounter {
    private(set) var caseload: [[Caseload]]
    private var counts: [Int]
    private var touched: [Int] = []

    init(posts: Int) {
        caseload = Array(repeating: [], count: posts)
        counts = Array(repeating: 0, count: posts)
    }

    /// One more child at the current site bound to post `p`.
    mutating func count(post p: Int) {
        if counts[p] == 0 { touched.append(p) }
        counts[p] += 1
    }

    /// The children counted since the last site are at site `s`.
    mutating func endSite(_ s: Int) {
        for p in touched {
            caseload[p].append(Caseload(site: s, children: counts[p]))
            counts[p] = 0
        }
        touched.removeAll(keepingCapacity: true)
    }
}
