/// Left-aligned plain-text columns, padded to the widest cell.
public struct TextTable {
    public var rows: [[String]] = []
    public var rightAligned: Set<Int> = []
    public init() {}

    public mutating func add(_ row: [String]) { rows.append(row) }

    /// The rows as aligned lines; control characters in cells are escaped (`TerminalText`).
    public func render(indent: String = "") -> String {
        let rows = self.rows.map { $0.map { TerminalText.escaped($0, keepingNewlines: false) } }
        let columns = rows.map(\.count).max() ?? 0
        var widths = Array(repeating: 0, count: columns)
        for row in rows { for (i, c) in row.enumerated() { widths[i] = max(widths[i], c.count) } }
        return rows.map { row in
            var line = indent
            for (i, c) in row.enumerated() {
                let pad = String(repeating: " ", count: widths[i] - c.count)
                line += rightAligned.contains(i) ? pad + c : c + (i == row.count - 1 ? "" : pad)
                if i < row.count - 1 { line += "  " }
            }
            while line.hasSuffix(" ") { line.removeLast() }
            return line
        }.joined(separator: "\n")
    }
}
