/// Row, column and problem names that GLPK accepts and writes back unchanged.
///
/// GLPK aborts on names longer than 255 bytes, and `glp_write_lp` silently
/// rewrites names that are not valid CPLEX LP names (`[` becomes `(`, `-`
/// becomes `~`, anything else invalid becomes `x_j` / `r_i`). To get files that
/// name things predictably we hand GLPK names that need no rewriting:
///
/// - allowed characters: ASCII letters, digits and `_ . [ ] ( ) ,`;
///   every other Unicode scalar becomes `_`;
/// - the first character is not a digit or `.` (such names get a `_` prefix);
/// - LP keywords (`st`, `bounds`, `free`, `inf`, …) get a `_` suffix;
/// - at most 255 bytes;
/// - unique within a table (rows and columns are separate tables). Uniqueness
///   is checked on the form GLPK writes to LP files (`[` `]` as `(` `)`), and
///   collisions get `_2`, `_3`, … appended (truncating the base if needed).
enum GLPKNames {
    /// GLPK's limit on name length, in bytes.
    static let maximumBytes = 255

    /// Characters kept as they are besides ASCII letters and digits.
    private static let extraAllowed: Set<Unicode.Scalar> = ["_", ".", "[", "]", "(", ")", ","]

    /// Words that the CPLEX LP reader treats as keywords.
    private static let keywords: Set<String> = [
        "st", "s.t.", "st.", "subject", "such", "minimize", "minimise", "minimum", "min",
        "maximize", "maximise", "maximum", "max", "bound", "bounds", "free", "inf", "infinity",
        "general", "generals", "gen", "integer", "integers", "int", "binary", "binaries", "bin",
        "end", "sos",
    ]

    /// `raw` reduced to safe characters and at most ``maximumBytes`` bytes
    /// (not yet unique). An empty name becomes `fallback`.
    static func sanitize(_ raw: String, fallback: String) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in raw.unicodeScalars {
            let ok = scalar.isASCII
                && (("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
                    || ("0"..."9").contains(scalar) || extraAllowed.contains(scalar))
            scalars.append(ok ? scalar : "_")
        }
        var name = String(scalars)
        if name.isEmpty { name = fallback }
        if let first = name.unicodeScalars.first, first == "." || ("0"..."9").contains(first) {
            name = "_" + name
        }
        if keywords.contains(name.lowercased()) { name += "_" }
        return truncated(name, to: maximumBytes)
    }

    /// The first `bytes` bytes of an ASCII string.
    static func truncated(_ name: String, to bytes: Int) -> String {
        name.utf8.count <= bytes ? name : String(decoding: name.utf8.prefix(bytes), as: UTF8.self)
    }

    /// The name as `glp_write_lp` would print it.
    static func lpForm(_ name: String) -> String {
        guard name.contains(where: { $0 == "[" || $0 == "]" }) else { return name }
        return String(name.map { $0 == "[" ? "(" : ($0 == "]" ? ")" : $0) })
    }
}

/// Hands out sanitised names that are unique within one namespace.
struct GLPKNameTable {
    private var used: Set<String> = []
    private var nextSuffix: [String: Int] = [:]

    /// A table in which `reserved` names (compared in LP form) are already taken.
    init(reserved: [String] = []) {
        for name in reserved { used.insert(GLPKNames.lpForm(name)) }
    }

    /// A safe, unique name for `raw` (see ``GLPKNames``).
    mutating func name(for raw: String, fallback: String) -> String {
        let base = GLPKNames.sanitize(raw, fallback: fallback)
        if used.insert(GLPKNames.lpForm(base)).inserted { return base }
        let baseKey = GLPKNames.lpForm(base)
        var k = nextSuffix[baseKey] ?? 2
        while true {
            let suffix = "_\(k)"
            let candidate = GLPKNames.truncated(base, to: GLPKNames.maximumBytes - suffix.utf8.count) + suffix
            k += 1
            if used.insert(GLPKNames.lpForm(candidate)).inserted {
                nextSuffix[baseKey] = k
                return candidate
            }
        }
    }
}
