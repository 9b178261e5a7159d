import HubspokeModel

extension ScenarioParser {
    /// `protected: {fixed: [...], flexible: [...]}` (references checked by validation):
    ///
    /// - fixed: `{name, site, day, half, every (weeks, 1), from (a date in the first week), roles, posts}`
    /// - flexible: `{name, sessions, weeks (1), roles, posts}`: at least `sessions` half-days at the
    ///   post's base in every `weeks` weeks.
    mutating func parseProtected(_ v: YAMLValue) -> ProtectedTime {
        guard let m = reader.mapping(v, allowed: ["fixed", "flexible"]) else { return ProtectedTime() }
        var out = ProtectedTime()
        if let fv = m["fixed"], let items = reader.list(fv, limit: ScenarioLimits.sessionRules) {
            out.fixed = items.compactMap { parseFixedCommitment($0) }
        }
        if let fv = m["flexible"], let items = reader.list(fv, limit: ScenarioLimits.sessionRules) {
            out.flexible = items.compactMap { parseFlexibleCommitment($0) }
        }
        return out
    }

    mutating func parseFixedCommitment(_ item: YAMLValue) -> FixedCommitment? {
        guard let m = reader.mapping(item, allowed: ["name", "site", "day", "half", "every", "from", "roles", "posts"]),
              let name = commitmentName(m, item), let site = reader.requiredIdentifier(m, "site", in: item),
              let dv = reader.require(m, "day", in: item), let day = weekday(dv),
              let hv = reader.require(m, "half", in: item), let half = half(hv) else { return nil }
        var every = 1
        if let ev = m["every"] { guard let n = reader.int(ev, 1...52) else { return nil }; every = n }
        var from: CalendarDate?
        if let fv = m["from"] { guard let d = reader.date(fv) else { return nil }; from = d }
        guard let members = commitmentMembers(m, item) else { return nil }
        return FixedCommitment(name: name, site: site, weekday: day, half: half, every: every, from: from, members: members, source: reader.source(of: item))
    }

    mutating func parseFlexibleCommitment(_ item: YAMLValue) -> FlexibleCommitment? {
        guard let m = reader.mapping(item, allowed: ["name", "sessions", "weeks", "roles", "posts"]),
              let name = commitmentName(m, item),
              let sv = reader.require(m, "sessions", in: item), let sessions = reader.int(sv, 1...100) else { return nil }
        var weeks = 1
        if let wv = m["weeks"] { guard let n = reader.int(wv, 1...52) else { return nil }; weeks = n }
        guard let members = commitmentMembers(m, item) else { return nil }
        return FlexibleCommitment(name: name, sessions: sessions, weeks: weeks, members: members, source: reader.source(of: item))
    }

    /// A commitment's `name`: required, shown in the grids.
    private mutating func commitmentName(_ m: [String: YAMLValue], _ item: YAMLValue) -> String? {
        guard let v = reader.require(m, "name", in: item), let name = reader.string(v) else { return nil }
        guard !name.isEmpty, name.count <= 60, !name.contains(where: { $0.isNewline || $0 == "," }) else {
            reader.problem(v, "a commitment's name is 1 to 60 characters on one line, without commas"); return nil
        }
        return name
    }

    /// `roles` and `posts`: lists of ids, at least one of them not empty.
    private mutating func commitmentMembers(_ m: [String: YAMLValue], _ item: YAMLValue) -> CommitmentMembers? {
        var members = CommitmentMembers()
        for key in ["roles", "posts"] {
            guard let v = m[key] else { continue }
            guard let items = reader.list(v, limit: ScenarioLimits.sessionRules) else { return nil }
            let ids = items.compactMap { reader.identifier($0) }
            guard ids.count == items.count else { return nil }
            if key == "roles" { members.roles = ids } else { members.posts = ids }
        }
        if members.roles.isEmpty && members.posts.isEmpty {
            reader.problem(item, field: "\(item.path).roles", "name the roles and/or posts the commitment is for"); return nil
        }
        return members
    }

    private mutating func weekday(_ v: YAMLValue) -> Weekday? {
        guard let s = reader.string(v) else { return nil }
        guard let d = Weekday(key: s), s.count >= 3 else { reader.problem(v, "\"\(s)\" is not a weekday (mon to fri)"); return nil }
        return d
    }

    private mutating func half(_ v: YAMLValue) -> Half? {
        guard let s = reader.string(v) else { return nil }
        guard let h = Half(key: s) else { reader.problem(v, "\"\(s)\" is not am or pm"); return nil }
        return h
    }
}
