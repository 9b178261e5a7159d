import Foundation
import Hummingbird
import HubspokeModel
import HubspokeWorkspace

/// The JSON API under /api/v1: the same actions as the pages, with the same permissions (openapi.yaml).
/// Calls made with the session cookie that change something send its CSRF token as `X-CSRF-Token`
/// (given by `GET /api/v1/me`).
extension WebApp {
    var apiRoutes: [Route] {
        [
            Route(.get, "/api/v1/me", .everyone, "the signed-in user, with the CSRF token for changes") { call in
                let c = try call.signedIn()
                return Responses.json(APIUser(c.user, csrf: c.csrf))
            },
            Route(.get, "/api/v1/weeks/:week/rota", .everyone, "the week's rota as the role may see it (as the week page)") { call in
                let week = try call.week(), caller = try call.signedIn()
                return Responses.json(try call.app.fresh.value("api-rota/\(caller.user.id)/\(week.iso)", at: call.stamp) { try call.app.apiRota(week, caller: caller) })
            },
            Route(.get, "/api/v1/weeks/:week/requests/:site", .roles([.manager, .pruLead]), "a PRU's requests (own sites for a PRU lead)") { call in
                Responses.json(APIRequests(try call.ws.requests(week: try call.week(), site: try call.site())))
            },
            Route(.put, "/api/v1/weeks/:week/requests/:site", .roles([.manager, .pruLead]), "save a PRU's requests {version, note, rows:[{role, priority, sessions}]}; 409 with the saved set when stale") { call in
                let week = try call.week(), site = try call.site()
                let body = try decode(APIRequestsBody.self, call.json)
                switch try call.ws.submitRequests(week: week, site: site, rows: body.rows.map(\.row), note: body.note ?? "", expectedVersion: body.version,
                                                  overrideCutoff: try call.signedIn().role == .manager) {
                case .saved(let set): return Responses.json(APIRequests(set))
                case .conflict(let current, _, _): return Responses.json(APIConflict(error: "the requests changed since version \(body.version)", current: APIRequests(current)), status: .conflict)
                }
            },
            Route(.post, "/api/v1/weeks/:week/absences", .manager, "record an absence {post, date, half?, reason?}") { call in
                let week = try call.week(), body = try decode(APIAbsenceBody.self, call.json)
                let date = try call.app.date(body.date, in: week)
                if let r = body.reason, let problem = call.app.noteProblem(r) { throw WebError(.badRequest, "reason: \(problem)") }
                let change = try call.ws.addAbsence(post: try call.app.post(body.post ?? ""), dates: [date], half: try call.app.half(body.half), reason: body.reason)
                return Responses.json(["recorded": change.absences.map(\.id)], status: .created)
            },
            Route(.post, "/api/v1/absence-requests", .roles([.specialist]), "ask for an absence of one's post {date, half?, reason?}") { call in
                let c = try call.signedIn(), body = try decode(APIAbsenceBody.self, call.json)
                guard let post = c.user.post else { throw WebError.forbidden }
                guard let date = CalendarDate(iso: body.date) else { throw WebError(.badRequest, "date: not a date (YYYY-MM-DD)") }
                let r = try call.ws.requestAbsence(post: post, date: date, half: try call.app.half(body.half), reason: body.reason ?? "")
                return Responses.json(["id": r.id], status: .created)
            },
            Route(.post, "/api/v1/weeks/:week/plan", .manager, "plan the week as a job (joins one running); 202 with the job") { call in
                let (job, joined) = try call.app.jobs.startPlan(week: try call.week(), user: try call.signedIn().user.name)
                return Responses.json(APIJob(job, joined: joined), status: .accepted)
            },
            Route(.get, "/api/v1/jobs/:id", .manager, "a job's state, progress and result") { call in
                guard let id = Int64(try call.parameter("id")), let job = try call.ws.job(id: id) else { throw WebError(.notFound, "no such job") }
                var api = APIJob(job, joined: false)
                if let p = call.app.jobs.progress(of: id) { api.progress = p }
                return Responses.json(api)
            },
            Route(.post, "/api/v1/weeks/:week/publish", .manager, "publish a version {version}") { call in
                let week = try call.week(), body = try decode(APIPublishBody.self, call.json)
                let outcome = try call.ws.publish(week: week, version: body.version, exportsTo: call.app.exportsFolder, exporters: PublishExporters.all)
                return Responses.json(["published": outcome.version.version])
            },
            Route(.get, "/api/v1/users", .manager, "the users") { call in Responses.json(try call.ws.users().map { APIUser($0, csrf: nil) }) },
            Route(.get, "/api/v1/history", .manager, "the change log, with the user of each change") { call in
                Responses.json(try call.ws.history(limit: 500).map { APILogEntry(at: $0.at, user: $0.user ?? $0.actor, command: $0.command, week: $0.week?.iso, summary: $0.summary) })
            },
        ]
    }

    func apiRota(_ week: CalendarDate, caller: Caller) throws -> APIRota {
        let stored = caller.role == .manager ? try? ws.storedRota(week: week, preferPublished: false)
            : (try? ws.storedRota(week: week)).flatMap { $0.version.status == .published ? $0 : nil }
        guard let stored else { throw WebError(.notFound, "week \(week.iso) has no \(caller.role == .manager ? "" : "published ")rota") }
        func sees(post: String, site: String) -> Bool {
            switch caller.role {
            case .manager, .commissioner: true
            case .pruLead: caller.user.sites.contains(site)
            case .specialist: post == caller.user.post
            }
        }
        let visible = stored.rota.assignments.filter { sees(post: $0.post, site: $0.site) }
        let held = (stored.rota.protected ?? []).filter { sees(post: $0.post, site: $0.site) }
        let unmet = stored.rota.unmet.filter { caller.role != .specialist && caller.mayAct(onSite: $0.site) }
        return APIRota(week: week.iso, version: stored.version.version, status: stored.version.status.rawValue,
                       sessions: visible.map { APISession(date: $0.date.iso, half: $0.half.key, post: $0.post, role: $0.role, site: $0.site) },
                       protected: held.map { APIProtected(date: $0.date.iso, half: $0.half.key, post: $0.post, site: $0.site, commitment: $0.commitment) },
                       unmet: unmet.map { APIUnmet(site: $0.site, role: $0.role, priority: $0.priority.rawValue, sessions: $0.sessions, reason: $0.reason.rawValue) })
    }
}

/// Decodes a JSON body; malformed JSON or a wrong field is a 400 naming the field (`rows[1].sessions`) and what is wrong.
func decode<T: Decodable>(_ type: T.Type, _ data: Data) throws(WebError) -> T {
    do { return try JSONDecoder().decode(type, from: data) } catch let error as DecodingError {
        throw WebError(.badRequest, JSONProblem.describe(error))
    } catch {
        throw WebError(.badRequest, "the JSON is malformed")
    }
}

struct APIUser: Codable {
    var name: String, role: String, sites: [String], post: String?, disabled: Bool, csrf: String?
    init(_ u: UserRecord, csrf: String?) { name = u.name; role = u.role.rawValue; sites = u.sites; post = u.post; disabled = u.disabled; self.csrf = csrf }
}
struct APIRequests: Codable {
    var week: String, site: String, version: Int, note: String, rows: [RequestSet.Row], updatedBy: String?
    init(_ s: RequestSet) { week = s.week.iso; site = s.site; version = s.version; note = s.note; rows = s.rows; updatedBy = s.updatedBy }
}
struct APIRequestsBody: Decodable { var version: Int; var note: String?; var rows: [APIRequestRow] }
struct APIConflict: Codable { var error: String; var current: APIRequests }
struct APIAbsenceBody: Codable { var post: String?; var date: String; var half: String?; var reason: String? }
struct APIPublishBody: Codable { var version: Int }
struct APIJob: Codable {
    var id: Int64, kind: String, week: String?, state: String, progress: String, result: String, joined: Bool
    init(_ j: JobRecord, joined: Bool) { id = j.id; kind = j.kind; week = j.week?.iso; state = j.state.rawValue; progress = j.progress; result = j.result; self.joined = joined }
}
struct APISession: Codable { var date: String, half: String, post: String, role: String, site: String }
struct APIUnmet: Codable { var site: String, role: String, priority: String, sessions: Int, reason: String }
struct APIProtected: Codable { var date: String, half: String, post: String, site: String, commitment: String }
struct APIRota: Codable { var week: String, version: Int, status: String, sessions: [APISession], protected: [APIProtected], unmet: [APIUnmet] }
struct APILogEntry: Codable { var at: String, user: String, command: String, week: String?, summary: String }
