import Foundation
import Testing
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
