import HubspokeSupport

extension Scenario {
    /// Where a field path was read: its own line, else the line of the nearest enclosing entry
    /// ("posts[2].sessions" given as `fte`: the line of posts[2]).
    func ref(_ path: String) -> SourceRef {
        var p = Substring(path)
        while fieldLines[String(p)] == nil, let cut = p.lastIndex(where: { $0 == "." || $0 == "[" }) { p = p[..<cut] }
        return SourceRef(file: source, line: fieldLines[String(p)], field: path)
    }

    /// The travel budget between a morning and a different afternoon site.
    public var lunchTravelMinutes: Int { rules.lunchTravelMinutes ?? sessionTimes.lunchMinutes }

    /// Whether `post` can work at all in `slot`: its pattern, no leave that day, and no bank holiday.
    public func isAvailable(_ post: Post, _ slot: Slot) -> Bool {
        post.works(slot.halfDay) && !post.isAbsent(on: date(of: slot), slot.half) && calendar.bankHolidays.holiday(on: date(of: slot)) == nil
    }

    /// The weeks (0-based) a demand item, pin or forbid applies to.
    package func weeksOf(_ week: Int?) -> [Int] { week.map { [$0 - 1] } ?? Array(0..<weeks) }

    /// Cross-checks references and rules; every problem is listed with its file, line and field.
    public func validate() -> [InputProblem] {
        var problems: [InputProblem] = []
        func add(_ path: String, _ message: String) { problems.append(ref(path).problem(message)) }
        if roles.isEmpty { add("roles", "the scenario has no roles") }
        if sites.isEmpty { add("sites", "the scenario has no sites") }
        if posts.isEmpty { add("posts", "the scenario has no posts") }
        // Everything else refers to roles, sites and posts: without them it would only repeat the cause.
        if !problems.isEmpty { return problems }
        if !(1...52).contains(weeks) { add("weeks", "\(weeks) weeks is out of range (1 to 52)") }
        if travel.minutes.count != sites.count || travel.minutes.contains(where: { $0.count != sites.count }) {
            add("travel", "the travel matrix is \(travel.minutes.count) rows for \(sites.count) sites")
            return problems
        }
        for i in sites.indices {
            for j in sites.indices where travel.minutes[i][j] != travel.minutes[j][i] || travel.minutes[i][j] < 0 || (i == j && travel.minutes[i][j] != 0) {
                add("travel", "inconsistent travel data between \(sites[i].id) and \(sites[j].id): \(travel.minutes[i][j]) and \(travel.minutes[j][i]) minutes")
            }
        }
        let index = IDIndex(self)
        var seen = Set<String>()
        for (i, s) in sites.enumerated() {
            if !seen.insert(s.id).inserted { add("sites[\(i)].id", "duplicate site id \"\(s.id)\"") }
            if s.kind == .pru {
                if let sp = s.spoke, index.site[sp].map({ sites[$0].kind == .spoke }) != true {
                    add("sites[\(i)].spoke", "\"\(sp)\" is not a spoke of this scenario")
                }
            }
        }
        seen = []
        for (i, r) in roles.enumerated() where !seen.insert(r.id).inserted { add("roles[\(i)].id", "duplicate role id \"\(r.id)\"") }
        problems += validatePosts(index)
        problems += validateDemand(index)
        problems += validateSessionRules()
        problems += validateCalendar()
        problems += validateLinks()
        problems += validatePreferences()
        problems += validateProtected()
        return problems
    }

    /// Sites and roles by id (the first of any id given twice), for checks over long lists.
    struct IDIndex {
        var site: [String: Int], roles: Set<String>
        init(_ s: Scenario) {
            site = Dictionary(s.sites.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
            roles = Set(s.roles.map(\.id))
        }
    }

    func validatePosts(_ index: IDIndex) -> [InputProblem] {
        var problems: [InputProblem] = []
        func add(_ path: String, _ message: String) { problems.append(ref(path).problem(message)) }
        var seen = Set<String>()
        for (i, p) in posts.enumerated() {
            let path = "posts[\(i)]"
            if !seen.insert(p.id).inserted { add("\(path).id", "duplicate post id \"\(p.id)\"") }
            if !index.roles.contains(p.role) { add("\(path).role", "unknown role \"\(p.role)\"") }
            if index.site[p.base] == nil { add("\(path).base", "unknown site \"\(p.base)\"") }
            if p.serves.isEmpty { add("\(path).serves", "\(p.id) may serve no site") }
            for s in p.serves where index.site[s] == nil { add("\(path).serves", "unknown site \"\(s)\"") }
            if p.pattern.count != 10 { add("\(path).pattern", "a pattern has 10 half-days, found \(p.pattern.count)"); continue }
            let worked = p.pattern.filter { $0 }.count
            if worked == 0 { add("\(path).pattern", "\(p.id) works no half-day") }
            if !(1...10).contains(p.sessionsPerWeek) { add("\(path).sessions", "\(p.sessionsPerWeek) sessions a week is out of range (1 to 10)") }
            else if p.sessionsPerWeek > worked {
                add("\(path).sessions", "\(p.id) is contracted for \(p.sessionsPerWeek) sessions but its pattern has only \(worked) half-days")
            }
            for (k, a) in p.absences.enumerated() where a.date.weekdayIndex >= 5 {
                add("\(path).leave[\(k)]", "\(a.date.iso) is a \(a.date.weekdayIndex == 5 ? "Saturday" : "Sunday"): leave is recorded on working days")
            }
        }
        return problems
    }

    /// Demand: its references, and whether any post could meet it (a post of the role may serve the
    /// site, and the site has a room).
    func validateDemand(_ index: IDIndex) -> [InputProblem] {
        var problems: [InputProblem] = []
        var servable = Set<String>()   // "role site"
        for p in posts { for s in p.serves { servable.insert("\(p.role) \(s)") } }
        for (i, d) in demand.enumerated() {
            let r = d.source ?? ref("demand[\(i)]")
            var ok = true
            if index.site[d.site] == nil { problems.append(r.problem("unknown site \"\(d.site)\"", field: "site")); ok = false }
            if !index.roles.contains(d.role) { problems.append(r.problem("unknown role \"\(d.role)\"", field: "role")); ok = false }
            if let w = d.week, w > weeks { problems.append(r.problem("week \(w) is beyond the \(weeks)-week horizon", field: "week")) }
            if d.sessions < 0 || d.sessions > 100 { problems.append(r.problem("\(d.sessions) sessions is out of range (0 to 100)", field: "sessions")) }
            guard ok, d.sessions > 0, let s = index.site[d.site] else { continue }
            if sites[s].rooms == 0 {
                problems.append(r.problem("demand for \(d.role) at \(d.site), but \(d.site) has no rooms (rooms: 0), so no session can be held there", field: "site"))
            } else if !servable.contains("\(d.role) \(d.site)") {
                problems.append(r.problem("demand for \(d.role) at \(d.site), but no \(d.role) post may serve \(d.site)", field: "role"))
            }
        }
        return problems
    }

    /// Pins and forbids: references, then conflicts with availability, eligibility, travel, contract and rooms.
    func validateSessionRules() -> [InputProblem] {
        var problems: [InputProblem] = []
        var usable: [(SessionRule, Int, Int, SourceRef)] = []  // rule, post index, site index
        for (kind, list) in [("pins", pins), ("forbid", forbids)] {
            for (i, rule) in list.enumerated() {
                let r = rule.source ?? ref("\(kind)[\(i)]")
                guard let p = postIndex(rule.post) else { problems.append(r.problem("unknown post \"\(rule.post)\"", field: "post")); continue }
                guard let s = siteIndex(rule.site) else { problems.append(r.problem("unknown site \"\(rule.site)\"", field: "site")); continue }
                if let w = rule.week, w > weeks { problems.append(r.problem("week \(w) is beyond the \(weeks)-week horizon", field: "week")); continue }
                if kind == "pins" { usable.append((rule, p, s, r)) }
            }
        }
        if !problems.isEmpty { return problems }
        var bySlot: [Int: [Slot: (Int, SessionRule, SourceRef)]] = [:]   // post -> slot -> site
        for (rule, p, s, r) in usable {
            let post = posts[p]
            if !post.serves.contains(rule.site) {
                problems.append(r.problem("pinned session conflicts with eligibility: \(post.id) may not serve \(rule.site)")); continue
            }
            if forbids.contains(where: { $0.post == rule.post && $0.site == rule.site && $0.weekday == rule.weekday && $0.half == rule.half && ($0.week == nil || rule.week == nil || $0.week == rule.week) }) {
                problems.append(r.problem("pin \(rule) conflicts with a forbid of the same session")); continue
            }
            for w in weeksOf(rule.week) {
                let slot = Slot(week: w, weekday: rule.weekday, half: rule.half)
                if !post.works(slot.halfDay) {
                    problems.append(r.problem("pin \(rule) conflicts with the working pattern of \(post.id), who does not work \(slot.halfDay)")); continue
                }
                if post.isAbsent(on: date(of: slot), slot.half) {
                    problems.append(r.problem("pin \(rule) conflicts with leave: \(post.id) is absent on \(date(of: slot).iso) \(slot.half.label)")); continue
                }
                if let other = bySlot[p]?[slot], other.0 != s {
                    problems.append(r.problem("pin \(rule) conflicts with pin \(other.1) (line \(other.2.line.map(String.init) ?? "?")): one place per post per session")); continue
                }
                bySlot[p, default: [:]][slot] = (s, rule, r)
            }
        }
        // Travel, sites per day, contract and rooms among pins.
        for p in bySlot.keys.sorted() {
            let slots = bySlot[p]!
            let post = posts[p]
            for (slot, am) in slots.sorted(by: { $0.key < $1.key }) where slot.half == .am {
                guard let pm = slots[Slot(week: slot.week, weekday: slot.weekday, half: .pm)], pm.0 != am.0 else { continue }
                if rules.maxSitesPerDay < 2 {
                    problems.append(am.2.problem("pins \(am.1) and \(pm.1) conflict with the rule of at most 1 site a day"))
                } else if travel[am.0, pm.0] > lunchTravelMinutes {
                    problems.append(am.2.problem("pins \(am.1) and \(pm.1) conflict with travel: \(travel[am.0, pm.0]) minutes between the sites, \(lunchTravelMinutes) allowed at lunch"))
                }
            }
            for w in 0..<weeks {
                let n = slots.keys.filter { $0.week == w }.count
                if n > post.sessionsPerWeek {
                    problems.append(slots.first!.value.2.problem("\(n) pinned sessions for \(post.id) in week \(w + 1) conflict with its contract of \(post.sessionsPerWeek) sessions"))
                }
            }
        }
        var roomUse: [Int: [Slot: [(post: String, ref: SourceRef)]]] = [:]
        for p in bySlot.keys.sorted() {
            for (slot, v) in bySlot[p]! { roomUse[v.0, default: [:]][slot, default: []].append((posts[p].id, v.2)) }
        }
        for s in roomUse.keys.sorted() {
            for (slot, uses) in roomUse[s]!.sorted(by: { $0.key < $1.key }) where uses.count > sites[s].rooms {
                // Named at the first pin, in file order, that the rooms cannot take.
                let byLine = uses.sorted { ($0.ref.line ?? 0, $0.post) < ($1.ref.line ?? 0, $1.post) }
                problems.append(byLine[sites[s].rooms].ref.problem(
                    "pins of \(byLine.map(\.post).joined(separator: ", ")) at \(sites[s].id) \(slot) conflict with its \(sites[s].rooms) room(s)"))
            }
        }
        return problems
    }
}

extension Scenario {
    /// A link names a PRU, a role and a post of that role that may serve the PRU; one link per PRU and role.
    func validateLinks() -> [InputProblem] {
        var problems: [InputProblem] = []
        var seen: [String: Int] = [:]
        for (i, link) in links.enumerated() {
            let r = link.source ?? ref("links[\(i)]")
            guard let site = sites.first(where: { $0.id == link.site }) else { problems.append(r.problem("unknown site \"\(link.site)\"", field: "site")); continue }
            if site.kind != .pru { problems.append(r.problem("\(link.site) is a \(site.kind.rawValue): links are for PRUs", field: "site")); continue }
            guard roles.contains(where: { $0.id == link.role }) else { problems.append(r.problem("unknown role \"\(link.role)\"", field: "role")); continue }
            guard let post = posts.first(where: { $0.id == link.post }) else { problems.append(r.problem("unknown post \"\(link.post)\"", field: "post")); continue }
            if post.role != link.role { problems.append(r.problem("\(post.id) is a \(post.role) post, not \(link.role)", field: "post")); continue }
            if !post.serves.contains(link.site) { problems.append(r.problem("link post \(post.id) may not serve \(link.site): a link post must be eligible for its PRU", field: "post")); continue }
            if let first = seen["\(link.site)|\(link.role)"] {
                problems.append(r.problem("\(link.site) has a \(link.role) link already (links[\(first)]): one link post per PRU and role", field: "site")); continue
            }
            seen["\(link.site)|\(link.role)"] = i
        }
        return problems
    }
}

extension Scenario {
    /// A preference names a post and, when it names a site, one the post may serve.
    func validatePreferences() -> [InputProblem] {
        preferences.enumerated().compactMap { i, pref in
            let r = pref.source ?? ref("preferences[\(i)]")
            guard let post = posts.first(where: { $0.id == pref.post }) else { return r.problem("unknown post \"\(pref.post)\"", field: "post") }
            if let site = pref.site {
                guard sites.contains(where: { $0.id == site }) else { return r.problem("unknown site \"\(site)\"", field: pref.kind.rawValue) }
                if pref.kind == .prefer && !post.serves.contains(site) {
                    return r.problem("\(post.id) may not serve \(site): a preference for it could never be met", field: pref.kind.rawValue)
                }
            }
            return nil
        }
    }
}
