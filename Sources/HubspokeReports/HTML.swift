/// A piece of an HTML document: text (escaped when rendered), trusted markup, or an element
/// with attributes and children. Reports build a tree of these and render it once, so every
/// piece of text from a scenario passes through one escaping function.
public indirect enum HTML: Sendable {
    /// Text, escaped when rendered.
    case text(String)
    /// Markup written by this module (the stylesheet); never data from a scenario.
    case raw(String)
    /// An element: tag name, attributes in the order given, children.
    case element(String, [HTMLAttribute], [HTML])
    /// Several pieces in a row, without an element around them.
    case group([HTML])
}

/// An attribute; its value is escaped when rendered.
public struct HTMLAttribute: Sendable, Hashable {
    public var name: String
    public var value: String
    public init(_ name: String, _ value: String) { self.name = name; self.value = value }
}

extension HTML {
    /// An element with children. Attributes whose value is nil are left out, so optional ones
    /// read naturally: `HTML.el("tr", ["class": unmet ? "unmet" : nil]) { ... }`.
    public static func el(_ name: String, _ attributes: KeyValuePairs<String, String?> = [:], @HTMLBuilder _ content: () -> [HTML]) -> HTML {
        .element(name, attributes.compactMap { k, v in v.map { HTMLAttribute(k, $0) } }, content())
    }

    /// An element holding only text.
    public static func el(_ name: String, _ attributes: KeyValuePairs<String, String?> = [:], text: String) -> HTML {
        .element(name, attributes.compactMap { k, v in v.map { HTMLAttribute(k, $0) } }, [.text(text)])
    }

    /// An element with no children (`<meta>`, `<br>`, or an empty `<rect>` in SVG).
    public static func empty(_ name: String, _ attributes: KeyValuePairs<String, String?> = [:]) -> HTML {
        .element(name, attributes.compactMap { k, v in v.map { HTMLAttribute(k, $0) } }, [])
    }

    /// Text for screen readers only, with what sighted readers see beside it (e.g. a dash).
    public static func shown(_ visible: String, spoken: String) -> HTML {
        .group([.el("span", ["aria-hidden": "true"], text: visible), .el("span", ["class": "visually-hidden"], text: spoken)])
    }

    public func render() -> String {
        var out = ""
        write(to: &out)
        return out
    }

    func write(to out: inout String) {
        switch self {
        case .text(let s): out += HTML.escape(s)
        case .raw(let s): out += s
        case .group(let parts): for p in parts { p.write(to: &out) }
        case .element(let name, let attributes, let children):
            out += "<" + name
            for a in attributes { out += " \(a.name)=\"\(HTML.escape(a.value))\"" }
            out += ">"
            if HTML.voidElements.contains(name) {
                if HTML.lineBreakAfter.contains(name) { out += "\n" }
                return
            }
            for c in children { c.write(to: &out) }
            out += "</\(name)>"
            if HTML.lineBreakAfter.contains(name) { out += "\n" }
        }
    }

    /// Escapes text for element content and for quoted attribute values; drops control
    /// characters that HTML does not allow (all but tab, line feed and carriage return).
    public static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for u in s.unicodeScalars {
            switch u {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\t", "\n", "\r": out.unicodeScalars.append(u)
            default:
                if u.value < 0x20 || (0x7F...0x9F).contains(u.value) { continue }
                out.unicodeScalars.append(u)
            }
        }
        return out
    }

    static let voidElements: Set<String> = ["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"]
    /// Block-level closing tags followed by a line break, so the source reads well and diffs cleanly.
    static let lineBreakAfter: Set<String> = [
        "html", "head", "body", "header", "main", "footer", "nav", "section", "figure", "figcaption", "div", "p",
        "h1", "h2", "h3", "h4", "ul", "ol", "li", "dl", "dd", "table", "caption", "thead", "tbody", "tfoot", "tr",
        "meta", "title", "style", "svg", "g",
    ]
}

@resultBuilder
public enum HTMLBuilder {
    public static func buildExpression(_ h: HTML) -> [HTML] { [h] }
    public static func buildExpression(_ h: [HTML]) -> [HTML] { h }
    public static func buildExpression(_ s: String) -> [HTML] { [.text(s)] }
    public static func buildBlock(_ parts: [HTML]...) -> [HTML] { parts.flatMap { $0 } }
    public static func buildArray(_ parts: [[HTML]]) -> [HTML] { parts.flatMap { $0 } }
    public static func buildOptional(_ part: [HTML]?) -> [HTML] { part ?? [] }
    public static func buildEither(first: [HTML]) -> [HTML] { first }
    public static func buildEither(second: [HTML]) -> [HTML] { second }
}

/// A whole, self-contained page: UTF-8, a language, a title, the shared stylesheet inline and a
/// Content Security Policy that forbids every fetch (scripts, styles, images, fonts from anywhere),
/// so the file looks the same offline, attached to an e-mail or printed.
public struct HTMLDocument: Sendable {
    public var title: String
    public var language: String
    public var stylesheet: String
    public var body: [HTML]

    public init(title: String, language: String = "en-GB", stylesheet: String = ReportStyle.css, body: [HTML]) {
        self.title = title; self.language = language; self.stylesheet = stylesheet; self.body = body
    }

    /// The policy in the page's `<meta>`: inline styles only, nothing fetched.
    public static let contentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'"

    public func render() -> String {
        let page = HTML.el("html", ["lang": language]) {
            HTML.el("head") {
                HTML.empty("meta", ["charset": "utf-8"])
                HTML.empty("meta", ["http-equiv": "Content-Security-Policy", "content": HTMLDocument.contentSecurityPolicy])
                HTML.empty("meta", ["name": "viewport", "content": "width=device-width, initial-scale=1"])
                HTML.el("title", text: title)
                HTML.el("style") { HTML.raw(stylesheet) }
            }
            HTML.el("body") { body }
        }
        return "<!DOCTYPE html>\n" + page.render()
    }
}

extension HTMLDocument {
    /// A rendered page made fit to serve from a web service whose Content Security Policy allows its
    /// own stylesheets only (`default-src 'self'`): the inline stylesheet gives way to a link to
    /// `href` (which serves `stylesheet`), and the page's own policy (which forbids every fetch) is
    /// left out. Nothing else changes.
    public static func served(_ page: String, stylesheetLink href: String, stylesheet: String = ReportStyle.css) -> String {
        let policy = HTML.empty("meta", ["http-equiv": "Content-Security-Policy", "content": contentSecurityPolicy]).render()
        let style = HTML.el("style") { HTML.raw(stylesheet) }.render()
        let link = HTML.empty("link", ["rel": "stylesheet", "href": href]).render()
        return page.replacingOccurrences(of: policy, with: "").replacingOccurrences(of: style, with: link)
    }
}
