import Foundation
import Testing
import HubspokeModel
@testable import HubspokeReports

/// Renders HTML reports in headless Chromium (Debian's `chromium`, installed by
/// `Tools/setup.sh --test`). Pages carry a Content Security Policy that forbids every fetch, so
/// anything a page tried to load, and any script error, shows up as a console message; a page
/// passes when Chromium logs none and its DOM holds the expected elements.
enum Chromium {
    struct Page { var dom: String; var consoleMessages: [String] }

    static func load(_ file: URL) throws -> Page? {
        let profile = temporaryFolder()
        defer { try? FileManager.default.removeItem(at: profile) }
        guard let r = try runTool("chromium", common(profile) + ["--enable-logging=stderr", "--v=0", "--dump-dom", file.absoluteString]) else { return nil }
        #expect(r.status == 0, "chromium exited with \(r.status): \(r.err)")
        // Console messages are logged as `[pid:tid:time:INFO:CONSOLE:line] "message", source: ...`.
        let console = r.err.split(separator: "\n").filter { $0.contains(":CONSOLE") }.map(String.init)
        return Page(dom: r.out, consoleMessages: console)
    }

    /// Prints the page to PDF (A4, the page's print stylesheet) and counts the pages.
    static func printedPages(_ file: URL) throws -> Int? {
        let profile = temporaryFolder()
        defer { try? FileManager.default.removeItem(at: profile) }
        let pdf = profile.appendingPathComponent("out.pdf")
        guard let r = try runTool("chromium", common(profile) + ["--no-pdf-header-footer", "--print-to-pdf=\(pdf.path)", file.absoluteString]) else { return nil }
        #expect(r.status == 0, "chromium exited with \(r.status): \(r.err)")
        let data = try Data(contentsOf: pdf)
        return String(decoding: data, as: UTF8.self).matches(of: /\/Type\s*\/Page(?![s\w])/).count
    }

    static func common(_ profile: URL) -> [String] {
        ["--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run", "--user-data-dir=\(profile.path)"]
    }
}

@Suite(.serialized) struct ChromiumTests {
    let sc: Scenario, rota: Rota
    init() throws { sc = try KentMedway.scenario; rota = try KentMedway.rota }

    func write(_ html: String) throws -> URL {
        let f = temporaryFolder().appendingPathComponent("report.html")
        try html.write(to: f, atomically: true, encoding: .utf8)
        return f
    }

    @Test func rotaLoadsWithoutConsoleErrorsAndShowsItsTables() throws {
        let page = try #require(try Chromium.load(try write(rota.html(scenario: sc))))
        #expect(page.consoleMessages == [])
        let dom = page.dom
        #expect(dom.contains("<html lang=\"en-GB\">"))
        #expect(dom.contains("<h1>Rota: \(HTML.escape(rota.scenario))</h1>"))
        let grids = dom.components(separatedBy: "<table class=\"grid\">").count - 1
        #expect(grids == sc.sites.count + sc.posts.count)
        for site in sc.sites { #expect(dom.contains("id=\"site-\(site.id)\"")) }
        for post in sc.posts { #expect(dom.contains("id=\"post-\(post.id)\"")) }
        #expect(dom.contains("<table class=\"unmet-table\">"))
        #expect(dom.contains("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" role=\"img\""))
        #expect(dom.contains("<caption>Each term of the objective (minimised): quantity × weight = penalty</caption>"))
    }

    /// The print stylesheet starts every site and every post on a page of its own.
    @Test func rotaPrintsOneSiteOrOnePostPerPage() throws {
        let pages = try #require(try Chromium.printedPages(try write(rota.html(scenario: sc))))
        let sections = sc.sites.count + sc.posts.count
        // One page per site and post, after a summary of a few pages (coverage, unmet demand, link
        // posts, travel, the objective).
        #expect(pages >= 1 + sections && pages <= 8 + sections, "\(pages) pages for \(sections) sites and posts")
    }

    /// The check itself: a page that tries to fetch a stylesheet or run a script is caught.
    @Test func aPageThatFetchesOrRunsScriptIsCaught() throws {
        let bad = HTMLDocument(title: "bad", body: [
            .raw("<link rel=\"stylesheet\" href=\"https://example.invalid/x.css\"><script>console.error('x')</script>"),
        ]).render()
        let page = try #require(try Chromium.load(try write(bad)))
        #expect(page.consoleMessages.count >= 2, "\(page.consoleMessages)")
    }
}
