import Foundation
import Hummingbird
import HubspokeReports
import HubspokeWorkspace

/// Responses of the service: pages, JSON, redirects, calendars and the stylesheet.
enum Responses {
    static func html(_ page: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: page)))
    }

    static func json<T: Encodable>(_ value: T, status: HTTPResponse.Status = .ok) -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(value)) ?? Data("{}".utf8)
        return Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// 303 See Other: after a form's change, to the page that shows it (the browser's back and
    /// reload never submit it again).
    static func redirect(_ location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location])
    }

    static func text(_ text: String, type: String, cache: String? = nil) -> Response {
        var headers: HTTPFields = [.contentType: type]
        if let cache { headers[.cacheControl] = cache }
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}

/// The shell of every page: the stylesheet from the service (no inline style or script, so the
/// Content Security Policy forbids both), a navigation for the caller's role, and the body.
enum Layout {
    static func page(title: String, caller: Caller?, body: [HTML]) -> String {
        let page = HTML.el("html", ["lang": "en-GB"]) {
            HTML.el("head") {
                HTML.empty("meta", ["charset": "utf-8"])
                HTML.empty("meta", ["name": "viewport", "content": "width=device-width, initial-scale=1"])
                HTML.el("title", text: "\(title) · hubspoke")
                HTML.empty("link", ["rel": "stylesheet", "href": "/static/style.css"])
            }
            HTML.el("body") {
                HTML.el("header") {
                    HTML.el("p", ["class": "service"]) { HTML.el("a", ["href": "/"], text: "hubspoke") }
                    if let caller { navigation(caller) }
                }
                HTML.el("main") {
                    HTML.el("h1", text: title)
                    body
                }
            }
        }
        return "<!DOCTYPE html>\n" + page.render()
    }

    static func navigation(_ caller: Caller) -> HTML {
        var links: [(String, String)] = [("/home", "Start")]
        switch caller.role {
        case .manager: links += [("/users", "Users"), ("/absence-requests", "Absence requests"), ("/jobs", "Jobs"), ("/history", "History"), ("/site-feeds", "Site feeds")]
        case .specialist: links += [("/my/absences", "My absences"), ("/my/feed", "My calendar feed")]
        case .pruLead: links += [("/site-feeds", "Site calendar feeds")]
        case .commissioner: break
        }
        if caller.role == .manager || caller.role == .commissioner { links.append(("/reports", "Reports")) }
        return HTML.el("nav", ["aria-label": "Main"]) {
            HTML.el("ul") {
                for (href, label) in links { HTML.el("li") { HTML.el("a", ["href": href], text: label) } }
                HTML.el("li") {
                    postForm("/logout", caller: caller, button: "Sign out (\(caller.user.name), \(caller.role.label))") { }
                }
            }
        }
    }

    /// A form that changes something: POST, with the session's CSRF token.
    static func postForm(_ action: String, caller: Caller, button: String, @HTMLBuilder _ fields: () -> [HTML]) -> HTML {
        HTML.el("form", ["method": "post", "action": action]) {
            HTML.empty("input", ["type": "hidden", "name": "_csrf", "value": caller.csrf])
            fields()
            HTML.el("button", ["type": "submit"], text: button)
        }
    }

    /// A labelled input; `form` tells forms of one page apart (the ids stay unique).
    static func field(_ name: String, _ label: String, type: String = "text", value: String? = nil, form: String = "",
                      attributes: KeyValuePairs<String, String?> = [:]) -> HTML {
        let id = "f-\(form)\(name)"
        var attrs: [HTMLAttribute] = [HTMLAttribute("id", id), HTMLAttribute("name", name), HTMLAttribute("type", type)]
        if let value { attrs.append(HTMLAttribute("value", value)) }
        attrs += attributes.compactMap { k, v in v.map { HTMLAttribute(k, $0) } }
        return HTML.el("p") {
            HTML.el("label", ["for": id], text: label)
            HTML.element("input", attrs, [])
        }
    }

    /// A labelled choice; `selected` is preselected.
    static func select(_ name: String, _ label: String, options: [(value: String, label: String)], selected: String? = nil, form: String = "") -> HTML {
        HTML.el("p") {
            HTML.el("label", ["for": "f-\(form)\(name)"], text: label)
            HTML.el("select", ["id": "f-\(form)\(name)", "name": name]) {
                for o in options { HTML.el("option", ["value": o.value, "selected": o.value == selected ? "selected" : nil], text: o.label) }
            }
        }
    }

    /// A simple table with a caption.
    static func table(_ caption: String, header: [String], rows: [[HTML]]) -> HTML {
        HTML.el("table") {
            HTML.el("caption", text: caption)
            HTML.el("thead") { HTML.el("tr") { for h in header { HTML.el("th", ["scope": "col"], text: h) } } }
            HTML.el("tbody") { for r in rows { HTML.el("tr") { for c in r { HTML.el("td") { c } } } } }
        }
    }

    /// The stylesheet: the reports' own, and the forms and navigation of the service.
    static let css = ReportStyle.css + """

        header .service { font-weight: bold; margin: 0; }
        nav ul { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: 0.5em 1.2em; align-items: center; }
        form { margin: 0.4em 0; }
        label { display: inline-block; min-width: 11em; }
        input, select, button, textarea { font: inherit; padding: 0.25em 0.4em; }
        button { cursor: pointer; }
        .problem { border-left: 4px solid #b00020; padding: 0.4em 0.8em; background: #fdecee; }
        .notice { border-left: 4px solid #1d5fa7; padding: 0.4em 0.8em; background: #eef4fb; }
        .conflict { display: grid; grid-template-columns: repeat(auto-fit, minmax(18em, 1fr)); gap: 1em; }
        textarea { width: 100%; max-width: 48em; }
        select { max-width: 100%; }
        @media (max-width: 480px) {
          label { min-width: 0; display: block; }
          main table { font-size: 0.85em; display: block; max-width: 100%; overflow-x: auto; }
          /* The table is the containing block of its visually hidden labels (absolutely positioned): without
             it, those of the columns scrolled out of view stick out of the table and widen the whole page. */
          main table { position: relative; }
        }
        """
}
