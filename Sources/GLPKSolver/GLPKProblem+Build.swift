import CGLPK
import LinearModel

/// A GLPK problem object built from a ``Model``, deleted when it goes out of scope.
///
/// Non-copyable and confined to the function that creates it: GLPK problem
/// objects belong to the creating thread's GLPK environment (see
/// ``GLPKEnvironment``), so they must never be stored or shared.
///
/// - Precondition: the model passed ``Model/validate()`` (GLPK aborts the
///   process on bad indices or non-integer bounds of integer columns).
struct GLPKProblem: ~Copyable {
    /// The `glp_prob *`; only handed out by ``withPointer(_:)``.
    private let pointer: OpaquePointer

    /// Builds the problem.
    ///
    /// - Parameter forExport: add placeholders GLPK's writers need: a model
    ///   without constraints gets an empty row `_dummy_: 0 >= 0` (without
    ///   any row, `glp_write_lp` writes no objective and `glp_write_mps`
    ///   aborts on empty columns), a model without variables a column
    ///   `_dummy_` fixed at 0. Neither changes the optimum.
    init(_ model: Model, forExport: Bool = false) {
        let p = glp_create_prob()!
        pointer = p

        glp_set_prob_name(p, GLPKNames.sanitize(model.name, fallback: "model"))
        glp_set_obj_name(p, "obj")
        glp_set_obj_dir(p, model.sense == .maximize ? GLP_MAX : GLP_MIN)
        glp_set_obj_coef(p, 0, model.objective.constant)

        // Names matter only to GLPK's writers; building them took a quarter of the time of a small solve.
        Self.addColumns(p, model, named: forExport)
        Self.addRows(p, model, named: forExport)
        Self.loadMatrix(p, model)

        if forExport {
            // GLPK writes the objective constant to MPS as the objective row's right-hand side, which
            // other readers take with the opposite sign (HiGHS read the Kent and Medway week as
            // -4,713.25 instead of 486.75), and to LP files only as a comment. A column fixed at 1
            // with the constant as its cost gives the true objective in every reader.
            if model.objective.constant != 0 {
                glp_set_obj_coef(p, 0, 0)
                let taken = Set(model.variables.map(\.name))
                var name = "_objective_constant_"
                while taken.contains(name) { name += "_" }
                let j = glp_add_cols(p, 1)
                glp_set_col_name(p, j, name)
                glp_set_col_bnds(p, j, GLP_FX, 1, 1)
                glp_set_obj_coef(p, j, model.objective.constant)
            }
            // The placeholder is the only column/row of its kind: no name clash.
            if model.variables.isEmpty && model.objective.constant == 0 {
                let j = glp_add_cols(p, 1)
                glp_set_col_name(p, j, "_dummy_")
                glp_set_col_bnds(p, j, GLP_FX, 0, 0)
            }
            if model.constraints.isEmpty {
                let i = glp_add_rows(p, 1)
                glp_set_row_name(p, i, "_dummy_")
                glp_set_row_bnds(p, i, GLP_LO, 0, 0)
            }
        }
    }

    deinit {
        glp_delete_prob(pointer)
    }

    /// Runs `body` with the `glp_prob *`. The problem is borrowed for the whole
    /// call, so it cannot be deleted while `body` uses the pointer (a bare
    /// `problem.pointer` read would let the problem die after that read).
    borrowing func withPointer<R>(_ body: (OpaquePointer) throws -> R) rethrows -> R {
        try body(pointer)
    }

    // MARK: Columns and objective

    private static func addColumns(_ p: OpaquePointer, _ model: Model, named: Bool) {
        let n = model.variables.count
        guard n > 0 else { return }  // glp_add_cols(p, 0) aborts
        glp_add_cols(p, Int32(n))
        var names = GLPKNameTable()
        for (index, info) in model.variables.enumerated() {
            let j = Int32(index + 1)
            if named { glp_set_col_name(p, j, names.name(for: info.name, fallback: "x_\(index + 1)")) }
            if info.kind != .continuous {
                // Binary columns are integer columns with bounds in 0...1;
                // GLP_BV would overwrite bounds such as a fixed 1...1.
                glp_set_col_kind(p, j, GLP_IV)
            }
            var lower = info.lower, upper = info.upper
            if info.kind == .binary {
                lower = lower ?? 0
                upper = upper ?? 1
            }
            let (type, lb, ub) = boundType(lower: lower, upper: upper)
            glp_set_col_bnds(p, j, type, lb, ub)
        }
        // The objective is normalised, so each column appears at most once.
        for (v, c) in model.objective.terms {
            glp_set_obj_coef(p, Int32(v.index + 1), c)
        }
    }

    /// GLPK bound type and values for optional lower/upper bounds.
    private static func boundType(lower: Double?, upper: Double?) -> (Int32, Double, Double) {
        switch (lower, upper) {
        case (nil, nil): return (GLP_FR, 0, 0)
        case (let lo?, nil): return (GLP_LO, lo, 0)
        case (nil, let up?): return (GLP_UP, 0, up)
        case (let lo?, let up?): return (lo == up ? GLP_FX : GLP_DB, lo, up)
        }
    }

    // MARK: Rows

    private static func addRows(_ p: OpaquePointer, _ model: Model, named: Bool) {
        let m = model.constraints.count
        guard m > 0 else { return }  // glp_add_rows(p, 0) aborts
        glp_add_rows(p, Int32(m))
        // "obj" labels the objective in LP files; keep rows from clashing with it.
        var names = GLPKNameTable(reserved: ["obj"])
        for (index, constraint) in model.constraints.enumerated() {
            let i = Int32(index + 1)
            if named { glp_set_row_name(p, i, names.name(for: constraint.name, fallback: "r_\(index + 1)")) }
            switch constraint.relation {
            case .lessOrEqual(let b): glp_set_row_bnds(p, i, GLP_UP, 0, b)
            case .greaterOrEqual(let b): glp_set_row_bnds(p, i, GLP_LO, b, 0)
            case .equal(let b): glp_set_row_bnds(p, i, GLP_FX, b, b)
            case .range(let lo, let hi): glp_set_row_bnds(p, i, lo == hi ? GLP_FX : GLP_DB, lo, hi)
            }
        }
    }

    // MARK: Matrix

    /// Loads all constraint coefficients with one `glp_load_matrix` call.
    /// Constraint expressions are normalised by ``Model``: no repeated
    /// (row, column) pairs and no zeros, which GLPK requires.
    private static func loadMatrix(_ p: OpaquePointer, _ model: Model) {
        let nonzeros = model.constraints.reduce(0) { $0 + $1.expression.terms.count }
        guard nonzeros > 0 else { return }
        // GLPK arrays are 1-based: element 0 is unused.
        var ia = [Int32](repeating: 0, count: nonzeros + 1)
        var ja = [Int32](repeating: 0, count: nonzeros + 1)
        var ar = [Double](repeating: 0, count: nonzeros + 1)
        // GLPK prepends each element to its row and column lists. The arrays
        // hold the elements in reverse (row, column) order, so both lists end
        // up ascending and exported files list terms in model order.
        var k = nonzeros
        for (index, constraint) in model.constraints.enumerated() {
            for (v, c) in constraint.expression.terms {
                ia[k] = Int32(index + 1)
                ja[k] = Int32(v.index + 1)
                ar[k] = c
                k -= 1
            }
        }
        glp_load_matrix(p, Int32(nonzeros), ia, ja, ar)
    }
}
