import Foundation
import Testing

@Suite(.serialized) struct StaffingCLITests {
    /// Few replications and weeks: the tests check the plumbing, not the service.
    static let quick = ["--replications", "2", "--weeks", "8", "--seed", "5"]

    static func kentMedwayYAML() throws -> String {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Scenarios/kent-medway.yaml")
        return String(decoding: try #require(FileManager.default.contents(atPath: url.path)), as: UTF8.self)
    }

    static func json(_ path: String) throws -> [String: Any] {
        let data = try #require(FileManager.default.contents(atPath: path))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    @Test func sweepOverTwoRolesOnKentAndMedway() throws {
        let r = try CLI.run(["staffing", "--vary", "EP=0.5..1.5:0.5", "--vary", "SLT=0.6,1", "--target", "seen_within_4_weeks>=90"] + Self.quick)
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out.contains("Staffing sweep of Kent and Medway hub and spokes: 6 options, EP 0.5..1.5 by 0.5 x SLT 0.6, 1"))
        #expect(r.out.contains("Efficient frontier, cheapest first"))
        #expect(r.out.contains("Soulbury scale A point 6"))
        #expect(r.err.contains("6 option(s) x 2 replication(s) x 8 weeks"))
        let csv = try CLI.run(["staffing", "sweep", "kent-medway", "--vary", "SLT=0.6,1", "--vary", "EP=0.5..1.5:0.5", "--format", "csv"] + Self.quick)
        #expect(csv.status == 0, "\(csv.err)")
        let lines = csv.out.split(separator: "\n")
        #expect(lines.count == 7)
        #expect(lines[0].hasPrefix("option,EP_fte,MHT_fte,P16_fte,FSW_fte,SLT_fte,OT_fte,posts,added_posts,pay,pension,national_insurance,"))
        #expect(lines[1].hasPrefix("1,0.5,3,0.8,2.6,0.6,0.5,"))
    }

    @Test func leastCostFromTheCLIIsConfirmedBySimulation() throws {
        let dir = CLI.temp()
        let common = ["--vary", "EP=0.5..2:0.5", "--vary", "SLT=0.6..1.4:0.4", "--replications", "3", "--weeks", "13", "--seed", "2"]
        // The cheapest and the dearest option, for a target between them.
        let ends = dir.appendingPathComponent("ends.json").path
        #expect(try CLI.run(["staffing", "--vary", "EP=0.5,2", "--vary", "SLT=0.6,1.4", "--replications", "3", "--weeks", "13", "--seed", "2",
                             "--format", "json", "-o", ends]).status == 0)
        func seen(_ option: [String: Any]) throws -> Double {
            let keys = try #require((try Self.json(ends)["sweep"] as? [String: Any])?["measureKeys"] as? [String])
            let measures = try #require(option["measures"] as? [Any])
            let k = try #require(keys.firstIndex(of: "seen_within_4_weeks"))
            return try #require((measures[k] as? [String: Any])?["mean"] as? Double)
        }
        let options = try #require(try Self.json(ends)["options"] as? [[String: Any]])
        let low = try seen(options.first!), high = try seen(options.last!)
        try #require(high > low)
        let threshold = ((low + high) / 2 * 10).rounded() / 10
        let out = dir.appendingPathComponent("least.json").path
        let r = try CLI.run(["staffing", "least-cost", "--target", "seen_within_4_weeks>=\(threshold)", "--format", "json", "-o", out] + common)
        #expect(r.status == 0, "\(r.err)")
        #expect(r.err.contains("step 1:"))
        let report = try Self.json(out)
        #expect(report["met"] as? Bool == true)
        let chosen = try #require(report["chosen"] as? [String: Any])
        let sessions = try #require(chosen["sessions"] as? [Int])
        // Confirm by simulating the chosen staffing on its own (a one-option sweep).
        let check = dir.appendingPathComponent("check.json").path
        let c = try CLI.run(["staffing", "--vary", "EP=\(Double(sessions[0]) / 10)", "--vary", "SLT=\(Double(sessions[4]) / 10)",
                             "--replications", "3", "--weeks", "13", "--seed", "2", "--format", "json", "-o", check])
        #expect(c.status == 0, "\(c.err)")
        let confirmed = try #require((try Self.json(check)["options"] as? [[String: Any]])?.first)
        let value = try seen(confirmed)
        #expect(value >= threshold)
        #expect(value == (try seen(chosen)))
        // The table names the next cheaper option and the target it misses.
        let table = try CLI.run(["staffing", "least-cost", "--target", "seen_within_4_weeks>=\(threshold)"] + common)
        #expect(table.out.contains("Chosen: EP "))
        #expect(table.out.contains("Next cheaper option:") && table.out.contains("misses seen_within_4_weeks>="))
    }

    @Test func unreachableTargetsExitTwoWithTheBestReached() throws {
        let r = try CLI.run(["staffing", "least-cost", "--vary", "EP=0.5,1", "--target", "seen_within_4_weeks>=100"] + Self.quick)
        #expect(r.status == 2, "\(r.err)")
        #expect(r.out.contains("No staffing in the ranges meets every target. Best reached"))
        #expect(r.err.contains("no staffing in the ranges meets seen_within_4_weeks>=100"))
    }

    @Test func shardedRunsMergedEqualASingleRunByteForByte() throws {
        let dir = CLI.temp()
        let sweep = ["staffing", "sweep", "--vary", "EP=0.5..1.5:0.5", "--vary", "SLT=0.6,1", "--target", "seen_within_4_weeks>=90"] + Self.quick
        var shards: [String] = []
        for i in 0..<3 {
            let path = dir.appendingPathComponent("shard-\(i).json").path
            let r = try CLI.run(sweep + ["--shard", "\(i)/3", "-o", path])
            #expect(r.status == 0, "\(r.err)")
            shards.append(path)
        }
        for format in ["json", "csv", "table", "html"] {
            let single = dir.appendingPathComponent("single.\(format)").path, merged = dir.appendingPathComponent("merged.\(format)").path
            #expect(try CLI.run(sweep + ["--format", format, "-o", single, "--threads", "1"]).status == 0)
            let m = try CLI.run(["merge"] + shards.reversed() + ["--format", format, "-o", merged])
            #expect(m.status == 0, "\(m.err)")
            let a = try #require(FileManager.default.contents(atPath: single))
            #expect(a == FileManager.default.contents(atPath: merged), "\(format)")
        }
        // Shards that do not belong together: refused, nothing written.
        let other = dir.appendingPathComponent("other-seed.json").path
        #expect(try CLI.run(sweep + ["--shard", "2/3", "--seed", "6", "-o", other]).status == 0)
        let out = dir.appendingPathComponent("refused.json").path
        for (files, needle) in [
            (Array(shards.prefix(2)), "missing shard 2 of 3"),
            (shards + [shards[0]], "shard 0/3 is given twice"),
            (Array(shards.prefix(2)) + [other], "does not belong with"),
            (shards + [dir.appendingPathComponent("nope.json").path], "file not found"),
        ] as [([String], String)] {
            let r = try CLI.run(["merge"] + files + ["-o", out])
            #expect(r.status == 1, "\(needle)")
            #expect(r.err.contains(needle), "\(needle): \(r.err)")
            #expect(!FileManager.default.fileExists(atPath: out))
        }
    }

    @Test func htmlReportsHaveTheirChartsAndTables() throws {
        let dir = CLI.temp()
        let sweep = dir.appendingPathComponent("sweep.html").path
        let r = try CLI.run(["staffing", "--vary", "EP=0.5..1.5:0.5", "--vary", "SLT=0.6,1", "--format", "html", "-o", sweep] + Self.quick)
        #expect(r.status == 0, "\(r.err)")
        let page = String(decoding: try #require(FileManager.default.contents(atPath: sweep)), as: UTF8.self)
        #expect(page.hasPrefix("<!DOCTYPE html>"))
        for needle in ["<svg", "role=\"img\"", "efficient frontier", "class=\"frontier-line\"", "<caption>The efficient frontier, cheapest first</caption>",
                       "<caption>Full-time salary by role</caption>", "Content-Security-Policy"] {
            #expect(page.contains(needle), "\(needle)")
        }
        for (args, needle) in [
            (["least-cost", "--vary", "EP=0.5,1", "--target", "seen_within_4_weeks>=10"], "<h2 id=\"answer-h\">The answer</h2>"),
            (["business-case", "--years", "2"], "<caption>Staffing (FTE) and cost by year</caption>"),
            (["business-case", "--years", "2"], "<caption>Cost by employer and year: each employer"),
        ] as [([String], String)] {
            let out = dir.appendingPathComponent("page.html").path
            let p = try CLI.run(["staffing"] + args + Self.quick + ["--format", "html", "-o", out])
            #expect(p.status == 0, "\(args): \(p.err)")
            let text = String(decoding: try #require(FileManager.default.contents(atPath: out)), as: UTF8.self)
            #expect(text.contains(needle) && text.contains("<svg"), "\(args)")
        }
    }

    /// A sweep by precision: each option's replications in the table and CSV; a bad precision is refused.
    @Test func sweepByPrecision() throws {
        let args = ["staffing", "--vary", "EP=0.5,1", "--weeks", "8", "--precision", "0.2", "--max-replications", "12", "--quiet"]
        let r = try CLI.run(args + ["--format", "csv"])
        #expect(r.status == 0, "\(r.err)")
        let lines = r.out.split(separator: "\n")
        #expect(lines.count == 3 && lines[0].contains(",replications,precision_converged,"))
        #expect(r.err.contains("replication(s) in all (by precision)"))
        let t = try CLI.run(args)
        #expect(t.status == 0 && t.out.contains("replications until wait_mean within 20%"), "\(t.out)")
        for (bad, needle) in [(["--precision", "2"], "--precision must be above 0 and below 1"),
                              (["--precision", "0.1", "--precision-kpi", "cost"], "--precision-kpi cost: unknown KPI")] {
            let b = try CLI.run(["staffing", "--vary", "EP=1", "--weeks", "8"] + bad)
            #expect(b.status != 0 && b.err.contains(needle), "\(b.err)")
        }
    }

    @Test func businessCaseYearByYear() throws {
        let r = try CLI.run(["staffing", "business-case", "--years", "2", "--staffing", "EP=1", "--format", "csv"] + Self.quick)
        #expect(r.status == 0, "\(r.err)")
        let lines = r.out.split(separator: "\n")
        #expect(lines.count == 3)
        #expect(lines[0].hasPrefix("year,referral_factor,EP_fte,"))
        #expect(lines[1].hasPrefix("1,1.0000,1,") && lines[2].hasPrefix("2,1.0500,1,"))
        let t = try CLI.run(["staffing", "business-case", "--years", "2", "--growth", "0.1", "--pay-uplift", "0.04"] + Self.quick)
        #expect(t.status == 0, "\(t.err)")
        #expect(t.out.contains("Referrals grow 10% a year; pay rises 4% a year"))
        #expect(t.out.contains("Expected KPIs"))
    }

    @Test func badInputGetsAClearMessageAndNothingWritten() throws {
        let dir = CLI.temp()
        let out = dir.appendingPathComponent("out.txt").path
        let yaml = try Self.kentMedwayYAML()
        func scenario(_ name: String, _ text: String) throws -> String {
            let url = dir.appendingPathComponent(name)
            try text.write(to: url, atomically: true, encoding: .utf8)
            return url.path
        }
        let noOTPay = try scenario("no-ot-pay.yaml", yaml.components(separatedBy: "\n").filter { !$0.hasPrefix("    OT:  {scale") }.joined(separator: "\n"))
        let noCosts = try scenario("no-costs.yaml", String(yaml[..<yaml.range(of: "\n# What the posts cost")!.lowerBound]) + "\n")
        let badBand = try scenario("bad-band.yaml", yaml.replacingOccurrences(of: "SLT: {scale: afc, band: 6, point: mid}", with: "SLT: {scale: afc, band: 9, point: mid}"))
        for (args, needle) in [
            (["--vary", "XX=1"], "--vary XX=1: unknown role \"XX\""),
            (["--vary", "EP=3..1"], "the range is empty (3 is above 1)"),
            (["--vary", "EP=0.5..1:0"], "the step must be above 0"),
            (["--vary", "EP=0..100:0.1", "--vary", "SLT=0..100:0.1"], "more than 10000"),
            (["--vary", "EP=0.55"], "not a whole number of sessions"),
            (["--vary", "EP=1000"], "absurd"),
            (["--vary", "MHT=1..3"], "already have 2 FTE"),
            (["--vary", "EP=1", "--target", "happiness>=3"], "unknown measure \"happiness\""),
            (["--vary", "EP=1", "--target", "seen_within_4_weeks"], "in quotes"),
            (["--vary", "EP=1", "--shard", "10/10"], "the shard index runs from 0 to 9"),
            ([], "give at least one --vary"),
            (["teaching", "--vary", "PSY=0.4"], "has no simulation: section"),
            ([noOTPay, "--vary", "EP=1"], "costs.pay: no pay for role OT (Occupational Therapist): give a scale and point"),
            ([noCosts, "--vary", "EP=1"], "no-costs.yaml: the scenario has no costs: section"),
            ([badBand, "--vary", "EP=1"], "costs.pay.SLT: no built-in pay for Agenda for Change band 9"),
            (["least-cost", "--vary", "EP=1"], "give at least one --target"),
            (["least-cost", "--target", "seen_within_4_weeks>=90"], "give the roles to search with --vary"),
            (["least-cost", "--vary", "EP=1", "--target", "utilisation>=50"], "more staff does not help to meet it"),
            (["business-case", "--years", "0"], "--years must be from 1 to 30"),
            (["business-case", "--staffing", "EP=1..2"], "give one FTE per role"),
            (["business-case", "--vary", "EP=1..2"], "needs --target"),
        ] as [([String], String)] {
            let r = try CLI.run(["staffing"] + args + Self.quick + ["-o", out])
            #expect(r.status == 1, "\(args): \(r.err)")
            #expect(r.err.contains(needle), "\(args): \(r.err)")
            #expect(!FileManager.default.fileExists(atPath: out))
            // Messages about the scenario file name it and the line.
            for file in ["no-ot-pay.yaml", "bad-band.yaml"] where args.first?.hasSuffix(file) == true {
                #expect(r.err.range(of: "\(file):[0-9]+: costs\\.pay", options: .regularExpression) != nil, "\(r.err)")
            }
        }
        let ics = try CLI.run(["staffing", "--vary", "EP=1", "--format", "ics", "-o", out])
        #expect(ics.status != 0 && ics.err.contains("for rotas"))
        #expect(!FileManager.default.fileExists(atPath: out))
    }
}
