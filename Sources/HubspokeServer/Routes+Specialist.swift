import Foundation
import Hummingbird
import HubspokeModel
import HubspokeReports
import HubspokeWorkspace

/// A specialist's own pages: absence requests for the manager to approve, and their calendar feed.
extension WebApp {
    var specialistRoutes: [Route] {
        [
            Route(.get, "/my/absences", .roles([.specialist]), "the specialist's absence requests, and a form for a new one") { call in
                Responses.html(try call.app.myAbsencesPage(caller: try call.signedIn(), notice: call.form["notice"]))
            },
            Route(.post, "/my/absences", .roles([.specialist]), "ask for an absence (form: date, half am|pm|day, reason)") { call in
                let caller = try call.signedIn()
                guard let post = caller.user.post else { throw WebError.forbidden }
                guard let date = CalendarDate(iso: try call.form.required("date")) else { throw WebError(.badRequest, "date: not a date (YYYY-MM-DD)") }
                let r = try call.ws.requestAbsence(post: post, date: date, half: try call.app.half(call.form["half"]), reason: call.form["reason"] ?? "")
                return Responses.redirect(withNotice("/my/absences", "Request #\(r.id) sent to the manager."))
            },
            Route(.get, "/my/feed", .roles([.specialist]), "the specialist's calendar feed: whether it is live, and forms to issue or revoke it") { call in
                Responses.html(try call.app.feedPage(caller: try call.signedIn(), token: nil))
            },
            Route(.post, "/my/feed", .roles([.specialist]), "issue a new feed address (earlier ones stop working); shown once") { call in
                let caller = try call.signedIn()
                guard let post = caller.user.post else { throw WebError.forbidden }
                let token = try call.ws.issueFeedToken(userID: caller.user.id, target: .post(post))
                return Responses.html(try call.app.feedPage(caller: caller, token: token))
            },
            Route(.post, "/my/feed/revoke", .roles([.specialist]), "revoke the feed address (it gets 404 from now on)") { call in
                let caller = try call.signedIn()
                guard let post = caller.user.post else { throw WebError.forbidden }
                try call.ws.revokeFeedTokens(userID: caller.user.id, target: .post(post))
                return Responses.redirect("/my/feed")
            },
        ]
    }

    func myAbsencesPage(caller: Caller, notice: String?) throws -> String {
        let requests = try ws.absenceRequests(post: caller.user.post ?? "")
        return Layout.page(title: "My absences", caller: caller, body: [
            notice.map { HTML.el("p", ["class": "notice", "role": "status"], text: $0) } ?? .group([]),
            Layout.table("My requests", header: ["When", "Reason", "State"], rows: requests.map { r in
                [.text("\(longDate(r.date)) \(r.half?.label ?? "(whole day)")"), .text(r.reason), .text(r.state.rawValue)]
            }),
            HTML.el("h2", text: "Ask for an absence"),
            Layout.postForm("/my/absences", caller: caller, button: "Send request") {
                Layout.field("date", "Date", type: "date", attributes: ["required": "required"])
                Layout.select("half", "When", options: [("day", "whole day"), ("am", "morning"), ("pm", "afternoon")])
                Layout.field("reason", "Reason (short; no personal details)", attributes: ["maxlength": "200"])
            },
        ])
    }

    func feedPage(caller: Caller, token: String?) throws -> String {
        guard let post = caller.user.post else { throw WebError.forbidden }
        let target = FeedTarget.post(post)
        let live = try ws.hasFeedToken(userID: caller.user.id, target: target)
        var body: [HTML] = [HTML.el("p", text: "Subscribe to this address once in Outlook or Google Calendar: each rota published for \(post) then appears on its own.")]
        if let token {
            body.append(feedAddress(token, target))
        } else {
            body.append(HTML.el("p", text: live ? "Your feed is live." : "You have no feed yet."))
        }
        body.append(Layout.postForm("/my/feed", caller: caller, button: live ? "Issue a new address (the old one stops working)" : "Issue an address") {})
        if live || token != nil { body.append(Layout.postForm("/my/feed/revoke", caller: caller, button: "Revoke the address") {}) }
        return Layout.page(title: "My calendar feed", caller: caller, body: body)
    }
}
