import Foundation
import HubspokeModel
import HubspokePlanner
import HubspokeSupport
import HubspokeWorkspace

/// What `suggest` prints: the options as a table or as JSON (keys sorted, numbers rounded, no timings).
enum SuggestText {
    /// The tolerance sentence both formats carry.
    static func tolerance(_ found: CoverSuggestions) -> String { found.toleranceSentence }

    static func diff(_ found: CoverSuggestions, _ option: CoverOption) -> RotaDiff { found.diff(option) }

    static func table(_ found: CoverSuggestions, source: String, applied: (version: RotaVersion, option: Int)?, hint: String?) -> String {
        var lines = ["Cover for \(found.request) in \(source), re-planned from \(found.request.from.long)"]
        let before = found.referenceObjective.map { "objective \(fixed($0.total, 2))" } ?? "breaks a hard rule even without the request"
        lines.append("  the rota as it stood: \(before); each changed session costs \(number(found.changeWeight))")
        for option in found.options {
            let d = diff(found, option)
            let change = option.change.map { " (\(signed($0)) on the rota as it stood)" } ?? ""
            lines.append("Option \(option.number): objective \(fixed(option.rota.objective.total, 2))\(change), \(WorkspaceText.count(d)), \(option.rota.solver.statusWords)")
            lines.append("  why: \(option.reason)")
            if !d.changes.isEmpty { lines.append(WorkspaceText.changes(d, indent: "    ")) }
        }
        lines.append(found.countSentence)
        lines.append(tolerance(found))
        if let applied {
            lines.append("\(applied.version.label) saved as a draft: option \(applied.option); publish it with: hubspoke publish --week \(applied.version.week.iso) --version \(applied.version.version)")
        } else if let hint {
            lines.append("Save one as a draft with: \(hint)")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    struct Output: Encodable {
        /// A changed session; `from` or `to` null for none (written, not left out).
        struct Change: Encodable {
            var post: String, date: String, half: String, from: String?, to: String?
            enum CodingKeys: String, CodingKey { case post, date, half, from, to }
            func encode(to encoder: Encoder) throws {
                var c = encoder.container(keyedBy: CodingKeys.self)
                try c.encode(post, forKey: .post); try c.encode(date, forKey: .date); try c.encode(half, forKey: .half)
                try c.encode(from, forKey: .from); try c.encode(to, forKey: .to)
            }
        }
        struct Term: Encodable { var name: String; var penalty: Double }
        struct Option: Encodable {
            var number: Int, objective: Double, change: Double?, status: String, reason: String
            var changedSessions: Int, changes: [Change], terms: [Term]
            enum CodingKeys: String, CodingKey { case number, objective, change, status, reason, changedSessions = "changed_sessions", changes, terms }
        }
        var request: String, from: String, source: String, referenceObjective: Double?, asked: Int, found: Int, exhausted: Bool
        var tolerance: String, options: [Option], applied: String?
        enum CodingKeys: String, CodingKey {
            case request, from, source, referenceObjective = "reference_objective", asked, found, exhausted, tolerance, options, applied
        }
    }

    static func json(_ found: CoverSuggestions, source: String, applied: RotaVersion?) -> String {
        let options = found.options.map { o in
            let d = diff(found, o)
            return Output.Option(number: o.number, objective: rounded(o.rota.objective.total), change: o.change.map(rounded),
                                 status: o.rota.solver.statusWords, reason: o.reason, changedSessions: d.changedSessions,
                                 changes: d.changes.map { .init(post: $0.post, date: $0.at.date.iso, half: $0.at.half.key, from: $0.from, to: $0.to) },
                                 terms: o.rota.objective.terms.map { .init(name: $0.name, penalty: rounded($0.penalty)) })
        }
        let out = Output(request: found.request.description, from: "\(found.request.from.date.iso) \(found.request.from.half.key)", source: source,
                         referenceObjective: found.referenceObjective.map { rounded($0.total) }, asked: found.asked, found: found.options.count,
                         exhausted: found.exhausted, tolerance: tolerance(found), options: options, applied: applied?.label)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(out)) ?? Data("{}".utf8), as: UTF8.self) + "\n"
    }

    static func rounded(_ x: Double) -> Double { (x * 1000).rounded() / 1000 }
    static func number(_ x: Double) -> String { fixed(x, x.rounded() == x ? 0 : 2) }
    static func signed(_ x: Double) -> String { (x >= 0 ? "+" : "") + fixed(x, 2) }
}
