import Testing
import LinearModel
import GLPKSolver

@Suite("GLPKSolver")
struct GLPKSolverTests {
    let solver = GLPKSolver()

    @Test(arguments: [true, false])
    func knapsackMatchesBruteForce(presolve: Bool) {
        let k = Knapsack.random(items: 14, seed: 42)
        let (m, take) = k.model()
        let r = solver.solve(m, options: SolveOptions(presolve: presolve))
        let best = k.bruteForce()
        #expect(r.status == .optimal)
        #expect(abs((r.objectiveValue ?? -1) - best) < 1e-6)
        #expect(r.bestBound == r.objectiveValue && r.relativeGap == 0)
        #expect(maxViolation(m, r.values) < 1e-9)
        let chosenValue = take.keys.filter { r[take[$0]!] > 0.5 }.map { k.values[$0] }.reduce(0, +)
        #expect(abs(chosenValue - best) < 1e-6)
        #expect(r.seconds >= 0 && r.log.isEmpty && r.message == nil)
    }

    @Test func assignmentMatchesBruteForce() {
        let cost: [[Double]] = [
            [9, 2, 7, 8, 6],
            [6, 4, 3, 7, 5],
            [5, 8, 1, 8, 4],
            [7, 6, 9, 4, 3],
            [3, 7, 5, 2, 9],
        ]
        let n = cost.count
        var m = Model(name: "assignment")
        let pairs = (0..<n).flatMap { i in (0..<n).map { [i, $0] } }
        let x = m.addVariables("assign", keys: pairs, kind: .binary) { "\($0[0]),\($0[1])" }
        for i in 0..<n {
            m.addConstraint("worker", "\(i)", LinearExpression.sum((0..<n).map { x[[i, $0]]! }) == 1)
            m.addConstraint("task", "\(i)", LinearExpression.sum((0..<n).map { x[[$0, i]]! }) == 1)
        }
        m.minimize(x.sum { cost[$0[0]][$0[1]] })

        // Brute force over all permutations.
        func permutations(_ a: [Int]) -> [[Int]] {
            a.count <= 1 ? [a] : a.indices.flatMap { i -> [[Int]] in
                var rest = a
                let head = rest.remove(at: i)
                return permutations(rest).map { [head] + $0 }
            }
        }
        let best = permutations(Array(0..<n)).map { p in p.indices.map { cost[$0][p[$0]] }.reduce(0, +) }.min()!

        let r = solver.solve(m, options: SolveOptions())
        #expect(r.status == .optimal)
        #expect(r.objectiveValue == best)
        for i in 0..<n {
            #expect((0..<n).filter { r[x[[i, $0]]!] > 0.5 }.count == 1)
        }
    }

    @Test(arguments: [true, false])
    func transportationLP(presolve: Bool) {
        let (m, ship) = transportationModel()
        #expect(m.integerCount == 0)
        let r = solver.solve(m, options: SolveOptions(presolve: presolve))
        #expect(r.status == .optimal)
        #expect(abs((r.objectiveValue ?? 0) - 153.675) < 1e-6)
        #expect(r.bestBound == r.objectiveValue && r.relativeGap == 0)
        #expect(maxViolation(m, r.values) < 1e-7)
        #expect(abs(ship.sum().value(r.values) - 900) < 1e-6)  // total demand
        #expect(abs(m.objective.value(r.values) - 153.675) < 1e-6)
    }

    /// Hillier and Lieberman's Wyndor Glass LP: the shadow prices of its three plants are 0, 1.5 and 1.
    @Test(arguments: [true, false])
    func dualsOfAnLPAreItsShadowPrices(presolve: Bool) {
        var m = Model(name: "wyndor")
        let x = m.addVariable("doors"), y = m.addVariable("windows")
        let plant1 = m.addConstraint("plant1", 1 * x <= 4)
        let plant2 = m.addConstraint("plant2", 2 * y <= 12)
        let plant3 = m.addConstraint("plant3", 3 * x + 2 * y <= 18)
        m.maximize(3 * x + 5 * y)
        let r = solver.solve(m, options: SolveOptions(presolve: presolve))
        #expect(r.status == .optimal && abs((r.objectiveValue ?? 0) - 36) < 1e-9)
        #expect(r.duals.count == 3)
        #expect(abs(r.dual(plant1)) < 1e-9 && abs(r.dual(plant2) - 1.5) < 1e-9 && abs(r.dual(plant3) - 1) < 1e-9)
        // Strong duality: the right-hand sides priced at the duals give the optimum.
        #expect(abs(4 * r.dual(plant1) + 12 * r.dual(plant2) + 18 * r.dual(plant3) - 36) < 1e-9)
    }

    @Test func dualsOfTheTransportationLPPriceItsOptimum() {
        let (m, _) = transportationModel()
        let r = solver.solve(m, options: SolveOptions())
        #expect(r.duals.count == m.constraints.count)
        // Every variable has a zero lower bound and no upper bound, so the optimum is the
        // right-hand sides priced at the duals (each row's active side).
        var priced = 0.0
        for (i, c) in m.constraints.enumerated() {
            let d = r.duals[i]
            switch c.relation {
            case .lessOrEqual(let u): #expect(d <= 1e-9); priced += d * u
            case .greaterOrEqual(let l): #expect(d >= -1e-9); priced += d * l
            case .equal(let e): priced += d * e
            default: Issue.record("unexpected relation in \(c.name)")
            }
        }
        #expect(abs(priced + m.objective.constant - 153.675) < 1e-6)
        // A MIP has no duals.
        var mip = Model(name: "mip")
        let i = mip.addVariable("i", .integer, upper: 3)
        mip.addConstraint("cap", 2 * i <= 5)
        mip.maximize(1 * i)
        #expect(solver.solve(mip, options: SolveOptions()).duals.isEmpty)
    }

    @Test(arguments: [true, false])
    func infeasibleAndUnbounded(presolve: Bool) {
        let options = SolveOptions(presolve: presolve)

        var lp = Model(name: "infeasible-lp")
        let a = lp.addVariable("a"), b = lp.addVariable("b")
        lp.addConstraint("low", a + b <= 1)
        lp.addConstraint("high", a + b >= 2)
        lp.minimize(a + b)
        #expect(solver.solve(lp, options: options).status == .infeasible)

        // Relaxation infeasible.
        var mip = Model(name: "infeasible-mip")
        let i = mip.addVariable("i", .integer, upper: 10), j = mip.addVariable("j", .integer, upper: 10)
        mip.addConstraint("low", i + j <= 3)
        mip.addConstraint("high", i + j >= 4)
        mip.maximize(i + 2 * j)
        #expect(solver.solve(mip, options: options).status == .infeasible)

        // Relaxation feasible (k = 1.5), no integer point.
        var parity = Model(name: "parity")
        let k = parity.addVariable("k", .integer, upper: 10)
        parity.addConstraint("odd", 2 * k == 3)
        parity.minimize(1 * k)
        let pr = solver.solve(parity, options: options)
        #expect(pr.status == .infeasible)
        #expect(!pr.hasSolution && pr.values.isEmpty && pr.objectiveValue == nil)

        var ulp = Model(name: "unbounded-lp")
        let u = ulp.addVariable("u"), v = ulp.addVariable("v")
        ulp.addConstraint("diff", u - v <= 1)
        ulp.maximize(u + v)
        #expect(solver.solve(ulp, options: options).status == .unbounded)

        var umip = Model(name: "unbounded-mip")
        let p = umip.addVariable("p", .integer), q = umip.addVariable("q", .integer, lower: nil)
        umip.addConstraint("diff", p - q <= 1)
        umip.maximize(p + 0.5 * q + 3)
        #expect(solver.solve(umip, options: options).status == .unbounded)

        // Primal and dual infeasible at once: infeasibility wins.
        var both = Model(name: "both")
        let s = both.addVariable("s"), t = both.addVariable("t")
        both.addConstraint("never", 1 * t <= -1)
        both.maximize(1 * s)
        #expect(solver.solve(both, options: options).status == .infeasible)
        var bothMIP = both
        bothMIP.addVariable("intvar", .integer, upper: 3)
        #expect(solver.solve(bothMIP, options: options).status == .infeasible)
    }

    @Test func trivialModels() {
        // No variables at all.
        var empty = Model(name: "empty")
        empty.minimize(LinearExpression(constant: 12.5))
        let r = solver.solve(empty, options: SolveOptions())
        #expect(r.status == .optimal && r.objectiveValue == 12.5 && r.values.isEmpty && r.hasSolution)
        empty.addConstraint("const", LinearExpression(constant: 3) <= 1)
        #expect(solver.solve(empty, options: SolveOptions()).status == .infeasible)

        // Variables but no constraints, LP and MIP, with an objective constant.
        for kind in [VariableKind.continuous, .integer] {
            for presolve in [true, false] {
                var m = Model(name: "bounds-only")
                let x = m.addVariable("x", kind, lower: 3, upper: 8)
                let y = m.addVariable("y", kind, lower: nil, upper: 2)
                m.maximize(2 * x + y + 100)
                let r = solver.solve(m, options: SolveOptions(presolve: presolve))
                #expect(r.status == .optimal)
                #expect(r.objectiveValue == 118)
                #expect(r[x] == 8 && r[y] == 2)
            }
        }

        // A fixed binary stays fixed (not widened to 0...1).
        var fixed = Model()
        let f = fixed.addVariable("f", .binary, lower: 1, upper: 1)
        fixed.minimize(1 * f)
        #expect(solver.solve(fixed, options: SolveOptions()).objectiveValue == 1)
    }

    @Test(arguments: [true, false])
    func timeLimitedHardMIP(presolve: Bool) {
        let m = marketSplit(rows: 5, columns: 40, seed: 7, slack: true, offset: 1000)
        let limit = 0.5
        let r = solver.solve(m, options: SolveOptions(timeLimit: limit, presolve: presolve))
        #expect(r.status == .feasible || r.status == .optimal)
        #expect(r.seconds < limit + 5)
        guard r.hasSolution, let objective = r.objectiveValue else { return }
        #expect(r.values.count == m.variables.count)
        #expect(maxViolation(m, r.values) < 1e-6)
        #expect(abs(m.objective.value(r.values) - objective) < 1e-6)
        #expect(objective >= 1000)
        if r.status == .feasible {
            #expect(r.stopReason == .timeLimit)
            if let bound = r.bestBound, let gap = r.relativeGap {
                #expect(bound <= objective + 1e-9)  // minimisation: bound below
                #expect(bound >= 1000 - 1e-6)       // the constant is part of the bound
                #expect(abs(gap - abs(objective - bound) / (abs(objective) + .ulpOfOne)) < 1e-12)
            }
        } else {
            #expect(r.bestBound == objective && r.relativeGap == 0)
        }
    }

    @Test(arguments: [true, false])
    func noSolutionBeforeTimeLimit(presolve: Bool) {
        // Pure market split feasibility: GLPK finds no integer point in 0.3 s.
        let m = marketSplit(rows: 6, columns: 50, seed: 11, slack: false)
        let r = solver.solve(m, options: SolveOptions(timeLimit: 0.3, presolve: presolve))
        #expect(r.status == .noSolution && r.stopReason == .timeLimit)
        #expect(r.values.isEmpty && r.objectiveValue == nil && !r.hasSolution)
        #expect(r.seconds < 5)
    }

    @Test func relativeGapIsHonoured() {
        // Multi-dimensional knapsack (maximise).
        var rng = LCG(seed: 3)
        let n = 60
        var m = Model(name: "mdk")
        let x = m.addVariables("x", keys: Array(0..<n), kind: .binary) { "\($0)" }
        for d in 0..<5 {
            let w = (0..<n).map { _ in Double(rng.next(1...50)) }
            m.addConstraint("dim", "\(d)", x.sum { w[$0] } <= (w.reduce(0, +) / 3).rounded())
        }
        let value = (0..<n).map { _ in Double(rng.next(1...50)) }
        m.maximize(x.sum { value[$0] })

        let loose = solver.solve(m, options: SolveOptions(timeLimit: 20, relativeGap: 0.5))
        #expect(loose.status == .optimal || (loose.status == .feasible && loose.stopReason == .gapLimit))
        guard let obj = loose.objectiveValue, let gap = loose.relativeGap, let bound = loose.bestBound else {
            Issue.record("missing objective, gap or bound: \(loose)")
            return
        }
        #expect(gap <= 0.5)
        #expect(bound >= obj - 1e-9)  // maximisation: bound above
        #expect(maxViolation(m, loose.values) < 1e-9)

        let exact = solver.solve(m, options: SolveOptions(timeLimit: 60))
        if exact.status == .optimal, let optimum = exact.objectiveValue {
            #expect(optimum <= bound + 1e-6)
            #expect(optimum <= obj * 1.5 + 1e-6)
            #expect(obj <= optimum + 1e-6)
        }
    }

    @Test func capturedLog() {
        let (m, _) = Knapsack.random(items: 10, seed: 1).model()
        let r = solver.solve(m, options: SolveOptions(captureLog: true))
        #expect(r.status == .optimal)
        #expect(r.log.contains("INTEGER OPTIMAL SOLUTION FOUND"), "log: \(r.log)")
        #expect(r.log.contains("Integer optimization begins"))
        let (lp, _) = transportationModel()
        let l = solver.solve(lp, options: SolveOptions(captureLog: true))
        #expect(l.log.contains("OPTIMAL LP SOLUTION FOUND"), "log: \(l.log)")
        // Logging is per solve: the next solve without capture has an empty log.
        #expect(solver.solve(lp, options: SolveOptions()).log.isEmpty)
    }

    @Test func tuningOptionsSolveToTheSameOptimum() {
        let k = Knapsack.random(items: 16, seed: 9)
        let (m, _) = k.model()
        var tuning = GLPKSolver.Tuning()
        tuning.gomoryCuts = true
        tuning.mirCuts = true
        tuning.coverCuts = true
        tuning.cliqueCuts = true
        tuning.feasibilityPump = true
        tuning.proximitySearch = true
        tuning.branching = .hybridPseudocost
        tuning.backtracking = .depthFirst
        tuning.dualSimplex = true
        let best = k.bruteForce()
        for t in [tuning, .glpkDefaults, GLPKSolver.Tuning()] {
            let r = GLPKSolver(tuning: t).solve(m, options: SolveOptions())
            #expect(r.status == .optimal)
            #expect(abs((r.objectiveValue ?? 0) - best) < 1e-6)
        }
        #expect(GLPKSolver().tuning.mirCuts && !GLPKSolver.Tuning.glpkDefaults.mirCuts)
    }

    @Test func versionIsReported() {
        #expect(GLPKSolver.version.hasPrefix("5."))
    }
}
