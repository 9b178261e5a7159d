import Foundation
import HubspokeSupport

/// One bank holiday of England and Wales.
public struct BankHoliday: Sendable, Hashable, Comparable {
    public var date: CalendarDate
    public var title: String
    /// The feed's note, e.g. "Substitute day"; empty when none.
    public var notes: String

    public init(date: CalendarDate, title: String, notes: String = "") {
        self.date = date; self.title = title; self.notes = notes
    }
    public static func < (a: BankHoliday, b: BankHoliday) -> Bool { (a.date, a.title) < (b.date, b.title) }

    /// "Christmas Day (substitute day)": the title, with the note when there is one.
    public var label: String { notes.isEmpty ? title : "\(title) (\(notes.lowercased()))" }
}

/// The bank holidays of England and Wales, read from (and written as) the public UK government feed,
/// `bank-holidays.json`: an object keyed by division, each `{"division": ..., "events": [{"title",
/// "date", "notes", "bunting"}]}`. Only the `england-and-wales` division is used; the others are
/// read, checked and left out.
public struct BankHolidays: Sendable, Equatable {
    public static let division = "england-and-wales"
    /// Sorted by date; one entry per date.
    public private(set) var holidays: [BankHoliday]
    private var byDay: [Int: Int]

    public init(_ holidays: [BankHoliday]) {
        let sorted = holidays.sorted()
        var kept: [BankHoliday] = []
        for h in sorted where kept.last?.date != h.date { kept.append(h) }
        self.holidays = kept
        byDay = Dictionary(uniqueKeysWithValues: kept.enumerated().map { ($1.date.dayNumber, $0) })
    }

    /// The holiday on `date`, if it is one.
    public func holiday(on date: CalendarDate) -> BankHoliday? { byDay[date.dayNumber].map { holidays[$0] } }

    /// The first and last years the list covers.
    public var years: ClosedRange<Int>? {
        guard let first = holidays.first, let last = holidays.last else { return nil }
        return first.date.year...last.date.year
    }

    /// The holidays shipped with hubspoke (`Scenarios/calendar/bank-holidays.json`): 2025 to 2030.
    public static let shipped: BankHolidays = {
        do { return try BankHolidays(feed: Data(EmbeddedCalendar.bankHolidaysJSON.utf8), file: "<embedded bank-holidays.json>") }
        catch { preconditionFailure("the embedded bank-holiday feed does not read: \(error)") }
    }()

    /// This list with `newer` laid over it: every year the newer feed covers is replaced by its events
    /// (so a holiday moved or cancelled by the government goes), other years stay.
    public func updated(with newer: BankHolidays) -> BankHolidays {
        guard let span = newer.years else { return self }
        return BankHolidays(holidays.filter { !span.contains($0.date.year) } + newer.holidays)
    }
}

extension BankHolidays {
    private struct Feed: Codable {
        var division: String
        var events: [Event]
    }
    private struct Event: Codable {
        var title: String
        var date: String
        var notes: String?
        var bunting: Bool?
    }

    /// Reads the government feed's JSON; every problem is named with the file, the event's index and field.
    public init(feed data: Data, file: String) throws(InputError) {
        let divisions: [String: Feed]
        do { divisions = try JSONDecoder().decode([String: Feed].self, from: data) }
        catch let error as DecodingError { throw InputError(file: file, line: nil, field: Self.path(of: error), Self.reason(error)) }
        catch { throw InputError(file: file, "not a bank-holiday feed: \(error.localizedDescription)") }
        guard let feed = divisions[Self.division] else {
            let found = divisions.keys.sorted().joined(separator: ", ")
            throw InputError(file: file, field: Self.division, "no \(Self.division) division in the feed (found: \(found.isEmpty ? "none" : found))")
        }
        var problems: [InputProblem] = []
        var list: [BankHoliday] = []
        for (i, event) in feed.events.enumerated() {
            let field = "\(Self.division).events[\(i)]"
            let title = event.title.trimmingCharacters(in: .whitespaces)
            guard let date = CalendarDate(iso: event.date) else {
                problems.append(InputProblem(file: file, line: nil, field: field + ".date", message: "not a YYYY-MM-DD date: \"\(TerminalText.escaped(event.date))\""))
                continue
            }
            guard !title.isEmpty, title.count <= 100, !title.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
                problems.append(InputProblem(file: file, line: nil, field: field + ".title", message: "a title of 1 to 100 printable characters is needed"))
                continue
            }
            if let same = list.first(where: { $0.date == date }) {
                problems.append(InputProblem(file: file, line: nil, field: field + ".date", message: "\(date) is listed twice (also \"\(same.title)\")"))
                continue
            }
            list.append(BankHoliday(date: date, title: title, notes: event.notes ?? ""))
        }
        if list.isEmpty, problems.isEmpty { problems.append(InputProblem(file: file, line: nil, field: Self.division + ".events", message: "the feed lists no events")) }
        guard problems.isEmpty else { throw InputError(problems) }
        self.init(list)
    }

    /// The list as the government feed's JSON (one division), sorted by date: what `calendar import` stores.
    public func feedJSON() -> Data {
        let events = holidays.map { Event(title: $0.title, date: $0.date.iso, notes: $0.notes, bunting: nil) }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // Encoding plain strings cannot fail; an empty object is the honest fallback.
        return (try? encoder.encode([Self.division: Feed(division: Self.division, events: events)])) ?? Data("{}".utf8)
    }

    private static func path(of error: DecodingError) -> String {
        let context: DecodingError.Context
        switch error {
        case .typeMismatch(_, let c), .valueNotFound(_, let c), .keyNotFound(_, let c), .dataCorrupted(let c): context = c
        @unknown default: return ""
        }
        var path = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
        if case .keyNotFound(let key, _) = error { path += ".\(key.stringValue)" }
        return path.hasPrefix(".") ? String(path.dropFirst()) : path
    }

    private static func reason(_ error: DecodingError) -> String {
        switch error {
        case .keyNotFound: return "field missing"
        case .typeMismatch(let type, _): return "wrong type (expected \(type == String.self ? "text" : "\(type)"))"
        case .valueNotFound: return "value missing"
        case .dataCorrupted(let c): return c.codingPath.isEmpty ? "not JSON, or not a bank-holiday feed" : c.debugDescription
        @unknown default: return "cannot read"
        }
    }
}
