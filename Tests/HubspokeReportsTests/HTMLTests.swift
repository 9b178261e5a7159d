import Foundation
import Testing
import HubspokeSupport
import HubspokeModel
import HubspokePlanner
@testable import HubspokeReports

@Suite struct HTMLBuilderTests {
    @Test func textAndAttributesAreEscaped() {
        let page = HTML.el("p", ["title": "a \"quoted\" <b> & 'x'", "hidden": nil]) {
            "<script>alert(1)</script> & more"
            HTML.empty("br")
        }
        #expect(page.render() == "<p title=\"a &quot;quoted&quot; &lt;b&gt; &amp; &#39;x&#39;\">&lt;script&gt;alert(1)&lt;/script&gt; &amp; more<br></p>\n")
        #expect(HTML.escape("nul\u{0}bell\u{07}tab\t") == "nulbelltab\t")
    }

    @Test func documentIsSelfContainedWithALanguageAndAPolicyForbiddingFetches() {
        let html = HTMLDocument(title: "T & T", body: [HTML.el("h1", text: "x")]).render()
        #expect(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"en-GB\">"))
        #expect(html.contains("<meta charset=\"utf-8\">"))
        #expect(html.contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src &#39;none&#39;; style-src &#39;unsafe-inline&#39;\">"))
        #expect(html.contains("<title>T &amp; T</title>"))
        #expect(html.contains("@media print") && html.contains("break-after: page"))
    }

    @Test func dataTablesHaveACaptionAndScopedHeaders() {
        let t = DataTable(caption: "Cap", columns: [.init("Name"), .init("N", numeric: true)],
                          rows: [DataTable.Row(texts: ["a", "1"], cssClass: "unmet")], footer: [DataTable.Row(texts: ["Total", "1"])]).html.render()
        #expect(t.contains("<caption>Cap</caption>"))
        #expect(t.contains("<th scope=\"col\">Name</th><th scope=\"col\" class=\"num\">N</th>"))
        #expect(t.contains("<tr class=\"unmet\"><th scope=\"row\">a</th><td class=\"num\">1</td></tr>"))
        #expect(t.contains("<tfoot>"))
    }

    @Test func barChartsAreLabelledAndScaled() {
        #expect(BarChart.axis(9) == (10, 2))
        #expect(BarChart.axis(13) == (15, 5))
        #expect(BarChart.axis(0.45) == (0.5, 0.1))
        #expect(BarChart.axis(0) == (1, 1))
        let svg = BarChart(title: "Title", summary: "Summary", categories: ["A", "B<"], series: [.init("s", values: [2, 4])], unit: "sessions")
            .svg(id: "c").render()
        #expect(svg.contains("role=\"img\"") && svg.contains("aria-labelledby=\"c-title c-desc\""))
        #expect(svg.contains("<title id=\"c-title\">Title</title>") && svg.contains("<desc id=\"c-desc\">Summary</desc>"))
        #expect(svg.contains("<title>B&lt;, s: 4 sessions</title>"))
        // The axis ends at 4, so the longest bar spans the plot (640 - 170 - 48 = 422) and the other half of it.
        #expect(svg.contains("width=\"422.0\"") && svg.contains("width=\"211.0\""))
    }
}

@Suite struct RotaHTMLTests {
    let sc: Scenario, rota: Rota
    init() throws { sc = try KentMedway.scenario; rota = try KentMedway.rota }

    @Test func showsEverySitesAndPostsGridWithUnmetDemandAndItsReasons() throws {
        let html = rota.html(scenario: sc)
        for site in sc.sites {
            #expect(html.contains("<section class=\"page site\" id=\"site-\(site.id)\""))
            #expect(html.contains("<caption>\(site.id), week 1 from Mon 30 Nov 2026: posts by session</caption>"))
        }
        for post in sc.posts {
            #expect(html.contains("<section class=\"page post\" id=\"post-\(post.id)\""))
            #expect(html.contains("<caption>\(post.id), week 1 from Mon 30 Nov 2026: "))
        }
        // Every grid: days across (with dates), AM and PM down.
        #expect(html.contains("<th scope=\"col\"><time datetime=\"2026-12-04\">Fri 4 Dec 2026</time></th>"))
        #expect(html.components(separatedBy: "<th scope=\"row\">AM 09:00–12:30</th>").count - 1 == sc.sites.count + sc.posts.count)
        // Each planned session appears in its site's grid and its post's grid.
        #expect(html.components(separatedBy: "<span class=\"visit\">").count - 1 == 2 * rota.assignments.count)
        // EP-1 is on leave on Wednesday 2 December.
        #expect(html.contains("<td class=\"leave\">leave</td>"))

        #expect(!rota.unmet.isEmpty, "the illustrative demand leaves some sessions unmet")
        for u in rota.unmet {
            #expect(html.contains("<strong>Unmet demand at \(u.site):"))
            #expect(html.contains("\(sc.roleName(u.role)): \(u.sessions) \(u.priority.rawValue) session"))
            #expect(html.contains("<dt>\(u.reason.rawValue)</dt><dd>\(HTML.escape(u.reason.explanation))</dd>"))
        }
        #expect(html.components(separatedBy: "<tr class=\"unmet\">").count - 1 >= 2 * rota.unmet.count)
        let total = rota.unmet.reduce(0) { $0 + $1.sessions }, requested = rota.coverage.reduce(0) { $0 + $1.requested }
        #expect(html.contains("<caption>\(total) of \(requested) requested sessions unmet, with the reason</caption>"))

        for p in rota.posts {
            #expect(html.contains("<td class=\"num\">\(p.travelMinutes)</td><td class=\"num\">\(fixed(p.travelMiles, 1))</td>"))
        }
        for t in rota.objective.terms { #expect(html.contains("<th scope=\"row\">\(HTML.escape(t.name))</th>")) }
        #expect(html.contains("Solver: optimal;"))
        #expect(html.contains("<th scope=\"row\">Status</th><td>optimal</td>"))
        #expect(html.contains("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" role=\"img\""))
    }

    @Test func isAccessibleAndFetchesNothing() {
        let html = rota.html(scenario: sc)
        #expect(html.components(separatedBy: "<table").count == html.components(separatedBy: "<caption>").count)
        #expect(!html.contains("<th>"), "every header cell has a scope")
        #expect(html.contains("<html lang=\"en-GB\">") && html.contains("<h1>") && html.contains("<nav aria-label=\"Contents\">"))
        for banned in ["<script", "<link", "<img", "src=", "url(", "@import", "href=\"http", "href=\"//"] {
            #expect(!html.contains(banned), "\(banned)")
        }
        #expect(html.components(separatedBy: "href=\"").dropFirst().allSatisfy { $0.hasPrefix("#") })
        #expect(!html.contains("2026-11-24") && !html.contains("generated"), "no timestamps")
    }

    @Test func sameRotaGivesSameBytes() throws {
        let again = try RotaPlanner.plan(sc, options: PlanOptions(threads: 1))
        #expect(again.html(scenario: sc) == rota.html(scenario: sc))
    }

    @Test func aLongerHorizonHasAGridPerWeek() throws {
        var two = sc
        two.weeks = 2
        let r = try RotaPlanner.plan(two)
        let html = r.html(scenario: two)
        #expect(html.components(separatedBy: "<table class=\"grid\">").count - 1 == 2 * (sc.sites.count + sc.posts.count))
        #expect(html.contains("<caption>PRU-DART, week 2 from Mon 7 Dec 2026: posts by session</caption>"))
        #expect(html.components(separatedBy: "<span class=\"visit\">").count - 1 == 2 * r.assignments.count)
        #expect(html.contains("2 weeks, Mon 30 Nov 2026 to Fri 11 Dec 2026."))
    }

    @Test func scenarioTextIsEscaped() throws {
        var hostile = sc
        hostile.sites[0].name = "<script>alert(\"x\")</script> & Co"
        hostile.roles[0].name = "Psych <b>"
        let html = rota.html(scenario: hostile)
        #expect(!html.contains("<script>") && !html.contains("Psych <b>"))
        #expect(html.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co"))
    }
}

@Suite struct SpreadsheetCSVTests {
    @Test func csvHasAHeaderISODatesAndAnOptionalByteOrderMark() throws {
        let sc = try KentMedway.scenario, rota = try KentMedway.rota
        let plain = rota.spreadsheetCSV(scenario: sc, byteOrderMark: false)
        let marked = rota.spreadsheetCSV(scenario: sc, byteOrderMark: true)
        #expect(Array(marked.prefix(3)) == [0xEF, 0xBB, 0xBF])
        #expect(marked.dropFirst(3) == plain)
        let text = String(decoding: plain, as: UTF8.self)
        let lines = text.split(separator: "\n")
        #expect(lines.first == "week,date,day,half,start,end,post,role,site,site_name,note")
        #expect(lines.count == rota.assignments.count + (rota.protected?.count ?? 0) + (rota.closures?.count ?? 0) + 1)
        #expect(lines.dropFirst().allSatisfy { $0.split(separator: ",")[1].wholeMatch(of: /\d{4}-\d{2}-\d{2}/) != nil })
    }
}
