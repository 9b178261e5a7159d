import Testing
import LinearModel
import GLPKSolver

@Suite("Model")
struct ModelTests {
    @Test func familiesKeepKeyOrderAndNames() {
        var m = Model(name: "f")
        let fam = m.addVariables("x", keys: ["b", "a", "c", "a"], kind: .integer, upper: 9) { $0.uppercased() }
        #expect(fam.keys == ["b", "a", "c"])
        #expect(fam.variables.map(\.index) == [0, 1, 2])
        #expect(fam["a"] == Variable(index: 1))
        #expect(fam["zz"] == nil)
        #expect(m.variables.map(\.name) == ["x[B]", "x[A]", "x[C]"])
        #expect(m.variables[0].upper == 9 && m.variables[0].lower == 0)
        #expect(m.integerCount == 3)
        let bin = m.addVariable("y", .binary)
        #expect(m.variables[bin.index].lower == 0 && m.variables[bin.index].upper == 1)
        let free = m.addVariable("z", lower: -.infinity, upper: .infinity)
        #expect(m.variables[free.index].lower == nil && m.variables[free.index].upper == nil)
        m.setBounds(free, lower: -2, upper: 2)
        #expect(m.variables[free.index].lower == -2)
        #expect(throws: Never.self) { try m.validate() }
    }

    /// Builds a model with one planted defect, checks validate() names it and
    /// the solver reports .error without crashing (GLPK would abort).
    func expectRejected(_ fragment: String, _ build: (inout Model) -> Void) {
        var m = Model(name: "bad")
        let ok = m.addVariable("ok")
        m.addConstraint("fine", ok <= 4)
        m.minimize(1 * ok)
        build(&m)
        #expect(throws: ModelError.self) { try m.validate() }
        do {
            try m.validate()
        } catch {
            #expect(error.message.contains(fragment), "message: \(error.message)")
        }
        for presolve in [true, false] {
            let r = GLPKSolver().solve(m, options: SolveOptions(presolve: presolve))
            #expect(r.status == .error)
            #expect(r.message?.contains(fragment) == true, "message: \(r.message ?? "nil")")
            #expect(!r.hasSolution && r.values.isEmpty)
        }
        #expect(throws: GLPKError.self) { _ = try GLPKSolver.export(m, format: .lp) }
    }

    @Test func validationCatchesBadNumbers() {
        expectRejected("'cost'") { m in
            let v = m.addVariable("v")
            m.addConstraint("cost", .nan * v <= 3)
        }
        expectRejected("'w'") { m in
            let w = m.addVariable("w")
            m.minimize(.infinity * w)
        }
        expectRejected("'lohi'") { m in
            m.addVariable("lohi", lower: 5, upper: 2)
        }
        expectRejected("'n'") { m in
            m.addVariable("n", .integer, lower: 0.5, upper: 3)
        }
        expectRejected("'b'") { m in
            m.addVariable("b", .binary, lower: 0, upper: 2)
        }
        expectRejected("'nanbound'") { m in
            m.addVariable("nanbound", lower: .nan)
        }
        expectRejected("'rng'") { m in
            let v = m.addVariable("v")
            m.addConstraint("rng", nil, 1 * v, .range(3, 1))
        }
        expectRejected("'infrhs'") { m in
            let v = m.addVariable("v")
            m.addConstraint("infrhs", v <= .infinity)
        }
        expectRejected("#7") { m in
            m.addConstraint("foreign", Variable(index: 7) <= 1)
        }
        expectRejected("objective") { m in
            m.maximize(LinearExpression(Variable(index: -1)))
        }
    }

    @Test func validationReportsSeveralIssues() {
        var m = Model()
        m.addVariable("a", lower: 3, upper: 1)
        m.addVariable("b", .integer, lower: 0, upper: 2.5)
        do {
            try m.validate()
            Issue.record("expected an error")
        } catch {
            #expect(error.issues.count == 2)
            #expect(error.message.contains("'a'") && error.message.contains("'b'"))
        }
    }

    @Test func invalidOptionsAreErrors() {
        var m = Model()
        let x = m.addVariable("x", upper: 1)
        m.maximize(1 * x)
        #expect(GLPKSolver().solve(m, options: SolveOptions(timeLimit: .nan)).status == .error)
        #expect(GLPKSolver().solve(m, options: SolveOptions(relativeGap: -1)).status == .error)
    }
}
