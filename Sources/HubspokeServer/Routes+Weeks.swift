import Foundation
import Hummingbird
import HubspokeModel
import HubspokeReports
import HubspokeWorkspace

/// Pages every role has: the start page (the weeks), a week's rota as the role may see it, and a
/// PRU's requests for a week (its lead, or the manager).
extension WebApp {
    var weekRoutes: [Route] {
        [
            Route(.get, "/home", .everyone, "the start page: the calendar's weeks, with what the user may do in each") { call in
                try call.app.cachedPage("home", call) { try call.app.homePage($0) }
            },
            Route(.get, "/weeks/:week", .everyone, "a week's rota: manager the latest version; commissioner the published one; PRU lead their sites'; specialist their post's") { call in
                let week = try call.week()
                if let notice = call.form["notice"] { return Responses.html(try call.app.weekPage(week, caller: try call.signedIn(), notice: notice)) }
                return try call.app.cachedPage("weeks/\(week.iso)", call) { try call.app.weekPage(week, caller: $0, notice: nil) }
            },
            Route(.get, "/weeks/:week/requests/:site", .roles([.manager, .pruLead]), "a PRU's requests for the week, as a form (own sites only for a PRU lead)") { call in
                let week = try call.week(), site = try call.site()
                return Responses.html(try call.app.requestsPage(week: week, site: site, caller: try call.signedIn(), notice: call.form["notice"]))
            },
            Route(.post, "/weeks/:week/requests/:site", .roles([.manager, .pruLead]),
                  "save a PRU's requests (form: version, note, s-ROLE-PRIORITY sessions); a stale version gets 409 with both") { call in
                try call.app.saveRequests(call)
            },
        ]
    }

    func homePage(_ caller: Caller) throws -> String {
        let published = Dictionary(try ws.versions().filter(\.isCurrent).map { ($0.week, $0) }, uniquingKeysWith: { a, _ in a })
        let weeks = (0..<ws.calendar.weeks).map { ws.calendar.start.adding(days: 7 * $0) }
        let rows: [[HTML]] = weeks.map { week in
            var row: [HTML] = [HTML.el("a", ["href": "/weeks/\(week.iso)"], text: "Week of \(longDate(week))"),
                               .text(published[week].map { "version \($0.version) published" } ?? "not published")]
            if caller.role == .pruLead || caller.role == .manager {
                let sites = caller.role == .pruLead ? caller.user.sites : scenario.sites.filter { $0.kind == .pru }.map(\.id)
                row.append(.group(sites.map { site in HTML.el("a", ["href": "/weeks/\(week.iso)/requests/\(site)", "class": "request-link"], text: "\(site) requests ") }))
            }
            return row
        }
        let header = ["Week", "Rota"] + (caller.role == .pruLead || caller.role == .manager ? ["Requests"] : [])
        return Layout.page(title: "Weeks", caller: caller, body: [
            HTML.el("p", text: "Signed in as \(caller.user.name), \(caller.role.label)" + (caller.user.sites.isEmpty ? "" : " of \(caller.user.sites.joined(separator: ", "))")
                    + (caller.user.post.map { " (\($0))" } ?? "") + "."),
            Layout.table("The calendar's weeks", header: header, rows: rows),
        ])
    }

    /// The rota of a week as the caller may see it: the manager the latest version (draft or
    /// published) and the week's actions; the others only the published version, a PRU lead their
    /// sites' grids and unmet demand, a specialist their post's.
    func weekPage(_ week: CalendarDate, caller: Caller, notice: String?) throws -> String {
        let versions = try ws.versions(week: week)
        let shown = caller.role == .manager ? versions.max { $0.version < $1.version } : versions.first(where: \.isCurrent)
        var body: [HTML] = notice.map { [HTML.el("p", ["class": "notice", "role": "status"], text: $0)] } ?? []
        if let v = shown {
            body.append(HTML.el("p", text: "Version \(v.version) (\(v.status.rawValue)\(v.isCurrent ? ", the week's rota" : "")): \(v.sessions) sessions, \(v.unmet) unmet."))
            let sites: Set<String>, posts: Set<String>
            switch caller.role {
            case .manager, .commissioner: (sites, posts) = (Set(scenario.sites.map(\.id)), Set(scenario.posts.map(\.id)))
            case .pruLead: (sites, posts) = (Set(caller.user.sites), [])
            case .specialist: (sites, posts) = ([], Set(caller.user.post.map { [$0] } ?? []))
            }
            let summary = caller.role == .manager || caller.role == .commissioner
            // Rendered once per version and scope: the grids are the same bytes for every caller who sees them.
            body.append(.raw(try cache.text("week/\(RenderCache.key(v))/\(summary)/\(sites.sorted())/\(posts.sorted())") {
                let stored = try ws.storedRota(week: week, version: v.version)
                return HTML.group(stored.rota.htmlParts(scenario: stored.scenario, summary: summary, sites: sites, posts: posts)).render()
            }))
        } else {
            body.append(HTML.el("p", text: caller.role == .manager ? "This week has no rota yet: plan it below." : "This week's rota is not published yet."))
        }
        if caller.role == .manager { body.append(try managerActions(week, caller: caller)) }
        return Layout.page(title: "Week of \(longDate(week))", caller: caller, body: body)
    }

    func requestsPage(week: CalendarDate, site: String, caller: Caller, notice: String?, problem: String? = nil) throws -> String {
        let set = try ws.requests(week: week, site: site)
        let cutoff = try ws.requestCutoff(week: week)
        return Layout.page(title: "Requests of \(site) for the week of \(longDate(week))", caller: caller, body: [
            notice.map { HTML.el("p", ["class": "notice", "role": "status"], text: $0) } ?? .group([]),
            problem.map { HTML.el("p", ["class": "problem", "role": "alert"], text: $0) } ?? .group([]),
            HTML.el("p", text: "Sessions requested per role and priority. " + (cutoff.map { "Requests close at \($0) (UTC)." } ?? "The manager has set no cut-off yet.")),
            HTML.el("p", text: set.version == 0 ? "Not saved yet: the numbers shown are the week's current demand of \(site)."
                    : "Version \(set.version), saved \(set.updatedAt ?? "") by \(set.updatedBy ?? "")."),
            requestForm(week: week, site: site, caller: caller, rows: set.rows, note: set.note, version: set.version),
        ])
    }

    func requestForm(week: CalendarDate, site: String, caller: Caller, rows: [RequestSet.Row], note: String, version: Int) -> HTML {
        Layout.postForm("/weeks/\(week.iso)/requests/\(site)", caller: caller, button: "Save requests") {
            HTML.empty("input", ["type": "hidden", "name": "version", "value": String(version)])
            HTML.el("table") {
                HTML.el("caption", text: "Sessions requested")
                HTML.el("thead") { HTML.el("tr") { HTML.el("th", ["scope": "col"], text: "Role"); for p in Priority.allCases { HTML.el("th", ["scope": "col"], text: p.rawValue) } } }
                HTML.el("tbody") {
                    for role in scenario.roles {
                        HTML.el("tr") {
                            HTML.el("th", ["scope": "row"], text: "\(role.id) (\(role.name))")
                            for p in Priority.allCases {
                                let n = rows.first { $0.role == role.id && $0.priority == p }?.sessions ?? 0
                                HTML.el("td") {
                                    HTML.empty("input", ["type": "number", "min": "0", "max": "50", "name": "s-\(role.id)-\(p.rawValue)", "value": String(n),
                                                         "aria-label": "\(role.name), \(p.rawValue)"])
                                }
                            }
                        }
                    }
                }
            }
            HTML.el("p") {
                HTML.el("label", ["for": "f-note"], text: "Note (at most \(NoteCheck.maxLength) characters)")
                HTML.el("textarea", ["id": "f-note", "name": "note", "maxlength": String(NoteCheck.maxLength), "rows": "2", "aria-describedby": "note-help"], text: note)
            }
            HTML.el("p", ["id": "note-help", "class": "notice"], text: "Do not enter names, dates of birth, NHS numbers or anything else that identifies a child: notes that look like them are refused.")
        }
    }

    /// The rows of a request form: `s-ROLE-PRIORITY` fields.
    func requestRows(_ form: Form) throws(WebError) -> [RequestSet.Row] {
        var rows: [RequestSet.Row] = []
        for role in scenario.roles {
            for p in Priority.allCases {
                let name = "s-\(role.id)-\(p.rawValue)"
                guard let text = form[name], !text.isEmpty else { continue }
                guard let n = Int(text), (0...50).contains(n) else { throw WebError(.badRequest, "\(role.id) \(p.rawValue): \(text) is not a number of sessions from 0 to 50") }
                if n > 0 { rows.append(RequestSet.Row(role: role.id, priority: p, sessions: n)) }
            }
        }
        return rows
    }

    func saveRequests(_ call: Call) throws -> Response {
        let week = try call.week(), site = try call.site(), caller = try call.signedIn()
        let version = try call.form.integer("version", in: 0...1_000_000)
        let rows = try requestRows(call.form), note = (call.form["note"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let result = Result { () throws(WorkspaceError) in
            try ws.submitRequests(week: week, site: site, rows: rows, note: note, expectedVersion: version, overrideCutoff: caller.role == .manager)
        }
        if case .failure(let error) = result, error.kind == .badInput {
            return Responses.html(try requestsPage(week: week, site: site, caller: caller, notice: nil, problem: "Not saved: \(error.description)"), status: .badRequest)
        }
        switch try result.get() {
        case .saved(let set):
            return Responses.redirect(withNotice("/weeks/\(week.iso)/requests/\(site)", "Saved as version \(set.version)."))
        case .conflict(let current, let submitted, let note):
            return Responses.html(conflictPage(week: week, site: site, caller: caller, current: current, submitted: submitted, note: note), status: .conflict)
        }
    }

    /// Someone saved the requests since the form was read: both versions side by side, nothing overwritten.
    func conflictPage(week: CalendarDate, site: String, caller: Caller, current: RequestSet, submitted: [RequestSet.Row], note: String) -> String {
        func rows(_ r: [RequestSet.Row]) -> [[HTML]] { r.map { [.text($0.role), .text($0.priority.rawValue), .text(String($0.sessions))] } }
        return Layout.page(title: "Not saved: the requests changed meanwhile", caller: caller, body: [
            HTML.el("p", ["class": "problem", "role": "alert"], text: "\(current.updatedBy ?? "Someone") saved version \(current.version) of \(site)'s requests at \(current.updatedAt ?? "") after you opened the form. Yours were not saved; compare them, then save again from the form below (it starts from your numbers).")
            ,
            HTML.el("div", ["class": "conflict"]) {
                HTML.el("section") { Layout.table("Saved, version \(current.version)", header: ["Role", "Priority", "Sessions"], rows: rows(current.rows)); HTML.el("p", text: "Note: \(current.note)") }
                HTML.el("section") { Layout.table("Yours, not saved", header: ["Role", "Priority", "Sessions"], rows: rows(submitted)); HTML.el("p", text: "Note: \(note)") }
            },
            requestForm(week: week, site: site, caller: caller, rows: submitted, note: note, version: current.version),
        ])
    }
}
