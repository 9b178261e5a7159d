/// One thing wrong with an input file: where (file, line, field) and what.
public struct InputProblem: Sendable, Hashable, CustomStringConvertible {
    public var file: String
    public var line: Int?
    public var field: String
    public var message: String
    public init(file: String, line: Int?, field: String, message: String) {
        self.file = file; self.line = line; self.field = field; self.message = message
    }
    public var description: String {
        "\(file)\(line.map { ":\($0)" } ?? ""): \(field.isEmpty ? "" : "\(field): ")\(message)"
    }
}

/// Every problem found in an input, reported together so a user can fix them in one pass.
public struct InputError: Error, Sendable, CustomStringConvertible {
    public var problems: [InputProblem]
    /// How many problems were found, listed or not.
    public var total: Int
    /// The most problems listed; past them, one line says how many more there are (a 10 MB file of
    /// unknown fields would otherwise give some hundred megabytes of messages).
    public static let listed = 100

    /// `problems`, and `unlisted` more found but not kept.
    public init(_ problems: [InputProblem], unlisted: Int = 0) {
        self.problems = Array(problems.prefix(Self.listed))
        let more = problems.count - self.problems.count + unlisted
        total = problems.count + unlisted
        if more > 0, let first = problems.first {
            self.problems.append(InputProblem(file: first.file, line: nil, field: "",
                                              message: "and \(more) more problem(s), not listed: fix the first \(Self.listed) and check again"))
        }
    }
    public init(file: String, line: Int? = nil, field: String = "", _ message: String) {
        problems = [InputProblem(file: file, line: line, field: field, message: message)]
        total = 1
    }
    public var description: String {
        let head = problems.count == 1 ? "" : "\(total) problems:\n"
        return head + problems.map { $0.description }.joined(separator: "\n")
    }
}
