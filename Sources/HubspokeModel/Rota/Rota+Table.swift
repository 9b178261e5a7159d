import HubspokeSupport

extension Rota {
    /// The rota for people: a grid per site and per post (days by morning and afternoon) for each
    /// week, then unmet demand with its reason, the objective term by term and the solver status.
    public func table(scenario sc: Scenario) -> String {
        var out: [String] = []
        let end = startDate.adding(days: (weeks - 1) * 7 + 4)
        out.append(scenario)
        out.append("Rota for \(weeks) week\(weeks == 1 ? "" : "s"): \(longDate(startDate)) to \(longDate(end))")
        out.append("Solver: \(solverLine)")
        var byPostSlot: [String: [String: String]] = [:]   // post -> "w|d|h" -> site
        var bySiteSlot: [String: [String: [String]]] = [:] // site -> key -> posts
        for a in assignments {
            let key = "\(a.week)|\(a.day.rawValue)|\(a.half.rawValue)"
            byPostSlot[a.post, default: [:]][key] = a.site
            bySiteSlot[a.site, default: [:]][key, default: []].append(a.post)
        }
        let protectedAt = protectedByPost, protectedHere = protectedBySite
        for week in 1...weeks {
            let monday = startDate.adding(days: (week - 1) * 7)
            let header = [""] + Weekday.allCases.map { d -> String in let date = monday.adding(days: d.rawValue); return "\(d.short) \(date.day) \(monthNames[date.month - 1])" }
            out.append("")
            out.append("== Sites, week \(week) (\(longDate(monday))) ==")
            for site in sc.sites {
                let t = weekGrid(header) { d, half in
                    var posts = (bySiteSlot[site.id]?["\(week)|\(d.rawValue)|\(half.rawValue)"] ?? []).joined(separator: " ")
                    if let here = protectedHere[site.id]?[Slot(week: week - 1, weekday: d, half: half)] {
                        posts += (posts.isEmpty ? "" : " + ") + Rota.protectedCell(here)
                    }
                    if posts.isEmpty, let closure = sc.dayStatus(of: site, Slot(week: week - 1, weekday: d, half: half)).closure {
                        return closure.kind == .bankHoliday ? "bank holiday" : closure.reason
                    }
                    return posts.isEmpty ? "-" : posts
                }
                out.append("")
                out.append("\(site.id)  \(site.name)\(site.town.map { site.name.contains($0) ? "" : " (\($0))" } ?? ""), \(site.kind.rawValue), \(site.rooms) room\(site.rooms == 1 ? "" : "s")")
                out.append(t.render(indent: "  "))
            }
            out.append("")
            out.append("== Posts, week \(week) ==")
            for post in sc.posts {
                let t = weekGrid(header) { d, half in
                    let slot = Slot(week: week - 1, weekday: d, half: half)
                    if let s = byPostSlot[post.id]?["\(week)|\(d.rawValue)|\(half.rawValue)"] { return s }
                    if let p = protectedAt[post.id]?[slot] { return p.commitment }
                    if sc.calendar.bankHolidays.holiday(on: sc.date(of: slot)) != nil { return "bank holiday" }
                    return sc.isAvailable(post, slot) ? "-" : (post.works(slot.halfDay) ? "leave" : "off")
                }
                let planned = assignments.filter { $0.post == post.id && $0.week == week }.count
                let kept = protectedAt[post.id]?.keys.filter { $0.week == week - 1 }.count ?? 0
                let role = sc.roles.first { $0.id == post.role }?.name ?? post.role
                out.append("")
                out.append("\(post.id)  \(post.name.map { "\($0), " } ?? "")\(role), base \(post.base): \(planned) of \(post.sessionsPerWeek) contracted sessions"
                           + (kept > 0 ? ", \(kept) protected" : ""))
                out.append(t.render(indent: "  "))
            }
        }
        out.append("")
        out.append(travelTable)
        out.append("")
        out.append("== Unmet demand ==")
        if unmet.isEmpty {
            out.append("none: every requested session is planned")
        } else {
            var t = TextTable()
            t.rightAligned = [2, 4]
            t.add(["site", "role", "week", "priority", "sessions", "reason"])
            for u in unmet { t.add([u.site, u.role, "\(u.week)", u.priority.rawValue, "\(u.sessions)", u.reason.rawValue]) }
            out.append(t.render())
            let total = unmet.reduce(0) { $0 + $1.sessions }
            let requested = coverage.reduce(0) { $0 + $1.requested }
            out.append("\(total) of \(requested) requested sessions unmet")
        }
        out += closedLines(scenario: sc)
        out += linkLines
        out += preferenceLines
        out += protectedLines(scenario: sc)
        out += ["", "== Objective (minimised) ==", objectiveTable, ""]
        return TerminalText.escaped(out.joined(separator: "\n"))
    }

    /// The objective term by term, and its total.
    var objectiveTable: String {
        var ot = TextTable()
        ot.rightAligned = [1, 3, 4]
        ot.add(["term", "quantity", "unit", "weight", "penalty"])
        for term in objective.terms {
            ot.add([term.name, fixed(term.quantity, term.quantity.rounded() == term.quantity ? 0 : 1), term.unit, fixed(term.weight, 2), fixed(term.penalty, 2)])
        }
        ot.add(["total", "", "", "", fixed(objective.total, 2)])
        return ot.render()
    }

    /// Travel per post over the whole horizon, under its heading.
    var travelTable: String {
        var tt = TextTable()
        tt.rightAligned = [2, 3, 4, 5]
        tt.add(["post", "role", "planned", "available", "minutes", "miles"])
        for p in posts { tt.add([p.post, p.role, "\(p.planned)", "\(p.available)", "\(p.travelMinutes)", fixed(p.travelMiles, 1)]) }
        return "== Travel by post (whole horizon) ==\n" + tt.render()
    }

    /// Per PRU and role with a link post: the sessions, the share the link post gave, and the
    /// number of different posts that came.
    var linkLines: [String] {
        guard let links, !links.isEmpty else { return [] }
        var t = TextTable()
        t.rightAligned = [3, 4, 5, 6]
        t.add(["site", "role", "link post", "sessions", "by link", "share", "posts"])
        for l in links {
            t.add([l.site, l.role, l.post, "\(l.sessions)", "\(l.byLink)", l.sessions == 0 ? "-" : "\(Int((l.share * 100).rounded()))%", "\(l.posts)"])
        }
        return ["", "== Link posts ==", t.render()]
    }

    /// Each staff preference, satisfied or broken, by post.
    var preferenceLines: [String] {
        guard let preferences, !preferences.isEmpty else { return [] }
        var t = TextTable()
        t.rightAligned = [3, 4]
        t.add(["post", "kind", "names", "weight", "sessions", "outcome"])
        for p in preferences { t.add([p.post, p.kind, p.what, fixed(p.weight, 2), "\(p.sessions)", p.outcome]) }
        return ["", "== Staff preferences ==", t.render()]
    }

    /// The demand set aside at sites closed all week, by site and week, and the closed days.
    func closedLines(scenario sc: Scenario) -> [String] {
        var out: [String] = []
        if let closedDemand, !closedDemand.isEmpty {
            out.append("")
            out.append("== Closed: requested sessions not planned (not unmet) ==")
            var ct = TextTable()
            ct.rightAligned = [1, 2]
            ct.add(["site", "week", "sessions", "by role", "reason"])
            var groups: [(site: String, week: Int, items: [ClosedDemand])] = []
            for c in closedDemand {
                if let i = groups.firstIndex(where: { $0.site == c.site && $0.week == c.week }) { groups[i].items.append(c) }
                else { groups.append((c.site, c.week, [c])) }
            }
            for g in groups.sorted(by: { ($0.week, sc.siteIndex($0.site) ?? 0) < ($1.week, sc.siteIndex($1.site) ?? 0) }) {
                let roles = sc.roles.compactMap { r -> String? in
                    let n = g.items.filter { $0.role == r.id }.reduce(0) { $0 + $1.sessions }
                    return n > 0 ? "\(r.id) \(n)" : nil
                }
                ct.add([g.site, "\(g.week)", "\(g.items.reduce(0) { $0 + $1.sessions })", roles.joined(separator: ", "), g.items.first?.reason ?? ""])
            }
            out.append(ct.render())
        }
        if let closures, !closures.isEmpty {
            out.append("")
            out.append("== Closed days ==")
            for line in Self.closureLines(closures, sites: sc.sites.map(\.id)) { out.append(line) }
        }
        return out
    }

    /// Closed days as lines, the days of one closure at one site run together:
    /// "Fri 25 Dec 2026: every site: bank holiday: Christmas Day", "PRU-DOV: Mon 21 Dec 2026 to Thu 24 Dec 2026: PRU closed: Christmas holiday".
    public static func closureLines(_ closures: [DayClosure], sites: [String]) -> [String] {
        var lines: [String] = []
        let byDate = Dictionary(grouping: closures, by: \.date)
        let everywhere = Set(byDate.filter { $0.value.count == sites.count && Set($0.value.map(\.label)).count == 1 }.keys)
        for date in everywhere.sorted() { lines.append("\(longDate(date)): every site: \(byDate[date]?.first?.label ?? "")") }
        for site in sites {
            var runs: [(first: CalendarDate, last: CalendarDate, label: String)] = []
            for c in closures where c.site == site && !everywhere.contains(c.date) {
                // A run goes on over weekends and the days closed everywhere (listed on their own).
                let bridged = { (last: CalendarDate) in
                    (last.dayNumber + 1..<c.date.dayNumber).allSatisfy { d in
                        let day = CalendarDate(dayNumber: d)
                        return day.weekdayIndex >= 5 || everywhere.contains(day)
                    }
                }
                if let last = runs.last, last.label == c.label, bridged(last.last) { runs[runs.count - 1].last = c.date }
                else { runs.append((c.date, c.date, c.label)) }
            }
            for r in runs { lines.append("\(site): \(longDate(r.first))\(r.first == r.last ? "" : " to \(longDate(r.last))"): \(r.label)") }
        }
        return lines
    }

    /// A week as a grid: days across, morning and afternoon down.
    private func weekGrid(_ header: [String], cell: (Weekday, Half) -> String) -> TextTable {
        var t = TextTable()
        t.add(header)
        for half in Half.allCases { t.add([half.label] + Weekday.allCases.map { cell($0, half) }) }
        return t
    }

    public var solverLine: String {
        var parts = [solver.statusWords]
        if let o = solver.objective { parts.append("objective \(fixed(o, 2))") }
        if let b = solver.bestBound { parts.append("bound \(fixed(b, 2))") }
        if let g = solver.gap { parts.append("gap \(fixed(g * 100, 2))%") }
        parts.append("\(solver.parts) part\(solver.parts == 1 ? "" : "s") in \(solver.rounds) round\(solver.rounds == 1 ? "" : "s"), \(solver.variables) variables, \(solver.constraints) constraints")
        return parts.joined(separator: "; ")
    }
}

private let monthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
private let dayNames = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]

public func longDate(_ d: CalendarDate) -> String { "\(dayNames[d.weekdayIndex]) \(d.day) \(monthNames[d.month - 1]) \(d.year)" }

extension RotaStopReason {
    /// What stopped the solver, in words ("stopped by the time limit").
    public var label: String {
        switch self {
        case .timeLimit: "the time limit"
        case .gapLimit: "the gap limit"
        case .nodeLimit: "the node limit"
        case .interrupted: "request"
        case .stepLimit: "the joint search's step limit"
        case .patienceLimit: "the joint search's patience limit"
        case .passLimit: "the week search's passes"
        case .roomSharing: "room sharing"
        }
    }

    /// The rule in a status line: "stopped by the node limit"; room sharing ends no search, it
    /// only leaves a rota without a bound it meets.
    public var words: String {
        self == .roomSharing ? "rooms shared role by role, no bound met" : "stopped by \(label)"
    }
}
