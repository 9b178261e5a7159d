import HubspokeModel

// Words shared by the HTML and iCalendar outputs, so a site or session reads the same in both.

extension Site {
    /// Name, address and town, comma-separated, leaving out the town when the name or address
    /// already says it: "Will Adams Centre, Gillingham".
    var place: String {
        var parts = [name]
        if let a = address, !a.isEmpty { parts.append(a) }
        if let t = town, !t.isEmpty, !parts.contains(where: { $0.contains(t) }) { parts.append(t) }
        return parts.joined(separator: ", ")
    }

    /// "Hub", "Spoke" or "Pupil Referral Unit (PRU)".
    var kindName: String {
        switch kind { case .hub: "Hub"; case .spoke: "Spoke"; case .pru: "Pupil Referral Unit (PRU)" }
    }
}

extension Scenario {
    /// The role's name ("Educational Psychologist"), or its id when unknown.
    func roleName(_ id: String) -> String { roles.first { $0.id == id }?.name ?? id }

    /// A site's name, or its id when unknown.
    func siteName(_ id: String) -> String { sites.first { $0.id == id }?.name ?? id }

    /// Start and end of a morning or afternoon session.
    func times(_ half: Half) -> (start: TimeOfDay, end: TimeOfDay) {
        half == .am ? (sessionTimes.amStart, sessionTimes.amEnd) : (sessionTimes.pmStart, sessionTimes.pmEnd)
    }

    /// "AM 09:00–12:30".
    func sessionLabel(_ half: Half) -> String {
        let t = times(half)
        return "\(half.label) \(t.start)–\(t.end)"
    }
}

extension UnmetReason {
    /// What the reason means, in a sentence, for readers of the rota.
    var explanation: String {
        switch self {
        case .noPostAvailable: "No post of this role that may serve the site works that week (leave or working pattern)."
        case .capacity: "Every eligible post is at other sites in all the sessions it works; demand elsewhere scored higher."
        case .contract: "An eligible post had free sessions, but its contracted sessions were used up."
        case .rooms: "An eligible post was free, but the site's rooms were full."
        case .travel: "An eligible post was free, but its other site that day is too far to reach between sessions."
        case .travelCost: "An eligible post was free, but the drive costs more than the session is worth."
        }
    }
}
