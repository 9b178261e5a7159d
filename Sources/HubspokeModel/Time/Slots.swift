/// Working days of the week; rotas plan Monday to Friday.
public enum Weekday: Int, CaseIterable, Sendable, Codable, Comparable {
    case mon = 0, tue, wed, thu, fri

    public var short: String { ["Mon", "Tue", "Wed", "Thu", "Fri"][rawValue] }
    public var key: String { ["mon", "tue", "wed", "thu", "fri"][rawValue] }
    public init?(key: String) {
        guard let i = ["mon", "tue", "wed", "thu", "fri"].firstIndex(of: key.lowercased().prefix(3).description) else { return nil }
        self.init(rawValue: i)
    }
    public static func < (a: Weekday, b: Weekday) -> Bool { a.rawValue < b.rawValue }
}

/// Morning or afternoon session.
public enum Half: Int, CaseIterable, Sendable, Codable, Comparable {
    case am = 0, pm
    public var label: String { self == .am ? "AM" : "PM" }
    public var key: String { self == .am ? "am" : "pm" }
    public init?(key: String) {
        switch key.lowercased() { case "am": self = .am; case "pm": self = .pm; default: return nil }
    }
    public static func < (a: Half, b: Half) -> Bool { a.rawValue < b.rawValue }
}

/// A half-day within a weekly pattern (no week number): Monday morning, etc.
public struct HalfDay: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public let weekday: Weekday
    public let half: Half
    public init(_ weekday: Weekday, _ half: Half) { self.weekday = weekday; self.half = half }
    /// 0...9, Monday AM first.
    public var index: Int { weekday.rawValue * 2 + half.rawValue }
    public static let all: [HalfDay] = Weekday.allCases.flatMap { d in Half.allCases.map { HalfDay(d, $0) } }
    public var description: String { "\(weekday.short) \(half.label)" }
    public static func < (a: HalfDay, b: HalfDay) -> Bool { a.index < b.index }
}

/// A session in the planning horizon: week (0-based), weekday and half.
public struct Slot: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let week: Int
    public let weekday: Weekday
    public let half: Half
    public init(week: Int, weekday: Weekday, half: Half) { self.week = week; self.weekday = weekday; self.half = half }
    /// Day index in the horizon: week * 5 + weekday.
    public var dayIndex: Int { week * 5 + weekday.rawValue }
    public var index: Int { dayIndex * 2 + half.rawValue }
    public var halfDay: HalfDay { HalfDay(weekday, half) }
    public var description: String { "week \(week + 1) \(weekday.short) \(half.label)" }
    public static func < (a: Slot, b: Slot) -> Bool { a.index < b.index }
}

// Weekdays and halves read and write as text ("mon", "am") in JSON.
extension Weekday {
    public init(from decoder: Decoder) throws { self = try decodeKey(decoder, expected: "a weekday", Weekday.init(key:)) }
    public func encode(to encoder: Encoder) throws { var c = encoder.singleValueContainer(); try c.encode(key) }
}

extension Half {
    public init(from decoder: Decoder) throws { self = try decodeKey(decoder, expected: "am or pm", Half.init(key:)) }
    public func encode(to encoder: Encoder) throws { var c = encoder.singleValueContainer(); try c.encode(key) }
}

/// A value written as its text key: the key decoded, and made into a value by `make`.
private func decodeKey<T>(_ decoder: Decoder, expected: String, _ make: (String) -> T?) throws -> T {
    let s = try decoder.singleValueContainer().decode(String.self)
    guard let value = make(s) else { throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not \(expected): \(s)")) }
    return value
}
