import HubspokeModel
import HubspokeSupport
import Foundation
import GLPKSolver

public struct PlanOptions: Sendable {
    /// Wall-clock limit in seconds for the whole plan, counted from `startedAt` (nil: the default
    /// stopping rules end the plan, `PlannerTuning`). It is a deadline, not a limit per solve:
    /// every phase (the rounds, room sharing, the joint search and its bound, the conflict
    /// diagnosis) gets what is left of it, and the planner ends `PlannerTuning.finishReserve`
    /// before it, so that the rota can be decoded and written in time. A rota found by then is
    /// returned, `feasible (stopped by the time limit)` unless it is proven.
    public var timeLimit: Double?
    /// When `timeLimit` started to count, on the planner's clock (`PlanOptions.now()`): the
    /// command's start, so that reading the input and writing the output count too. nil: when
    /// `RotaPlanner.plan` is called (`CoverSuggestions.suggest`: when it is called, for all its plans).
    public var startedAt: Double?
    /// The planner's clock (monotonic seconds), for `startedAt`.
    public static func now() -> Double { monotonicSeconds() }
    /// Relative MIP gap at which to stop (nil: prove optimality).
    public var gap: Double?
    /// Parts solved at once (each on its own thread with its own GLPK problem).
    public var threads: Int
    /// Keep GLPK's log of each part (in `Rota.solverLog`).
    public var captureLog: Bool
    /// Solve all roles as one model from the start when it has at most this many day plans, instead
    /// of role by role with merges on room overflow. For small scenarios whose rooms are tight, one
    /// solve is cheaper than several rounds (used by the simulator's weekly plans).
    public var wholeModelBelow = 0
    /// Stop each part's branch-and-bound at this many nodes with the best rota found (see
    /// `SolveOptions.nodeLimit`): a bound on solve time that, unlike `timeLimit`, keeps results reproducible.
    public var nodeLimit: Int?
    /// Round the LP relaxations of the search into rotas (`RotaHeuristic`), giving GLPK incumbents
    /// from its first LP on, in parts of up to `PlannerTuning.heuristicVariableLimit` variables. On
    /// by default; off only to measure what it brings.
    public var heuristic = true
    /// Flexible protected time that the week leaves too few free half-days for is planned as far as
    /// it goes instead of refused as a hard clash (the simulator's weeks, whose leave is drawn at random).
    public var protectedWherePossible = false
    /// The planner's solvers, stopping rules and search sizes (`PlannerTuning`).
    public var tuning = PlannerTuning()
    /// Told what the planner is doing while it works (phase, best rota, bound), from its threads.
    public var progress: (@Sendable (PlanProgress) -> Void)?
    public init(timeLimit: Double? = nil, gap: Double? = nil, threads: Int = ProcessInfo.processInfo.activeProcessorCount, captureLog: Bool = false) {
        self.timeLimit = timeLimit; self.gap = gap; self.threads = max(1, threads); self.captureLog = captureLog
    }

    // Shorthands for the tuning's stopping rules, which callers set most.
    /// `PlannerTuning.searchSteps`.
    public var searchSteps: Int { get { tuning.searchSteps } set { tuning.searchSteps = newValue } }
    /// `PlannerTuning.searchPatience`.
    public var searchPatience: Int { get { tuning.searchPatience } set { tuning.searchPatience = newValue } }
    /// `PlannerTuning.firstRoundNodeLimit`.
    public var firstRoundNodeLimit: Int { get { tuning.firstRoundNodeLimit } set { tuning.firstRoundNodeLimit = newValue } }
    /// `PlannerTuning.defaultNodeLimit`.
    public var defaultNodeLimit: Int { get { tuning.defaultNodeLimit } set { tuning.defaultNodeLimit = newValue } }
    /// `PlannerTuning.tolerance`.
    public var tolerance: Double { get { tuning.tolerance } set { tuning.tolerance = newValue } }
}

/// How the planner searches: its solvers, the stopping rules that end every plan without a time
/// limit, the sizes at which it changes method, and the joint search's neighbourhoods. Every value
/// here was measured (the figures say where); the defaults are what `RotaPlanner.plan` uses.
public struct PlannerTuning: Sendable {
    // MARK: Solvers

    /// The solver for rota models: GLPK's branch-and-cut with all its cut families. Measured on
    /// generated regions: with Gomory, MIR, cover and clique cuts a one-role part reached a 1% gap
    /// in 0.9 s, against 17 s with MIR cuts alone.
    public var solver = GLPKSolver(tuning: allCuts)

    /// `solver`'s cuts with hybrid pseudocost branching, for a merged part that `solver` did not
    /// prove within `quickNodeLimit` nodes. GLPK's default branching (Driebeck and Tomlin) left
    /// Kent and Medway with PRU-CANT's urgent MHT demand doubled unproven after 300 s at a gap
    /// below 0.1%; with pseudocost branching it is proven in about 2 s. Where the search is easy,
    /// its start-up costs more than it saves (the Kent and Medway week took 0.22 s with it in every
    /// round, 0.125 s this way), and in the joint search's small sub-problems and the Lagrangian
    /// bound's role solves it slowed the 40-site region's week from 7 s to past 10 s.
    public var pseudocostSolver: GLPKSolver = {
        var t = allCuts
        t.branching = .hybridPseudocost
        return GLPKSolver(tuning: t)
    }()

    private static let allCuts: GLPKSolver.Tuning = {
        var t = GLPKSolver.Tuning()
        t.gomoryCuts = true; t.mirCuts = true; t.coverCuts = true; t.cliqueCuts = true
        return t
    }()

    /// The solver of one whole-model solve (`PlanOptions.wholeModelBelow`): Gomory, MIR and clique
    /// cuts, without cover cuts. Measured on Kent and Medway's simulated weeks: 19 ms a week against
    /// 25 ms with every cut family, and 36 ms role by role (most weeks needed merges for rooms).
    public var wholeModelSolver: GLPKSolver = {
        var t = GLPKSolver.Tuning()
        t.gomoryCuts = true; t.cliqueCuts = true
        return GLPKSolver(tuning: t)
    }()

    /// The joint model's LP relaxation, for its bound and room prices: the dual simplex without
    /// presolve. Measured on the 40-site region's week: 2.9 s, against 6.6 s with the primal
    /// simplex and no gain from presolve. (Sifting, re-solving the LP from scratch on a growing
    /// subset of the day plans, took 8.6 s: GLPK's time goes in simplex iterations, not columns.)
    public var lpSolver: GLPKSolver = {
        var t = GLPKSolver.Tuning()
        t.dualSimplex = true
        return GLPKSolver(tuning: t)
    }()

    /// Served sessions (`served[site, role, week, priority]`, at most the demand and at most the
    /// sessions delivered) as integer variables in the solved models. Demand and delivered
    /// sessions are whole numbers, so every rota has its best service whole: the optimum is the
    /// same, but GLPK can branch on a site's service (one session more or less) instead of on
    /// single day plans. A role's LP relaxation spreads its posts' days fractionally over the
    /// sites and serves all their demand (Kent and Medway's MHT role in generated week 16: LP
    /// 52.25 against the optimum 76.3, one Gillingham session no whole rota serves; glpsol with
    /// all cuts had not proven it in 50 s, with served integer 1.9 s). Off by default: measured on
    /// generated weeks (release, same binary, runs alternating, load 9 to 11), weeks 54 and 27 went
    /// from 52 s and over 100 s to 1.5 s and 3.7 s, week 6 from 34 to 13 s, but week 2 from 3.7 to
    /// 20 s, and the fingerprints' 12-site region lost its proof (1,015.28 proven optimal before,
    /// "optimal within 0.01%" with it, another rota). Over the 500 weeks of `hubspoke-bench
    /// robustness` (release, load 10 to 14): median 0.264 s, 99th percentile 22.3 s, max 50.5 s,
    /// 64 weeks over 2 s, 484 proven, 13 within 0.01% and 3 stopped short (gap up to 0.18%),
    /// against 0.293 s, 57.6 s, 132 s, 66 over 2 s, 492 proven and 8 within 0.01% without it.
    /// GLPK's search on these models is erratic either way.
    /// The exported model (`--export-lp`, `--export-mps`) keeps them continuous.
    public var integralService = false
    /// Rounds of blossom cuts (`BlossomCuts`) added to each rota model of at most
    /// `blossomPlanLimit` day plans before it is solved: each round solves the model's LP
    /// relaxation (with `lpSolver`) and adds every violated cut; the rounds stop when none is.
    /// The cuts are kept only where they raise the model's LP bound by `blossomMinGain` of it.
    /// 0 rounds turns them off. Measured on the robustness benchmark's first 150 weeks (release,
    /// load 7 to 9, one run each): without the cuts 10 weeks over 2 s, max 61 s, 183 s in all;
    /// with them, kept at a gain of 0.01%, 0.5% and 2%: 3, 4 and 2 over 2 s, max 10.3, 6.6 and
    /// 7.3 s, 58 s in all each. Week 16 went from 46 s to under 1 s, week 27 from 61 s to 1.7 s.
    /// Plans of one week only (horizons: `horizonBlossomRounds`): on horizons of several weeks the week search builds and solves many
    /// sub-problems, each of which would run the rounds again, and the cuts moved its starts. On
    /// random four-week variants (release, load 4 to 5): seed 1 took 42.5 s CPU with them and ended
    /// at 0.25% (2,015.92), against 3.5 s and 0.0025% (2,010.93) without; seed 35 went the other way
    /// (44 s to 4.8 s, proven); issue 14's four-week case took 5.9 to 6.7 s against 4.6 s.
    /// The 40-site region's roles (3,700 to 6,900 day plans a week) are above `blossomPlanLimit`:
    /// their LP relaxations take seconds each, and their gap was not measured to be parity.
    /// On by default (10 rounds). With them Kent and Medway's default week gets another of its
    /// optimal rotas (691.65 either way). `HUBSPOKE_BENCH_TUNING=blossom=0` measures without them.
    public var blossomRounds = 10
    /// Rounds of blossom cuts on a horizon of several weeks, in each role's model alone with
    /// every room free only (the first round's, which gives the plan its bound), not in the
    /// merged models and the week search's sub-problems. 0: none. On the 50 random four-week
    /// variants (release, 2026-12-02, with room sharing on horizons at `quickNodeLimit` nodes):
    /// CPU max 37.2 s (one over 30 s) and largest gap 0.44%, 34 proven, against 65.1 s (two over
    /// 30 s), 0.88% and 28 proven without; seed 47's EP and MHT roles, stopped at 2,000 nodes
    /// 1.1% and 0.2% from their bounds without, are proven in 0.04 and 0.05 s. Rotas moved both
    /// ways: seed 13 took 37.2 s CPU and ended 0.18% worse (1,706.74 against 1,703.64 proven in
    /// 1.7 s), seed 1 0.25% worse (10.8 s against 1.2 s); seeds 27 and 30 0.2% better.
    public var horizonBlossomRounds = 10
    public var blossomPlanLimit = 3_000
    public var blossomMinGain = 0.005

    // MARK: Stopping rules

    /// With neither `timeLimit` nor `nodeLimit`, each part of the first round (one role) stops at
    /// this many branch-and-bound nodes. Where the roles' rotas then fit the rooms, the parts it
    /// stopped are solved again to the end; where they overflow, the roles go on to be merged or
    /// searched jointly, and proving each one optimal first would be wasted. On the 40-site
    /// region's week, the plan without limits took 28 s with it (gap 0.62%); without it the
    /// first round had not ended after 11 minutes (GLPK needed over 100 s for some roles alone).
    public var firstRoundNodeLimit = 2000
    /// With neither `timeLimit` nor `nodeLimit`, every solve after the first round stops at this
    /// many branch-and-bound nodes: the default stopping rule that ends every plan. A part it
    /// stops is reported `feasible (stopped by the node limit)` with its gap; the rota is the same
    /// on every machine.
    public var defaultNodeLimit = 5_000
    /// Nodes of the quick first try on a merged part (with `solver`), before it is solved again
    /// with `pseudocostSolver` within the caller's limits; the quick try proves most weeks.
    public var quickNodeLimit = 300
    /// The neighbourhood search for the overflowing roles' rota at the first round's bound
    /// (`PlanSearch.rolesAtBound`), before the roles are merged: at most `atBoundSteps`
    /// neighbourhoods, and `atBoundPatience` in a row without improvement.
    public var atBoundSteps = 60
    public var atBoundPatience = 20
    /// Posts freed at most by its related-posts neighbourhoods. 4: over the 500 robustness weeks
    /// (release, quiet machine, one run each, 2026-12-02) max 1.86 s and none over 2 s, against
    /// 2.47 s and 2 over 2 s with 6 (seed 67: 1.95 s against 2.71 s), the same 500 objectives,
    /// CPU 63.1 s in all against 65.9 s: smaller neighbourhoods solve faster and reached the
    /// bound in as few steps.
    public var atBoundPosts = 4
    /// The relative gap at which a part counts as solved when no `gap` is given: a rota within it
    /// of its bound is reported `optimal` with this tolerance ("optimal within 0.01%"), as other MIP
    /// solvers do by default. Without one, GLPK can search for minutes for the last hundredth of a
    /// percent: the fairness segments and travel give objectives no lattice, so bounds close only
    /// to within rounding, and many equivalent rotas keep nodes open.
    public var tolerance = 1e-4
    /// The share of a time limit the first round may use. On the 40-site region's week with
    /// `--time-limit 10` and no `--gap`, the roles took the whole limit before this, and the joint
    /// search had no time (objective 3,155 against 2,550).
    public var firstRoundShare = 0.25
    /// With a time limit, the planner aims to end this share of it (at least 0.1 s, at most 0.5 s)
    /// before the deadline, for what follows the search: decoding the rota, writing the output.
    public var finishReserve = 0.03

    /// The moment the search must end for a plan started at `start` with `limit` seconds.
    func deadline(start: Double, limit: Double) -> Double {
        start + limit - min(0.5, max(0.1, finishReserve * limit))
    }

    // MARK: Sizes

    /// Merged parts with more day-plan variables than this are not solved merged: the overflowing
    /// roles are improved jointly by neighbourhood search instead.
    public var fullModelLimit = 6000
    /// Parts up to this many variables get the rounding heuristic (`PlanOptions.heuristic`), which
    /// needs GLPK's presolver off. Measured: the 40-site region's one-week parts (about 6,000
    /// variables each) reached their stop in 3.7 s with it against 28.5 s without; its four-week
    /// parts (about 24,000 each) took 369 s with it against 206 s without, the unpresolved LPs
    /// being the larger cost there.
    public var heuristicVariableLimit = 12_000

    // MARK: The joint search

    /// With no time limit, the joint search explores at most `searchSteps` neighbourhoods and stops
    /// after `searchPatience` in a row that bring nothing; these counts, unlike a time limit, keep
    /// the rota reproducible. With a time limit it runs until the deadline.
    public var searchSteps = 400
    public var searchPatience = 40
    /// The neighbourhoods' sizes and sub-problem node limit (`NeighbourhoodSearch`).
    public var neighbourhoods = Neighbourhoods()

    /// The Lagrangian bound's role solves (`LagrangianBound`): each stops at this relative gap,
    /// after `lagrangianRoleShare` of the joint LP's time (at least 0.5 s) with a time limit, and
    /// after `lagrangianNodeLimit` nodes without one. Measured on the 40-site region's week (LP
    /// 2.9 s): 0.25 s a role gave 2,526.4 to 2,526.5, 0.5 s 2,526.6, 1 s and 1.5 s 2,526.65;
    /// 100 nodes gave 2,526.6 in 3.0 s, 500 nodes 2,526.7 in 11.4 s.
    public var lagrangianGap = 1e-4
    public var lagrangianRoleShare = 0.2
    public var lagrangianNodeLimit = 100

    /// The joint search's neighbourhoods. Measured on the 40-site region's week (10 s, one search,
    /// seeds 1 to 5): related posts twice, then one role, reached 2,548 to 2,558 (mean 2,552);
    /// neighbourhoods of 10 posts (5,000 plans) did worse (mean 2,556), of 14 posts (7,000 plans)
    /// no better (2,552).
    public struct Neighbourhoods: Sendable {
        /// Posts freed at most by a related-posts neighbourhood.
        public var posts = 12
        /// Day plans freed at most by a related-posts neighbourhood (related posts are added until
        /// this is reached).
        public var plans = 6000
        /// Day plans freed at most by a role neighbourhood (a role's posts in the 40-site region's
        /// week have 3,700 to 6,900; over four weeks, four times as many).
        public var rolePlans = 8000
        /// Branch-and-bound nodes per sub-problem: bounds the time of a hard one, reproducibly.
        public var nodeLimit = 100
        public init() {}
    }

    // MARK: Horizons of several weeks

    /// A merged part of several weeks is improved a week (then two weeks) at a time
    /// (`WeekDecomposition`): each sub-problem stops after `weekNodeLimit` nodes, and the search
    /// after `weekPasses` passes over the weeks (or a pass that brings nothing). Measured on issue
    /// 14's four-week Kent and Medway case: proven optimal after 3 sub-problems with 100 or 500
    /// nodes; on a random four-week variant (seed 2), 500 nodes and 4 passes took 220 s.
    public var weekNodeLimit = 100
    public var weekPasses = 2
    /// Without a time limit, the week search's rota is kept where it ends within this share of the
    /// roles' bound; further from it, the merged part is solved as one MIP as well (from the week
    /// search's rota, to `weekFallbackNodeLimit`), and the better rota of the two is kept. Measured on random four-week variants:
    /// seed 8's week search ended at 1.22% (1,968.85), where the merged MIP proves 1,944.79; seed 2's
    /// ended at 0.15%, which the merged MIP did not improve in 107 s. 0.5% is issue 14's ceiling for them.
    public var weekSearchKeepGap = 0.005
    /// That merged MIP (the week search's fallback) stops at this many branch-and-bound nodes, or
    /// once its rota is within `weekSearchKeepGap` of the roles' bound; it starts from the week
    /// search's rota (offered as its first incumbent), so it can only improve on it. Measured on
    /// random four-week variant seed 8 (2026-12-01, release, under load): from the week search's
    /// 1,968.85 (1.22%) it reached 1,953.44 (0.44%) within 1,000 nodes, 53.5 s CPU for the whole
    /// plan, where the MIP from nothing to the default stopping rule took 218 to 1,209 s (wall).
    public var weekFallbackNodeLimit = 1_000
    /// Without a `--gap`, the week search stops once its rota is within this share of the roles'
    /// bound (nil: within the default tolerance, `tolerance`).
    public var weekSearchStopGap: Double? = nil
    /// Without a `--gap`, where a role of the merged part was stopped by the first round's node
    /// cap (so that its bound is below its rota and the roles' bound cannot be met), the week search
    /// stops once within `weekSearchKeepGap` of the bound. Measured on random four-week variant
    /// seed 3 (MHT stopped at 2,000 nodes, 175.55 against its bound 173.00): 3 sub-problems instead
    /// of 9, the same rota (1,746.76, 0.146%), 30.9 s CPU against 43.4 s. Not for every horizon:
    /// with a 0.5% stop, issue 14's four-week case ended at 0.33% instead of its proven optimum.
    public var weekCappedStop = true
    /// Each of the week search's sub-problems starts from the current rota (offered to GLPK as its
    /// first incumbent, without GLPK's presolver). Off: on seed 8 the same rota in 45.6 s CPU
    /// against 53.5 s, but issue 14's four-week case took about 10% more CPU (10.1 and 10.5 s
    /// against 9.25 and 9.37 s for 3 runs), one run of each, under load.
    public var weekOffersCurrent = false
    /// With neither a time nor a node limit, each role of a horizon's first round stops at this
    /// many nodes (`firstRoundNodeLimit` for one week). Measured on random four-week variants:
    /// 500 nodes saved time on the roles (8 s against 25 s on seed 18, under load) but a capped
    /// role's rota was worse, and the week search from it much worse (seed 18: 1,798.2 at 3.56%
    /// against 1,735.2 at 0.02%; seeds 8 and 16 likewise), so it stays at a week's 2,000.
    public var horizonFirstRoundNodeLimit = 2000
    /// Plans of several weeks go through `PlanSearch.planHorizon` (on by default; off only to
    /// measure what it brings: the horizon is then planned as one week is).
    public var horizonSearch = true
    /// A horizon of several weeks, with no minimum presence, protected time or repair, is planned a
    /// week at a time with its fairness rows priced (`RegionHorizon`) where one week's roles
    /// together have more day plans than this: the 40-site region (about 36,000 a week).
    public var horizonByWeekAbove = 6000
    /// Without a time limit, each week of such a horizon is planned with this `--gap` (or the
    /// caller's, if smaller), which stops its first round's parts sooner; its bound is its
    /// Lagrangian bound over rooms either way.
    public var byWeekGap = 0.01
    /// Without a time limit, each week of such a horizon started from the week without leave is
    /// improved for at most this many neighbourhoods, `byWeekPatience` in a row without improvement.
    public var byWeekSteps = 100
    public var byWeekPatience = 20
    /// Of such a horizon whose weeks are alike but for leave: the share of the time left that the
    /// week without leave may use (with a time limit), the share of the time limit kept for the
    /// fairness price steps after the weeks (`PlanSearch.priceSteps`), and the most price steps.
    public var byWeekRelaxedShare = 0.5
    public var byWeekPriceShare = 0.15
    public var byWeekPriceSteps = 1

    public init() {}
}

/// Seconds on the monotonic clock, for the planner's deadlines.
func monotonicSeconds() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }
