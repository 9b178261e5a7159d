import Foundation
import Hummingbird
import HubspokeModel
import HubspokeReports
import HubspokeWorkspace

/// The API operations of the pages' other actions, with the pages' permissions: the requests'
/// cut-off, checking a pasted rota, users, absence requests (the manager's and a specialist's own),
/// the jobs list, and calendar feeds (a specialist's post, a PRU lead's sites).
extension WebApp {
    var apiParityRoutes: [Route] {
        [
            Route(.get, "/api/v1/weeks/:week/cutoff", .manager, "the week's requests cut-off {closesAt, version}") { call in
                Responses.json(APICutoff(try call.ws.cutoff(week: try call.week())))
            },
            Route(.put, "/api/v1/weeks/:week/cutoff", .manager, "set the cut-off {version, closesAt: YYYY-MM-DDTHH:MM UTC or null}; 409 with the saved one when stale") { call in
                let week = try call.week(), body = try decode(APICutoffBody.self, call.json)
                switch try call.ws.setRequestCutoff(week: week, closesAt: body.closesAt.flatMap { $0.isEmpty ? nil : $0 }, expectedVersion: body.version) {
                case .saved(let cutoff): return Responses.json(APICutoff(cutoff))
                case .conflict(let current):
                    return Responses.json(APICutoffConflict(error: "the cut-off changed since version \(body.version)", current: APICutoff(current)), status: .conflict)
                }
            },
            Route(.post, "/api/v1/weeks/:week/check", .manager, "check a hand-edited rota {rota: the CSV of hubspoke rota}: the broken hard rules, or the objective") { call in
                let week = try call.week(), body = try decode(APICheckBody.self, call.json)
                let (file, report) = try await call.app.checkRota(week: week, csv: body.rota)
                return Responses.json(APICheck(sessions: file.rows.count, breaches: report.breaches.map(\.description),
                                               objective: report.objective?.terms.map { APITerm(name: $0.name, quantity: $0.quantity, unit: $0.unit, penalty: $0.penalty) }))
            },
            Route(.post, "/api/v1/users", .manager, "add a user {name, role, sites?, post?}; 201 with the one-time link") { call in
                let body = try decode(APIUserBody.self, call.json)
                guard let role = UserRole(rawValue: body.role) else { throw WebError(.badRequest, "role: manager, pru_lead, specialist or commissioner") }
                let link = try call.ws.addUser(name: body.name, role: role, sites: body.sites ?? [], post: body.post.flatMap { $0.isEmpty ? nil : $0 })
                return Responses.json(APISetupLink(user: APIUser(link.user, csrf: nil), link: call.app.settings.publicURL + link.path), status: .created)
            },
            Route(.post, "/api/v1/users/:name/disable", .manager, "disable a user (sessions end, feeds revoked; never the last active manager)") { call in
                Responses.json(APIUser(try call.ws.disableUser(name: try call.parameter("name")), csrf: nil))
            },
            Route(.post, "/api/v1/users/:name/reset", .manager, "reset a user's password: a new one-time link") { call in
                let link = try call.ws.resetPassword(name: try call.parameter("name"))
                return Responses.json(APISetupLink(user: APIUser(link.user, csrf: nil), link: call.app.settings.publicURL + link.path))
            },
            Route(.get, "/api/v1/absence-requests", .manager, "every absence request (?state=pending|approved|declined)") { call in
                let state = try call.form["state"].map { (s: String) throws(WebError) -> AbsenceRequestRecord.State in
                    guard let st = AbsenceRequestRecord.State(rawValue: s) else { throw WebError(.badRequest, "state: pending, approved or declined") }
                    return st
                }
                return Responses.json(try call.ws.absenceRequests(state: state).map(APIAbsenceRequest.init))
            },
            Route(.post, "/api/v1/absence-requests/:id", .manager, "approve or decline an absence request {decision: approve|decline}") { call in
                guard let id = Int64(try call.parameter("id")) else { throw WebError(.notFound, "no such request") }
                let body = try decode(APIDecisionBody.self, call.json)
                guard body.decision == "approve" || body.decision == "decline" else { throw WebError(.badRequest, "decision: approve or decline") }
                return Responses.json(APIAbsenceRequest(try call.ws.decideAbsenceRequest(id: id, approve: body.decision == "approve")))
            },
            Route(.get, "/api/v1/my/absence-requests", .roles([.specialist]), "the specialist's own absence requests") { call in
                guard let post = try call.signedIn().user.post else { throw WebError.forbidden }
                return Responses.json(try call.ws.absenceRequests(post: post).map(APIAbsenceRequest.init))
            },
            Route(.get, "/api/v1/jobs", .manager, "the latest background jobs") { call in
                Responses.json(try call.ws.jobs(limit: 50).map { APIJob($0, joined: false) })
            },
        ] + apiFeedRoutes
    }

    /// The feeds in the API: a specialist's own post's, a PRU lead's sites' (a manager's: any site's).
    var apiFeedRoutes: [Route] {
        [
            Route(.get, "/api/v1/my/feed", .roles([.specialist]), "whether the specialist's feed is live") { call in
                let (caller, target) = try call.postFeed()
                return Responses.json(APIFeed(feed: target.fileName, live: try call.ws.hasFeedToken(userID: caller.user.id, target: target), url: nil))
            },
            Route(.post, "/api/v1/my/feed", .roles([.specialist]), "issue a new feed address for one's post (earlier ones stop working); shown once") { call in
                let (caller, target) = try call.postFeed()
                return Responses.json(try call.app.issueFeed(caller, target), status: .created)
            },
            Route(.delete, "/api/v1/my/feed", .roles([.specialist]), "revoke one's feed address (404 from now on)") { call in
                let (caller, target) = try call.postFeed()
                try call.ws.revokeFeedTokens(userID: caller.user.id, target: target)
                return Responses.json(APIFeed(feed: target.fileName, live: false, url: nil))
            },
            Route(.get, "/api/v1/sites/:site/feed", .roles([.manager, .pruLead]), "whether one's feed of the site is live (own sites for a PRU lead)") { call in
                let (caller, target) = try call.siteFeed()
                return Responses.json(APIFeed(feed: target.fileName, live: try call.ws.hasFeedToken(userID: caller.user.id, target: target), url: nil))
            },
            Route(.post, "/api/v1/sites/:site/feed", .roles([.manager, .pruLead]), "issue a new feed address of the site (one's earlier one stops working); shown once") { call in
                let (caller, target) = try call.siteFeed()
                return Responses.json(try call.app.issueFeed(caller, target), status: .created)
            },
            Route(.delete, "/api/v1/sites/:site/feed", .roles([.manager, .pruLead]), "revoke one's feed address of the site (404 from now on)") { call in
                let (caller, target) = try call.siteFeed()
                try call.ws.revokeFeedTokens(userID: caller.user.id, target: target)
                return Responses.json(APIFeed(feed: target.fileName, live: false, url: nil))
            },
        ]
    }

    func issueFeed(_ caller: Caller, _ target: FeedTarget) throws -> APIFeed {
        let token = try ws.issueFeedToken(userID: caller.user.id, target: target)
        return APIFeed(feed: target.fileName, live: true, url: feedURL(token, target))
    }

    func feedURL(_ token: String, _ target: FeedTarget) -> String { "\(settings.publicURL)/feeds/\(token)/\(target.fileName)" }

    /// Why a note or reason is refused (the scenario's site names and towns are not people's names), or nil.
    func noteProblem(_ text: String) -> String? {
        NoteCheck.problem(text, places: scenario.sites.map { $0.name + " " + ($0.town ?? "") })
    }
}

extension Call {
    /// The signed-in specialist and their post's feed.
    func postFeed() throws(WebError) -> (Caller, FeedTarget) {
        let caller = try signedIn()
        guard let post = caller.user.post else { throw WebError.forbidden }
        return (caller, .post(post))
    }

    /// The caller and the feed of the site in the path (a PRU lead: one of theirs).
    func siteFeed() throws(WebError) -> (Caller, FeedTarget) {
        let site = try site()
        return (try signedIn(), .site(site))
    }
}

struct APICutoff: Codable {
    var closesAt: String?, version: Int, changedBy: String?, changedAt: String?, timeZone: String
    init(_ c: RequestCutoff) { closesAt = c.closesAt; version = c.version; changedBy = c.changedBy; changedAt = c.changedAt; timeZone = Workspace.timeZoneName }
}
struct APICutoffBody: Codable { var version: Int; var closesAt: String? }
struct APICutoffConflict: Codable { var error: String; var current: APICutoff }
struct APICheckBody: Codable { var rota: String }
struct APITerm: Codable { var name: String, quantity: Double, unit: String, penalty: Double }
struct APICheck: Codable { var sessions: Int, breaches: [String], objective: [APITerm]? }
struct APIUserBody: Codable { var name: String; var role: String; var sites: [String]?; var post: String? }
struct APISetupLink: Codable { var user: APIUser; var link: String }
struct APIDecisionBody: Codable { var decision: String }
struct APIFeed: Codable { var feed: String, live: Bool, url: String? }
struct APIAbsenceRequest: Codable {
    var id: Int64, post: String, date: String, half: String?, reason: String, state: String, requestedBy: String, createdAt: String
    init(_ r: AbsenceRequestRecord) {
        id = r.id; post = r.post; date = r.date.iso; half = r.half?.key; reason = r.reason; state = r.state.rawValue; requestedBy = r.requestedBy; createdAt = r.createdAt
    }
}
