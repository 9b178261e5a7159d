import Foundation
import HubspokeModel

/// Stable hashes (the same on every machine and run, unlike `Hasher`), to recognise the shards of
/// one sweep. Not a security measure.
public enum Fingerprint {
    /// FNV-1a, 64 bits, as 16 hex digits.
    public static func hex(_ text: String) -> String {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in text.utf8 {
            h ^= UInt64(b)
            h = h &* 0x0000_0100_0000_01B3
        }
        let s = String(h, radix: 16)
        return String(repeating: "0", count: 16 - s.count) + s
    }

    /// Everything in a scenario that simulated and costed results depend on: not the file it was read
    /// from or its line numbers, so the same scenario embedded or read from a file gives the same hash.
    public static func scenario(_ s: Scenario) -> String {
        var parts: [String] = [s.name, s.startDate.iso, String(s.weeks)]
        parts.append(String(describing: s.sessionTimes))
        parts.append(String(describing: s.rules))
        parts.append(String(describing: s.roles))
        parts.append(String(describing: s.sites))
        parts.append(String(describing: s.posts))
        parts.append(String(describing: s.travel.minutes))
        parts.append(String(describing: s.travel.kilometres))
        parts.append(s.demand.map { "\($0.site) \($0.role) \($0.sessions) \($0.priority.rawValue) \($0.week ?? 0)" }.joined(separator: ";"))
        parts.append((s.pins + [SessionRule(post: "|", site: "|", weekday: .mon, half: .am)] + s.forbids)
            .map { "\($0.post) \($0.site) \($0.weekday.key) \($0.half.key) \($0.week ?? 0)" }.joined(separator: ";"))
        parts.append(String(describing: s.simulation))
        parts.append(costsAsBefore(String(describing: s.costs)))
        parts.append(s.calendar.canonicalDescription)
        return hex(modulesAsBefore(parts.joined(separator: "\n")))
    }

    /// The descriptions above name each type's module (`HubspokeModel.SiteKind.hub`); the types lived
    /// in one module, HubspokeKit, until the domain target was split, and shards written before keep
    /// their hashes only if the text names that module.
    static func modulesAsBefore(_ text: String) -> String {
        ["HubspokeSupport.", "HubspokeModel.", "HubspokeScenarioIO.", "HubspokeSimulation.", "HubspokeStaffing."].reduce(text) {
            $0.replacingOccurrences(of: $1, with: "HubspokeKit.")
        }
    }

    /// The costs' description without the employer fields at their defaults (a role employed by the
    /// NHS, no council terms), so a scenario that does not use them keeps the hash it had before they
    /// existed; one that does gets a hash of its own.
    static func costsAsBefore(_ text: String) -> String {
        text.replacingOccurrences(of: ", employer: HubspokeStaffing.Employer.nhs)", with: ")")
            .replacingOccurrences(of: ", council: nil)", with: ")")
    }

    /// The JSON of a value with sorted keys: the same value gives the same text.
    static func canonicalJSON<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: (try? encoder.encode(value)) ?? Data(), as: UTF8.self)
    }
}
