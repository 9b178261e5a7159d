import Foundation
import HubspokeModel
import HubspokeWorkspace

/// What is wrong with a JSON body, for people: the field's path (`rows[1].sessions`, or "the body"),
/// and what was expected there, instead of the decoder's own text.
enum JSONProblem {
    static func describe(_ error: DecodingError) -> String {
        switch error {
        case .keyNotFound(let key, let context):
            return "\(path(context.codingPath + [key])): missing"
        case .typeMismatch(let type, let context):
            return "\(path(context.codingPath)): \(expected(type, at: context.codingPath))"
        case .valueNotFound(let type, let context):
            return "\(path(context.codingPath)): missing (null), expected \(name(of: type))"
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty { return "the JSON is malformed: \(syntax(context))" }
            return "\(path(context.codingPath)): \(context.debugDescription.hasPrefix("expected") ? context.debugDescription : "not a valid value")"
        @unknown default:
            return "the JSON is malformed"
        }
    }

    /// `rows[1].sessions`; the body itself when the path is empty.
    static func path(_ keys: [any CodingKey]) -> String {
        guard !keys.isEmpty else { return "the body" }
        return keys.reduce("") { text, key in
            if let i = key.intValue { return text + "[\(i)]" }
            return text.isEmpty ? key.stringValue : text + "." + key.stringValue
        }
    }

    static func expected(_ type: Any.Type, at keys: [any CodingKey]) -> String {
        keys.isEmpty && name(of: type) == "an object" ? "expected a JSON object {…}" : "expected \(name(of: type))"
    }

    /// What a Swift type is called in JSON.
    static func name(of type: Any.Type) -> String {
        switch type {
        case is Int.Type, is Int64.Type: "a whole number"
        case is Double.Type: "a number"
        case is String.Type: "a string"
        case is Bool.Type: "true or false"
        default: String(describing: type).hasPrefix("Array") ? "an array" : "an object"
        }
    }

    /// The parser's complaint, shortened: where the text stops making sense.
    static func syntax(_ context: DecodingError.Context) -> String {
        (context.underlyingError as NSError?)?.userInfo[NSDebugDescriptionErrorKey] as? String ?? "not JSON"
    }
}

/// A row of a PRU's requests in the API, read so that a number of sessions that is not whole
/// (`1.5`) is named: the decoder itself only says the JSON is not valid.
struct APIRequestRow: Decodable {
    var row: RequestSet.Row
    enum Keys: String, CodingKey { case role, priority, sessions }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        row = RequestSet.Row(role: try c.decode(String.self, forKey: .role), priority: try c.decode(Priority.self, forKey: .priority),
                             sessions: try c.wholeNumber(.sessions))
    }
}

extension KeyedDecodingContainer {
    /// A whole number, which a JSON number with a fraction is not (refused naming the field).
    func wholeNumber(_ key: Key) throws -> Int {
        let n: Double
        do { n = try decode(Double.self, forKey: key) } catch DecodingError.typeMismatch {
            throw DecodingError.dataCorruptedError(forKey: key, in: self, debugDescription: "expected a whole number")
        }
        guard n == n.rounded(), abs(n) < 1e9 else { throw DecodingError.dataCorruptedError(forKey: key, in: self, debugDescription: "expected a whole number, not \(n)") }
        return Int(n)
    }
}
