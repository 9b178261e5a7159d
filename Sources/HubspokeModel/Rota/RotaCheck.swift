/// A hard rule a rota breaks, with the session where it breaks it.
public struct RuleBreach: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The hard rules of a rota, in the order a report lists them.
    public enum Rule: String, Sendable, CaseIterable, Comparable {
        case role = "role", eligibility = "eligibility", pattern = "working pattern", leave = "leave"
        case bankHoliday = "bank holiday", closed = "site closed", twoPlaces = "one place per session"
        case forbidden = "forbid", pin = "pin", rooms = "rooms", contract = "contract"
        case sitesPerDay = "sites per day", travel = "travel", minimumPresence = "minimum presence"
        case protectedTime = "protected time"
        public static func < (a: Rule, b: Rule) -> Bool {
            (allCases.firstIndex(of: a) ?? 0) < (allCases.firstIndex(of: b) ?? 0)
        }
    }
    public var rule: Rule
    public var post: String?
    public var site: String?
    public var date: CalendarDate?
    public var half: Half?
    public var message: String

    public static func < (a: RuleBreach, b: RuleBreach) -> Bool {
        (a.date?.dayNumber ?? Int.max, a.half?.rawValue ?? 2, a.post ?? "", a.site ?? "", a.rule, a.message)
            < (b.date?.dayNumber ?? Int.max, b.half?.rawValue ?? 2, b.post ?? "", b.site ?? "", b.rule, b.message)
    }
    public var description: String {
        let session = [post, site, date?.iso, half?.label].compactMap { $0 }.joined(separator: " ")
        return "\(rule.rawValue): \(session.isEmpty ? "" : session + ": ")\(message)"
    }
}

extension Scenario {
    /// Every hard rule the sessions break, sorted by date, half, post and site: a post's role,
    /// eligibility, pattern and leave, bank holidays and closed sites, one place per session,
    /// forbids and pins, rooms, contracts, sites per day and the lunchtime drive, minimum presence.
    /// Sessions naming an unknown post or site, or a date outside the horizon, are for the reader
    /// to refuse before this is asked.
    public func breaches(of sessions: [Assignment]) -> [RuleBreach] {
        var found: [RuleBreach] = []
        var place: [PostSlot: [String]] = [:]
        for a in sessions.sorted() {
            guard let post = posts.first(where: { $0.id == a.post }), let site = sites.first(where: { $0.id == a.site }) else { continue }
            found += sessionBreaches(a, post: post, site: site)
            place[PostSlot(post: a.post, date: a.date, half: a.half), default: []].append(a.site)
        }
        found += placeBreaches(place, sessions: sessions)
        found += pinBreaches(place)
        found += minimumPresenceBreaches(sessions)
        return found.sorted()
    }

    /// The 0-based week of the horizon a date falls in.
    private func week(of date: CalendarDate) -> Int { (date.dayNumber - startDate.dayNumber) / 7 }

    private struct PostSlot: Hashable { var post: String; var date: CalendarDate; var half: Half }

    private func sessionBreaches(_ a: Assignment, post: Post, site: Site) -> [RuleBreach] {
        func breach(_ rule: RuleBreach.Rule, _ message: String) -> RuleBreach {
            RuleBreach(rule: rule, post: a.post, site: a.site, date: a.date, half: a.half, message: message)
        }
        var out: [RuleBreach] = []
        if a.role != post.role { out.append(breach(.role, "\(a.post) is a \(post.role) post, not \(a.role)")) }
        if !post.serves.contains(site.id) { out.append(breach(.eligibility, "\(a.post) may not serve \(site.id)")) }
        if !post.works(HalfDay(Weekday.allCases[a.date.weekdayIndex], a.half)) { out.append(breach(.pattern, "\(a.post) does not work then")) }
        if post.isAbsent(on: a.date, a.half) { out.append(breach(.leave, "\(a.post) is on leave")) }
        let status = calendar.status(of: site.id, kind: site.kind, on: a.date)
        if let closure = status.closure {
            out.append(closure.kind == .bankHoliday ? breach(.bankHoliday, "no post works on a bank holiday (\(closure.reason))")
                                                    : breach(.closed, "\(site.id) is closed (\(closure.label))"))
        }
        let weekday = Weekday.allCases[a.date.weekdayIndex]
        let week = self.week(of: a.date) + 1
        if forbids.contains(where: { $0.post == a.post && $0.site == a.site && $0.weekday == weekday && $0.half == a.half && ($0.week == nil || $0.week == week) }) {
            out.append(breach(.forbidden, "\(a.post) is forbidden at \(a.site) then"))
        }
        return out
    }

    /// One place per session, rooms, contracts, sites per day and the drive between them.
    private func placeBreaches(_ place: [PostSlot: [String]], sessions: [Assignment]) -> [RuleBreach] {
        var out: [RuleBreach] = []
        let keys = place.keys.sorted { ($0.date, $0.half.rawValue, $0.post) < ($1.date, $1.half.rawValue, $1.post) }
        for key in keys {
            guard let at = place[key], at.count > 1 else { continue }
            out.append(RuleBreach(rule: .twoPlaces, post: key.post, site: nil, date: key.date, half: key.half, message: "at \(at.count) sites: \(at.joined(separator: ", "))"))
        }
        var inRoom: [String: Int] = [:]
        for a in sessions { inRoom["\(a.site)|\(a.date.iso)|\(a.half.key)", default: 0] += 1 }
        for slot in slots {
            let date = self.date(of: slot)
            for site in sites {
                let n = inRoom["\(site.id)|\(date.iso)|\(slot.half.key)"] ?? 0
                if n > site.rooms { out.append(RuleBreach(rule: .rooms, post: nil, site: site.id, date: date, half: slot.half, message: "\(n) posts for \(site.rooms) room(s)")) }
            }
        }
        var perWeek: [String: Int] = [:]   // post|week, counted once
        for a in sessions { perWeek["\(a.post)|\(week(of: a.date))", default: 0] += 1 }
        for post in posts {
            for week in 0..<weeks {
                let first = startDate.adding(days: 7 * week)
                let n = perWeek["\(post.id)|\(week)"] ?? 0
                if n > post.sessionsPerWeek {
                    out.append(RuleBreach(rule: .contract, post: post.id, site: nil, date: first, half: nil, message: "\(n) sessions in week \(week + 1), contract \(post.sessionsPerWeek)"))
                }
            }
            for day in 0..<(weeks * 7) {
                let date = startDate.adding(days: day)
                guard let am = place[PostSlot(post: post.id, date: date, half: .am)]?.first,
                      let pm = place[PostSlot(post: post.id, date: date, half: .pm)]?.first, am != pm,
                      let a = siteIndex(am), let b = siteIndex(pm) else { continue }
                if rules.maxSitesPerDay < 2 {
                    out.append(RuleBreach(rule: .sitesPerDay, post: post.id, site: pm, date: date, half: .pm, message: "two sites in a day (\(am), \(pm)); the rules allow one"))
                } else if travel[a, b] > lunchTravelMinutes {
                    out.append(RuleBreach(rule: .travel, post: post.id, site: pm, date: date, half: .pm, message: "\(travel[a, b]) minutes from \(am) to \(pm), more than the \(lunchTravelMinutes) allowed"))
                }
            }
        }
        return out
    }

    private func pinBreaches(_ place: [PostSlot: [String]]) -> [RuleBreach] {
        var out: [RuleBreach] = []
        for pin in pins {
            for w in weeksOf(pin.week) where w < weeks {
                let date = self.date(of: Slot(week: w, weekday: pin.weekday, half: pin.half))
                if place[PostSlot(post: pin.post, date: date, half: pin.half)]?.contains(pin.site) != true {
                    out.append(RuleBreach(rule: .pin, post: pin.post, site: pin.site, date: date, half: pin.half, message: "pinned at \(pin.site), not there"))
                }
            }
        }
        return out
    }

    private func minimumPresenceBreaches(_ sessions: [Assignment]) -> [RuleBreach] {
        guard let mp = rules.minimumPresence, weeks >= mp.weeks else { return [] }
        var out: [RuleBreach] = []
        var perWeek: [String: Int] = [:]   // site|role|week, counted once
        for a in sessions { perWeek["\(a.site)|\(a.role)|\(week(of: a.date))", default: 0] += 1 }
        // site|role|week with sessions requested (a request without a week asks every week).
        var asked = Set<String>()
        for d in demand where d.sessions > 0 {
            for w in weeksOf(d.week) { asked.insert("\(d.site)|\(d.role)|\(w)") }
        }
        for start in 0...(weeks - mp.weeks) {
            let window = (start + 1)...(start + mp.weeks)
            let first = startDate.adding(days: 7 * start)
            for site in sites where site.kind == .pru {
                for role in roles where (start..<(start + mp.weeks)).contains(where: { asked.contains("\(site.id)|\(role.id)|\($0)") }) {
                    let n = (start..<(start + mp.weeks)).reduce(0) { $0 + (perWeek["\(site.id)|\(role.id)|\($1)"] ?? 0) }
                    if n < mp.sessions {
                        out.append(RuleBreach(rule: .minimumPresence, post: nil, site: site.id, date: first, half: nil,
                                              message: "\(n) \(role.id) session(s) in weeks \(window.lowerBound) to \(window.upperBound), at least \(mp.sessions) needed"))
                    }
                }
            }
        }
        return out
    }
}
