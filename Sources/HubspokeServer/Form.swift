import Foundation
import Hummingbird

/// A submitted form (`application/x-www-form-urlencoded`), or a query string: each field once.
struct Form: Sendable {
    var fields: [String: String]

    init(fields: [String: String] = [:]) { self.fields = fields }

    /// Parses the encoded text; a field given twice, or a malformed escape, is refused.
    init(encoded text: String) throws(WebError) {
        var fields: [String: String] = [:]
        for pair in text.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = Form.decode(parts[0]), let value = Form.decode(parts.count > 1 ? parts[1] : "") else {
                throw WebError(.badRequest, "the form is malformed (a bad %-escape)")
            }
            guard fields[name] == nil else { throw WebError(.badRequest, "the form gives the field \(name) twice") }
            fields[name] = value
        }
        self.fields = fields
    }

    static func decode(_ s: Substring) -> String? {
        s.replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }

    subscript(_ name: String) -> String? { fields[name] }

    /// A field that must be there and not be empty.
    func required(_ name: String) throws(WebError) -> String {
        guard let v = fields[name]?.trimmingCharacters(in: .whitespaces), !v.isEmpty else {
            throw WebError(.badRequest, "\(name): missing")
        }
        return v
    }

    /// A whole number field in `range`.
    func integer(_ name: String, in range: ClosedRange<Int>) throws(WebError) -> Int {
        let text = try required(name)
        guard let n = Int(text), range.contains(n) else {
            throw WebError(.badRequest, "\(name): \(text) is not a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return n
    }
}

/// A refusal with its HTTP status and a message for people; rendered as a page or as JSON.
struct WebError: Error, Sendable {
    var status: HTTPResponse.Status
    var message: String
    init(_ status: HTTPResponse.Status, _ message: String) { self.status = status; self.message = message }

    static let notFound = WebError(.notFound, "not found")
    static let forbidden = WebError(.forbidden, "your role does not allow this")
}
