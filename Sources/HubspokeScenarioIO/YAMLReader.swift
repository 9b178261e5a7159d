import Yams
import HubspokeSupport
import HubspokeModel

/// A YAML node with the path that led to it, for messages like
/// `kent-medway.yaml:42: posts[3].role: unknown role "EPX"`.
package struct YAMLValue {
    let node: Node
    package let path: String
    package var line: Int? { node.mark?.line }
}

/// Walks a composed YAML document, collecting every problem instead of stopping at the first.
package struct YAMLReader {
    package let file: String
    package var problems: [InputProblem] = []
    /// Problems found past the `InputError.listed` kept.
    package var unlisted = 0
    /// The line of each field path read ("posts[3].role", "posts[3]"), for messages found later.
    package var lines: [String: Int] = [:]

    init(file: String) { self.file = file }

    /// A problem with `value`, at the line of its key when it has one (a block list starts on the
    /// line below its key), else at the value's own line.
    package mutating func problem(_ value: YAMLValue?, field: String? = nil, _ message: String, line: Int? = nil) {
        guard problems.count < InputError.listed else { unlisted += 1; return }
        let at = line ?? value.flatMap { lines[$0.path] ?? $0.line }
        problems.append(InputProblem(file: file, line: at, field: field ?? value?.path ?? "", message: message))
    }

    static func compose(_ text: String, file: String) throws(InputError) -> YAMLValue {
        do {
            guard let node = try Yams.compose(yaml: text) else {
                throw InputError(file: file, line: 1, "the file is empty")
            }
            return YAMLValue(node: node, path: "")
        } catch let error as InputError {
            throw error
        } catch let error as YamlError {
            switch error {
            case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _), .composer(_, let problem, let mark, _):
                throw InputError(file: file, line: mark.line, "YAML syntax error at column \(mark.column): \(problem)")
            case .reader(let problem, let offset, _, _):
                let line = 1 + text.utf8.prefix(offset ?? 0).reduce(0) { $1 == UInt8(ascii: "\n") ? $0 + 1 : $0 }
                throw InputError(file: file, line: line, "cannot read the YAML text: \(problem)")
            case .duplicatedKeysInMapping(let duplicates, let context):
                // Yams names the key's first line only (and would print the whole file as context).
                let key = duplicates.first ?? ""
                let first = context.mark.line
                guard let again = repeatLine(of: key, after: context.mark, in: text) else {
                    throw InputError(file: file, line: first, field: key, "field given twice in the same mapping")
                }
                let field = keyPath(at: context.mark, in: text, without: again) ?? key
                throw InputError(file: file, line: again, field: field, "field given twice (first at line \(first))")
            default:
                throw InputError(file: file, line: 1, "YAML error: \(firstLine(of: error))")
            }
        } catch {
            throw InputError(file: file, line: 1, "YAML error: \(firstLine(of: error))")
        }
    }

    /// The path (`posts[3].role`) of the key at `mark`, found by composing the text again without
    /// line `without` (the key given again); nil when that text does not compose either.
    static func keyPath(at mark: Mark, in text: String, without line: Int) -> String? {
        guard line != mark.line else { return nil }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard line >= 1, line <= lines.count else { return nil }
        lines[line - 1] = ""
        guard let root = try? Yams.compose(yaml: lines.joined(separator: "\n")) else { return nil }
        var budget = 1_000_000   // nodes visited at most: aliases can make a small tree very wide
        func find(_ node: Node, _ path: String) -> String? {
            budget -= 1
            guard budget > 0 else { return nil }
            switch node {
            case .mapping(let m):
                for (k, v) in m {
                    let p = path.isEmpty ? (k.string ?? "") : "\(path).\(k.string ?? "")"
                    if k.mark?.line == mark.line && k.mark?.column == mark.column { return p }
                    if let found = find(v, p) { return found }
                }
            case .sequence(let s):
                for (i, v) in s.enumerated() { if let found = find(v, "\(path)[\(i)]") { return found } }
            default: break
            }
            return nil
        }
        return find(root, "")
    }

    static func firstLine(of error: any Error) -> String {
        String(describing: error).split(separator: "\n").first.map(String.init) ?? "unknown error"
    }

    /// The line on which `key`, first given at `mark`, is given again: in block style, a key at the
    /// same column after only indentation (or `- `); in flow style, a key after a `{` or `,`; nil
    /// when it cannot be found.
    static func repeatLine(of key: String, after mark: Mark, in text: String) -> Int? {
        let wanted = Array(key)
        guard !wanted.isEmpty, mark.line >= 1 else { return nil }
        var flow: Bool?
        for (n, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated().dropFirst(mark.line - 1) {
            let chars = Array(line), number = n + 1
            let isFlow = flow ?? chars.prefix(max(0, mark.column - 1)).contains("{")
            flow = isFlow
            var i = number == mark.line ? mark.column - 1 + wanted.count : 0
            while i + wanted.count <= chars.count {
                defer { i += 1 }
                guard chars[i] == wanted[0], Array(chars[i..<(i + wanted.count)]) == wanted else { continue }
                let before: Character = i == 0 ? " " : chars[i - 1]
                let quoted = before == "\"" || before == "'"
                guard quoted || before == " " || before == "{" || before == "," || before == "\t" else { continue }
                var j = i + wanted.count
                if quoted, j < chars.count, chars[j] == before { j += 1 }
                while j < chars.count, chars[j] == " " { j += 1 }
                guard j < chars.count, chars[j] == ":" else { continue }
                let start = quoted ? i - 1 : i
                if isFlow ? (number == mark.line || chars[..<start].contains("{"))
                          : (start == mark.column - 1 && chars[..<start].allSatisfy { $0 == " " || $0 == "-" }) { return number }
            }
        }
        return nil
    }

    /// The entries of a mapping, checking for unknown and duplicate keys.
    package mutating func mapping(_ value: YAMLValue, allowed: [String]) -> [String: YAMLValue]? {
        guard case .mapping(let m) = value.node else {
            problem(value, "expected a mapping of fields (key: value)")
            return nil
        }
        var out: [String: YAMLValue] = [:]
        let known = Set(allowed)
        for (k, v) in m {
            guard case .scalar(let s) = k else { problem(YAMLValue(node: k, path: value.path), "keys must be plain text"); continue }
            let key = s.string
            let path = value.path.isEmpty ? key : "\(value.path).\(key)"
            if !known.contains(key) {
                problem(YAMLValue(node: k, path: path), "unknown field \"\(key)\" (expected one of: \(allowed.joined(separator: ", ")))")
                continue
            }
            if out[key] != nil {
                problem(YAMLValue(node: k, path: path), "field given twice")
                continue
            }
            out[key] = YAMLValue(node: v, path: path)
            if let line = k.mark?.line { lines[path] = line }
        }
        return out
    }

    /// The fields of the mapping `fields[key]`, when it is given (a sub-section such as `sickness:`).
    package mutating func mapping(_ fields: [String: YAMLValue], _ key: String, allowed: [String]) -> [String: YAMLValue]? {
        fields[key].flatMap { mapping($0, allowed: allowed) }
    }

    /// Where `value` was read, kept with what was read from it for messages found later.
    package func source(of value: YAMLValue) -> SourceRef { SourceRef(file: file, line: value.line, field: value.path) }

    /// The entries of a mapping keyed by ids (`{PRU-DART: 0.6}`), in file order, each with the key's
    /// own node (for messages about the key) and its value; keys given twice are reported and skipped.
    package mutating func idEntries(_ value: YAMLValue, notMapping: String = "expected a mapping (id: value)",
                            keys: String = "keys must be plain text") -> [(key: String, keyValue: YAMLValue, value: YAMLValue)] {
        guard case .mapping(let m) = value.node else { problem(value, notMapping); return [] }
        var out: [(key: String, keyValue: YAMLValue, value: YAMLValue)] = []
        var seen = Set<String>()
        for (k, x) in m {
            guard case .scalar(let s) = k else { problem(value, keys); continue }
            let path = "\(value.path).\(s.string)"
            if !seen.insert(s.string).inserted { problem(YAMLValue(node: k, path: path), "given twice"); continue }
            out.append((s.string, YAMLValue(node: k, path: path), YAMLValue(node: x, path: path)))
        }
        return out
    }

    package mutating func require(_ fields: [String: YAMLValue], _ key: String, in parent: YAMLValue) -> YAMLValue? {
        if let v = fields[key] { return v }
        let path = parent.path.isEmpty ? key : "\(parent.path).\(key)"
        problem(parent, field: path, "missing required field")
        return nil
    }

    /// A required field that must be an id.
    package mutating func requiredIdentifier(_ fields: [String: YAMLValue], _ key: String, in parent: YAMLValue) -> String? {
        require(fields, key, in: parent).flatMap { identifier($0) }
    }

    /// The items of a list; more than `limit` is one problem, and none is read.
    package mutating func list(_ value: YAMLValue, limit: Int? = nil) -> [YAMLValue]? {
        switch value.node {
        case .sequence(let s):
            if let limit, s.count > limit {
                problem(value, "\(s.count) entries: at most \(limit) are read")
                return nil
            }
            let items = s.enumerated().map { YAMLValue(node: $1, path: "\(value.path)[\($0)]") }
            for item in items { if let line = item.line { lines[item.path] = line } }
            return items
        case .scalar(let s) where s.string.isEmpty || s.string == "~" || s.string == "null":
            return []
        default:
            problem(value, "expected a list")
            return nil
        }
    }

    package func isNull(_ value: YAMLValue) -> Bool {
        if case .scalar(let s) = value.node, s.style == .plain, ["", "~", "null", "Null", "NULL"].contains(s.string) { return true }
        return false
    }

    package mutating func string(_ value: YAMLValue) -> String? {
        guard case .scalar(let s) = value.node else { problem(value, "expected a text value"); return nil }
        return s.string
    }

    package mutating func identifier(_ value: YAMLValue) -> String? {
        guard let s = string(value) else { return nil }
        if s.isEmpty || s.count > 64 || !s.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == ".") }) {
            problem(value, "\"\(s)\" is not a valid id (1 to 64 letters, digits, '-', '_' or '.')")
            return nil
        }
        return s
    }

    package mutating func int(_ value: YAMLValue, _ range: ClosedRange<Int>) -> Int? {
        guard let s = string(value) else { return nil }
        guard let n = Int(s.replacingOccurrences(of: "_", with: "")) else { problem(value, "expected a whole number, found \"\(s)\""); return nil }
        guard range.contains(n) else { problem(value, "\(n) is out of range (\(range.lowerBound) to \(range.upperBound))"); return nil }
        return n
    }

    package mutating func double(_ value: YAMLValue, _ range: ClosedRange<Double>) -> Double? {
        guard let s = string(value) else { return nil }
        guard let x = Double(s), x.isFinite else { problem(value, "expected a number, found \"\(s)\""); return nil }
        guard range.contains(x) else { problem(value, "\(s) is out of range (\(range.lowerBound) to \(range.upperBound))"); return nil }
        return x
    }

    /// Reads `fields[key]`, when given, into `target` if it is a number in `range`; a bad value is a
    /// problem and leaves `target` as it was (its default).
    package mutating func assign(_ target: inout Double, _ fields: [String: YAMLValue], _ key: String, _ range: ClosedRange<Double>) {
        if let v = fields[key], let x = double(v, range) { target = x }
    }

    /// Reads `fields[key]`, when given, into `target` if it is a whole number in `range`.
    package mutating func assign(_ target: inout Int, _ fields: [String: YAMLValue], _ key: String, _ range: ClosedRange<Int>) {
        if let v = fields[key], let n = int(v, range) { target = n }
    }

    package mutating func bool(_ value: YAMLValue) -> Bool? {
        guard let s = string(value) else { return nil }
        switch s.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default: problem(value, "expected true or false, found \"\(s)\""); return nil
        }
    }

    package mutating func date(_ value: YAMLValue) -> CalendarDate? {
        guard let s = string(value) else { return nil }
        guard let d = CalendarDate(iso: s) else { problem(value, "\"\(s)\" is not a date (YYYY-MM-DD)"); return nil }
        return d
    }

    package mutating func enumValue<E: RawRepresentable & CaseIterable>(_ value: YAMLValue, _: E.Type) -> E? where E.RawValue == String {
        guard let s = string(value) else { return nil }
        guard let e = E(rawValue: s.lowercased()) else {
            problem(value, "\"\(s)\" is not one of: \(E.allCases.map { $0.rawValue }.joined(separator: ", "))")
            return nil
        }
        return e
    }
}
