import Foundation
import GLPKSolver
import LinearModel
import Synchronization
import HubspokeSupport

/// Large-neighbourhood search on a rota model: from a feasible rota, repeatedly frees the day plans
/// of a few posts (or of every post of one role), fixes all the others, and solves that small MIP
/// exactly with GLPK; a better rota replaces the current one. Each sub-problem keeps every rule of
/// the model, rooms included, so posts of different roles trade rooms, sites and days with each
/// other, which neither room sharing nor one role at a time can do.
///
/// Neighbourhoods, in turn (`schedule`):
/// - related posts: a post chosen at random, with posts (of any role) that may serve the sites it
///   works at, up to `settings.posts` posts and `settings.plans` day plans;
/// - one role: every post of a role chosen at random (as many as fit in `settings.rolePlans` plans),
///   whose posts then trade sites and days among themselves in the rooms the other roles leave.
/// Measured on the 40-site region's week (10 s, one search, seeds 1 to 5): related posts twice, then
/// one role, reached 2,548 to 2,558 (mean 2,552); one whole weekday freed every fourth step instead
/// of the role (the previous schedule), 2,560 to 2,565 (seeds 1 to 3). The sizes are
/// `PlannerTuning.Neighbourhoods`.
///
/// The choice of neighbourhoods is drawn from a seeded generator and each sub-problem is solved to
/// optimality (or to its node limit), so the same input gives the same rota when the search runs
/// for a fixed number of steps; with a deadline it stops when time is up.
struct NeighbourhoodSearch {
    let rota: RotaModel
    let settings: PlannerTuning.Neighbourhoods
    /// Solves the sub-problems.
    let solver: GLPKSolver
    /// Neighbourhood kinds, repeated in this order.
    var schedule: [Kind] = [.relatedPosts, .relatedPosts, .role]
    enum Kind { case relatedPosts, role }

    /// Plan variable indices per post, the posts of each role, and the sites each post may work at.
    private let planIndices: [Int: [Int]]
    private let postsOfRole: [[Int]]
    private let posts: [Int]
    private let eligible: [Int: [Int]]
    private let planAt: [Int: DayPlan]

    init(_ rota: RotaModel, inst: PlanningInstance, settings: PlannerTuning.Neighbourhoods, solver: GLPKSolver) {
        self.rota = rota
        self.settings = settings
        self.solver = solver
        planAt = Dictionary(uniqueKeysWithValues: rota.plans.map { ($1.index, $0) })
        var byPost: [Int: [Int]] = [:]
        for (plan, v) in rota.plans { byPost[plan.post, default: []].append(v.index) }
        planIndices = byPost
        posts = byPost.keys.sorted()
        postsOfRole = rota.roles.map { r in byPost.keys.sorted().filter { inst.postRole[$0] == r } }.filter { !$0.isEmpty }
        eligible = Dictionary(uniqueKeysWithValues: posts.map { ($0, inst.eligible[$0]) })
    }

    /// The plan variable indices of a post.
    private func plans(of post: Int) -> [Int] { planIndices[post] ?? [] }

    struct Outcome {
        var values: [Double]
        var objective: Double
        var steps = 0
        var improvements = 0
        /// What ended the search.
        var ended = Ending.steps
    }

    /// What ended a search: its steps, its patience, the deadline, or the target reached.
    enum Ending { case steps, patience, deadline, target }

    /// Improves `start` (a feasible solution of `rota.model`) for at most `steps` neighbourhoods,
    /// stopping early after `patience` neighbourhoods in a row without improvement, at `deadline`
    /// (monotonic seconds), or once `target` (an objective at which to stop, e.g. within the gap
    /// of a bound) is reached. With `shared`, searches on other threads see its improvements and
    /// it takes theirs before each step.
    ///
    /// One neighbourhood at a time. Measured on the 40-site region's week (2 cores, the LP bound on
    /// one of them): solving two neighbourhoods at once from the same rota and merging the results
    /// reached 2,585 and 2,589 in 10 s, against 2,575 and 2,576 one at a time. Two searches from
    /// different seeds sharing their best rota (`PlanSearch.searchJointModel`, once the
    /// bound is done) reached a mean of 2,551 (seeds 1 to 5) against 2,552 for one.
    func run(from start: [Double], seed: UInt64, steps: Int, patience: Int = .max, deadline: Double?,
             target: @Sendable () -> Double? = { nil }, shared: SharedIncumbent? = nil,
             improved: (Double) -> Void = { _ in }) -> Outcome {
        var best = Outcome(values: start, objective: rota.model.objectiveValue(start))
        var random = SeededRandom(seed: seed)
        var sinceImproved = 0
        for step in 0..<steps where sinceImproved < patience {
            if let deadline, deadline - monotonicSeconds() < 0.05 { best.ended = .deadline; return best }
            if let other = shared?.better(than: best.objective) { (best.values, best.objective) = other }
            if let t = target(), best.objective <= t { best.ended = .target; return best }
            best.steps += 1
            sinceImproved += 1
            var free = Set<Int>()
            switch schedule[step % schedule.count] {
            case .relatedPosts:
                for p in relatedPosts(best.values, &random) { free.formUnion(plans(of: p)) }
            case .role:
                guard !postsOfRole.isEmpty else { continue }
                for p in rolePosts(&random) { free.formUnion(plans(of: p)) }
            }
            guard let better = improve(best, freeing: free, deadline: deadline) else { continue }
            best.values = better.values
            best.objective = better.objective
            best.improvements += 1
            sinceImproved = 0
            shared?.offer(best.values, objective: best.objective)
            improved(best.objective)
        }
        if sinceImproved >= patience { best.ended = .patience }
        return best
    }

    /// The best rota with only the day plans in `free` allowed to change, solved exactly (to the
    /// node limit); `nil` when it is no better than `current`. Its values are those of the whole model.
    private func improve(_ current: Outcome, freeing free: Set<Int>, deadline: Double?) -> (values: [Double], objective: Double)? {
        var opts = SolveOptions(timeLimit: deadline.map { max(0.05, $0 - monotonicSeconds()) }, presolve: true)
        opts.nodeLimit = settings.nodeLimit
        return rota.reoptimised(current.values, objective: current.objective, freeing: free, solver: solver, options: opts)
    }

    /// The posts of a role chosen at random; where they have more than `settings.rolePlans` day plans
    /// (long horizons), as many of them, in random order, as fit. Measured on the region's four
    /// weeks (400 s, one run each): 7,552 this way, 7,826 with related posts in the role's turns.
    private func rolePosts(_ random: inout SeededRandom) -> [Int] {
        var members = postsOfRole[random.int(0...(postsOfRole.count - 1))]
        guard members.reduce(0, { $0 + plans(of: $1).count }) > settings.rolePlans else { return members }
        members.shuffle(using: &random)
        return adding(members.dropFirst(), to: [members[0]], posts: .max, plans: settings.rolePlans)
    }

    /// `chosen`, then each of `candidates` in turn while there are fewer than `posts` posts and it
    /// keeps the day plans within `plans`.
    private func adding(_ candidates: some Sequence<Int>, to chosen: [Int], posts: Int, plans: Int) -> [Int] {
        var chosen = chosen, size = chosen.reduce(0) { $0 + self.plans(of: $1).count }
        for p in candidates where chosen.count < posts && size + self.plans(of: p).count <= plans {
            chosen.append(p)
            size += self.plans(of: p).count
        }
        return chosen
    }

    /// A post at random, then posts (of any role) that may serve the sites it works at (its eligible
    /// sites if it works nowhere), in a random order, up to `settings.posts` posts and
    /// `settings.plans` day plans.
    private func relatedPosts(_ values: [Double], _ random: inout SeededRandom) -> [Int] {
        guard !posts.isEmpty else { return [] }
        let first = posts[random.int(0...(posts.count - 1))]
        var sites = Set<Int>()
        for j in plans(of: first) where values[j] > 0.5 {
            guard let plan = planAt[j] else { continue }
            if let a = plan.am { sites.insert(a) }
            if let b = plan.pm { sites.insert(b) }
        }
        if sites.isEmpty { sites = Set(eligible[first] ?? []) }
        var candidates = posts.filter { $0 != first && (eligible[$0] ?? []).contains(where: sites.contains) }
        candidates.shuffle(using: &random)
        return adding(candidates, to: [first], posts: settings.posts, plans: settings.plans)
    }
}

/// The best rota of searches running at once on different threads: before each step a search
/// takes it when it is better than its own, and it offers each improvement it makes.
final class SharedIncumbent: Sendable {
    private let best: Mutex<(values: [Double], objective: Double)>
    init(_ values: [Double], objective: Double) { best = Mutex((values, objective)) }
    /// The shared rota, when it is better than `objective`.
    func better(than objective: Double) -> (values: [Double], objective: Double)? {
        best.withLock { $0.objective < objective - 1e-6 ? $0 : nil }
    }
    func offer(_ values: [Double], objective: Double) {
        best.withLock { if objective < $0.objective - 1e-6 { $0 = (values, objective) } }
    }
    var current: (values: [Double], objective: Double) { best.withLock { $0 } }
}
