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
    public init(_ problems: [InputProblem]) { self.problems = problems }
    public init(file: String, line: Int? = nil, field: String = "", _ message: String) {
        problems = [InputProblem(file: file, line: line, field: field, message: message)]
    }
    public var description: String {
        let head = problems.count == 1 ? "" : "\(problems.count) problems:\n"
        return head + problems.map { $0.description }.joined(separator: "\n")
    }
}
