import Foundation
import Hummingbird
import HubspokeModel
import HubspokeReports
import HubspokeWorkspace

/// Site calendar feeds: a PRU lead issues, re-issues and revokes a feed of each of their sites (a
/// manager of any site), served as `/feeds/TOKEN/site-ID.ics`; and the requests cut-off's form, which
/// carries the version it was read at.
extension WebApp {
    var siteFeedRoutes: [Route] {
        [
            Route(.get, "/site-feeds", .roles([.manager, .pruLead]), "the caller's site calendar feeds (a PRU lead's sites; a manager's any site), with forms to issue or revoke each") { call in
                Responses.html(try call.app.siteFeedsPage(caller: try call.signedIn(), issued: nil, notice: call.form["notice"]))
            },
            Route(.post, "/sites/:site/feed", .roles([.manager, .pruLead]), "issue a new feed address of the site (one's earlier one stops working); shown once") { call in
                let (caller, target) = try call.siteFeed()
                let token = try call.ws.issueFeedToken(userID: caller.user.id, target: target)
                return Responses.html(try call.app.siteFeedsPage(caller: caller, issued: (token, target), notice: nil))
            },
            Route(.post, "/sites/:site/feed/revoke", .roles([.manager, .pruLead]), "revoke one's feed address of the site (it gets 404 from now on)") { call in
                let (caller, target) = try call.siteFeed()
                try call.ws.revokeFeedTokens(userID: caller.user.id, target: target)
                return Responses.redirect(withNotice("/site-feeds", "The feed \(target.fileName) is revoked."))
            },
        ]
    }

    /// The sites whose feeds the caller may hold: a PRU lead's own, every site for a manager.
    func feedSites(_ caller: Caller) -> [Site] {
        scenario.sites.filter { caller.role == .manager || caller.user.sites.contains($0.id) }
    }

    func siteFeedsPage(caller: Caller, issued: (token: String, target: FeedTarget)?, notice: String?) throws -> String {
        var body: [HTML] = notice.map { [HTML.el("p", ["class": "notice", "role": "status"], text: $0)] } ?? []
        if let issued { body.append(feedAddress(issued.token, issued.target)) }
        body.append(HTML.el("p", text: "Subscribe to a site's address once in Outlook or Google Calendar: each rota published then appears on its own, with the site's sessions."))
        let rows: [[HTML]] = try feedSites(caller).map { site in
            let live = try ws.hasFeedToken(userID: caller.user.id, target: .site(site.id))
            return [.text("\(site.id) \(site.name)"), .text(live ? "live" : "none"),
                    .group([Layout.postForm("/sites/\(site.id)/feed", caller: caller, button: (live ? "Issue a new address of " : "Issue an address of ") + site.id) {},
                            live ? Layout.postForm("/sites/\(site.id)/feed/revoke", caller: caller, button: "Revoke the address of \(site.id)") {} : .group([])])]
        }
        body.append(Layout.table("Site feeds", header: ["Site", "Feed", "Actions"], rows: rows))
        return Layout.page(title: "Site calendar feeds", caller: caller, body: body)
    }

    /// A feed's address, shown once after it is issued.
    func feedAddress(_ token: String, _ target: FeedTarget) -> HTML {
        HTML.el("div", ["class": "notice", "role": "status"]) {
            HTML.el("p", text: "The feed's address (shown only now; keep it private, as anyone with it can read this rota):")
            HTML.el("p") { HTML.el("code", text: feedURL(token, target)) }
        }
    }

    // MARK: The requests cut-off

    func cutoffForm(_ week: CalendarDate, caller: Caller, cutoff: RequestCutoff, typed: String? = nil) -> HTML {
        Layout.postForm("/weeks/\(week.iso)/cutoff", caller: caller, button: "Save cut-off") {
            HTML.empty("input", ["type": "hidden", "name": "version", "value": String(cutoff.version)])
            Layout.field("closes_at", "Closes at (\(Workspace.timeZoneName), the service's time zone; empty for none)", type: "datetime-local",
                         value: typed ?? cutoff.closesAt.map { String($0.prefix(16)) })
        }
    }

    /// Saves the cut-off of the form, if it is still at the form's version; else a conflict page with both.
    func saveCutoff(_ call: Call) throws -> Response {
        let week = try call.week(), caller = try call.signedIn()
        let version = try call.form.integer("version", in: 0...1_000_000)
        let text = call.form["closes_at"]?.trimmingCharacters(in: .whitespaces) ?? ""
        switch try ws.setRequestCutoff(week: week, closesAt: text.isEmpty ? nil : text, expectedVersion: version) {
        case .saved(let c):
            return Responses.redirect(weekLink(week, c.closesAt.map { "Cut-off saved: requests close at \($0) (\(Workspace.timeZoneName))." } ?? "Cut-off cleared."))
        case .conflict(let current):
            func shown(_ closes: String?) -> String { closes.map { "\($0) (\(Workspace.timeZoneName))" } ?? "no cut-off" }
            let yours = text.isEmpty ? nil : try Workspace.cutoffTime(text)
            return Responses.html(Layout.page(title: "Not saved: the cut-off changed meanwhile", caller: caller, body: [
                HTML.el("p", ["class": "problem", "role": "alert"],
                        text: "\(current.changedBy ?? "Someone") changed the cut-off of the week of \(longDate(week)) at \(current.changedAt ?? "") after you opened the form. Yours was not saved."),
                Layout.table("The cut-off", header: ["", "Closes at"], rows: [
                    [.text("Saved, version \(current.version)"), .text(shown(current.closesAt))], [.text("Yours, not saved"), .text(shown(yours))]]),
                cutoffForm(week, caller: caller, cutoff: current, typed: text),
            ]), status: .conflict)
        }
    }
}
