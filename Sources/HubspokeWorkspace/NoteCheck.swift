import Foundation
import GRDB

/// Free text kept in the workspace (request notes, absence reasons): short, and never anything that
/// identifies a child. A note that looks like a person's name, a date of birth or an NHS number is refused:
/// - any 10 digits, with or without spaces, dots, slashes or hyphens between them (an NHS number);
/// - a date in figures (`12/03/2015`, `2015-03-12`), in words either way round (`12 March 2015`,
///   `March 12, 2015`), or the words "DOB" or "born";
/// - a common UK given name (`NoteWords.givenNames`, any case, a whole word or part of a hyphenated one),
///   a title before a capitalised word (`Mrs Jones`), a surname with an initial (`Smith, J.`, `J. Smith`),
///   an `O'…` or `Mc…` surname, "… family" after a capitalised word, or two capitalised words together.
/// Place, school and service words (`NoteWords.placeWords`, and the words of the workspace's site names
/// given as `places`) never count as names, so "Canterbury Academy group" is a note, not a name.
public enum NoteCheck {
    public static let maxLength = 200

    /// Why the note is refused, or nil. `places`: names whose words are not people's names (the sites').
    public static func problem(_ note: String, places: [String] = []) -> String? {
        if note.count > maxLength { return "the note is \(note.count) characters long; keep it under \(maxLength)" }
        if note.range(of: "[0-9](?:[ ./-]?[0-9]){9}", options: .regularExpression) != nil {
            return "the note holds a 10-digit number, which looks like an NHS number: leave out anything that identifies a child"
        }
        if datePatterns.contains(where: { note.range(of: $0, options: .regularExpression) != nil }) {
            return "the note holds a date, which may be a date of birth: leave out anything that identifies a child"
        }
        if looksLikeAName(note, places: places) {
            return "the note holds what looks like a person's name: do not enter names"
        }
        return nil
    }

    static let month = "(jan(uary)?|feb(ruary)?|mar(ch)?|apr(il)?|may|june?|july?|aug(ust)?|sep(t(ember)?)?|oct(ober)?|nov(ember)?|dec(ember)?)"
    static let datePatterns = [
        "[0-9]{1,2}[/.-][0-9]{1,2}[/.-][0-9]{2,4}", "[0-9]{4}[/.-][0-9]{1,2}[/.-][0-9]{1,2}",
        "(?i)\\b[0-9]{1,2}(st|nd|rd|th)?( of)?[ ]+\(month)\\.?,?[ ]+[0-9]{2,4}\\b",
        "(?i)\\b\(month)\\.?[ ]+[0-9]{1,2}(st|nd|rd|th)?,?[ ]+[0-9]{2,4}\\b",
        "(?i)\\b(dob|d\\.o\\.b|born)\\b",
    ]

    /// The name shapes of the note, with place and service words taken out first.
    static func looksLikeAName(_ note: String, places: [String]) -> Bool {
        let notNames = NoteWords.placeWords.union(places.flatMap(words).map { $0.lowercased() })
        let kept = words(note).filter { !notNames.contains($0.lowercased()) }
        if kept.contains(where: { w in w.split(separator: "-").contains { NoteWords.givenNames.contains($0.lowercased()) } }) { return true }
        // The shapes, on the note with the place words blanked out (so they neither make nor join a pair).
        let blanked = words(note).reduce(into: note) { text, w in
            if notNames.contains(w.lowercased()) { text = text.replacingOccurrences(of: "\\b\(NSRegularExpression.escapedPattern(for: w))\\b", with: " ~ ", options: .regularExpression) }
        }
        if nameShapes.contains(where: { blanked.range(of: $0, options: .regularExpression) != nil }) { return true }
        // "Jones family" (on the note itself, as "family" is a service word): the word before it not a place or service word.
        return note.matches(of: /\b([A-Z][a-z'’]+) [Ff]amily\b/).contains { !notNames.contains($0.1.lowercased()) }
    }

    static let nameShapes = [
        "\\b(Mr|Mrs|Ms|Miss|Mx|Master|Dr)\\.? [A-Z]",
        "\\b[A-Z][a-z'’]+, ?(?!I\\b)[A-Z]\\b\\.?",
        "\\b[A-Z]\\. ?[A-Z][a-z]+",
        "(?i)\\bo['’](?!clock\\b)[a-z]{2,}", "\\bMa?c[A-Z][a-z]+",
        "\\b[A-Z][a-z'’]+[ ]+[A-Z][a-z'’]+",
    ]

    /// The words of a text: letters, apostrophes and hyphens.
    static func words(_ text: String) -> [String] {
        text.split(whereSeparator: { !($0.isLetter || $0 == "'" || $0 == "’" || $0 == "-") }).map { String($0).trimmingCharacters(in: CharacterSet(charactersIn: "'’-")) }
            .filter { !$0.isEmpty }
    }
}

extension Workspace {
    /// The names and towns of the workspace's sites, whose words are never taken for people's names in a note.
    public func placeNames() throws(WorkspaceError) -> [String] {
        try read { db in try String.fetchAll(db, sql: "SELECT name || ' ' || coalesce(town, '') FROM sites ORDER BY position") }
    }
}
