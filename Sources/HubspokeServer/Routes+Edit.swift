import Foundation
import Hummingbird
import HubspokeModel
import HubspokePlanner
import HubspokeReports
import HubspokeWorkspace

/// A hand edit on the web: the CLI's `hubspoke edit --move`. One session of the week's latest version
/// moves (to another site, or off); the result is checked against every hard rule and saved as the
/// next version, a draft, only when it keeps them all. The form carries the version it was read at: a
/// version saved since gets the conflict page, and nothing is saved.
extension WebApp {
    var editRoutes: [Route] {
        [
            Route(.post, "/weeks/:week/edit", .manager, "move one session of the latest version and save it as a draft if every hard rule holds (form: version read at, post, date, half am|pm, site or off); 409 if a version was saved since, 422 with the rules broken") { call in
                let week = try call.week(), caller = try call.signedIn()
                switch try call.app.edit(week, call.form) {
                case .saved(let move, let v):
                    return Responses.redirect(weekLink(week, "Moved \(move): saved as version \(v.version), a draft; every hard rule holds."))
                case .stale(let readAt, let latest):
                    return Responses.html(call.app.editConflictPage(week, readAt: readAt, latest: latest, caller: caller), status: .conflict)
                case .breaks(let move, let outcome):
                    return Responses.html(call.app.editRefusedPage(week, move, outcome, caller: caller), status: .unprocessableContent)
                }
            },
            Route(.post, "/api/v1/weeks/:week/edit", .manager, "move one session {version, post, date, half, site (or \"off\")}; 201 with the draft's version, 409 if a version was saved since, 422 with the rules broken") { call in
                switch try call.app.edit(try call.week(), try Form(json: call.json)) {
                case .saved(_, let v): return Responses.json(["saved": v.version], status: .created)
                case .stale(let readAt, let latest):
                    return Responses.json(APIEditConflict(error: "version \(latest.version) was saved since version \(readAt) was read; nothing was saved",
                                                          readAt: readAt, current: latest.version), status: .conflict)
                case .breaks(_, let outcome):
                    return Responses.json(APIEditRefused(error: "the edit breaks \(outcome.check.breaches.count) hard rule(s); nothing was saved",
                                                         breaches: outcome.check.breaches.map(\.description)), status: .unprocessableContent)
                }
            },
        ]
    }

    /// What a hand edit came to.
    enum EditResult {
        case saved(SessionMove, RotaVersion)
        /// The form was read at `readAt`, and `latest` was saved since.
        case stale(readAt: Int, latest: RotaVersion)
        case breaks(SessionMove, EditOutcome)
    }

    /// The move in a form (or a JSON body read as one), checked against the week, then made.
    func edit(_ week: CalendarDate, _ f: Form) throws -> EditResult {
        let readAt = try f.integer("version", in: 1...1_000_000)
        guard let latest = try ws.versions(week: week).max(by: { $0.version < $1.version }) else {
            throw WebError(.badRequest, "week \(week.iso) has no rota to edit: plan it first")
        }
        guard latest.version <= readAt else { return .stale(readAt: readAt, latest: latest) }
        guard latest.version == readAt else { throw WebError(.badRequest, "version: week \(week.iso) has no version \(readAt)") }
        guard let half = try half(f.required("half")) else { throw WebError(.badRequest, "half: am or pm (a move is one session)") }
        let field = try f.required("site")
        let site: String? = field == "off" ? nil : try self.site(field, orAlso: "off")
        let move = SessionMove(post: try post(f.required("post")), at: DatedHalf(try date(f.required("date"), in: week), half), site: site)
        let outcome = try ws.edit(week: week, move: move, version: readAt)
        guard let saved = outcome.saved else { return .breaks(move, outcome) }
        return .saved(move, saved)
    }

    /// The form on the week's page: one session of the latest version moved.
    func editForm(_ week: CalendarDate, latest: RotaVersion, caller: Caller) -> HTML {
        let posts = scenario.posts.map { (value: $0.id, label: $0.id) }
        let days = (0..<5).map { week.adding(days: $0) }.map { (value: $0.iso, label: longDate($0)) }
        let sites = scenario.sites.map { (value: $0.id, label: "\($0.id) (\($0.name))") } + [(value: "off", label: "off (no session)")]
        return Layout.postForm("/weeks/\(week.iso)/edit", caller: caller, button: "Move and save as a draft") {
            HTML.empty("input", ["type": "hidden", "name": "version", "value": String(latest.version)])
            HTML.el("p", text: "Moves one session of version \(latest.version); saved only if every hard rule still holds.")
            Layout.select("post", "Post", options: posts, form: "edit-")
            Layout.select("date", "Day", options: days, form: "edit-")
            Layout.select("half", "Half", options: [("am", "morning"), ("pm", "afternoon")], form: "edit-")
            Layout.select("site", "To", options: sites, form: "edit-")
        }
    }

    func editConflictPage(_ week: CalendarDate, readAt: Int, latest: RotaVersion, caller: Caller) -> String {
        let read = (try? ws.versions(week: week))?.first { $0.version == readAt }
        return Layout.page(title: "Not saved: a newer version of the week exists", caller: caller, body: [
            HTML.el("p", ["class": "problem", "role": "alert"],
                    text: "The form was read at version \(readAt), and version \(latest.version) has been saved since. Nothing was saved: make the move on the newer version."),
            Layout.table("The week then and now", header: ["", "Version", "Kind", "Status", "Sessions", "Saved at"],
                         rows: [[.text("read at")] + Self.versionCells(read), [.text("now")] + Self.versionCells(latest)]),
            HTML.el("p") { HTML.el("a", ["href": "/weeks/\(week.iso)"], text: "Back to the week") },
        ])
    }

    func editRefusedPage(_ week: CalendarDate, _ move: SessionMove, _ outcome: EditOutcome, caller: Caller) -> String {
        Layout.page(title: "Not saved: the move breaks a hard rule", caller: caller, body: [
            HTML.el("p", ["class": "problem", "role": "alert"],
                    text: "Moving \(move) in version \(outcome.source.version) breaks \(outcome.check.breaches.count) hard rule(s). Nothing was saved."),
            HTML.el("ul") { for b in outcome.check.breaches { HTML.el("li", text: b.description) } },
            HTML.el("p") { HTML.el("a", ["href": "/weeks/\(week.iso)"], text: "Back to the week") },
        ])
    }
}

struct APIEditConflict: Encodable { var error: String; var readAt: Int; var current: Int }
struct APIEditRefused: Encodable { var error: String; var breaches: [String] }
