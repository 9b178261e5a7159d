import Foundation
import HubspokeSupport

/// One row of a rota file written by `hubspoke rota` (CSV or JSON), perhaps edited in a spreadsheet,
/// as text by column name, before any check against a scenario. `check` reads a rota's dates this way
/// (`RotaFile`), and `--previous` its weeks and days (`PreviousRota`): one reader serves both, so
/// the two agree on what a rota file is.
package struct RotaRecord: Sendable {
    /// The CSV line (nil for JSON), and the JSON field path (empty for CSV), for messages.
    package var line: Int?
    package var field: String
    /// Cell text by lower-case column name (`week`, `date`, `day`, `half`, `post`, `role`, `site`, `note`),
    /// trimmed, with a spreadsheet's leading apostrophe removed. A JSON file's protected time has its
    /// commitment as `note` and its `kind`.
    package var values: [String: String]
    /// Protected time (a CSV row with a post and a note; an entry of the JSON's `protected`).
    package var isProtected: Bool

    package func value(_ column: String) -> String { values[column] ?? "" }
}

extension RotaRecord {
    /// Reads the rows of `data` (already checked as text: `text`), a CSV unless it starts with `{`.
    /// Closed days (rows without a post or half, the closure as the note) and blank rows are skipped.
    /// A CSV must have the `required` columns; `hint` says what file was expected when it has not.
    package static func read(_ data: Data, text: String, path: String, required: [String], hint: String) throws(InputError) -> [RotaRecord] {
        text.drop(while: { $0.isWhitespace }).first == "{"
            ? try json(data, path: path) : try csv(text, path: path, required: required, hint: hint)
    }

    private static func csv(_ text: String, path: String, required: [String], hint: String) throws(InputError) -> [RotaRecord] {
        let csv = CSV.rows(text)
        guard let header = csv.first else { throw InputError(file: path, line: 1, "the file is empty") }
        let names = header.fields.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        let missing = required.filter { !names.contains($0) }
        if !missing.isEmpty {
            throw InputError(file: path, line: header.line, field: missing.joined(separator: ","), "missing column(s): \(hint)")
        }
        return csv.dropFirst().filter { row in
            !row.fields.allSatisfy { $0.trimmingCharacters(in: .whitespaces).isEmpty } && !CSV.isClosedDay(row.fields, names)
        }.map { row in
            var values: [String: String] = [:]
            for (i, name) in names.enumerated() where i < row.fields.count && values[name] == nil {
                values[name] = CSV.spreadsheetValue(row.fields[i].trimmingCharacters(in: .whitespaces))
            }
            return RotaRecord(line: row.line, field: "", values: values, isProtected: CSV.isProtected(row.fields, names))
        }
    }

    private static func json(_ data: Data, path: String) throws(InputError) -> [RotaRecord] {
        struct File: Decodable { var assignments: [Entry]; var protected: [Entry]? }
        struct Entry: Decodable {
            var week: Int?; var date: String?; var day: String?; var half: String; var post: String; var role: String?; var site: String
            var commitment: String?; var kind: String?
        }
        func record(_ e: Entry, _ field: String) -> RotaRecord {
            var values = ["half": e.half, "post": e.post, "site": e.site]
            values["week"] = e.week.map(String.init); values["date"] = e.date; values["day"] = e.day; values["role"] = e.role
            values["note"] = e.commitment; values["kind"] = e.kind
            return RotaRecord(line: nil, field: field, values: values, isProtected: e.commitment != nil)
        }
        do {
            let file = try JSONDecoder().decode(File.self, from: data)
            return file.assignments.enumerated().map { record($1, "assignments[\($0)]") }
                + (file.protected ?? []).enumerated().map { record($1, "protected[\($0)]") }
        } catch {
            throw InputFile.jsonProblem(error, file: path, expected: "a rota JSON file written by hubspoke rota")
        }
    }
}
