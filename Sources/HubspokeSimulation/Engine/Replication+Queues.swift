/// A queue of children for one role at one site, in service order: priority, then referral time,
/// then arrival order. Children who no longer need the role are removed lazily when met.
struct ChildQueue {
    var items: [Int32] = []
    var head = 0

    var isEmpty: Bool { head == items.count }

    mutating func remove(at i: Int) {
        if i == head {
            head += 1
            if head > 64 && head * 2 > items.count { items.removeFirst(head); head = 0 }
        } else {
            items.remove(at: i)
        }
    }
}

// The queues: one per site and role, in service order (`ChildTable.before`).
extension Replication {
    mutating func enqueue(_ c: Int, role r: Int) {
        let k = Int(children.site[c]) * R + r
        var lo = queues[k].head, hi = queues[k].items.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if children.before(Int(queues[k].items[mid]), c) { lo = mid + 1 } else { hi = mid }
        }
        queues[k].items.insert(Int32(c), at: lo)
    }

    /// The first child in service order at site `s` who needs role `r` and has no session of it this
    /// week yet; children who no longer need the role are dropped from the queue on the way. With
    /// `post`, a child bound to another post that still comes to the site this week is passed over.
    mutating func nextChild(site s: Int, role r: Int, oncePerWeek: Bool, post: Int? = nil) -> (child: Int, index: Int)? {
        let k = s * R + r
        var i = queues[k].head
        while i < queues[k].items.count {
            let c = Int(queues[k].items[i])
            if !children.needs(c, r) {
                // Removing the head moves the head (and may compact the array): continue from the new head.
                let wasHead = i == queues[k].head
                queues[k].remove(at: i)
                if wasHead { i = queues[k].head }
                continue
            }
            // (No closure here: capturing `self` in this mutating method copies the whole replication.)
            if oncePerWeek && children.lastWeek[c, r] == Int32(week) { i += 1; continue }
            if let p = post, waitsForOwnPost(c, role: r, site: s, post: p) { i += 1; continue }
            return (c, i)
        }
        return nil
    }
}
