import Foundation
import Testing

@Suite(.serialized) struct SimulateReportCLITests {
    let fm = FileManager.default
    let common = ["simulate", "--policy", "greedy,proportional", "--replications", "2", "--weeks", "6", "--seed", "3", "--format", "html"]

    @Test func htmlReportIsOneSelfContainedReproduciblePage() throws {
        let dir = CLI.temp()
        let a = dir.appendingPathComponent("a.html").path, b = dir.appendingPathComponent("b.html").path
        let r = try CLI.run(common + ["-o", a])
        #expect(r.status == 0, "\(r.err)")
        #expect(try CLI.run(common + ["--output", b, "--threads", "1"]).status == 0)
        #expect(fm.contents(atPath: a) == fm.contents(atPath: b))
        let html = try String(contentsOfFile: a, encoding: .utf8)
        #expect(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"en-GB\">"))
        #expect(html.contains("<h1>Simulation: Kent and Medway hub and spokes</h1>"))
        #expect(html.components(separatedBy: "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" role=\"img\"").count - 1 == 15, "11 and the return's and equity's 4")
        for id in ["kpi-wait_mean", "difference-wait_mean", "waiting-list", "wait-distribution", "utilisation", "site-waits"] {
            #expect(html.contains("<figure class=\"chart-with-table\" id=\"\(id)\">"), "\(id)")
        }
        #expect(html.contains("<th scope=\"col\" class=\"num\">proportional − greedy</th>"))
        #expect(html.contains("Educational Psychologist"), "roles by name from the scenario")
        #expect(!html.contains("<script") && !html.contains("<link"))
        // Standard output when no file is given.
        let s = try CLI.run(common)
        #expect(s.status == 0 && s.out == html)
    }

    @Test func icsIsRejectedAndAnUnwritablePathLeavesNothing() throws {
        let ics = try CLI.run(["simulate", "--format", "ics", "--output", CLI.temp().path])
        #expect(ics.status == 64 && ics.err.contains("--format ics is for rotas; simulate writes table, csv, json or html"), "\(ics.err)")
        let dir = CLI.temp()
        let missing = dir.appendingPathComponent("missing/report.html").path
        let r = try CLI.run(common + ["-o", missing])
        #expect(r.status == 1 && r.err.contains("missing"), "\(r.err)")
        #expect(!fm.fileExists(atPath: dir.appendingPathComponent("missing").path))
    }
}
