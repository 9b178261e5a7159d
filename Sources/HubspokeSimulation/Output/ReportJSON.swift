import Foundation

/// The JSON the simulation and staffing reports write: pretty-printed with sorted keys, so the
/// same report gives the same bytes, and a line break at the end.
public enum ReportJSON {
    public static func encode<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let data = (try? encoder.encode(value)) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
