import Foundation
import HubspokeModel
import HubspokeScenarioIO

extension ScenarioSectionReader {
    /// The `simulation:` section, read into `Scenario.simulation` (only when the scenario has posts:
    /// without them every reference in it would fail for the same reason).
    public static let simulation = ScenarioSectionReader(key: "simulation") { v, parser, parts in
        parts.posts.isEmpty ? nil : parser.parseSimulation(v, parts)
    }
}

extension Scenario {
    /// How referrals arrive and are served, for the simulator (the `simulation:` section), if given
    /// and read (pass `.simulation` to `Scenario.load`).
    public var simulation: SimulationSettings? {
        get { sections[ScenarioSectionReader.simulation.key] }
        set { sections[ScenarioSectionReader.simulation.key] = newValue }
    }
}

extension ScenarioLimits {
    /// The `simulation:` section's lists.
    public static let needProfiles = 100, closures = 1_000, weeklyFactors = 520, waitingList = 10_000
}

extension ScenarioParser {
    static let simulationFields = [
        "service", "weeks", "referrals_per_week", "priorities", "needs", "appointments_per_session", "appointment_hours",
        "did_not_attend", "drop_out_per_week", "sickness", "leave_weeks_per_year", "closures", "closed_week_referral_factor",
        "weekly_referral_factors", "waiting_list", "warm_up_weeks", "continuity_weight",
    ]

    /// Reads the `simulation:` section. Every site and role it names must exist; every need profile
    /// must name roles that some post has; rates and probabilities must be in range.
    mutating func parseSimulation(_ v: YAMLValue, _ parts: ScenarioParts) -> SimulationSettings? {
        guard let m = reader.mapping(v, allowed: Self.simulationFields) else { return nil }
        let rates = parseReferrals(m, in: v, sites: parts.sites)
        let needs = parseNeeds(m, in: v, parts)
        var settings = SimulationSettings(referralsPerWeek: rates, needs: needs,
                                          appointmentsPerSession: Array(repeating: 3, count: parts.roles.count))
        if let x = m["service"], let s = reader.enumValue(x, SimulationSettings.Service.self) { settings.service = s }
        reader.assign(&settings.weeks, m, "weeks", 1...520)
        if let x = m["priorities"], let pm = reader.mapping(x, allowed: Priority.allCases.map(\.rawValue)) {
            var mix = [0.0, 0.0, 0.0]
            for p in Priority.allCases { reader.assign(&mix[p.rank], pm, p.rawValue, 0...1) }
            let total = mix.reduce(0, +)
            if abs(total - 1) > 1e-6 { reader.problem(x, "the shares of urgent, high and routine referrals add up to \(total), not 1") }
            else { settings.priorityMix = mix }
        }
        if let x = m["appointments_per_session"] { parseAppointments(x, roles: parts.roles, into: &settings.appointmentsPerSession) }
        reader.assign(&settings.appointmentHours, m, "appointment_hours", 0.01...1000)
        reader.assign(&settings.didNotAttend, m, "did_not_attend", 0...0.95)
        reader.assign(&settings.dropOutPerWeek, m, "drop_out_per_week", 0...1)
        if let sm = reader.mapping(m, "sickness", allowed: ["share", "spell_days"]) {
            reader.assign(&settings.sicknessShare, sm, "share", 0...0.5)
            reader.assign(&settings.sicknessSpellDays, sm, "spell_days", 1...250)
        }
        reader.assign(&settings.leaveWeeksPerYear, m, "leave_weeks_per_year", 0...20)
        if let x = m["closures"] { settings.closures = parseClosures(x) }
        reader.assign(&settings.closedWeekReferralFactor, m, "closed_week_referral_factor", 0...10)
        if let x = m["weekly_referral_factors"], let items = reader.list(x, limit: ScenarioLimits.weeklyFactors) {
            settings.weeklyReferralFactors = items.compactMap { reader.double($0, 0...100) }
        }
        if let x = m["waiting_list"] { settings.waitingList = parseWaitingList(x, sites: parts.sites) }
        reader.assign(&settings.warmUpWeeks, m, "warm_up_weeks", 0...520)
        reader.assign(&settings.continuityWeight, m, "continuity_weight", 0...1000)
        return settings
    }

    /// A role a need profile names: it must exist, and some post must have it.
    mutating func staffedRole(_ value: YAMLValue, _ id: String, _ parts: ScenarioParts) -> Int? {
        guard let r = parts.roles.firstIndex(where: { $0.id == id }) else { reader.problem(value, "unknown role \"\(id)\""); return nil }
        if !parts.posts.contains(where: { $0.role == id }) {
            reader.problem(value, "no post has the role \(id), so no child could ever be seen for it"); return nil
        }
        return r
    }

    mutating func siteIndex(_ value: YAMLValue, _ id: String, sites: [Site]) -> Int? {
        guard let s = sites.firstIndex(where: { $0.id == id }) else { unknownSite(value, id); return nil }
        return s
    }

    /// `referrals_per_week`, required: a rate per site id, at least one above 0.
    mutating func parseReferrals(_ m: [String: YAMLValue], in v: YAMLValue, sites: [Site]) -> [Double] {
        var rates = Array(repeating: 0.0, count: sites.count)
        guard let rv = reader.require(m, "referrals_per_week", in: v) else { return rates }
        for e in reader.idEntries(rv) {
            guard let s = siteIndex(e.keyValue, e.key, sites: sites), let x = reader.double(e.value, 0...1000) else { continue }
            rates[s] = x
        }
        if rates.allSatisfy({ $0 == 0 }) { reader.problem(rv, "no site has referrals: give at least one site a rate above 0") }
        return rates
    }

    /// `needs`, required: the need profiles, at least one, not all of weight 0.
    mutating func parseNeeds(_ m: [String: YAMLValue], in v: YAMLValue, _ parts: ScenarioParts) -> [SimulationSettings.NeedProfile] {
        var needs: [SimulationSettings.NeedProfile] = []
        guard let nv = reader.require(m, "needs", in: v), let items = reader.list(nv, limit: ScenarioLimits.needProfiles) else { return needs }
        if items.isEmpty { reader.problem(nv, "give at least one need profile") }
        for item in items {
            if let need = parseNeed(item, number: needs.count + 1, parts) { needs.append(need) }
        }
        if !needs.isEmpty && needs.allSatisfy({ $0.weight == 0 }) { reader.problem(nv, "every need profile has weight 0") }
        return needs
    }

    mutating func parseNeed(_ item: YAMLValue, number: Int, _ parts: ScenarioParts) -> SimulationSettings.NeedProfile? {
        guard let nm = reader.mapping(item, allowed: ["name", "weight", "assessment", "sessions"]) else { return nil }
        let name = nm["name"].flatMap { reader.string($0) } ?? "need \(number)"
        let weight = nm["weight"].map { reader.double($0, 0...1_000_000) } ?? 1
        guard let av = reader.require(nm, "assessment", in: item), let aid = reader.identifier(av),
              let a = staffedRole(av, aid, parts) else { return nil }
        var counts = Array(repeating: 0, count: parts.roles.count)
        var ok = true
        if let sv = nm["sessions"] {
            for e in reader.idEntries(sv) {
                guard let r = staffedRole(e.keyValue, e.key, parts), let n = reader.int(e.value, 0...200) else { ok = false; continue }
                counts[r] = n
            }
        }
        guard ok, let w = weight else { return nil }
        return .init(name: name, weight: w, assessment: a,
                     sessions: parts.roles.indices.filter { counts[$0] > 0 }.map { .init(role: $0, count: counts[$0]) })
    }

    /// `appointments_per_session`: per role id, with `default` for the roles not named.
    mutating func parseAppointments(_ x: YAMLValue, roles: [Role], into perRole: inout [Int]) {
        var byRole: [Int: Int] = [:]
        for e in reader.idEntries(x) {
            guard let n = reader.int(e.value, 1...20) else { continue }
            if e.key == "default" { for r in roles.indices where byRole[r] == nil { perRole[r] = n }; continue }
            guard let r = roles.firstIndex(where: { $0.id == e.key }) else { reader.problem(e.keyValue, "unknown role \"\(e.key)\""); continue }
            byRole[r] = n
        }
        for (r, n) in byRole { perRole[r] = n }
    }

    /// `closures`: dates and date ranges (`2026-12-21..2027-01-01`).
    mutating func parseClosures(_ x: YAMLValue) -> [SimulationSettings.Closure] {
        guard let items = reader.list(x, limit: ScenarioLimits.closures) else { return [] }
        var closures: [SimulationSettings.Closure] = []
        for item in items {
            guard let s = reader.string(item) else { continue }
            let parts = s.components(separatedBy: "..")
            guard (1...2).contains(parts.count), let a = CalendarDate(iso: parts[0].trimmed), let b = CalendarDate(iso: (parts.last ?? "").trimmed) else {
                reader.problem(item, "expected a date or a date range like 2026-12-21..2027-01-01, found \"\(s)\""); continue
            }
            if b < a { reader.problem(item, "the range ends before it starts"); continue }
            closures.append(.init(first: a, last: b))
        }
        return closures
    }

    /// `waiting_list`: children already waiting, by site.
    mutating func parseWaitingList(_ x: YAMLValue, sites: [Site]) -> [SimulationSettings.WaitingGroup] {
        guard let items = reader.list(x, limit: ScenarioLimits.waitingList) else { return [] }
        var groups: [SimulationSettings.WaitingGroup] = []
        for item in items {
            guard let wm = reader.mapping(item, allowed: ["site", "children", "oldest_weeks"]) else { continue }
            guard let sv = reader.require(wm, "site", in: item), let sid = reader.identifier(sv), let s = siteIndex(sv, sid, sites: sites),
                  let cv = reader.require(wm, "children", in: item), let n = reader.int(cv, 0...100_000) else { continue }
            let oldest = wm["oldest_weeks"].flatMap { reader.double($0, 0...520) } ?? 8
            groups.append(.init(site: s, children: n, oldestWeeks: oldest))
        }
        return groups
    }
}

private extension String {
    var trimmed: String { trimmingCharacters(in: .whitespaces) }
}
