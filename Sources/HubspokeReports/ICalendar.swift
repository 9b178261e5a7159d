import HubspokeModel

/// A component of an iCalendar object (RFC 5545): VCALENDAR, VEVENT, VTIMEZONE and so on, with
/// its properties in order and the components inside it.
public struct ICalendarComponent: Sendable {
    public var name: String
    public var properties: [ICalendarProperty]
    public var components: [ICalendarComponent]

    public init(_ name: String, properties: [ICalendarProperty] = [], components: [ICalendarComponent] = []) {
        self.name = name; self.properties = properties; self.components = components
    }

    /// The object as a file: content lines ending in CRLF, each folded at 75 octets.
    public func render() -> String {
        var out = ""
        write(to: &out)
        return out
    }

    func write(to out: inout String) {
        out += ICalendar.fold("BEGIN:\(name)") + "\r\n"
        for p in properties { out += ICalendar.fold(p.line) + "\r\n" }
        for c in components { c.write(to: &out) }
        out += ICalendar.fold("END:\(name)") + "\r\n"
    }
}

/// One content line: `NAME;PARAM=value:value`. The value is stored already encoded for its type;
/// use `text(_:_:)` for TEXT values, which escapes them.
public struct ICalendarProperty: Sendable {
    public var name: String
    public var parameters: [(name: String, value: String)]
    public var value: String

    /// A property whose value is already in its type's format (DATE-TIME, INTEGER, a code).
    public init(_ name: String, _ value: String, parameters: KeyValuePairs<String, String> = [:]) {
        self.name = name; self.value = value
        self.parameters = parameters.map { ($0.key, $0.value) }
    }

    /// A TEXT property: backslash, semicolon, comma and line breaks escaped.
    public static func text(_ name: String, _ text: String) -> ICalendarProperty {
        ICalendarProperty(name, ICalendar.escapeText(text))
    }

    var line: String {
        var s = name
        for p in parameters { s += ";\(p.name)=\(ICalendar.parameterValue(p.value))" }
        return s + ":" + value
    }
}

/// Encoding rules of RFC 5545 shared by every calendar this package writes.
public enum ICalendar {
    /// Escapes a TEXT value (RFC 5545 §3.3.11): `\` `;` `,` and line breaks; other control
    /// characters, which TEXT does not allow, are dropped.
    public static func escapeText(_ s: String) -> String {
        var out = ""
        var previousCR = false
        for u in s.unicodeScalars {
            defer { previousCR = u == "\r" }
            switch u {
            case "\\": out += "\\\\"
            case ";": out += "\\;"
            case ",": out += "\\,"
            case "\r": out += "\\n"
            case "\n": if !previousCR { out += "\\n" }
            case "\t": out.unicodeScalars.append(u)
            default:
                if u.value < 0x20 || u.value == 0x7F { continue }
                out.unicodeScalars.append(u)
            }
        }
        return out
    }

    /// A parameter value, quoted when it holds `:` `;` or `,` (RFC 5545 §3.2); double quotes and
    /// control characters, which a parameter cannot hold, are dropped.
    static func parameterValue(_ s: String) -> String {
        let clean = String(String.UnicodeScalarView(s.unicodeScalars.filter { $0 != "\"" && ($0.value >= 0x20 || $0 == "\t") && $0.value != 0x7F }))
        return clean.contains(where: { ":;,".contains($0) }) ? "\"\(clean)\"" : clean
    }

    /// Folds a content line so that no line is longer than 75 octets of UTF-8 (RFC 5545 §3.1):
    /// a CRLF and a space are inserted between characters, never inside one.
    public static func fold(_ line: String) -> String {
        var out = ""
        var octets = 0
        for u in line.unicodeScalars {
            let n = UTF8.width(u)
            if octets + n > 75 {
                out += "\r\n "
                octets = 1
            }
            out.unicodeScalars.append(u)
            octets += n
        }
        return out
    }

    /// A local DATE-TIME, `20261130T090000`, read in the time zone named by its TZID.
    public static func localDateTime(_ date: CalendarDate, _ time: TimeOfDay) -> String {
        compact(date) + "T" + two(time.minutes / 60) + two(time.minutes % 60) + "00"
    }

    /// A UTC DATE-TIME, `20261130T000000Z`.
    public static func utcDateTime(_ date: CalendarDate, _ time: TimeOfDay) -> String { localDateTime(date, time) + "Z" }

    public static func compact(_ d: CalendarDate) -> String { d.iso.replacingOccurrences(of: "-", with: "") }
    static func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
}

/// A time zone written into each calendar as a VTIMEZONE, so that events carry local times with a
/// TZID and every client, with or without its own time zone database, reads the same instants.
public struct ICalendarTimeZone: Sendable {
    public var id: String
    public var component: ICalendarComponent

    /// UK time: GMT in winter, BST (UTC+1) from 01:00 UTC on the last Sunday of March to
    /// 01:00 UTC on the last Sunday of October (the rule since 1996).
    public static let europeLondon = ICalendarTimeZone(id: "Europe/London", component: ICalendarComponent("VTIMEZONE", properties: [
        ICalendarProperty("TZID", "Europe/London"),
        ICalendarProperty("X-LIC-LOCATION", "Europe/London"),
    ], components: [
        ICalendarComponent("DAYLIGHT", properties: [
            ICalendarProperty("TZNAME", "BST"),
            ICalendarProperty("TZOFFSETFROM", "+0000"),
            ICalendarProperty("TZOFFSETTO", "+0100"),
            ICalendarProperty("DTSTART", "19700329T010000"),
            ICalendarProperty("RRULE", "FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU"),
        ]),
        ICalendarComponent("STANDARD", properties: [
            ICalendarProperty("TZNAME", "GMT"),
            ICalendarProperty("TZOFFSETFROM", "+0100"),
            ICalendarProperty("TZOFFSETTO", "+0000"),
            ICalendarProperty("DTSTART", "19701025T020000"),
            ICalendarProperty("RRULE", "FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU"),
        ]),
    ]))
}
