import Foundation
import Testing
import LinearModel
@testable import GLPKSolver

@Suite("GLPK export and names")
struct GLPKExportTests {
    /// 300 characters, with characters LP files cannot hold.
    static let oddName = "x[EP-1,PRU Dart/€]" + String(repeating: "a", count: 282)

    func oddModel() -> Model {
        var m = Model(name: "odd model/€")
        let a = m.addVariable(Self.oddName, .integer, upper: 5)
        let b = m.addVariable(Self.oddName)            // same name: must stay unique
        let c = m.addVariable("")                      // empty name
        let d = m.addVariable("1st.var", .binary)
        m.addConstraint("obj", a + b <= 4)             // clashes with the objective label
        m.addConstraint("cap", "EP-1/€", a - 2 * c + d >= -3)
        m.addConstraint("cap", "EP-1/€", a + c <= 9)
        m.minimize(a + b + c - d + 1)
        return m
    }

    @Test func sanitisedNames() {
        let s = GLPKNames.sanitize(Self.oddName, fallback: "x")
        #expect(s.hasPrefix("x[EP_1,PRU_Dart__]"))
        #expect(s.utf8.count == 255)
        #expect(GLPKNames.sanitize("", fallback: "x_3") == "x_3")
        #expect(GLPKNames.sanitize("café €5 é", fallback: "x") == "caf___5__")
        #expect(GLPKNames.sanitize(String(repeating: "é", count: 300), fallback: "x").utf8.count == 255)
        #expect(GLPKNames.sanitize("9lives", fallback: "x") == "_9lives")
        #expect(GLPKNames.sanitize(".dot", fallback: "x") == "_.dot")
        #expect(GLPKNames.sanitize("Free", fallback: "x") == "Free_")

        var table = GLPKNameTable(reserved: ["obj"])
        #expect(table.name(for: "obj", fallback: "r") == "obj_2")
        #expect(table.name(for: "a[1]", fallback: "r") == "a[1]")
        #expect(table.name(for: "a(1)", fallback: "r") == "a(1)_2")  // same as a[1] in LP files
        #expect(table.name(for: "a b", fallback: "r") == "a_b")
        #expect(table.name(for: "a/b", fallback: "r") == "a_b_2")
        #expect(table.name(for: "a_b_2", fallback: "r") == "a_b_2_2")
        let long1 = table.name(for: Self.oddName, fallback: "r")
        let long2 = table.name(for: Self.oddName, fallback: "r")
        #expect(long1 != long2 && long2.utf8.count == 255 && long2.hasSuffix("_2"))
    }

    @Test func exportsOddNamesToLPAndMPS() throws {
        let m = oddModel()
        let lp = try GLPKSolver.export(m, format: .lp)
        #expect(lp.contains("Minimize"))
        #expect(lp.contains("Subject To"))
        #expect(lp.contains("obj:"))
        #expect(lp.contains("obj_2:"))
        // glp_write_lp prints [ ] as ( ); our names need no other rewriting.
        let sanitized = GLPKNames.sanitize(Self.oddName, fallback: "x")
        #expect(lp.contains(GLPKNames.lpForm(sanitized)))
        #expect(lp.contains(GLPKNames.lpForm(String(sanitized.utf8.prefix(253))!) + "_2"))
        #expect(lp.contains("_1st.var"))
        #expect(lp.contains("cap(EP_1__)") && lp.contains("cap(EP_1__)_2"))
        #expect(!lp.contains("€"))

        let mps = try GLPKSolver.export(m, format: .mps)
        #expect(mps.contains("ROWS") && mps.contains("COLUMNS") && mps.contains("RHS") && mps.contains("BOUNDS"))
        #expect(mps.contains(sanitized))
        #expect(mps.contains("cap[EP_1__]_2"))
        #expect(mps.contains("MARKER"))  // integer columns

        // The same model still solves (names are irrelevant to the optimum):
        // minimise a + b + c - d + 1 with d binary → d = 1, others 0.
        let r = GLPKSolver().solve(m, options: SolveOptions())
        #expect(r.status == .optimal && r.objectiveValue == 0)

        // GLPK reads both files back with the same shape.
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("lm-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        for format in ExportFormat.allCases {
            let path = dir.appendingPathComponent("odd.\(format.rawValue)").path
            try GLPKSolver.write(m, format: format, to: path)
            let back = try GLPKSolver.readBack(path, format: format)
            // Five columns: the four variables and `_objective_constant_`, the column fixed at 1 that
            // carries the objective's constant (+ 1) in exports; it is in no row, so the matrix keeps
            // its 7 nonzeros, and it is continuous, so 2 integer columns.
            #expect(back.rows == 3 && back.columns == 5 && back.nonzeros == 7 && back.integers == 2, "\(format): \(back)")
        }
    }

    /// GLPK writes no objective for problems without rows and aborts writing
    /// MPS files with empty columns and no rows; placeholders avoid both.
    @Test func exportsTrivialModels() throws {
        var m = Model(name: "no-rows")
        let x = m.addVariable("x", upper: 3)
        m.addVariable("unused", .integer, upper: 4)
        m.maximize(2 * x + 5)
        let lp = try GLPKSolver.export(m, format: .lp)
        #expect(lp.contains("Maximize") && lp.contains("obj: + 2 x") && lp.contains("_dummy_: 0 x >= 0"), "\(lp)")
        // The constant is a column fixed at 1, which every reader takes the same way.
        #expect(lp.contains("+ 5 _objective_constant_") && lp.contains("_objective_constant_ = 1"), "\(lp)")
        let mps = try GLPKSolver.export(m, format: .mps)
        #expect(mps.contains("COLUMNS") && mps.contains("unused"), "\(mps)")
        // No variables either.
        for format in ExportFormat.allCases {
            var empty = Model(name: "empty")
            empty.minimize(LinearExpression(constant: 2))
            let text = try GLPKSolver.export(empty, format: format)
            #expect(text.contains(format == .lp ? "Minimize" : "ROWS"), "\(text)")
        }
    }

    /// Read back, an exported model has the same optimum, objective constant included: GLPK wrote
    /// the constant to MPS as the objective row's right-hand side, which other readers negate.
    @Test func exportedObjectiveConstantSurvivesReadingBack() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("lm-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        for constant in [486.75, -12.5] {
            var (m, _) = transportationModel()
            m.minimize(m.objective + constant)
            let optimum = try #require(GLPKSolver().solve(m, options: SolveOptions()).objectiveValue)
            for format in ExportFormat.allCases {
                let path = dir.appendingPathComponent("c.\(format.rawValue)").path
                try GLPKSolver.write(m, format: format, to: path)
                let text = try String(contentsOfFile: path, encoding: .utf8)
                if format == .mps {
                    // No right-hand side on the objective row: nothing for a reader to negate.
                    let rhs = text.components(separatedBy: "\nRHS\n").last ?? ""
                    #expect(!rhs.contains(" obj "), "\(rhs.prefix(200))")
                }
                let back = try #require(GLPKSolver.solveReadBack(path, format: format))
                #expect(abs(back - optimum) < 1e-6, "\(format): \(back) against \(optimum)")
            }
        }
    }

    @Test func tinyNumbersAreRefusedForMPSInsteadOfAborting() throws {
        var m = Model(name: "tiny")
        let x = m.addVariable("x", upper: 3), y = m.addVariable("y")
        m.addConstraint("c", -1e-120 * y + x <= 2)
        m.minimize(1 * x)
        // The LP writer copes; the MPS writer would abort the process.
        #expect(try GLPKSolver.export(m, format: .lp).contains("1e-120"))
        do {
            _ = try GLPKSolver.export(m, format: .mps)
            Issue.record("expected an error")
        } catch let error as GLPKError {
            #expect(error.message.contains("'c'"), "\(error.message)")
        }
    }

    @Test func writeIsAtomicAndNamesThePathOnFailure() throws {
        let (m, _) = transportationModel()
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("lm-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }

        for format in ExportFormat.allCases {
            let path = dir.appendingPathComponent("transp.\(format.rawValue)").path
            try GLPKSolver.write(m, format: format, to: path)
            let text = try String(contentsOfFile: path, encoding: .utf8)
            #expect(text.contains(format == .lp ? "Subject To" : "ROWS"))
            #expect(text.contains("x[Seattle,New_York]") || text.contains("x(Seattle,New_York)"))
            // Overwriting an existing file works too.
            try GLPKSolver.write(m, format: format, to: path)
        }
        // Only the two files: no temporaries left behind.
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == ["transp.lp", "transp.mps"])

        let missing = dir.appendingPathComponent("missing/sub/model.lp").path
        do {
            try GLPKSolver.write(m, format: .lp, to: missing)
            Issue.record("expected an error")
        } catch let error as GLPKError {
            #expect(error.message.contains(missing), "message: \(error.message)")
        }
        #expect(!FileManager.default.fileExists(atPath: missing))

        // An invalid model is refused before anything is written.
        var bad = m
        bad.addVariable("bad", lower: 2, upper: 1)
        let badPath = dir.appendingPathComponent("bad.lp").path
        #expect(throws: GLPKError.self) { try GLPKSolver.write(bad, format: .lp, to: badPath) }
        #expect(!FileManager.default.fileExists(atPath: badPath))
    }
}
