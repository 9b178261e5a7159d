import Foundation
import Testing

@Suite(.serialized) struct SimulateCLITests {
    @Test func simulatesEveryPolicyOnTheDefault() throws {
        let r = try CLI.run(["simulate", "--replications", "3", "--weeks", "8", "--seed", "4"])
        #expect(r.status == 0, "\(r.err)")
        for name in ["optimal", "fixed", "proportional", "greedy"] { #expect(r.out.contains(name)) }
        #expect(r.out.contains("Wait to first session, mean"))
        #expect(r.out.contains("Paired differences: each policy minus optimal"))
        #expect(r.out.contains("(balances)"))
        #expect(!r.out.contains("DOES NOT BALANCE"))
        #expect(r.out.contains("Quarterly return"))
        // No progress bar when standard error is not a terminal.
        #expect(!r.err.contains("["))
    }

    @Test func sameSeedSameBytesWhateverTheThreads() throws {
        let dir = CLI.temp()
        let a = dir.appendingPathComponent("a.json").path, b = dir.appendingPathComponent("b.json").path
        let ra = dir.appendingPathComponent("ra.csv").path, rb = dir.appendingPathComponent("rb.csv").path
        let common = ["simulate", "--policy", "greedy,proportional", "--replications", "6", "--weeks", "10", "--seed", "12", "--format", "json"]
        #expect(try CLI.run(common + ["--threads", "1", "-o", a, "--replications-csv", ra]).status == 0)
        #expect(try CLI.run(common + ["--threads", "2", "-o", b, "--replications-csv", rb]).status == 0)
        let ja = try #require(FileManager.default.contents(atPath: a))
        #expect(ja == FileManager.default.contents(atPath: b))
        #expect(FileManager.default.contents(atPath: ra) == FileManager.default.contents(atPath: rb))
        let rows = String(decoding: try #require(FileManager.default.contents(atPath: ra)), as: UTF8.self).split(separator: "\n")
        #expect(rows.count == 1 + 2 * 6)
        #expect(rows[0].hasPrefix("policy,replication,seed,referrals,"))
        let json = try #require(try JSONSerialization.jsonObject(with: ja) as? [String: Any])
        #expect((json["policies"] as? [Any])?.count == 2)
    }

    @Test func csvAndQuarterlyReturn() throws {
        let dir = CLI.temp()
        let q = dir.appendingPathComponent("q.csv").path
        let r = try CLI.run(["simulate", "--policy", "greedy", "--replications", "2", "--weeks", "14", "--format", "csv", "--quarterly-csv", q])
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out.hasPrefix("kind,policy,versus,kpi,unit,mean,ci_low,ci_high,replications,significant\n"))
        #expect(r.out.contains("estimate,greedy,,wait_mean,days,"))
        let quarterly = String(decoding: try #require(FileManager.default.contents(atPath: q)), as: UTF8.self)
        #expect(quarterly.hasPrefix("policy,quarter,site,role,referrals,seen\n"))
        // Financial quarters: 14 weeks from Monday 30 November 2026 span October-December and January-March.
        #expect(quarterly.contains("greedy,2026/27 Q3,PRU-GILL,all,"))
        #expect(quarterly.contains("greedy,2026/27 Q4,"))
        #expect(!quarterly.contains("greedy,2027/28 Q1,"))
    }

    /// `--return`: one row per policy, financial quarter and category, with intervals; written with
    /// the main output, and the old `--quarterly-csv` still works beside it.
    @Test func nationalReturnCSV() throws {
        let dir = CLI.temp()
        let ret = dir.appendingPathComponent("return.csv").path, q = dir.appendingPathComponent("q.csv").path
        let r = try CLI.run(["simulate", "--policy", "greedy,fixed", "--replications", "3", "--weeks", "20", "--seed", "2", "--quiet",
                             "--return", ret, "--quarterly-csv", q, "-o", dir.appendingPathComponent("out.txt").path])
        #expect(r.status == 0, "\(r.err)")
        let rows = String(decoding: try #require(FileManager.default.contents(atPath: ret)), as: UTF8.self).split(separator: "\n")
        let header = "policy,quarter,attribute,category,referrals,referrals_low,referrals_high,seen,seen_low,seen_high,"
            + "wait_mean_days,wait_mean_days_low,wait_mean_days_high,seen_within_4_weeks_pct,seen_within_4_weeks_pct_low,seen_within_4_weeks_pct_high"
        #expect(rows.first.map(String.init) == header)
        // 20 weeks from 30 November 2026: 2026/27 Q3, Q4 and the start of 2027/28 Q1.
        for policy in ["greedy", "fixed"] {
            for quarter in ["2026/27 Q3", "2026/27 Q4", "2027/28 Q1"] {
                #expect(rows.contains { $0.hasPrefix("\(policy),\(quarter),all,all,") }, "\(policy) \(quarter)")
                #expect(rows.contains { $0.hasPrefix("\(policy),\(quarter),ethnicity,not_stated,") })
            }
        }
        // The scenario's age band 0-4 has share 0: no row for it.
        #expect(!rows.contains { $0.contains(",age_band,0-4,") })
        #expect(FileManager.default.fileExists(atPath: q))
    }

    /// By precision: the run reports how many replications it took; the same seed gives the same
    /// bytes whatever the threads; a cap that comes first is said.
    @Test func replicationsByPrecision() throws {
        let common = ["simulate", "--policy", "greedy", "--weeks", "10", "--seed", "3", "--precision", "0.1", "--format", "json", "--quiet"]
        let a = try CLI.run(common + ["--threads", "1"]), b = try CLI.run(common + ["--threads", "2"])
        #expect(a.status == 0 && a.out == b.out, "\(a.err)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(a.out.utf8)) as? [String: Any])
        let precision = try #require(json["precision"] as? [String: Any])
        #expect(precision["converged"] as? Bool == true && precision["replications"] as? Int == json["replications"] as? Int)
        #expect(a.err.contains("replications by precision, converged: wait_mean within 10% after"))
        let capped = try CLI.run(["simulate", "--policy", "greedy", "--weeks", "10", "--precision", "0.001", "--max-replications", "4", "--quiet"])
        #expect(capped.status == 0 && capped.out.contains("4 replication(s)") && capped.out.contains("not converged: wait_mean within 0.1%"), "\(capped.out)")
    }

    @Test func badInputIsRefusedAndWritesNothing() throws {
        let dir = CLI.temp()
        let out = dir.appendingPathComponent("out.txt").path
        for (args, needle) in [
            (["--replications", "0"], "--replications must be from 1"),
            (["--weeks", "100000"], "--weeks must be from 1 to 520"),
            (["--policy", "random"], "unknown policy \"random\""),
            (["teaching"], "has no simulation: section"),
            (["--format", "ics"], "for rotas"),
            (["--precision", "0"], "--precision must be above 0 and below 1"),
            (["--precision", "1.5"], "--precision must be above 0 and below 1"),
            (["--precision", "0.05", "--precision-kpi", "wait_avg"], "--precision-kpi wait_avg: unknown KPI"),
            (["--precision", "0.05", "--max-replications", "1"], "--max-replications must be from 2"),
            (["--precision", "0.05", "--replications", "10"], "give one or the other"),
            (["--max-replications", "10"], "--max-replications needs --precision"),
        ] as [([String], String)] {
            let r = try CLI.run(["simulate"] + args + ["-o", out])
            #expect(r.status != 0, "\(args)")
            #expect(r.err.contains(needle), "\(args): \(r.err)")
            #expect(!FileManager.default.fileExists(atPath: out))
        }
        // A bad simulation section names the file, line and field.
        let bad = dir.appendingPathComponent("bad.yaml")
        let yaml = String(decoding: try #require(FileManager.default.contents(atPath: URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Scenarios/kent-medway.yaml").path)), as: UTF8.self)
            .replacingOccurrences(of: "did_not_attend: 0.12", with: "did_not_attend: 2")
        try yaml.write(to: bad, atomically: true, encoding: .utf8)
        let r = try CLI.run(["simulate", bad.path, "-o", out])
        #expect(r.status == 1)
        #expect(r.err.contains("bad.yaml:") && r.err.contains("simulation.did_not_attend"), "\(r.err)")
        #expect(!FileManager.default.fileExists(atPath: out))
    }
}
