import Foundation
import HubspokeTestSupport
import Testing

/// Reads a folder of calendars with Python's icalendar package (Tools/check-ics.py): file name
/// to events (uid, start, end, summary, location, ...). A missing python3 or icalendar fails the
/// test with the script's message: CI installs both (Tools/setup.sh --test).
/// The timed events (`key` "events") or the all-day ones ("days": bank holidays, closed days) of each file.
func readCalendars(_ dir: URL, key: String = "events") throws -> [String: [[String: String]]]? {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    let r = try ProcessRunner.run(URL(fileURLWithPath: "/usr/bin/env"), ["python3", root.appendingPathComponent("Tools/check-ics.py").path, dir.path],
                                  timeout: CLI.timeout)
    guard r.status == 0, !r.signalled else {
        Issue.record("python3 Tools/check-ics.py failed (\(r.status)): \(r.err); Tools/setup.sh --test installs python3 and icalendar")
        return nil
    }
    let json = try #require(try JSONSerialization.jsonObject(with: r.outData) as? [String: Any])
    #expect((json["problems"] as? [String]) == [], "\(json["problems"] ?? "")")
    let files = try #require(json["files"] as? [String: [String: Any]])
    return files.mapValues { ($0[key] as? [[String: Any]] ?? []).map { $0.mapValues { "\($0)" } } }
}

@Suite(.serialized) struct ReportCLITests {
    let fm = FileManager.default

    @Test func htmlRotaIsOneSelfContainedReproduciblePage() throws {
        let dir = CLI.temp()
        let a = dir.appendingPathComponent("a.html").path, b = dir.appendingPathComponent("b.html").path
        let r = try CLI.run(["rota", "--format", "html", "--output", a])
        #expect(r.status == 0, "\(r.err)")
        #expect(try CLI.run(["rota", "kent-medway", "--format", "html", "-o", b, "--threads", "1"]).status == 0)
        let html = try String(contentsOfFile: a, encoding: .utf8)
        #expect(fm.contents(atPath: a) == fm.contents(atPath: b))
        #expect(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"en-GB\">"))
        for site in ["HUB", "SP-W", "SP-E", "PRU-DART", "PRU-GILL", "PRU-CHAT", "PRU-TW", "PRU-MARG", "PRU-DOV", "PRU-FOLK", "PRU-CANT"] {
            #expect(html.contains("id=\"site-\(site)\""), "\(site)")
        }
        #expect(html.contains("<h3 id=\"unmet\">Unmet demand</h3>") && html.contains("id=\"post-EP-1\""))
        #expect(!html.contains("<script") && !html.contains("<link"))
        // Standard output when no file is given.
        let s = try CLI.run(["rota", "--format", "html"])
        #expect(s.status == 0 && s.out == html)
    }

    /// The Kent and Medway calendars parse with a standard iCalendar parser; re-publishing a
    /// changed rota into the same folder keeps each unchanged session's UID and event.
    @Test func icsCalendarsParseAndKeepTheirUIDsWhenRepublished() throws {
        let dir = CLI.temp()
        let ics = dir.appendingPathComponent("calendars")
        let csv = dir.appendingPathComponent("before.csv").path
        let r = try CLI.run(["rota", "--format", "ics", "--output", ics.path])
        #expect(r.status == 0, "\(r.err)")
        #expect(r.err.contains("wrote 21 calendars (10 posts, 11 sites)"))
        #expect(try CLI.run(["rota", "--format", "csv", "--output", csv]).status == 0)
        let names = try fm.contentsOfDirectory(atPath: ics.path).sorted()
        #expect(names.count == 21 && names.contains("post-EP-1.ics") && names.contains("site-PRU-DART.ics"))
        #expect(names.allSatisfy { !$0.hasPrefix(".") }, "temporary files left: \(names)")
        let before = try #require(try readCalendars(ics))
        // Rows of sessions (no note) and of protected time (its commitment as the note): the post
        // calendars carry both, the site calendars the sessions.
        let rows = try String(contentsOfFile: csv, encoding: .utf8).split(separator: "\n").dropFirst()
        let sessions = rows.filter { $0.hasSuffix(",") }.count
        #expect(before.filter { $0.key.hasPrefix("post-") }.values.reduce(0) { $0 + $1.count } == rows.count)
        #expect(before.filter { $0.key.hasPrefix("site-") }.values.reduce(0) { $0 + $1.count } == sessions)
        // The first event of EP-1's calendar is its first row: post, date and half make the UID.
        let first = try #require(rows.first { $0.contains(",EP-1,EP,") }).split(separator: ",", omittingEmptySubsequences: false)
        #expect(before["post-EP-1.ics"]?.first?["uid"] == "EP-1-\(first[1])-\(first[3].lowercased())@hubspoke")

        // EP-1 on leave on Tuesday as well: a changed rota, published over the first.
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let yaml = try String(contentsOf: root.appendingPathComponent("Scenarios/kent-medway.yaml"), encoding: .utf8)
        let changed = yaml.replacingOccurrences(of: "    leave: [2026-12-02]\n", with: "    leave: [2026-12-02, 2026-12-01]\n")
        #expect(changed != yaml)
        let file = dir.appendingPathComponent("changed.yaml")
        try changed.write(to: file, atomically: true, encoding: .utf8)
        let again = try CLI.run(["rota", file.path, "--format", "ics", "--output", ics.path, "--sequence", "1"])
        #expect(again.status == 0, "\(again.err)")
        let after = try #require(try readCalendars(ics))
        let old = Dictionary(before.filter { $0.key.hasPrefix("post-") }.values.flatMap { $0 }.map { ($0["uid"]!, $0) }, uniquingKeysWith: { a, _ in a })
        let new = Dictionary(after.filter { $0.key.hasPrefix("post-") }.values.flatMap { $0 }.map { ($0["uid"]!, $0) }, uniquingKeysWith: { a, _ in a })
        #expect(after["post-EP-1.ics"]?.contains { $0["uid"]!.hasPrefix("EP-1-2026-12-01-") } == false)
        var unchanged = 0
        for (uid, event) in old {
            guard let now = new[uid] else { continue }
            #expect(now["start"] == event["start"] && now["end"] == event["end"])
            #expect(now["sequence"] == "1")
            if now["location"] == event["location"] { unchanged += 1 }
        }
        #expect(unchanged > 0 && unchanged < old.count, "\(unchanged) of \(old.count) sessions unchanged")
    }

    @Test func csvWithAByteOrderMarkOpensInExcelAndReadsBack() throws {
        let dir = CLI.temp()
        let path = dir.appendingPathComponent("rota.csv").path
        #expect(try CLI.run(["rota", "--format", "csv", "--bom", "--output", path]).status == 0)
        let data = try #require(fm.contents(atPath: path))
        #expect(Array(data.prefix(3)) == [0xEF, 0xBB, 0xBF])
        let text = String(decoding: data.dropFirst(3), as: UTF8.self)
        #expect(text.hasPrefix("week,date,day,half,start,end,post,role,site,site_name,note\n1,2026-11-30,mon,AM,09:00,12:30,"))
        let r = try CLI.run(["rota", "--previous", path, "--format", "json"])
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out.contains("\"name\" : \"continuity: previous sessions changed\",\n        \"penalty\" : 0,"))
    }

    @Test func badFormatsAndPathsGetAClearMessageAndLeaveNothing() throws {
        let dir = CLI.temp()
        let noICSFolder = try CLI.run(["rota", "--format", "ics"])
        #expect(noICSFolder.status == 64 && noICSFolder.err.contains("--format ics writes one file per post and one per site: give the folder with --output DIR"))
        let unknown = try CLI.run(["rota", "--format", "pdf"])
        #expect(unknown.status == 64 && unknown.err.contains("pdf"))
        let bom = try CLI.run(["rota", "--format", "json", "--bom"])
        #expect(bom.status == 64 && bom.err.contains("--bom applies only to --format csv"))

        let html = dir.appendingPathComponent("missing/r.html").path
        let h = try CLI.run(["rota", "--format", "html", "--output", html])
        #expect(h.status == 1 && h.err.contains("does not exist"), "\(h.err)")
        #expect(!fm.fileExists(atPath: dir.appendingPathComponent("missing").path))

        let deep = dir.appendingPathComponent("no/such/calendars").path
        let d = try CLI.run(["rota", "--format", "ics", "--output", deep])
        #expect(d.status == 1 && d.err.contains("does not exist"), "\(d.err)")
        #expect(!fm.fileExists(atPath: dir.appendingPathComponent("no").path))

        let plain = dir.appendingPathComponent("plain.txt")
        try "keep".write(to: plain, atomically: true, encoding: .utf8)
        let f = try CLI.run(["rota", "--format", "ics", "--output", plain.path])
        #expect(f.status == 1 && f.err.contains("not a folder"), "\(f.err)")
        #expect(try String(contentsOf: plain, encoding: .utf8) == "keep")
    }

    /// A publication that fails part-way (one calendar cannot be replaced) leaves every
    /// calendar of the previous publication as it was, and no temporary files.
    @Test func aFailedPublicationLeavesThePreviousOneWhole() throws {
        let dir = CLI.temp().appendingPathComponent("calendars")
        #expect(try CLI.run(["rota", "teaching", "--format", "ics", "--output", dir.path]).status == 0)
        var names = try fm.contentsOfDirectory(atPath: dir.path).sorted()
        let victim = try #require(names.last)
        try fm.removeItem(at: dir.appendingPathComponent(victim))
        try fm.createDirectory(at: dir.appendingPathComponent(victim), withIntermediateDirectories: false)
        try "x".write(to: dir.appendingPathComponent("\(victim)/in-the-way"), atomically: true, encoding: .utf8)
        names.removeLast()
        let saved = names.map { fm.contents(atPath: dir.appendingPathComponent($0).path) }
        let r = try CLI.run(["rota", "teaching", "--format", "ics", "--output", dir.path, "--sequence", "2"])
        #expect(r.status == 1 && r.err.contains(victim), "\(r.err)")
        #expect(names.map { fm.contents(atPath: dir.appendingPathComponent($0).path) } == saved)
        #expect(try fm.contentsOfDirectory(atPath: dir.path).sorted() == (names + [victim]).sorted())
    }
}
