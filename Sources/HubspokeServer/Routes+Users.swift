import Foundation
import Hummingbird
import HubspokeModel
import HubspokeReports
import HubspokeWorkspace

/// The manager's users page (as `hubspoke user`), absence requests to decide, and the history with the sign-in log.
extension WebApp {
    var userRoutes: [Route] {
        [
            Route(.get, "/users", .manager, "the users, with forms to add, disable and reset") { call in
                Responses.html(try call.app.usersPage(caller: try call.signedIn(), link: nil, notice: call.form["notice"]))
            },
            Route(.post, "/users", .manager, "add a user (form: name, role, sites space-separated for a PRU lead, post for a specialist); shows the one-time link") { call in
                guard let role = UserRole(rawValue: try call.form.required("role")) else { throw WebError(.badRequest, "role: manager, pru_lead, specialist or commissioner") }
                let sites = (call.form["sites"] ?? "").split(whereSeparator: { $0 == " " || $0 == "," }).map(String.init)
                let post = call.form["post"].flatMap { $0.isEmpty ? nil : $0 }
                let link = try call.ws.addUser(name: try call.form.required("name"), role: role, sites: sites, post: post)
                return Responses.html(try call.app.usersPage(caller: try call.signedIn(), link: link, notice: nil), status: .created)
            },
            Route(.post, "/users/:name/disable", .manager, "disable a user (sessions end, feeds revoked)") { call in
                let user = try call.ws.disableUser(name: try call.parameter("name"))
                return Responses.redirect(withNotice("/users", "User \(user.name) disabled."))
            },
            Route(.post, "/users/:name/reset", .manager, "reset a user's password: a new one-time link") { call in
                let link = try call.ws.resetPassword(name: try call.parameter("name"))
                return Responses.html(try call.app.usersPage(caller: try call.signedIn(), link: link, notice: nil))
            },
            Route(.get, "/absence-requests", .manager, "absence requests waiting for a decision") { call in
                Responses.html(try call.app.absenceRequestsPage(caller: try call.signedIn(), notice: call.form["notice"]))
            },
            Route(.post, "/absence-requests/:id", .manager, "approve or decline an absence request (form: decision approve|decline)") { call in
                guard let id = Int64(try call.parameter("id")) else { throw WebError(.notFound, "no such request") }
                let decision = try call.form.required("decision")
                guard decision == "approve" || decision == "decline" else { throw WebError(.badRequest, "decision: approve or decline") }
                let r = try call.ws.decideAbsenceRequest(id: id, approve: decision == "approve")
                return Responses.redirect(withNotice("/absence-requests", "Request #\(r.id) of \(r.post) \(r.state.rawValue)."))
            },
            Route(.get, "/history", .manager, "the change log with who made each change, and the sign-in log") { call in
                Responses.html(try call.app.historyPage(caller: try call.signedIn()))
            },
        ]
    }

    func usersPage(caller: Caller, link: SetupLink?, notice: String?) throws -> String {
        let users = try ws.users()
        var body: [HTML] = notice.map { [HTML.el("p", ["class": "notice", "role": "status"], text: $0)] } ?? []
        if let link {
            body.append(HTML.el("div", ["class": "notice", "role": "status"]) {
                HTML.el("p", text: "One-time link for \(link.user.name) (valid for 7 days; shown only now): give it to them in person or by a trusted channel.")
                HTML.el("p") { HTML.el("code", text: settings.publicURL + link.path) }
            })
        }
        body.append(Layout.table("Users", header: ["Name", "Role", "Sites or post", "State", "Actions"], rows: users.map { u in
            [.text(u.name), .text(u.role.label), .text((u.sites + (u.post.map { [$0] } ?? [])).joined(separator: ", ")),
             .text(u.disabled ? "disabled" : u.hasPassword ? "active" : "waiting for their password"),
             .group([Layout.postForm("/users/\(u.name)/reset", caller: caller, button: "Reset password of \(u.name)") {},
                     u.disabled ? .group([]) : Layout.postForm("/users/\(u.name)/disable", caller: caller, button: "Disable \(u.name)") {}])]
        }))
        body.append(HTML.el("h2", text: "Add a user"))
        body.append(Layout.postForm("/users", caller: caller, button: "Add user") {
            Layout.field("name", "User name (letters, digits, . _ - @)", attributes: ["required": "required", "maxlength": "64"])
            Layout.select("role", "Role", options: UserRole.allCases.map { ($0.rawValue, $0.label) })
            Layout.field("sites", "PRU sites (a PRU lead; space-separated)")
            Layout.select("post", "Post (a specialist)", options: [("", "none")] + scenario.posts.map { ($0.id, $0.id) })
        })
        return Layout.page(title: "Users", caller: caller, body: body)
    }

    func absenceRequestsPage(caller: Caller, notice: String?) throws -> String {
        let requests = try ws.absenceRequests()
        return Layout.page(title: "Absence requests", caller: caller, body: [
            notice.map { HTML.el("p", ["class": "notice", "role": "status"], text: $0) } ?? .group([]),
            Layout.table("Requests", header: ["#", "Post", "When", "Reason", "State", "Decision"], rows: requests.map { r in
                [.text(String(r.id)), .text(r.post), .text("\(longDate(r.date)) \(r.half?.label ?? "(whole day)")"), .text(r.reason), .text(r.state.rawValue),
                 r.state != .pending ? .group([]) : .group([
                    Layout.postForm("/absence-requests/\(r.id)", caller: caller, button: "Approve #\(r.id)") { HTML.empty("input", ["type": "hidden", "name": "decision", "value": "approve"]) },
                    Layout.postForm("/absence-requests/\(r.id)", caller: caller, button: "Decline #\(r.id)") { HTML.empty("input", ["type": "hidden", "name": "decision", "value": "decline"]) },
                 ])]
            }),
        ])
    }

    func historyPage(caller: Caller) throws -> String {
        Layout.page(title: "History", caller: caller, body: [
            Layout.table("The last 200 changes", header: ["When", "Who", "Command", "Week", "What"], rows: try ws.history(limit: 200).reversed().map { e in
                [.text(e.at), .text(e.user ?? e.actor), .text(e.command), .text(e.week?.iso ?? ""), .text(e.summary)]
            }),
            Layout.table("The last 100 sign-ins", header: ["When", "Name", "Address", "Result"], rows: try ws.loginAttempts(limit: 100).map { a in
                [.text(a.at), .text(a.name), .text(a.address), .text(a.success ? "signed in" : "refused")]
            }),
        ])
    }
}
