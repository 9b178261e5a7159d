import Foundation

/// Minimal RFC 4180 reader: quoted fields, doubled quotes, CRLF or LF, with line numbers.
public enum CSV {
    package struct Row { package var line: Int; package var fields: [String] }

    package static func rows(_ text: String) -> [Row] {
        var rows: [Row] = []
        var fields: [String] = []
        var field = ""
        var inQuotes = false
        var line = 1, rowLine = 1
        var chars = Array(text.unicodeScalars)[...]
        var atFieldStart = true
        while let c = chars.popFirst() {
            if inQuotes {
                if c == "\"" {
                    if chars.first == "\"" { field.unicodeScalars.append("\""); chars.removeFirst() } else { inQuotes = false }
                } else {
                    if c == "\n" { line += 1 }
                    field.unicodeScalars.append(c)
                }
                continue
            }
            switch c {
            case "\"" where atFieldStart: inQuotes = true; atFieldStart = false
            case ",": fields.append(field); field = ""; atFieldStart = true
            case "\r": break
            case "\n":
                fields.append(field); rows.append(Row(line: rowLine, fields: fields))
                fields = []; field = ""; line += 1; rowLine = line; atFieldStart = true
            default: field.unicodeScalars.append(c); atFieldStart = false
            }
        }
        if !field.isEmpty || !fields.isEmpty { fields.append(field); rows.append(Row(line: rowLine, fields: fields)) }
        return rows
    }

    /// Quotes a field when it holds a comma, quote or line break.
    public static func escape(_ s: String) -> String {
        if s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
            return quoted(s)
        }
        return s
    }

    private static func quoted(_ s: String) -> String { "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }

    /// A row of a CSV meant for a spreadsheet: every cell through `spreadsheetCell`.
    public static func spreadsheetRow(_ cells: [String]) -> String { cells.map(spreadsheetCell).joined(separator: ",") }

    /// A cell of a CSV meant for a spreadsheet, safe from formula injection (OWASP's CSV-injection
    /// guidance): a cell that begins with `=`, `+`, `-`, `@`, a tab or a carriage return is
    /// prefixed with a single quote and quoted, so Excel, LibreOffice and Google Sheets show it as
    /// text and never evaluate it. A plain number (`-3.5`, digits with an optional leading minus
    /// and decimal point) is a number, not a formula, and stays as it is. A cell that begins with
    /// a single quote gets one more, so `spreadsheetValue` gives back every cell exactly.
    public static func spreadsheetCell(_ s: String) -> String {
        guard let first = s.unicodeScalars.first else { return s }
        let triggers: Set<Unicode.Scalar> = ["=", "+", "-", "@", "\t", "\r", "'"]
        if triggers.contains(first) && !isPlainNumber(s) { return quoted("'" + s) }
        return escape(s)
    }

    /// The original value of a cell written by `spreadsheetCell` (after CSV unquoting).
    public static func spreadsheetValue(_ s: String) -> String {
        s.hasPrefix("'") ? String(s.dropFirst()) : s
    }

    /// `-12`, `3.25`, `-0.5`: digits, an optional leading minus, an optional decimal part.
    static func isPlainNumber(_ s: String) -> Bool {
        var digits = Substring(s)
        if digits.first == "-" { digits = digits.dropFirst() }
        let parts = digits.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        return parts.allSatisfy { !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } }
    }
}
