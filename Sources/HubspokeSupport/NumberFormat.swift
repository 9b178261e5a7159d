/// How a number is written: fixed decimals, optionally thousands separated by commas, a minus
/// sign, an optional plus sign, a prefix and a suffix. The same whatever the locale, so every
/// output is reproducible. The one number formatter: text, CSV, tables (`fixed`), money
/// (`pounds`) and the HTML pages and charts (`page`) differ only in these settings.
///
///     NumberFormat(decimals: 1)(-2.35)           // "-2.4" (text and CSV: an ASCII hyphen)
///     NumberFormat.pounds(-12.4)                 // "-£12"
///     NumberFormat.page(decimals: 1)(-1234.56)   // "−1,234.6" (pages: a true minus sign)
///     NumberFormat.page(decimals: 1, plusSign: true)(2.34)   // "+2.3"
///
/// Negative values that round to zero are written without a sign ("0.0", not "-0.0").
public struct NumberFormat: Sendable, Hashable {
    /// The sign before a negative number.
    public enum Minus: String, Sendable, Hashable {
        /// "-": plain text, CSV, JSON-adjacent tables and terminals.
        case hyphen = "-"
        /// "−" (U+2212): typeset pages, where a hyphen is too short to read as a minus.
        case trueMinus = "\u{2212}"
    }

    public var decimals: Int
    /// Thousands separated by commas ("1,234").
    public var grouped: Bool
    public var minus: Minus
    /// A plus sign before values above zero, for differences ("+1.5"; zero stays "0.0").
    public var plusSign: Bool
    /// After the sign: "-£12".
    public var prefix: String
    public var suffix: String

    public init(decimals: Int = 0, grouped: Bool = false, minus: Minus = .hyphen, plusSign: Bool = false,
                prefix: String = "", suffix: String = "") {
        self.decimals = decimals; self.grouped = grouped; self.minus = minus; self.plusSign = plusSign
        self.prefix = prefix; self.suffix = suffix
    }

    /// For HTML pages and charts: thousands separated and a true minus sign ("£350,000", "12.5%", "−4.2").
    public static func page(decimals: Int = 0, prefix: String = "", suffix: String = "", plusSign: Bool = false) -> NumberFormat {
        NumberFormat(decimals: decimals, grouped: true, minus: .trueMinus, plusSign: plusSign, prefix: prefix, suffix: suffix)
    }

    /// Whole pounds with thousands separated: "£46,148", "-£12".
    public static let pounds = NumberFormat(grouped: true, prefix: "£")

    public func callAsFunction(_ x: Double) -> String { text(x, decimals: decimals) }

    /// With other decimals, e.g. those an axis's ticks need.
    public func text(_ x: Double, decimals: Int) -> String {
        let (negative, whole, fraction) = Self.digits(x, decimals)
        var w = whole
        if grouped {
            var i = w.count - 3
            while i > 0 { w.insert(",", at: w.index(w.startIndex, offsetBy: i)); i -= 3 }
        }
        let zero = !(whole + fraction).contains { $0 != "0" }
        let sign = negative ? minus.rawValue : plusSign && !zero ? "+" : ""
        return sign + prefix + w + (fraction.isEmpty ? "" : "." + fraction) + suffix
    }

    /// `x` rounded to `decimals` places (halves away from zero): whether it is below zero once
    /// rounded, and the digits of its magnitude before and after the point.
    static func digits(_ x: Double, _ decimals: Int) -> (negative: Bool, whole: String, fraction: String) {
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let v = (x * scale).rounded() / scale
        let a = abs(v)
        var whole = Int(a.rounded(.down))
        var frac = Int(((a - Double(whole)) * scale).rounded())
        if Double(frac) >= scale { whole += 1; frac = 0 }
        let f = decimals > 0 ? String(frac) : ""
        let fraction = decimals > 0 ? String(repeating: "0", count: decimals - f.count) + f : ""
        return (v < 0 && (whole != 0 || frac != 0), String(whole), fraction)
    }
}

/// Fixed-decimal text with an ASCII minus, whatever the locale: "12.50", "-0.3".
public func fixed(_ x: Double, _ decimals: Int) -> String { NumberFormat(decimals: decimals)(x) }

/// Rounded to 4 decimals, so JSON and CSV do not carry floating-point noise.
public func round4(_ x: Double) -> Double { (x * 10_000).rounded() / 10_000 }
