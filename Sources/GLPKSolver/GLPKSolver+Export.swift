import CGLPK
import Foundation
import LinearModel

/// File formats GLPK can write.
public enum ExportFormat: String, Sendable, CaseIterable {
    /// CPLEX LP format (`glp_write_lp`).
    case lp
    /// Free (modern) MPS format (`glp_write_mps` with `GLP_MPS_FILE`).
    case mps
}

/// A failure of a GLPK file operation, with a message naming the path.
public struct GLPKError: Error, CustomStringConvertible, Sendable {
    /// What went wrong, including the file path.
    public let message: String

    /// Creates an error.
    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}

extension GLPKSolver {
    /// Writes `model` to `path` in `format`.
    ///
    /// Names are sanitised as for solving (see the module documentation of
    /// `GLPKNames`: letters, digits and `_ . [ ] ( ) ,`, unique, at most 255
    /// bytes); the objective is named `obj`. The file is written to a temporary
    /// file in the same directory and renamed into place, so `path` is either
    /// left untouched or completely written.
    ///
    /// - Throws: ``GLPKError`` naming `path` when the model is invalid, the
    ///   directory does not exist, or GLPK cannot write the file.
    public static func write(_ model: Model, format: ExportFormat, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent().path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw GLPKError("cannot write \(format.rawValue.uppercased()) file '\(path)': directory '\(directory)' does not exist")
        }
        // Keep the temporary name short enough for NAME_MAX and free of a
        // ".gz" ending (GLPK would compress).
        let base = String(url.lastPathComponent.prefix(64))
        let temporary = try ExclusiveTemporary(in: url.deletingLastPathComponent().path, base: base, reportedPath: path)
        do {
            try writeFile(model, format: format, to: temporary.handlePath, reportedPath: path)
            try temporary.finish()
        } catch {
            temporary.discard()
            throw error
        }
        if rename(temporary.path, path) != 0 {
            let reason = String(cString: strerror(errno))
            unlink(temporary.path)
            throw GLPKError("cannot write \(format.rawValue.uppercased()) file '\(path)': rename failed: \(reason)")
        }
    }

    /// The text of `model` in `format` (written to a temporary file, read back and deleted).
    ///
    /// - Throws: ``GLPKError`` when the model is invalid or GLPK fails.
    public static func export(_ model: Model, format: ExportFormat) throws -> String {
        let temporary = try ExclusiveTemporary(in: FileManager.default.temporaryDirectory.path, base: "linearmodel",
                                               reportedPath: "the temporary \(format.rawValue.uppercased()) file")
        defer { temporary.discard() }
        try writeFile(model, format: format, to: temporary.handlePath, reportedPath: temporary.path)
        try temporary.finish()
        do {
            return try String(contentsOfFile: temporary.path, encoding: .utf8)
        } catch {
            throw GLPKError("cannot read back exported \(format.rawValue.uppercased()) file '\(temporary.path)': \(error.localizedDescription)")
        }
    }

    /// GLPK's MPS writer prints numbers in at most 12 characters and aborts the
    /// process when it cannot (e.g. `-1.23457E-100`). Nonzero numbers smaller
    /// than 1e-99 in magnitude are therefore refused; returns why, or `nil`.
    static func mpsNumberProblem(_ model: Model) -> String? {
        func tiny(_ v: Double) -> Bool { v != 0 && abs(v) < 1e-99 }
        if tiny(model.objective.constant) { return "objective constant \(model.objective.constant) is too small for the MPS writer (|v| < 1e-99)" }
        for (v, c) in model.objective.terms where tiny(c) {
            return "objective coefficient \(c) of '\(model.variables[v.index].name)' is too small for the MPS writer (|v| < 1e-99)"
        }
        for info in model.variables {
            for b in [info.lower, info.upper].compactMap({ $0 }) where tiny(b) {
                return "bound \(b) of variable '\(info.name)' is too small for the MPS writer (|v| < 1e-99)"
            }
        }
        for constraint in model.constraints {
            for b in constraint.relation.bounds where tiny(b) {
                return "bound \(b) of constraint '\(constraint.name)' is too small for the MPS writer (|v| < 1e-99)"
            }
            if case .range(let lo, let hi) = constraint.relation, tiny(hi - lo) {
                return "range width \(hi - lo) of constraint '\(constraint.name)' is too small for the MPS writer (|v| < 1e-99)"
            }
            for (v, c) in constraint.expression.terms where tiny(c) {
                return "coefficient \(c) of '\(model.variables[v.index].name)' in constraint '\(constraint.name)' is too small for the MPS writer (|v| < 1e-99)"
            }
        }
        return nil
    }

    /// Builds the GLPK problem and writes it to `path` (no temporary file).
    private static func writeFile(_ model: Model, format: ExportFormat, to path: String, reportedPath: String) throws {
        let what = "\(format.rawValue.uppercased()) file '\(reportedPath)'"
        // Validation first: GLPK aborts the process on bad input.
        if let problem = check(model, SolveOptions()) {
            throw GLPKError("cannot write \(what): \(problem)")
        }
        if format == .mps, let problem = mpsNumberProblem(model) {
            throw GLPKError("cannot write \(what): \(problem)")
        }
        // GLPK's messages (including its error text) are captured, never printed.
        let (code, log) = GLPKEnvironment.withEnvironment(captureLog: true) { () -> Int32 in
            let problem = GLPKProblem(model, forExport: true)
            return problem.withPointer { p in
                switch format {
                case .lp: return glp_write_lp(p, nil, path)
                case .mps: return glp_write_mps(p, GLP_MPS_FILE, nil, path)
                }
            }
        }
        guard code == 0 else {
            let detail = log.split(separator: "\n").filter { !$0.hasPrefix("Writing ") }.joined(separator: " ")
            throw GLPKError("GLPK could not write \(what)" + (detail.isEmpty ? "" : ": \(detail)"))
        }
    }
}

extension GLPKSolver {
    /// Size of a problem file as GLPK reads it back (`glp_read_lp` /
    /// `glp_read_mps`): checks that an export is readable. Internal; used by tests.
    static func readBack(_ path: String, format: ExportFormat) throws -> (rows: Int, columns: Int, nonzeros: Int, integers: Int) {
        let (summary, log) = GLPKEnvironment.withEnvironment(captureLog: true) { () -> (Int, Int, Int, Int)? in
            let p = glp_create_prob()!
            defer { glp_delete_prob(p) }
            let code = format == .lp ? glp_read_lp(p, nil, path) : glp_read_mps(p, GLP_MPS_FILE, nil, path)
            guard code == 0 else { return nil }
            return (Int(glp_get_num_rows(p)), Int(glp_get_num_cols(p)), Int(glp_get_num_nz(p)), Int(glp_get_num_int(p)))
        }
        guard let summary else {
            throw GLPKError("GLPK could not read \(format.rawValue.uppercased()) file '\(path)': \(log)")
        }
        return summary
    }
}

/// A temporary file GLPK writes into: a fresh random name, created with O_CREAT|O_EXCL|O_NOFOLLOW
/// so an existing file or symbolic link there is never followed or overwritten; GLPK then
/// writes through `/dev/fd/N`, the very file created, so the name cannot be swapped meanwhile.
private final class ExclusiveTemporary {
    let path: String
    private var fd: Int32

    init(in directory: String, base: String, reportedPath: String) throws {
        let flags = O_CREAT | O_EXCL | O_NOFOLLOW | O_WRONLY | O_CLOEXEC
        for _ in 0..<100 {
            let random = String(format: "%016llx", UInt64.random(in: 0...UInt64.max))
            let candidate = URL(fileURLWithPath: directory).appendingPathComponent(".\(base).\(random).tmp").path
            let fd = open(candidate, flags, 0o644)
            if fd >= 0 { self.path = candidate; self.fd = fd; return }
            if errno != EEXIST && errno != ELOOP { break }
        }
        throw GLPKError("cannot write '\(reportedPath)': cannot create a temporary file in '\(directory)': \(String(cString: strerror(errno)))")
    }

    /// Where GLPK opens the file: the descriptor itself when the system offers /dev/fd.
    var handlePath: String {
        let viaDescriptor = "/dev/fd/\(fd)"
        return FileManager.default.fileExists(atPath: viaDescriptor) ? viaDescriptor : path
    }

    /// Flushes the file to the disk and closes it.
    func finish() throws {
        var code: Int32 = 0
        if fsync(fd) != 0 { code = errno }
        if close(fd) != 0 && code == 0 { code = errno }
        fd = -1
        if code != 0 { throw GLPKError("cannot write '\(path)': \(String(cString: strerror(code)))") }
    }

    /// Closes (if still open) and removes the file.
    func discard() {
        if fd >= 0 { close(fd); fd = -1 }
        unlink(path)
    }
}

extension GLPKSolver {
    /// The optimum of a problem file as GLPK reads it back, solved with GLPK's defaults (simplex,
    /// then branch-and-bound when it has integer columns); `nil` when it cannot be read or solved.
    /// Internal; used by tests to check that an export keeps the objective, constant included.
    static func solveReadBack(_ path: String, format: ExportFormat) -> Double? {
        GLPKEnvironment.withEnvironment(captureLog: true) { () -> Double? in
            let p = glp_create_prob()!
            defer { glp_delete_prob(p) }
            let code = format == .lp ? glp_read_lp(p, nil, path) : glp_read_mps(p, GLP_MPS_FILE, nil, path)
            guard code == 0 else { return nil }
            var smcp = glp_smcp()
            glp_init_smcp(&smcp)
            smcp.msg_lev = GLP_MSG_OFF
            guard glp_simplex(p, &smcp) == 0, glp_get_status(p) == GLP_OPT else { return nil }
            guard glp_get_num_int(p) > 0 else { return glp_get_obj_val(p) }
            var iocp = glp_iocp()
            glp_init_iocp(&iocp)
            iocp.msg_lev = GLP_MSG_OFF
            guard glp_intopt(p, &iocp) == 0, glp_mip_status(p) == GLP_OPT else { return nil }
            return glp_mip_obj_val(p)
        }.0
    }
}
