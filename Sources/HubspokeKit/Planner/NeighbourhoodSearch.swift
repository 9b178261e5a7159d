import Foundation
import LinearModel

/// Large-neighbourhood search on a rota model: from a feasible rota, repeatedly frees the day plans
/// of a few posts (or of every post on one day), fixes all the others, and solves that small MIP
/// exactly with GLPK; a better rota replaces the current one. Each sub-problem keeps every rule of
/// the model, rooms included, so posts of different roles trade rooms, sites and days with each
/// other, which neither room sharing nor one role at a time can do.
///
/// Neighbourhoods, in turn:
/// - related posts: a post chosen at random, with posts (of any role) that may serve the sites it
///   works at, up to `postsPerNeighbourhood` posts and `plansPerNeighbourhood` day plans;
/// - one day: every post's plan for one weekday of the horizon (every `dayEvery`-th step).
///
/// The choice of neighbourhoods is drawn from a seeded generator and each sub-problem is solved to
/// optimality (or to its node limit), so the same input gives the same rota when the search runs
/// for a fixed number of steps; with a deadline it stops when time is up.
struct NeighbourhoodSearch {
    let rota: RotaModel
    var postsPerNeighbourhood = 12
    /// Day plans freed at most per neighbourhood (related posts are added until this is reached).
    var plansPerNeighbourhood = 6000
    var dayEvery = 4
    /// Branch-and-bound nodes per sub-problem: bounds the time of a hard one, reproducibly.
    var nodeLimit = 100

    /// Plan variable indices per post, per day, and the sites each post may work at.
    private let planIndices: [Int: [Int]]
    private let dayIndices: [[Int]]
    private let posts: [Int]
    private let eligible: [Int: [Int]]
    private let plans: [(DayPlan, Variable)]
    private let planAt: [Int: DayPlan]

    init(_ rota: RotaModel, inst: PlanningInstance) {
        self.rota = rota
        plans = rota.plans
        planAt = Dictionary(uniqueKeysWithValues: rota.plans.map { ($1.index, $0) })
        var byPost: [Int: [Int]] = [:]
        var byDay = [[Int]](repeating: [], count: inst.days)
        for (plan, v) in rota.plans {
            byPost[plan.post, default: []].append(v.index)
            byDay[plan.day].append(v.index)
        }
        planIndices = byPost
        dayIndices = byDay
        posts = byPost.keys.sorted()
        eligible = Dictionary(uniqueKeysWithValues: posts.map { ($0, inst.eligible[$0]) })
    }

    struct Outcome {
        var values: [Double]
        var objective: Double
        var steps = 0
        var improvements = 0
    }

    /// Improves `start` (a feasible solution of `rota.model`) for at most `steps` neighbourhoods,
    /// stopping early after `patience` neighbourhoods in a row without improvement, at `deadline`
    /// (monotonic seconds), or once `target` (an objective at which to stop, e.g. within the gap
    /// of a bound) is reached.
    ///
    /// One neighbourhood at a time. Measured on the 40-site region's week (2 cores, the LP bound on
    /// one of them): solving two neighbourhoods at once from the same rota and merging the results
    /// reached 2,585 and 2,589 in 10 s, against 2,575 and 2,576 one at a time; with no time limit,
    /// 2,554 in 24 s against 2,548 in 35 s.
    func run(from start: [Double], seed: UInt64, steps: Int, patience: Int = .max, deadline: Double?,
             target: @Sendable () -> Double? = { nil }) -> Outcome {
        var best = Outcome(values: start, objective: rota.model.objectiveValue(start))
        var random = SeededRandom(seed: seed)
        var dayCursor = 0, sinceImproved = 0
        for step in 0..<steps where sinceImproved < patience {
            if let deadline, deadline - RotaPlanner.now() < 0.05 { break }
            if let t = target(), best.objective <= t { break }
            best.steps += 1
            sinceImproved += 1
            var free = Set<Int>()
            if dayEvery > 0 && step % dayEvery == dayEvery - 1 && !dayIndices.isEmpty {
                free = Set(dayIndices[dayCursor % dayIndices.count])
                dayCursor += 1
            } else {
                for p in relatedPosts(best.values, &random) { free.formUnion(planIndices[p]!) }
            }
            guard let better = improve(best, freeing: free, deadline: deadline) else { continue }
            best.values = better.values
            best.objective = better.objectiveValue!
            best.improvements += 1
            sinceImproved = 0
        }
        return best
    }

    /// The best rota with only the day plans in `free` allowed to change, solved exactly (to the
    /// node limit); `nil` when it is no better than `current`. Its values are those of the whole model.
    private func improve(_ current: Outcome, freeing free: Set<Int>, deadline: Double?) -> SolveResult? {
        let model = rota.model
        var fixed: [Int: Double] = [:]
        for (_, v) in plans where !free.contains(v.index) { fixed[v.index] = current.values[v.index].rounded() }
        guard let sub = model.fixing(fixed) else { return nil }
        var opts = SolveOptions(timeLimit: deadline.map { max(0.05, $0 - RotaPlanner.now()) }, presolve: true)
        opts.nodeLimit = nodeLimit
        let result = RotaPlanner.solver.solve(sub.model, options: opts)
        guard result.hasSolution, let objective = result.objectiveValue, objective < current.objective - 1e-6 else { return nil }
        var values = sub.expand(result.values)
        for j in model.variables.indices where model.variables[j].kind != .continuous { values[j] = values[j].rounded() }
        guard model.violation(values) == nil else { return nil }
        return SolveResult(status: result.status, objectiveValue: model.objectiveValue(values), values: values)
    }

    /// A post at random, then posts (of any role) that may serve the sites it works at (its eligible
    /// sites if it works nowhere), in a random order, up to `postsPerNeighbourhood` posts and
    /// `plansPerNeighbourhood` day plans.
    private func relatedPosts(_ values: [Double], _ random: inout SeededRandom) -> [Int] {
        guard !posts.isEmpty else { return [] }
        let first = posts[random.int(0...(posts.count - 1))]
        var sites = Set<Int>()
        for j in planIndices[first]! where values[j] > 0.5 {
            let plan = planAt[j]!
            if let a = plan.am { sites.insert(a) }
            if let b = plan.pm { sites.insert(b) }
        }
        if sites.isEmpty { sites = Set(eligible[first]!) }
        var candidates = posts.filter { $0 != first && eligible[$0]!.contains(where: sites.contains) }
        candidates.shuffle(using: &random)
        var chosen = [first], size = planIndices[first]!.count
        for p in candidates where chosen.count < postsPerNeighbourhood && size + planIndices[p]!.count <= plansPerNeighbourhood {
            chosen.append(p)
            size += planIndices[p]!.count
        }
        return chosen
    }
}
