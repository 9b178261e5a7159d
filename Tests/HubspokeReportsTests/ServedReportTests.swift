import Foundation
import Testing
import HubspokeModel
import HubspokePlanner
@testable import HubspokeReports

/// A report page served by the web service (CSP `default-src 'self'`): its inline stylesheet and its own
/// policy give way to a link to the service's copy of the stylesheet; the rest is byte for byte the file.
@Suite struct ServedReportTests {
    @Test func theInlineStylesheetBecomesALink() {
        let page = HTMLDocument(title: "A <report>", body: [HTML.el("main") { HTML.el("p", ["class": "lede"], text: "style=\"x\" & <style>") }]).render()
        let served = HTMLDocument.served(page, stylesheetLink: "/static/report.css")
        #expect(page.contains("<style>") && page.contains("Content-Security-Policy"))
        #expect(!served.contains("<style>") && !served.contains("http-equiv") && !served.contains(ReportStyle.css))
        #expect(served.contains("<link rel=\"stylesheet\" href=\"/static/report.css\">"))
        // The text that only looks like a style element, escaped in the page, is kept as it was.
        #expect(served.contains("style=&quot;x&quot; &amp; &lt;style&gt;"))
        let body = { (s: String) in s.components(separatedBy: "<body>").last ?? "" }
        #expect(body(served) == body(page) && !body(page).isEmpty)
    }
}

/// The web service's parts of the rota page link only to sections that are on the page: a
/// specialist's page (their post alone) has no site sections, a PRU lead's (their site) no posts.
@Suite struct RotaPartsTests {
    /// The in-page links of `html` and the ids it has.
    static func links(_ html: String) -> (targets: Set<String>, ids: Set<String>) {
        func all(_ pattern: String) -> Set<String> {
            guard let re = try? NSRegularExpression(pattern: pattern) else { return [] }
            return Set(re.matches(in: html, range: NSRange(html.startIndex..., in: html)).compactMap { m in
                Range(m.range(at: 1), in: html).map { String(html[$0]) }
            })
        }
        return (all("href=\"#([^\"]+)\""), all(" id=\"([^\"]+)\""))
    }

    @Test(arguments: [("specialist", [String](), ["EP-1"]), ("lead", ["PRU-CANT"], [String]()), ("both", ["PRU-CANT", "PRU-DOV"], ["EP-1", "MHT-1"])])
    func everyInPageLinkHasItsSection(_ who: String, _ sites: [String], _ posts: [String]) throws {
        let rota = try KentMedway.rota, sc = try KentMedway.scenario
        let html = HTML.group(rota.htmlParts(scenario: sc, summary: false, sites: Set(sites), posts: Set(posts))).render()
        let (targets, ids) = Self.links(html)
        #expect(!ids.isEmpty, "\(who): the page has sections")
        #expect(targets.subtracting(ids).isEmpty, "\(who): links to sections not on the page: \(targets.subtracting(ids).sorted())")
        // The names are still there, as text.
        for a in rota.assignments where posts.contains(a.post) { #expect(html.contains(a.site), "\(who): \(a.site)") }
    }

    @Test func theWholePageStillLinksEverySiteAndPost() throws {
        let rota = try KentMedway.rota, sc = try KentMedway.scenario
        let (targets, ids) = Self.links(rota.html(scenario: sc))
        #expect(targets.subtracting(ids).isEmpty)
        #expect(Set(sc.sites.map { "site-\($0.id)" }).isSubset(of: targets) && Set(sc.posts.map { "post-\($0.id)" }).isSubset(of: targets))
    }
}
