import Foundation
import Hummingbird
import HubspokeModel
import HubspokePlanner
import HubspokeReports
import HubspokeScenarioIO
import HubspokeSupport
import HubspokeWorkspace

/// The manager's pages and actions on a week: the requests' cut-off, absences, pins and forbids,
/// planning (a background job), checking a hand-edited rota, publishing.
extension WebApp {
    var managerRoutes: [Route] {
        [
            Route(.post, "/weeks/:week/cutoff", .manager, "set the week's requests cut-off (form: version, closes_at YYYY-MM-DDTHH:MM UTC, empty to clear); a stale version gets 409 with both") { call in
                try call.app.saveCutoff(call)
            },
            Route(.post, "/weeks/:week/absences", .manager, "record an absence (form: post, date, half am|pm|day, reason)") { call in
                let week = try call.week(), post = try call.app.post(call.form.required("post"))
                let date = try call.app.date(call.form.required("date"), in: week), half = try call.app.half(call.form["half"])
                let reason = call.form["reason"].flatMap { $0.isEmpty ? nil : $0 }
                if let r = reason, let problem = call.app.noteProblem(r) { throw WebError(.badRequest, "reason: \(problem)") }
                let change = try call.ws.addAbsence(post: post, dates: [date], half: half, reason: reason)
                let hit = change.affectedSessions.reduce(0) { $0 + $1.sessions.count }
                return Responses.redirect(weekLink(week, "Absence of \(post) recorded" + (hit > 0 ? "; \(hit) published session(s) affected: plan the week again." : ".")))
            },
            Route(.post, "/weeks/:week/rules", .manager, "add a pin or forbid (form: kind pin|forbid, post, site, date, half am|pm; back=rules to return to the list)") { call in
                let week = try call.week(), change = try call.app.addRule(week, call.form)
                let notice = "\(change.rule.description) recorded." + change.notes.map { " Note: \($0)." }.joined()
                return Responses.redirect(call.form["back"] == "rules" ? withNotice("/weeks/\(week.iso)/rules", notice) : weekLink(week, notice))
            },
            Route(.post, "/weeks/:week/plan", .manager, "plan the week as a background job (a second request joins the one running); redirects to the job") { call in
                let (job, _) = try call.app.jobs.startPlan(week: try call.week(), user: try call.signedIn().user.name)
                return Responses.redirect("/jobs/\(job.id)")
            },
            Route(.post, "/weeks/:week/check", .manager, "check a hand-edited rota (form: rota, the CSV of hubspoke rota) against the week's rules") { call in
                let week = try call.week()
                return Responses.html(try await call.app.checkPage(week: week, csv: try call.form.required("rota"), caller: try call.signedIn()))
            },
            Route(.post, "/weeks/:week/publish", .manager, "publish a version (form: version) with the safe publish, exports beside the workspace") { call in
                let week = try call.week(), version = try call.form.integer("version", in: 1...100_000)
                let outcome = try call.ws.publish(week: week, version: version, exportsTo: call.app.exportsFolder, exporters: PublishExporters.all)
                return Responses.redirect(weekLink(week, "Published \(outcome.version.label)."))
            },
            Route(.get, "/jobs", .manager, "the latest background jobs") { call in try call.app.cachedPage("jobs", call) { try call.app.jobsPage(caller: $0) } },
            Route(.get, "/jobs/:id", .manager, "a job's state, progress and result (the page reloads itself while it runs)") { call in
                guard let id = Int64(try call.parameter("id")), let job = try call.ws.job(id: id) else { throw WebError(.notFound, "no such job") }
                return call.app.jobPage(job, progress: call.app.jobs.progress(of: id), caller: try call.signedIn())
            },
        ]
    }

    func post(_ id: String) throws(WebError) -> String {
        guard scenario.posts.contains(where: { $0.id == id }) else { throw WebError(.badRequest, "post: unknown post \(id)") }
        return id
    }

    /// A site named in a form's `site` field (`orAlso`: another value the field takes, named in the message).
    func site(_ id: String, orAlso other: String? = nil) throws(WebError) -> String {
        guard scenario.sites.contains(where: { $0.id == id }) else {
            throw WebError(.badRequest, "site: unknown site \(id)" + (other.map { " (or \($0))" } ?? ""))
        }
        return id
    }

    /// A version's cells in a "then and now" table (version, kind, status, sessions, saved at); blanks for none.
    static func versionCells(_ v: RotaVersion?) -> [HTML] {
        guard let v else { return [.text("none"), .text(""), .text(""), .text(""), .text("")] }
        return [.text("version \(v.version)"), .text(v.kind.rawValue), .text(v.status.rawValue), .text("\(v.sessions) sessions, \(v.unmet) unmet"), .text(v.createdAt)]
    }

    /// A date of `week` (a weekday of it).
    func date(_ text: String, in week: CalendarDate) throws(WebError) -> CalendarDate {
        guard let date = CalendarDate(iso: text) else { throw WebError(.badRequest, "date: \(text) is not a date (YYYY-MM-DD)") }
        guard WeekCalendar.monday(of: date) == week else { throw WebError(.badRequest, "date: \(text) is not in the week of \(week.iso)") }
        return date
    }

    /// `am`, `pm`, or the whole day (`day` or nothing).
    func half(_ text: String?) throws(WebError) -> Half? {
        guard let text, !text.isEmpty, text != "day" else { return nil }
        guard let half = Half(key: text) else { throw WebError(.badRequest, "half: am, pm or day, not \(text)") }
        return half
    }

    /// The week's forms for the manager: requests' cut-off, absence, pin or forbid, plan, check, publish.
    func managerActions(_ week: CalendarDate, caller: Caller) throws -> HTML {
        let w = "/weeks/\(week.iso)"
        let posts = scenario.posts.map { p in (value: p.id, label: "\(p.id) (\(scenario.roles.first { $0.id == p.role }?.name ?? p.role))") }
        let days = (0..<5).map { week.adding(days: $0) }.map { (value: $0.iso, label: longDate($0)) }
        let versions = try ws.versions(week: week)
        let cutoff = try ws.cutoff(week: week)
        return HTML.el("section", ["aria-labelledby": "actions-h"]) {
            HTML.el("h2", ["id": "actions-h"], text: "Manage the week")
            HTML.el("h3", text: "Requests' cut-off")
            cutoffForm(week, caller: caller, cutoff: cutoff)
            HTML.el("h3", text: "Record an absence")
            Layout.postForm("\(w)/absences", caller: caller, button: "Record absence") {
                Layout.select("post", "Post", options: posts, form: "absence-")
                Layout.select("date", "Day", options: days, form: "absence-")
                Layout.select("half", "When", options: [("day", "whole day"), ("am", "morning"), ("pm", "afternoon")], form: "absence-")
                Layout.field("reason", "Reason (no personal details)", form: "absence-", attributes: ["maxlength": "200"])
            }
            HTML.el("h3", text: "Pin or forbid a session")
            ruleForm(week, caller: caller)
            HTML.el("p") {
                HTML.el("a", ["href": "\(w)/rules"], text: "The week's pins and forbids")
                " · "
                HTML.el("a", ["href": "\(w)/cover"], text: "Cover an absence or a gap, or repair the week")
            }
            HTML.el("h3", text: "Plan")
            Layout.postForm("\(w)/plan", caller: caller, button: "Plan the week") {}
            HTML.el("h3", text: "Check a hand-edited rota")
            Layout.postForm("\(w)/check", caller: caller, button: "Check") {
                HTML.el("p") {
                    HTML.el("label", ["for": "f-rota"], text: "The rota's CSV (as hubspoke rota --format csv writes it)")
                    HTML.el("textarea", ["id": "f-rota", "name": "rota", "rows": "8"], text: "")
                }
            }
            if let latest = versions.max(by: { $0.version < $1.version }) {
                HTML.el("h3", text: "Move a session (a hand edit)")
                editForm(week, latest: latest, caller: caller)
            }
            if !versions.isEmpty {
                HTML.el("h3", text: "Publish")
                Layout.postForm("\(w)/publish", caller: caller, button: "Publish") {
                    Layout.select("version", "Version", options: versions.reversed().map { (String($0.version), "version \($0.version) (\($0.status.rawValue), \($0.sessions) sessions, \($0.unmet) unmet)") })
                }
            }
        }
    }

    /// The rule check of `hubspoke check` on a pasted rota, off the event loop (it builds the planner's model).
    func checkPage(week: CalendarDate, csv: String, caller: Caller) async throws -> String {
        let (file, checked) = try await checkRota(week: week, csv: csv)
        let body: [HTML] = checked.breaches.isEmpty
            ? [HTML.el("p", ["class": "notice"], text: "Every hard rule holds: \(file.rows.count) sessions."),
               Layout.table("Objective, term by term", header: ["Term", "Quantity", "Unit", "Penalty"], rows: (checked.objective?.terms ?? []).map {
                   [.text($0.name), .text(fixed($0.quantity, 1)), .text($0.unit), .text(fixed($0.penalty, 2))] })]
            : [HTML.el("p", ["class": "problem", "role": "alert"], text: "\(checked.breaches.count) hard rule(s) broken:"),
               HTML.el("ul") { for b in checked.breaches { HTML.el("li", text: b.description) } }]
        return Layout.page(title: "Check of a hand-edited rota for the week of \(longDate(week))", caller: caller,
                           body: body + [HTML.el("p") { HTML.el("a", ["href": "/weeks/\(week.iso)"], text: "Back to the week") }])
    }

    /// Reads a pasted rota CSV against the week's latest version's scenario and checks its hard rules
    /// (off the event loop: it builds the planner's model).
    func checkRota(week: CalendarDate, csv: String) async throws -> (file: RotaFile, report: RotaCheckReport) {
        let stored = try? ws.storedRota(week: week, preferPublished: false)
        guard let sc = stored?.scenario else { throw WebError(.badRequest, "week \(week.iso) has no rota yet: plan it first") }
        let file: RotaFile
        do { file = try RotaFile.parse(data: Data(csv.utf8), path: "the pasted rota", scenario: sc) } catch { throw WebError(.badRequest, error.description) }
        let report = await offLoop { Result { try RotaCheckReport.check(file.sessions, scenario: sc, protected: file.protected) } }
        guard case .success(let checked) = report else { throw WebError(.unprocessableContent, "cannot count the objective of this rota") }
        return (file, checked)
    }

    func jobsPage(caller: Caller) throws -> String {
        Layout.page(title: "Jobs", caller: caller, body: [
            Layout.table("The latest jobs", header: ["Job", "Week", "State", "By", "Result"], rows: try ws.jobs(limit: 50).map { j in
                // Simulations and sweeps have their own page, with their report and downloads.
                let page = CommissionJobKind(rawValue: j.kind) == nil ? "/jobs/\(j.id)" : "/reports/\(j.id)"
                return [HTML.el("a", ["href": page], text: "#\(j.id) \(j.kind)"), .text(j.week?.iso ?? ""), .text(j.state.rawValue), .text(j.requestedBy), .text(j.result)]
            }),
        ])
    }

    func jobPage(_ job: JobRecord, progress: String?, caller: Caller) -> Response {
        let progress = progress ?? job.progress
        var response = Responses.html(Layout.page(title: "Job #\(job.id): \(job.kind) \(job.week?.iso ?? "")", caller: caller, body: [
            HTML.el("p", ["role": "status"], text: "State: \(job.state.rawValue)." + (progress.isEmpty ? "" : " \(progress)")),
            job.result.isEmpty ? .group([]) : HTML.el("p", ["class": job.state == .failed ? "problem" : "notice"], text: job.result),
            coverOptions(job, caller: caller),
            job.week.map { w in HTML.el("p") { HTML.el("a", ["href": "/weeks/\(w.iso)"], text: "The week of \(longDate(w))") } } ?? .group([]),
        ]))
        // While it runs, the page reloads itself every two seconds (a header, so no script is needed).
        if job.state == .queued || job.state == .running { response.headers[.init("Refresh")!] = "2" }
        return response
    }
}

/// The week's page with a notice.
func weekLink(_ week: CalendarDate, _ notice: String) -> String { withNotice("/weeks/\(week.iso)", notice) }

/// A page's path with a notice to show (after a change, by redirect).
func withNotice(_ path: String, _ notice: String) -> String {
    path + "?notice=" + (notice.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")
}
