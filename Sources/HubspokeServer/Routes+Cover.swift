import Foundation
import Hummingbird
import HubspokeModel
import HubspokePlanner
import HubspokeReports
import HubspokeSupport
import HubspokeWorkspace

/// Cover for an absence or a gap (`hubspoke suggest`) and the repair of a week (`hubspoke repair`), as
/// background jobs; the options of a suggestion shown on its job page, and one applied as a draft if
/// the week is as it was when they were found (the form carries the version it was read at).
extension WebApp {
    var coverRoutes: [Route] {
        [
            Route(.get, "/weeks/:week/cover", .manager, "the forms to find cover for an absence or a gap, and to repair the week") { call in
                Responses.html(try call.app.coverPage(try call.week(), caller: try call.signedIn()))
            },
            Route(.post, "/weeks/:week/suggest", .manager, "find the best k covers as a job (form: need absent|gap, post, site, role, date, half, k 1-50, version); redirects to the job") { call in
                let (job, _) = try call.app.startSuggest(try call.week(), call.form, user: try call.signedIn().user.name)
                return Responses.redirect("/jobs/\(job.id)")
            },
            Route(.post, "/weeks/:week/repair", .manager, "re-plan the week from a half-day, keeping the sessions before it, as a job (form: date, half am|pm, version); redirects to the job") { call in
                let (job, _) = try call.app.startRepair(try call.week(), call.form, user: try call.signedIn().user.name)
                return Responses.redirect("/jobs/\(job.id)")
            },
            Route(.post, "/jobs/:id/apply", .manager, "save option N of a suggestion job as a draft (form: option, version read at); a changed week gets 409 with both versions") { call in
                let (job, outcome) = try call.app.suggestion(call)
                let option = try call.form.integer("option", in: 1...50), readAt = try call.form.integer("version", in: 0...1_000_000)
                switch try call.ws.applyCover(outcome, option: option, readAt: readAt) {
                case .saved(let v):
                    return Responses.redirect(weekLink(v.week, "Option \(option) saved as version \(v.version), a draft: review, check and publish it."))
                case .conflict(let current, let inputsChanged):
                    return Responses.html(call.app.coverConflictPage(job, outcome, readAt: readAt, current: current, inputsChanged: inputsChanged,
                                                                     caller: try call.signedIn()), status: .conflict)
                }
            },
            Route(.post, "/api/v1/weeks/:week/suggest", .manager, "find the best k covers as a job {need, post?, site?, role?, date, half?, k?, version?}; 202 with the job") { call in
                let (job, joined) = try call.app.startSuggest(try call.week(), try Form(json: call.json), user: try call.signedIn().user.name)
                return Responses.json(APIJob(job, joined: joined), status: .accepted)
            },
            Route(.post, "/api/v1/weeks/:week/repair", .manager, "repair the week from a half-day as a job {date, half?, version?}; 202 with the job") { call in
                let (job, joined) = try call.app.startRepair(try call.week(), try Form(json: call.json), user: try call.signedIn().user.name)
                return Responses.json(APIJob(job, joined: joined), status: .accepted)
            },
            Route(.get, "/api/v1/jobs/:id/options", .manager, "a suggestion job's options, with the version they were read at") { call in
                let (job, outcome) = try call.app.suggestion(call)
                return Responses.json(APICover(job, outcome))
            },
            Route(.post, "/api/v1/jobs/:id/apply", .manager, "save option N as a draft {option, version}; 201 with the version, 409 when the week changed") { call in
                let (_, outcome) = try call.app.suggestion(call)
                let body = try Form(json: call.json)
                let option = try body.integer("option", in: 1...50), readAt = try body.integer("version", in: 0...1_000_000)
                switch try call.ws.applyCover(outcome, option: option, readAt: readAt) {
                case .saved(let v): return Responses.json(["saved": v.version], status: .created)
                case .conflict(let current, let inputsChanged):
                    return Responses.json(APICoverConflict(error: call.app.conflictText(readAt: readAt, current: current, inputsChanged: inputsChanged),
                                                           readAt: readAt, current: current?.version ?? 0, inputsChanged: inputsChanged), status: .conflict)
                }
            },
        ]
    }

    /// The request for cover in a form (or a JSON body read as one), checked against the week.
    func coverRequest(_ f: Form, week: CalendarDate) throws(WebError) -> CoverRequest {
        let date = try self.date(f.required("date"), in: week)
        switch f["need"] ?? "absent" {
        case "absent":
            return .absent(post: try post(f.required("post")), date: date, half: try half(f["half"]))
        case "gap":
            let site = try self.site(f.required("site")), role = try f.required("role")
            guard scenario.roles.contains(where: { $0.id == role }) else { throw WebError(.badRequest, "role: unknown role \(role)") }
            guard let half = try self.half(f.required("half")) else { throw WebError(.badRequest, "half: am or pm (a gap is one session)") }
            return .gap(SessionNeed(site: site, role: role, at: DatedHalf(date, half)))
        case let other:
            throw WebError(.badRequest, "need: absent or gap, not \(other)")
        }
    }

    /// An optional version field: empty or missing is none.
    func optionalVersion(_ f: Form) throws(WebError) -> Int? {
        guard let text = f["version"], !text.isEmpty else { return nil }
        return try f.integer("version", in: 1...1_000_000)
    }

    func startSuggest(_ week: CalendarDate, _ f: Form, user: String) throws -> (job: JobRecord, joined: Bool) {
        let request = try coverRequest(f, week: week)
        let k = try (f["k"] ?? "").isEmpty ? 5 : f.integer("k", in: 1...50)
        let basis = try ws.coverBasis(week: week, request: request, version: try optionalVersion(f))
        return try cover.startSuggest(basis, k: k, week: week, user: user)
    }

    func startRepair(_ week: CalendarDate, _ f: Form, user: String) throws -> (job: JobRecord, joined: Bool) {
        let from = DatedHalf(try date(f.required("date"), in: week), try half(f["half"]) ?? .am)
        let version = try optionalVersion(f), versions = try ws.versions(week: week)
        if let version, !versions.contains(where: { $0.version == version }) {
            throw WebError(.badRequest, "version: week \(week.iso) has no version \(version)")
        }
        if version == nil, !versions.contains(where: \.isCurrent) {
            throw WebError(.badRequest, "week \(week.iso) has no published rota to repair: publish one first, or choose the version to repair")
        }
        return try cover.startRepair(week: week, from: from, version: version, user: user)
    }

    /// The suggestion job of the path's `:id`, with its options.
    func suggestion(_ call: Call) throws(WebError) -> (JobRecord, SuggestOutcome) {
        let text = try call.parameter("id")
        guard let id = Int64(text), let job = try? ws.job(id: id), job.kind == "suggest" else { throw WebError(.notFound, "no such suggestion job") }
        guard let outcome = cover.outcome(of: id) else {
            throw job.state == .done ? WebError(.gone, "job #\(id)'s options are no longer held (the service restarted, or newer jobs took their place): find cover again")
                : WebError(.conflict, "job #\(id) is \(job.state.rawValue): it has no options" + (job.state == .failed ? "" : " yet"))
        }
        return (job, outcome)
    }

    func coverPage(_ week: CalendarDate, caller: Caller) throws -> String {
        let w = "/weeks/\(week.iso)"
        let posts = scenario.posts.map { (value: $0.id, label: $0.id) }
        let days = (0..<5).map { week.adding(days: $0) }.map { (value: $0.iso, label: longDate($0)) }
        let halves = [(value: "am", label: "morning"), (value: "pm", label: "afternoon")]
        let versions = try ws.versions(week: week).reversed().map { (value: String($0.version), label: "version \($0.version) (\($0.status.rawValue))") }
        func k(_ form: String) -> HTML { Layout.field("k", "Options (1 to 50)", type: "number", value: "5", form: form, attributes: ["min": "1", "max": "50"]) }
        return Layout.page(title: "Cover and repair: week of \(longDate(week))", caller: caller, body: [
            HTML.el("p", text: "Suggestions and repairs run as jobs; sessions before the half-day named stay as they are. Cover is found in the week's published rota, else its latest version."),
            HTML.el("h2", text: "Cover an absence"),
            Layout.postForm("\(w)/suggest", caller: caller, button: "Find cover") {
                HTML.empty("input", ["type": "hidden", "name": "need", "value": "absent"])
                Layout.select("post", "Post", options: posts, form: "absent-")
                Layout.select("date", "Day", options: days, form: "absent-")
                Layout.select("half", "When", options: [(value: "day", label: "whole day")] + halves, form: "absent-")
                k("absent-")
            },
            HTML.el("h2", text: "Cover a gap (a session the rota must have)"),
            Layout.postForm("\(w)/suggest", caller: caller, button: "Find cover") {
                HTML.empty("input", ["type": "hidden", "name": "need", "value": "gap"])
                Layout.select("site", "Site", options: scenario.sites.map { ($0.id, "\($0.id) \($0.name)") }, form: "gap-")
                Layout.select("role", "Role", options: scenario.roles.map { ($0.id, "\($0.id) (\($0.name))") }, form: "gap-")
                Layout.select("date", "Day", options: days, form: "gap-")
                Layout.select("half", "Half", options: halves, form: "gap-")
                k("gap-")
            },
            HTML.el("h2", text: "Repair the week"),
            HTML.el("p", text: "Re-plans the week from a half-day with as few changed sessions as possible, keeping the sessions delivered before it; the result is a draft to review, check and publish."),
            Layout.postForm("\(w)/repair", caller: caller, button: "Repair") {
                Layout.select("date", "From day", options: days, form: "repair-")
                Layout.select("half", "From", options: halves, form: "repair-")
                Layout.select("version", "Version repaired", options: [(value: "", label: "the published one")] + versions, form: "repair-")
            },
            HTML.el("p") { HTML.el("a", ["href": w], text: "Back to the week") },
        ])
    }

    /// The options of a finished suggestion job on its page: what each changes, its cost and why it
    /// ranks there, with a form to apply it; then the count and the tolerance, as the CLI states them.
    func coverOptions(_ job: JobRecord, caller: Caller) -> HTML {
        guard job.kind == "suggest", job.state == .done else { return .group([]) }
        guard let outcome = cover.outcome(of: job.id) else {
            return HTML.el("p", ["class": "problem"], text: "This job's options are no longer held (the service restarted, or newer jobs took their place): find cover again.")
        }
        let found = outcome.suggestions, basis = outcome.basis
        let before = found.referenceObjective.map { "objective \(fixed($0.total, 2))" } ?? "breaks a hard rule even without the request"
        var parts: [HTML] = [
            HTML.el("h2", text: "Cover for \(found.request)"),
            HTML.el("p", text: "In \(outcome.source.label) (\(outcome.source.status.rawValue)), re-planned from \(found.request.from.long). The rota as it stood: \(before); each changed session costs \(fixed(found.changeWeight, 2))."),
        ]
        parts += outcome.notes.map { HTML.el("p", ["class": "notice"], text: $0) }
        for option in found.options {
            let diff = found.diff(option)
            let change = option.change.map { " (\($0 >= 0 ? "+" : "")\(fixed($0, 2)) on the rota as it stood)" } ?? ""
            parts.append(HTML.el("section", ["class": "option", "aria-labelledby": "option-\(option.number)"]) {
                HTML.el("h3", ["id": "option-\(option.number)"], text: "Option \(option.number): objective \(fixed(option.rota.objective.total, 2))\(change)")
                HTML.el("p", text: "\(diff.countText), \(option.rota.solver.statusWords). Why: \(option.reason).")
                if diff.changes.isEmpty {
                    HTML.el("p", text: "It changes no session: the rota as it stood already covers the request.")
                } else {
                    Layout.table("What option \(option.number) changes", header: ["Half-day", "Post", "From", "To"], rows: diff.changes.map {
                        [.text($0.at.long), .text($0.post), .text($0.from ?? "-"), .text($0.to ?? "-")]
                    })
                }
                Layout.postForm("/jobs/\(job.id)/apply", caller: caller, button: "Apply option \(option.number) (save as a draft)") {
                    HTML.empty("input", ["type": "hidden", "name": "option", "value": String(option.number)])
                    HTML.empty("input", ["type": "hidden", "name": "version", "value": String(basis.latestVersion)])
                }
            })
        }
        parts.append(HTML.el("p", text: found.countSentence))
        parts.append(HTML.el("p", ["class": "notice"], text: found.toleranceSentence))
        return .group(parts)
    }

    /// What changed since the options were read.
    func conflictText(readAt: Int, current: RotaVersion?, inputsChanged: Bool) -> String {
        var what: [String] = []
        if (current?.version ?? 0) != readAt { what.append("version \(current?.version ?? 0) was saved after version \(readAt), which the options were read at") }
        if inputsChanged { what.append("its demand, absences, pins and forbids or preferences changed") }
        if what.isEmpty { what.append("the options were found at version \(readAt), not the version given") }
        return "Not saved: the week changed since the options were found (" + what.joined(separator: "; ") + "); find cover again"
    }

    /// A stale apply: the version the options were read at and the week's latest now, side by side;
    /// nothing saved, and the same request ready to run again.
    func coverConflictPage(_ job: JobRecord, _ outcome: SuggestOutcome, readAt: Int, current: RotaVersion?, inputsChanged: Bool, caller: Caller) -> String {
        let basis = outcome.basis, week = basis.week
        let readVersion = (try? ws.versions(week: week))?.first { $0.version == readAt }
        return Layout.page(title: "Not saved: the week changed meanwhile", caller: caller, body: [
            HTML.el("p", ["class": "problem", "role": "alert"], text: conflictText(readAt: readAt, current: current, inputsChanged: inputsChanged) + ". Nothing was saved."),
            Layout.table("The week then and now", header: ["", "Version", "Kind", "Status", "Sessions", "Saved at"], rows: [
                [.text("read at (job #\(job.id))")] + Self.versionCells(readVersion), [.text("now")] + Self.versionCells(current),
            ]),
            Layout.postForm("/weeks/\(week.iso)/suggest", caller: caller, button: "Find cover again") {
                for (name, value) in Self.fields(of: basis.request) + [("k", String(outcome.suggestions.asked))] {
                    HTML.empty("input", ["type": "hidden", "name": name, "value": value])
                }
            },
            HTML.el("p") { HTML.el("a", ["href": "/weeks/\(week.iso)"], text: "Back to the week") },
        ])
    }

    /// The form fields that ask for `request` again.
    static func fields(of request: CoverRequest) -> [(String, String)] {
        switch request {
        case .absent(let post, let date, let half): [("need", "absent"), ("post", post), ("date", date.iso), ("half", half?.key ?? "day")]
        case .gap(let n): [("need", "gap"), ("site", n.site), ("role", n.role), ("date", n.at.date.iso), ("half", n.at.half.key)]
        }
    }
}

extension Form {
    /// A JSON object of strings, numbers and booleans read as a form's fields (the API's bodies then
    /// pass the same checks as the pages' forms); anything else is a 400.
    init(json data: Data) throws(WebError) {
        guard let object = (try? JSONSerialization.jsonObject(with: data.isEmpty ? Data("{}".utf8) : data)) as? [String: Any] else {
            throw WebError(.badRequest, "the JSON is malformed (an object of fields is expected)")
        }
        var fields: [String: String] = [:]
        for (name, value) in object {
            switch value {
            case let s as String: fields[name] = s
            case let n as NSNumber: fields[name] = n.stringValue
            case let i as Int: fields[name] = String(i)
            case let d as Double: fields[name] = String(d)
            case is NSNull: continue
            default: throw WebError(.badRequest, "\(name): a string or a number is expected")
            }
        }
        self.init(fields: fields)
    }
}

struct APICover: Encodable {
    struct Change: Encodable { var post: String, date: String, half: String, from: String?, to: String? }
    struct Option: Encodable {
        var number: Int, objective: Double, change: Double?, status: String, reason: String, changedSessions: Int, changes: [Change]
    }
    var job: Int64, request: String, from: String, source: Int, sourceStatus: String, readAt: Int
    var referenceObjective: Double?, asked: Int, found: Int, exhausted: Bool, count: String, tolerance: String, options: [Option]

    init(_ job: JobRecord, _ o: SuggestOutcome) {
        let f = o.suggestions
        self.job = job.id; request = f.request.description; from = "\(f.request.from.date.iso) \(f.request.from.half.key)"
        source = o.source.version; sourceStatus = o.source.status.rawValue; readAt = o.basis.latestVersion
        referenceObjective = f.referenceObjective.map(\.total); asked = f.asked; found = f.options.count; exhausted = f.exhausted
        count = f.countSentence; tolerance = f.toleranceSentence
        options = f.options.map { option in
            let d = f.diff(option)
            return Option(number: option.number, objective: option.rota.objective.total, change: option.change, status: option.rota.solver.statusWords,
                          reason: option.reason, changedSessions: d.changedSessions,
                          changes: d.changes.map { Change(post: $0.post, date: $0.at.date.iso, half: $0.at.half.key, from: $0.from, to: $0.to) })
        }
    }
}

struct APICoverConflict: Encodable { var error: String, readAt: Int, current: Int, inputsChanged: Bool }
