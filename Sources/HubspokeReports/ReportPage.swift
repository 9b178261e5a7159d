import HubspokeModel
import HubspokeSupport
import HubspokeSimulation

/// The parts every report page shares: the header with its facts, the contents, a section, and a
/// figure with its 95% confidence interval. The simulation and staffing pages build from these, so
/// they look and read alike.
enum ReportPage {
    /// The page's title, a lede, and the facts of the run as a definition list.
    static func header(_ title: String, lede: String, facts: [(String, String)]) -> HTML {
        HTML.el("header") {
            HTML.el("h1", text: title)
            HTML.el("p", ["class": "lede"], text: lede)
            HTML.el("dl", ["class": "facts"]) {
                for (term, value) in facts { HTML.el("dt", text: term); HTML.el("dd", text: value) }
            }
        }
    }

    /// The list of sections, linked by id.
    static func contents(_ entries: [(String, String)]) -> HTML {
        HTML.el("nav", ["aria-label": "Contents"]) {
            HTML.el("h2", text: "Contents")
            HTML.el("ul") { for (id, title) in entries { HTML.el("li") { HTML.el("a", ["href": "#\(id)"], text: title) } } }
        }
    }

    /// A section of the page, labelled by its heading.
    static func section(_ id: String, _ title: String, @HTMLBuilder _ content: () -> [HTML]) -> HTML {
        HTML.el("section", ["class": "page", "id": id, "aria-labelledby": "\(id)-h"]) {
            HTML.el("h2", ["id": "\(id)-h"], text: title)
            content()
        }
    }

    /// "11.9 to 12.7", or nil without an interval.
    static func interval(_ e: Estimate?, _ format: NumberFormat) -> String? {
        guard let lo = e?.low, let hi = e?.high else { return nil }
        return "\(format(lo)) to \(format(hi))"
    }

    /// A table cell: the mean, with the 95% interval on a line of its own below; a dash (read out
    /// as "no value") when there is no estimate.
    static func estimateCell(_ e: Estimate?, _ format: NumberFormat) -> HTML {
        guard let e else { return HTML.shown("–", spoken: "no value") }
        return HTML.group([.text(format(e.mean))] + (interval(e, format).map { [HTML.el("span", ["class": "ci"], text: $0)] } ?? []))
    }
}
