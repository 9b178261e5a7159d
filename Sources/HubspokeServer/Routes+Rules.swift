import Foundation
import Hummingbird
import HubspokeModel
import HubspokePlanner
import HubspokeReports
import HubspokeWorkspace

/// The week's pins and forbids: listed, added and removed, through a page and the API (adding by
/// the page is `POST /weeks/:week/rules`, among the manager's week actions).
extension WebApp {
    var ruleRoutes: [Route] {
        [
            Route(.get, "/weeks/:week/rules", .manager, "the week's pins and forbids, each with a button to remove it, and the form to add one") { call in
                Responses.html(try call.app.rulesPage(try call.week(), caller: try call.signedIn(), notice: call.form["notice"]))
            },
            Route(.post, "/weeks/:week/rules/:id/remove", .manager, "remove a pin or forbid of the week (by its id); back to the list") { call in
                let week = try call.week(), removed = try call.app.removeRule(week, id: try call.parameter("id"))
                return Responses.redirect(withNotice("/weeks/\(week.iso)/rules", "Removed: \(removed.map(\.description).joined(separator: ", "))."))
            },
            Route(.get, "/api/v1/weeks/:week/rules", .manager, "the week's pins and forbids") { call in
                Responses.json(try call.ws.sessionRules(week: try call.week()).map(APIRule.init))
            },
            Route(.post, "/api/v1/weeks/:week/rules", .manager, "add a pin or forbid {kind pin|forbid, post, site, date, half am|pm}; 201 with the rule and notes") { call in
                let change = try call.app.addRule(try call.week(), try Form(json: call.json))
                return Responses.json(APIRuleChange(rule: APIRule(change.rule), notes: change.notes), status: .created)
            },
            Route(.delete, "/api/v1/weeks/:week/rules/:id", .manager, "remove a pin or forbid of the week (by its id)") { call in
                let removed = try call.app.removeRule(try call.week(), id: try call.parameter("id"))
                return Responses.json(removed.map(APIRule.init))
            },
        ]
    }

    /// Records the pin or forbid of a form (or a JSON body read as one): kind, post, site, date, half.
    func addRule(_ week: CalendarDate, _ f: Form) throws -> SessionRuleChange {
        guard let kind = SessionRuleRecord.Kind(rawValue: try f.required("kind")) else { throw WebError(.badRequest, "kind: pin or forbid") }
        let post = try self.post(f.required("post")), site = try self.site(f.required("site"))
        let date = try self.date(f.required("date"), in: week)
        guard let half = try self.half(f.required("half")) else { throw WebError(.badRequest, "half: am or pm") }
        return try ws.addSessionRule(kind, post: post, site: site, at: DatedHalf(date, half))
    }

    /// Removes the week's rule with the id `text`; an id that names none of the week's is a 404.
    func removeRule(_ week: CalendarDate, id text: String) throws -> [SessionRuleRecord] {
        guard let id = Int64(text), let rule = try ws.sessionRules(week: week).first(where: { $0.id == id }) else {
            throw WebError(.notFound, "week \(week.iso) has no pin or forbid #\(text)")
        }
        return try ws.removeSessionRule(rule.kind, post: rule.post, at: rule.at, site: rule.site)
    }

    func rulesPage(_ week: CalendarDate, caller: Caller, notice: String?) throws -> String {
        let rules = try ws.sessionRules(week: week)
        let rows: [[HTML]] = rules.map { r in
            [.text(r.kind.rawValue), .text(r.post), .text(r.site), .text(r.at.long), .text(r.createdAt),
             Layout.postForm("/weeks/\(week.iso)/rules/\(r.id)/remove", caller: caller, button: "Remove #\(r.id)") {}]
        }
        return Layout.page(title: "Pins and forbids: week of \(longDate(week))", caller: caller, body: [
            notice.map { HTML.el("p", ["class": "notice", "role": "status"], text: $0) } ?? .group([]),
            HTML.el("p", text: "A pin says a post must be at a site in a session; a forbid that it must not. The next plan or repair of the week keeps them."),
            rules.isEmpty ? HTML.el("p", text: "No pin or forbid is recorded for this week.")
                : Layout.table("The week's pins and forbids", header: ["Rule", "Post", "Site", "Half-day", "Recorded", ""], rows: rows),
            HTML.el("h2", text: "Pin or forbid a session"),
            ruleForm(week, caller: caller, back: "rules"),
            HTML.el("p") { HTML.el("a", ["href": "/weeks/\(week.iso)"], text: "Back to the week") },
        ])
    }

    /// The form that adds a pin or forbid (on the week page and the list, `back` "rules": back to the list).
    func ruleForm(_ week: CalendarDate, caller: Caller, back: String? = nil) -> HTML {
        let posts = scenario.posts.map { p in (value: p.id, label: "\(p.id) (\(scenario.roles.first { $0.id == p.role }?.name ?? p.role))") }
        let days = (0..<5).map { week.adding(days: $0) }.map { (value: $0.iso, label: longDate($0)) }
        return Layout.postForm("/weeks/\(week.iso)/rules", caller: caller, button: "Add rule") {
            if let back { HTML.empty("input", ["type": "hidden", "name": "back", "value": back]) }
            Layout.select("kind", "Rule", options: [("pin", "pin (must happen)"), ("forbid", "forbid (must not)")])
            Layout.select("post", "Post", options: posts, form: "rule-")
            Layout.select("site", "Site", options: scenario.sites.map { ($0.id, "\($0.id) \($0.name)") }, form: "rule-")
            Layout.select("date", "Day", options: days, form: "rule-")
            Layout.select("half", "Half", options: [("am", "morning"), ("pm", "afternoon")], form: "rule-")
        }
    }
}

struct APIRule: Encodable {
    var id: Int64, kind: String, post: String, site: String, date: String, half: String, createdAt: String
    init(_ r: SessionRuleRecord) { id = r.id; kind = r.kind.rawValue; post = r.post; site = r.site; date = r.date.iso; half = r.half.key; createdAt = r.createdAt }
}
struct APIRuleChange: Encodable { var rule: APIRule, notes: [String] }
