import LinearModel
import GLPKSolver

/// Blossom cuts: the parity of whole days, over sets of sites.
///
/// A post's day at two sites of a set C, or a whole day at one of them, delivers two of C's
/// sessions; a day with one half in C delivers one. So if `T` counts the day plans with both
/// halves in C and `O` those with one, C's session caps (the `no_surplus` rows) give
/// 2·T + O ≤ cap(C), and since T is a whole number, **T ≤ ⌊cap(C) / 2⌋**. Where cap(C) is odd this
/// cuts off what the LP relaxation likes to do: cover two sites too far apart for one day with half
/// of a whole day at each, so that every session of a region is delivered where no rota can. On
/// the robustness benchmark's week 16 (Kent and Medway, the MHT role, 30 sessions requested of
/// 30 available), the LP served all 30 (LP 52.25) where every rota leaves one unserved (76.3):
/// the west spoke's five sites ask for 13, an odd number, and the hub-based post can reach them
/// only by whole days. With these cuts the LP relaxation is 73.84 after the planner's 10 rounds,
/// and 76.3, the optimum, after 30. They are the
/// blossom inequalities of b-matching, with the sites as vertices and day plans as edges.
///
/// Separation is exact (Padberg and Rao): with `w` the LP's day plans across C's boundary plus
/// C's unused cap, 2·T = cap(C) − w(δ(C)), so the cut is violated exactly when cap(C) is odd and
/// w(δ(C)) < 1: a minimum odd cut, found among the cuts of a Gomory–Hu tree (Gusfield's algorithm)
/// of the graph of sites and an outside vertex.
struct BlossomCuts {
    /// One role's sites in one week, with their caps, and the day plans that deliver there.
    struct Group {
        let role: Int
        let week: Int
        /// Site numbers, in ascending order, and each one's session cap.
        var sites: [Int] = []
        var caps: [Int] = []
        /// Day plans: the variable, and the positions in `sites` of its morning and afternoon
        /// (nil: not at one of these sites).
        var plans: [(variable: Variable, am: Int?, pm: Int?)] = []
    }

    /// A violated cut: the group, and the positions in its `sites` of the set C.
    struct Cut { let group: Int; let sites: [Int] }

    /// The sets C whose blossom cut `values` violates by more than `tolerance` (in whole days).
    static func violated(_ group: Group, values: [Double], tolerance: Double = 1e-6) -> [[Int]] {
        let n = group.sites.count
        guard n >= 2 else { return [] }
        let outside = n
        var w = [[Double]](repeating: [Double](repeating: 0, count: n + 1), count: n + 1)
        var delivered = [Double](repeating: 0, count: n)
        for plan in group.plans {
            let x = values[plan.variable.index]
            guard x > 1e-9 else { continue }
            for half in [plan.am, plan.pm] { if let s = half { delivered[s] += x } }
            switch (plan.am, plan.pm) {
            case let (a?, b?) where a != b: w[a][b] += x; w[b][a] += x
            case let (a?, nil), let (nil, a?): w[a][outside] += x; w[outside][a] += x
            default: break
            }
        }
        for s in 0..<n {
            let slack = max(0, Double(group.caps[s]) - delivered[s])
            w[s][outside] += slack; w[outside][s] += slack
        }
        // Vertices of odd cap; the outside vertex evens the count, so every odd side is a T-cut.
        let odd = (0..<n).map { group.caps[$0] % 2 == 1 }
        let tree = gomoryHu(w)
        var out: [[Int]] = []
        for v in 1...n where tree.weight[v] < 1 - 2 * tolerance {
            // The fundamental cut of tree edge (v, parent[v]): v's subtree.
            let side = subtree(of: v, parent: tree.parent)
            let sites = side.contains(outside) ? (0..<n).filter { !side.contains($0) } : side.filter { $0 < n }.sorted()
            guard sites.count >= 2, sites.filter({ odd[$0] }).count % 2 == 1 else { continue }
            // The cut's weight, from the graph itself (the tree's is the same, up to rounding).
            let inside = Set(sites)
            let boundary = sites.reduce(0.0) { sum, a in sum + (0...n).filter { !inside.contains($0) }.reduce(0.0) { $0 + w[a][$1] } }
            if boundary < 1 - 2 * tolerance { out.append(sites) }
        }
        return out
    }

    /// Gusfield's Gomory–Hu tree of a symmetric capacity matrix: vertex 0 is the root, and each
    /// other vertex v has its `parent` and the minimum cut `weight` between them.
    static func gomoryHu(_ cap: [[Double]]) -> (parent: [Int], weight: [Double]) {
        let n = cap.count
        var parent = [Int](repeating: 0, count: n), weight = [Double](repeating: 0, count: n)
        for s in 1..<n {
            let t = parent[s]
            let (value, side) = minCut(cap, from: s, to: t)
            weight[s] = value
            for i in 0..<n where i != s && side[i] && parent[i] == t { parent[i] = s }
            if side[parent[t]] {
                parent[s] = parent[t]; parent[t] = s
                weight[s] = weight[t]; weight[t] = value
            }
        }
        return (parent, weight)
    }

    /// The maximum flow from `s` to `t` (Edmonds and Karp) and the side of `s` in a minimum cut.
    static func minCut(_ cap: [[Double]], from s: Int, to t: Int) -> (Double, [Bool]) {
        let n = cap.count
        var residual = cap
        var flow = 0.0
        while true {
            var previous = [Int](repeating: -1, count: n)
            previous[s] = s
            var queue = [s], head = 0
            while head < queue.count && previous[t] < 0 {
                let u = queue[head]; head += 1
                for v in 0..<n where previous[v] < 0 && residual[u][v] > 1e-12 { previous[v] = u; queue.append(v) }
            }
            guard previous[t] >= 0 else { return (flow, previous.map { $0 >= 0 }) }
            var push = Double.infinity, v = t
            while v != s { push = min(push, residual[previous[v]][v]); v = previous[v] }
            v = t
            while v != s { let u = previous[v]; residual[u][v] -= push; residual[v][u] += push; v = u }
            flow += push
        }
    }

    /// The vertices of `v`'s subtree in the tree given by `parent` (rooted at 0).
    static func subtree(of v: Int, parent: [Int]) -> [Int] {
        (0..<parent.count).filter { u in
            var x = u, steps = 0
            while x != 0 && x != v && steps <= parent.count { x = parent[x]; steps += 1 }
            return x == v
        }
    }
}
