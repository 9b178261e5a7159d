import Foundation

extension ScenarioParser {
    static let simulationFields = [
        "service", "weeks", "referrals_per_week", "priorities", "needs", "appointments_per_session", "appointment_hours",
        "did_not_attend", "drop_out_per_week", "sickness", "leave_weeks_per_year", "closures", "closed_week_referral_factor",
        "weekly_referral_factors", "waiting_list", "warm_up_weeks",
    ]

    /// Reads the `simulation:` section. Every site and role it names must exist; every need profile
    /// must name roles that some post has; rates and probabilities must be in range.
    mutating func parseSimulation(_ v: YAMLValue, roles: [Role], sites: [Site], posts: [Post]) -> SimulationSettings? {
        guard let m = reader.mapping(v, allowed: Self.simulationFields) else { return nil }
        let staffed = Set(posts.map(\.role))
        func roleIndex(_ value: YAMLValue, _ id: String) -> Int? {
            guard let r = roles.firstIndex(where: { $0.id == id }) else { reader.problem(value, "unknown role \"\(id)\""); return nil }
            if !staffed.contains(id) { reader.problem(value, "no post has the role \(id), so no child could ever be seen for it"); return nil }
            return r
        }
        func siteIndex(_ value: YAMLValue, _ id: String) -> Int? {
            guard let s = sites.firstIndex(where: { $0.id == id }) else { unknownSite(value, id); return nil }
            return s
        }

        // Referrals per site.
        var rates = Array(repeating: 0.0, count: sites.count)
        if let rv = reader.require(m, "referrals_per_week", in: v) {
            for e in reader.idEntries(rv) {
                guard let s = siteIndex(e.keyValue, e.key), let x = reader.double(e.value, 0...1000) else { continue }
                rates[s] = x
            }
            if rates.allSatisfy({ $0 == 0 }) { reader.problem(rv, "no site has referrals: give at least one site a rate above 0") }
        }

        // Need profiles.
        var needs: [SimulationSettings.NeedProfile] = []
        if let nv = reader.require(m, "needs", in: v), let items = reader.list(nv, limit: ScenarioLimits.needProfiles) {
            if items.isEmpty { reader.problem(nv, "give at least one need profile") }
            for item in items {
                guard let nm = reader.mapping(item, allowed: ["name", "weight", "assessment", "sessions"]) else { continue }
                let name = nm["name"].flatMap { reader.string($0) } ?? "need \(needs.count + 1)"
                let weight = nm["weight"].map { reader.double($0, 0...1_000_000) } ?? 1
                guard let av = reader.require(nm, "assessment", in: item), let aid = reader.identifier(av), let a = roleIndex(av, aid) else { continue }
                var counts = Array(repeating: 0, count: roles.count)
                var ok = true
                if let sv = nm["sessions"] {
                    for e in reader.idEntries(sv) {
                        guard let r = roleIndex(e.keyValue, e.key), let n = reader.int(e.value, 0...200) else { ok = false; continue }
                        counts[r] = n
                    }
                }
                guard ok, let w = weight else { continue }
                needs.append(.init(name: name, weight: w, assessment: a,
                                   sessions: roles.indices.filter { counts[$0] > 0 }.map { .init(role: $0, count: counts[$0]) }))
            }
            if !needs.isEmpty && needs.allSatisfy({ $0.weight == 0 }) { reader.problem(nv, "every need profile has weight 0") }
        }

        var settings = SimulationSettings(referralsPerWeek: rates, needs: needs, appointmentsPerSession: Array(repeating: 3, count: roles.count))
        if let x = m["service"], let s = reader.enumValue(x, SimulationSettings.Service.self) { settings.service = s }
        if let x = m["weeks"], let n = reader.int(x, 1...520) { settings.weeks = n }
        if let x = m["priorities"], let pm = reader.mapping(x, allowed: Priority.allCases.map(\.rawValue)) {
            var mix = [0.0, 0.0, 0.0]
            for p in Priority.allCases { if let y = pm[p.rawValue], let d = reader.double(y, 0...1) { mix[p.rank] = d } }
            let total = mix.reduce(0, +)
            if abs(total - 1) > 1e-6 { reader.problem(x, "the shares of urgent, high and routine referrals add up to \(total), not 1") }
            else { settings.priorityMix = mix }
        }
        if let x = m["appointments_per_session"] {
            var byRole: [Int: Int] = [:]
            for e in reader.idEntries(x) {
                guard let n = reader.int(e.value, 1...20) else { continue }
                if e.key == "default" { for r in roles.indices where byRole[r] == nil { settings.appointmentsPerSession[r] = n }; continue }
                guard let r = roles.firstIndex(where: { $0.id == e.key }) else { reader.problem(e.keyValue, "unknown role \"\(e.key)\""); continue }
                byRole[r] = n
            }
            for (r, n) in byRole { settings.appointmentsPerSession[r] = n }
        }
        if let x = m["appointment_hours"], let d = reader.double(x, 0.01...1000) { settings.appointmentHours = d }
        if let x = m["did_not_attend"], let d = reader.double(x, 0...0.95) { settings.didNotAttend = d }
        if let x = m["drop_out_per_week"], let d = reader.double(x, 0...1) { settings.dropOutPerWeek = d }
        if let x = m["sickness"], let sm = reader.mapping(x, allowed: ["share", "spell_days"]) {
            if let y = sm["share"], let d = reader.double(y, 0...0.5) { settings.sicknessShare = d }
            if let y = sm["spell_days"], let d = reader.double(y, 1...250) { settings.sicknessSpellDays = d }
        }
        if let x = m["leave_weeks_per_year"], let n = reader.int(x, 0...20) { settings.leaveWeeksPerYear = n }
        if let x = m["closures"], let items = reader.list(x, limit: ScenarioLimits.closures) {
            for item in items {
                guard let s = reader.string(item) else { continue }
                let parts = s.components(separatedBy: "..")
                guard (1...2).contains(parts.count), let a = CalendarDate(iso: parts[0].trimmed), let b = CalendarDate(iso: (parts.last ?? "").trimmed) else {
                    reader.problem(item, "expected a date or a date range like 2026-12-21..2027-01-01, found \"\(s)\""); continue
                }
                if b < a { reader.problem(item, "the range ends before it starts"); continue }
                settings.closures.append(.init(first: a, last: b))
            }
        }
        if let x = m["closed_week_referral_factor"], let d = reader.double(x, 0...10) { settings.closedWeekReferralFactor = d }
        if let x = m["weekly_referral_factors"], let items = reader.list(x, limit: ScenarioLimits.weeklyFactors) {
            settings.weeklyReferralFactors = items.compactMap { reader.double($0, 0...100) }
        }
        if let x = m["waiting_list"], let items = reader.list(x, limit: ScenarioLimits.waitingList) {
            for item in items {
                guard let wm = reader.mapping(item, allowed: ["site", "children", "oldest_weeks"]) else { continue }
                guard let sv = reader.require(wm, "site", in: item), let sid = reader.identifier(sv), let s = siteIndex(sv, sid),
                      let cv = reader.require(wm, "children", in: item), let n = reader.int(cv, 0...100_000) else { continue }
                let oldest = wm["oldest_weeks"].flatMap { reader.double($0, 0...520) } ?? 8
                settings.waitingList.append(.init(site: s, children: n, oldestWeeks: oldest))
            }
        }
        if let x = m["warm_up_weeks"], let n = reader.int(x, 0...520) { settings.warmUpWeeks = n }
        return settings
    }
}

private extension String {
    var trimmed: String { trimmingCharacters(in: .whitespaces) }
}
