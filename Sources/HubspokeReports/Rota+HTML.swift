import HubspokeSupport
import HubspokeModel

extension Rota {
    /// The rota as one self-contained HTML page: a summary (coverage chart, unmet demand with its
    /// reasons, travel per post, the objective term by term, the solver status), then one section
    /// per site and one per post with the week's grid (days across, AM and PM down). In print,
    /// each site and each post starts a new page. The same rota gives the same bytes.
    public func html(scenario: Scenario) -> String {
        RotaPage(rota: self, scenario: scenario).document.render()
    }

    /// Parts of that page for the web service's pages: the summary (when asked for), then the grids
    /// of the given sites (with their unmet demand and its reasons) and posts, in scenario order.
    package func htmlParts(scenario: Scenario, summary: Bool, sites: Set<String>, posts: Set<String>) -> [HTML] {
        var page = RotaPage(rota: self, scenario: scenario)
        // Only the sections on the page are linked to: a specialist's page has no site sections,
        // a PRU lead's no post sections.
        page.linked = (sites: sites, posts: posts)
        return (summary ? [page.summary] : []) + scenario.sites.filter { sites.contains($0.id) }.map(page.sitePage)
            + scenario.posts.filter { posts.contains($0.id) }.map(page.postPage)
    }
}

/// Builds the HTML rota; one method per part of the page.
struct RotaPage {
    let rota: Rota
    let sc: Scenario
    private let bySiteSlot: [String: [Slot: [Assignment]]]
    private let byPostSlot: [String: [Slot: Assignment]]
    private let protectedByPost: [String: [Slot: ProtectedSession]]
    private let protectedBySite: [String: [Slot: [(commitment: String, posts: [String])]]]
    /// The sites and posts whose sections are on the page, where not all are (`Rota.htmlParts`):
    /// names of the others are plain text, not links to nothing.
    var linked: (sites: Set<String>, posts: Set<String>)?

    init(rota: Rota, scenario: Scenario) {
        self.rota = rota; self.sc = scenario
        var sites: [String: [Slot: [Assignment]]] = [:], posts: [String: [Slot: Assignment]] = [:]
        for a in rota.assignments {
            let slot = Slot(week: a.week - 1, weekday: a.day, half: a.half)
            sites[a.site, default: [:]][slot, default: []].append(a)
            posts[a.post, default: [:]][slot] = a
        }
        bySiteSlot = sites; byPostSlot = posts
        protectedByPost = rota.protectedByPost; protectedBySite = rota.protectedBySite
    }

    var firstDay: CalendarDate { rota.startDate }
    var lastDay: CalendarDate { rota.startDate.adding(days: (rota.weeks - 1) * 7 + 4) }
    func monday(_ week: Int) -> CalendarDate { rota.startDate.adding(days: (week - 1) * 7) }
    var unmetTotal: Int { rota.unmet.reduce(0) { $0 + $1.sessions } }
    var requestedTotal: Int { rota.coverage.reduce(0) { $0 + $1.requested } }

    var document: HTMLDocument {
        HTMLDocument(title: "Rota: \(rota.scenario), \(longDate(firstDay)) to \(longDate(lastDay))", body: [
            header, contents,
            HTML.el("main") {
                summary
                for site in sc.sites { sitePage(site) }
                for post in sc.posts { postPage(post) }
            },
        ])
    }

    var header: HTML {
        HTML.el("header") {
            HTML.el("h1", text: "Rota: \(rota.scenario)")
            HTML.el("p", text: "\(rota.weeks) week\(rota.weeks == 1 ? "" : "s"), \(longDate(firstDay)) to \(longDate(lastDay)). "
                    + "Sessions: \(sc.sessionLabel(.am)) and \(sc.sessionLabel(.pm)).")
            HTML.el("p", ["class": "status"], text: "Solver: \(rota.solverLine)")
        }
    }

    var contents: HTML {
        HTML.el("nav", ["aria-label": "Contents"]) {
            HTML.el("h2", text: "Contents")
            HTML.el("ul") {
                for (id, title) in [("summary", "Summary"), ("unmet", "Unmet demand"), ("travel", "Travel by post"),
                                    ("objective", "Objective"), ("solver", "Solver")] {
                    HTML.el("li") { HTML.el("a", ["href": "#\(id)"], text: title) }
                }
            }
            HTML.el("h3", text: "Sites")
            HTML.el("ul") {
                for s in sc.sites { HTML.el("li") { HTML.el("a", ["href": "#site-\(s.id)"], text: "\(s.id): \(s.name)") } }
            }
            HTML.el("h3", text: "Posts")
            HTML.el("ul") {
                for p in sc.posts { HTML.el("li") { HTML.el("a", ["href": "#post-\(p.id)"], text: "\(p.id): \(sc.roleName(p.role))") } }
            }
        }
    }

    // MARK: Summary

    var summary: HTML {
        HTML.el("section", ["class": "page", "id": "summary", "aria-labelledby": "summary-h"]) {
            HTML.el("h2", ["id": "summary-h"], text: "Summary")
            HTML.el("p", text: "\(requestedTotal - unmetTotal) of \(requestedTotal) requested sessions planned; "
                    + (unmetTotal == 0 ? "every requested session is planned." : "\(unmetTotal) unmet."))
            coverageFigure
            unmetSection
            closedSection
            travelTable
            objectiveTable
            solverTable
        }
    }

    var coverageFigure: HTML {
        let sites = sc.sites.filter { s in rota.coverage.contains { $0.site == s.id && $0.requested > 0 } || bySiteSlot[s.id] != nil }
        let requested = sites.map { s in rota.coverage.filter { $0.site == s.id }.reduce(0) { $0 + $1.requested } }
        let planned = sites.map { s in bySiteSlot[s.id]?.values.reduce(0) { $0 + $1.count } ?? 0 }
        let unmet = sites.map { s in rota.unmet.filter { $0.site == s.id }.reduce(0) { $0 + $1.sessions } }
        let chart = BarChart(
            title: "Requested and planned sessions by site",
            summary: "For each site, the sessions requested over the horizon and the sessions planned. "
                + "\(requestedTotal - unmetTotal) of \(requestedTotal) requested sessions are planned.",
            categories: sites.map(\.id),
            series: [.init("requested", values: requested.map(Double.init)), .init("planned", values: planned.map(Double.init))],
            unit: "sessions")
        let table = DataTable(
            caption: "Sessions by site",
            columns: [.init("Site"), .init("Requested", numeric: true), .init("Planned", numeric: true), .init("Unmet", numeric: true)],
            rows: sites.indices.map { i in
                DataTable.Row([siteLink(sites[i]), .text("\(requested[i])"), .text("\(planned[i])"), .text("\(unmet[i])")],
                              cssClass: unmet[i] > 0 ? "unmet" : nil)
            },
            footer: [DataTable.Row(texts: ["Total", "\(requested.reduce(0, +))", "\(planned.reduce(0, +))", "\(unmet.reduce(0, +))"])])
        return Figure(caption: "Requested and planned sessions by site", chart: chart, table: table).html(id: "coverage")
    }

    /// Demand of sites closed all week (not unmet) and the horizon's closed days, when there are any.
    var closedSection: HTML {
        var parts: [HTML] = []
        if let closed = rota.closedDemand, !closed.isEmpty {
            parts.append(HTML.el("h3", ["id": "closed"], text: "Closed: requested sessions not planned (not unmet)"))
            parts.append(DataTable(caption: "Sessions requested of sites closed all week, with the closure",
                                   columns: [.init("Site"), .init("Role"), .init("Week", numeric: true), .init("Priority"),
                                             .init("Sessions", numeric: true), .init("Reason")],
                                   rows: closed.map { c in
                                       DataTable.Row([siteLink(site(c.site)), .text(sc.roleName(c.role)), .text("\(c.week)"), .text(c.priority.rawValue),
                                                      .text("\(c.sessions)"), .text(c.reason)])
                                   }).html)
        }
        if let links = rota.links, !links.isEmpty {
            parts.append(HTML.el("h3", ["id": "links"], text: "Link posts"))
            parts.append(DataTable(caption: "Sessions of each PRU's link post, by role, over the horizon",
                                   columns: [.init("Site"), .init("Role"), .init("Link post"), .init("Sessions", numeric: true),
                                             .init("By the link post", numeric: true), .init("Share", numeric: true), .init("Posts", numeric: true)],
                                   rows: links.map { l in
                                       DataTable.Row(texts: [l.site, sc.roleName(l.role), l.post, "\(l.sessions)", "\(l.byLink)",
                                                             l.sessions == 0 ? "—" : "\(Int((l.share * 100).rounded()))%", "\(l.posts)"])
                                   }).html)
        }
        if let preferences = rota.preferences, !preferences.isEmpty {
            parts.append(HTML.el("h3", ["id": "preferences"], text: "Staff preferences"))
            parts.append(DataTable(caption: "Each post's preferences: the sessions they name, satisfied or broken",
                                   columns: [.init("Post"), .init("Kind"), .init("Names"), .init("Weight", numeric: true),
                                             .init("Sessions", numeric: true), .init("Outcome")],
                                   rows: preferences.map { p in
                                       DataTable.Row(texts: [p.post, p.kind, p.what, fixed(p.weight, 2), "\(p.sessions)", p.outcome])
                                   }).html)
        }
        if rota.protected != nil { parts.append(protectedSection) }
        if let closures = rota.closures, !closures.isEmpty {
            parts.append(HTML.el("h3", ["id": "closed-days"], text: "Closed days"))
            parts.append(HTML.el("ul", ["class": "closed-days"]) {
                for line in Rota.closureLines(closures, sites: sc.sites.map(\.id)) { HTML.el("li", text: line) }
            })
        }
        return HTML.group(parts)
    }

    /// Protected half-days per post and commitment, and the occurrences dropped with why.
    var protectedSection: HTML {
        HTML.group([
            HTML.el("h3", ["id": "protected"], text: "Protected time"),
            DataTable(caption: "Protected half-days of each post over the horizon, by commitment",
                      columns: [.init("Post"), .init("Commitment"), .init("Kind"), .init("Sessions", numeric: true)],
                      rows: rota.protectedSummary(scenario: sc).map { DataTable.Row(texts: [$0.post, $0.commitment, $0.kind, "\($0.sessions)"]) }).html,
            HTML.el("ul", ["class": "protected-notes"]) { for note in rota.protectedNotes ?? [] { HTML.el("li", text: note) } },
        ])
    }

    func site(_ id: String) -> Site { sc.sites.first { $0.id == id } ?? Site(id: id, name: id, kind: .pru, rooms: 0) }

    var unmetSection: HTML {
        HTML.group([
            HTML.el("h3", ["id": "unmet"], text: "Unmet demand"),
            rota.unmet.isEmpty
                ? HTML.el("p", text: "None: every requested session is planned.")
                : HTML.group([
                    DataTable(
                        caption: "\(unmetTotal) of \(requestedTotal) requested sessions unmet, with the reason",
                        columns: [.init("Site"), .init("Role"), .init("Week", numeric: true), .init("Priority"),
                                  .init("Sessions", numeric: true), .init("Reason")],
                        rows: rota.unmet.map { u in
                            DataTable.Row([sc.sites.first { $0.id == u.site }.map(siteLink) ?? .text(u.site), .text(sc.roleName(u.role)),
                                           .text("\(u.week)"), .text(u.priority.rawValue), .text("\(u.sessions)"), .text(u.reason.rawValue)],
                                          cssClass: "unmet")
                        },
                        cssClass: "unmet-table").html,
                    HTML.el("dl", ["class": "reasons"]) {
                        for r in UnmetReason.allCases where rota.unmet.contains(where: { $0.reason == r }) {
                            HTML.el("dt", text: r.rawValue)
                            HTML.el("dd", text: r.explanation)
                        }
                    },
                ]),
        ])
    }

    var travelTable: HTML {
        HTML.group([
            HTML.el("h3", ["id": "travel"], text: "Travel by post"),
            DataTable(
                caption: "Sessions and travel per post over the horizon (base, morning site, afternoon site, base)",
                columns: [.init("Post"), .init("Role"), .init("Planned", numeric: true), .init("Available", numeric: true),
                          .init("Minutes", numeric: true), .init("Miles", numeric: true)],
                rows: rota.posts.map { p in
                    DataTable.Row([anchor(post: p.post), .text(sc.roleName(p.role)), .text("\(p.planned)"),
                                   .text("\(p.available)"), .text("\(p.travelMinutes)"), .text(fixed(p.travelMiles, 1))])
                },
                footer: [DataTable.Row(texts: ["Total", "", "\(rota.posts.reduce(0) { $0 + $1.planned })", "\(rota.posts.reduce(0) { $0 + $1.available })",
                                               "\(rota.posts.reduce(0) { $0 + $1.travelMinutes })", fixed(rota.posts.reduce(0) { $0 + $1.travelMiles }, 1)])]).html,
        ])
    }

    var objectiveTable: HTML {
        HTML.group([
            HTML.el("h3", ["id": "objective"], text: "Objective"),
            DataTable(
                caption: "Each term of the objective (minimised): quantity × weight = penalty",
                columns: [.init("Term"), .init("Quantity", numeric: true), .init("Unit"), .init("Weight", numeric: true), .init("Penalty", numeric: true)],
                rows: rota.objective.terms.map { t in
                    DataTable.Row(texts: [t.name, fixed(t.quantity, t.quantity.rounded() == t.quantity ? 0 : 1), t.unit, fixed(t.weight, 2), fixed(t.penalty, 2)])
                },
                footer: [DataTable.Row(texts: ["Total", "", "", "", fixed(rota.objective.total, 2)])]).html,
        ])
    }

    var solverTable: HTML {
        let s = rota.solver
        var rows: [[String]] = [["Status", s.statusWords]]
        if let o = s.objective { rows.append(["Objective", fixed(o, 2)]) }
        if let b = s.bestBound { rows.append(["Best bound", fixed(b, 2)]) }
        if let g = s.gap { rows.append(["Gap", fixed(g * 100, 2) + "%"]) }
        rows += [["Parts solved", "\(s.parts)"], ["Rounds", "\(s.rounds)"], ["Variables", "\(s.variables)"], ["Constraints", "\(s.constraints)"]]
        return HTML.group([
            HTML.el("h3", ["id": "solver"], text: "Solver"),
            DataTable(caption: "How the rota was solved (GLPK)", columns: [.init("Measure"), .init("Value")],
                      rows: rows.map { DataTable.Row(texts: $0) }).html,
        ])
    }

    func siteLink(_ site: Site) -> HTML {
        HTML.group([anchor(site: site.id), HTML.el("span", ["class": "site-name"], text: site.name)])
    }

    /// The site's id, linked to its section where the page has it.
    func anchor(site id: String) -> HTML {
        linked.map { $0.sites.contains(id) } ?? true ? HTML.el("a", ["href": "#site-\(id)"], text: id) : .text(id)
    }

    /// The post's id, linked to its section where the page has it.
    func anchor(post id: String) -> HTML {
        linked.map { $0.posts.contains(id) } ?? true ? HTML.el("a", ["href": "#post-\(id)"], text: id) : .text(id)
    }

    func sessions(_ n: Int) -> String { n == 1 ? "1 session" : "\(n) sessions" }

    // MARK: Sites

    func sitePage(_ site: Site) -> HTML {
        let unmet = rota.unmet.filter { $0.site == site.id }
        let coverage = rota.coverage.filter { $0.site == site.id }
        var facts = [site.kindName]
        if let t = site.town { facts.append(t) }
        if let a = site.address { facts.append(a) }
        if let sp = site.spoke { facts.append("spoke \(sp) (\(sc.siteName(sp)))") }
        facts.append("\(site.rooms) room\(site.rooms == 1 ? "" : "s") for visiting posts")
        if let r = site.roll { facts.append("\(r) on roll") }
        return HTML.el("section", ["class": "page site", "id": "site-\(site.id)", "aria-labelledby": "site-\(site.id)-h"]) {
            HTML.el("h2", ["id": "site-\(site.id)-h"], text: "Site \(site.id): \(site.name)")
            HTML.el("p", ["class": "meta"], text: facts.joined(separator: "; ") + ".")
            if !unmet.isEmpty {
                HTML.el("div", ["class": "unmet-note"]) {
                    HTML.el("p") { HTML.el("strong", text: "Unmet demand at \(site.id): \(sessions(unmet.reduce(0) { $0 + $1.sessions }))") }
                    HTML.el("ul") {
                        for u in unmet {
                            HTML.el("li", text: "\(sc.roleName(u.role)): \(u.sessions) \(u.priority.rawValue) \(u.sessions == 1 ? "session" : "sessions")"
                                    + "\(rota.weeks > 1 ? " in week \(u.week)" : "") not planned. Reason: \(u.reason.rawValue). \(u.reason.explanation)")
                        }
                    }
                }
            }
            for week in 1...rota.weeks { siteGrid(site, week: week) }
            if !coverage.isEmpty {
                DataTable(
                    caption: "Sessions requested and planned at \(site.id) by role",
                    columns: [.init("Role"), .init("Requested", numeric: true), .init("Planned", numeric: true), .init("Unmet", numeric: true), .init("Reason")],
                    rows: coverage.map { c in
                        let missed = unmet.filter { $0.role == c.role }
                        let reasons = UnmetReason.allCases.filter { r in missed.contains { $0.reason == r } }.map(\.rawValue)
                        return DataTable.Row(texts: [sc.roleName(c.role), "\(c.requested)", "\(c.planned)", "\(missed.reduce(0) { $0 + $1.sessions })",
                                                     reasons.joined(separator: ", ")], cssClass: missed.isEmpty ? nil : "unmet")
                    }).html
            }
        }
    }

    func siteGrid(_ site: Site, week: Int) -> HTML {
        grid(caption: "\(site.id), week \(week) from \(longDate(monday(week))): posts by session", week: week) { slot in
            let here = bySiteSlot[site.id]?[slot] ?? []
            let kept = protectedBySite[site.id]?[slot]
            if here.isEmpty, let kept { return HTML.el("td", ["class": "protected"], text: Rota.protectedCell(kept)) }
            if here.isEmpty, let closure = sc.dayStatus(of: site, slot).closure {
                return HTML.el("td", ["class": "closed"], text: closure.kind == .bankHoliday ? "bank holiday: \(closure.reason)" : "closed: \(closure.reason)")
            }
            if here.isEmpty { return HTML.el("td", ["class": "none"]) { HTML.shown("—", spoken: "no visiting post") } }
            return HTML.el("td") {
                for a in here {
                    HTML.el("span", ["class": "visit"]) {
                        HTML.el("span", ["class": "post"]) { anchor(post: a.post) }
                        HTML.el("span", ["class": "role"], text: sc.roleName(a.role))
                    }
                }
                if let kept { HTML.el("span", ["class": "protected"], text: Rota.protectedCell(kept)) }
            }
        }
    }

    // MARK: Posts

    func postPage(_ post: Post) -> HTML {
        var facts = ["Based at \(post.base) (\(sc.siteName(post.base)))", "contract \(post.sessionsPerWeek) sessions a week"]
        if let s = rota.posts.first(where: { $0.post == post.id }) {
            facts.append("planned \(s.planned) of \(s.available) available sessions")
            facts.append("travel \(s.travelMinutes) minutes, \(fixed(s.travelMiles, 1)) miles")
        }
        return HTML.el("section", ["class": "page post", "id": "post-\(post.id)", "aria-labelledby": "post-\(post.id)-h"]) {
            HTML.el("h2", ["id": "post-\(post.id)-h"], text: "Post \(post.id): \(sc.roleName(post.role))\(post.name.map { " (\($0))" } ?? "")")
            HTML.el("p", ["class": "meta"], text: facts.joined(separator: "; ") + ".")
            for week in 1...rota.weeks { postGrid(post, week: week) }
            HTML.el("p", ["class": "muted"], text: "Key: — free but not planned; leave: on leave; not working: outside the post's working pattern; bank holiday: no post works.")
        }
    }

    func postGrid(_ post: Post, week: Int) -> HTML {
        let planned = byPostSlot[post.id]?.keys.filter { $0.week == week - 1 }.count ?? 0
        return grid(caption: "\(post.id), week \(week) from \(longDate(monday(week))): \(planned) of \(post.sessionsPerWeek) contracted sessions planned",
                    week: week) { slot in
            if let a = byPostSlot[post.id]?[slot] {
                return HTML.el("td") {
                    HTML.el("span", ["class": "visit"]) {
                        HTML.el("span", ["class": "site-id"]) { anchor(site: a.site) }
                        HTML.el("span", ["class": "site-name"], text: sc.sites.first { $0.id == a.site }?.place ?? a.site)
                    }
                }
            }
            if let kept = protectedByPost[post.id]?[slot] {
                return HTML.el("td", ["class": "protected"], text: kept.kind == .fixed ? "\(kept.commitment) at \(kept.site)" : kept.commitment)
            }
            if let holiday = sc.calendar.bankHolidays.holiday(on: sc.date(of: slot)) {
                return HTML.el("td", ["class": "closed"], text: "bank holiday: \(holiday.label)")
            }
            if sc.isAvailable(post, slot) { return HTML.el("td", ["class": "none"]) { HTML.shown("—", spoken: "free, not planned") } }
            return post.works(slot.halfDay) ? HTML.el("td", ["class": "leave"], text: "leave") : HTML.el("td", ["class": "off"], text: "not working")
        }
    }

    /// A week as a table: days across (with their dates), morning and afternoon down.
    func grid(caption: String, week: Int, cell: (Slot) -> HTML) -> HTML {
        HTML.el("table", ["class": "grid"]) {
            HTML.el("caption", text: caption)
            HTML.el("thead") {
                HTML.el("tr") {
                    HTML.el("th", ["scope": "col"], text: "Session")
                    for d in Weekday.allCases {
                        let date = monday(week).adding(days: d.rawValue)
                        HTML.el("th", ["scope": "col"]) { HTML.el("time", ["datetime": date.iso], text: longDate(date)) }
                    }
                }
            }
            HTML.el("tbody") {
                for half in Half.allCases {
                    HTML.el("tr") {
                        HTML.el("th", ["scope": "row"], text: sc.sessionLabel(half))
                        for d in Weekday.allCases { cell(Slot(week: week - 1, weekday: d, half: half)) }
                    }
                }
            }
        }
    }
}
