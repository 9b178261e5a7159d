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

/// Fixed-decimal formatting that does not depend on the locale.
public func fixed(_ x: Double, _ decimals: Int) -> String {
    var scale = 1.0
    for _ in 0..<decimals { scale *= 10 }
    let v = (x * scale).rounded() / scale
    let negative = v < 0
    let a = abs(v)
    let whole = Int(a.rounded(.down))
    var frac = Int(((a - Double(whole)) * scale).rounded())
    var w = whole
    if Double(frac) >= scale { w += 1; frac = 0 }
    var s = (negative && (w != 0 || frac != 0) ? "-" : "") + String(w)
    if decimals > 0 {
        let f = String(frac)
        s += "." + String(repeating: "0", count: decimals - f.count) + f
    }
    return s
}
