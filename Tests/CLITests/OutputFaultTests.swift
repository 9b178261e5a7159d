import Foundation
import HubspokeTestSupport
import Testing

/// The catalogue of faults in what hubspoke writes (issue 15, classes 2, 3, 4 and 8): hijacked
/// temporary files, failed writes to standard output and error, formula injection and terminal
/// control characters, commands with several outputs. Each case checks the exit status, the
/// message, and that nothing was written or changed.
@Suite(.serialized) struct OutputFaultTests {
    // MARK: - Fixtures

    static var repositoryRoot: URL { URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent() }

    static func teachingYAML() throws -> String {
        String(decoding: try #require(FileManager.default.contents(atPath: repositoryRoot.appendingPathComponent("Scenarios/teaching.yaml").path)),
               as: UTF8.self)
    }

    /// The teaching scenario with hostile names: PRU-C is called `=HYPERLINK("http://x","click")`,
    /// PRU-A's id is `-x`, PRU-B's name sets the window title and clears the screen.
    static let hostileName = "B\u{1B}]0;title\u{07}\u{1B}[2J"
    static func hostileScenario(in dir: URL) throws -> String {
        var yaml = try teachingYAML()
        yaml = yaml.replacingOccurrences(of: "name: Unit C", with: #"name: '=HYPERLINK("http://x","click")'"#)
        yaml = yaml.replacingOccurrences(of: "name: Unit B", with: #"name: "B\e]0;title\a\e[2J""#)
        yaml = yaml.replacingOccurrences(of: "PRU-A", with: "\"-x\"")
        let path = dir.appendingPathComponent("hostile.yaml").path
        try yaml.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// Kent and Medway (it has a simulation: section) with the ids of PRU-GILL, PRU-CHAT and
    /// PRU-DART changed to `-GILL`, `-CHAT`, `-DART`
    /// (ids are letters, digits, '-', '_' and '.', so `-` is the formula character an id can start with).
    static func hostileSimulationScenario(in dir: URL) throws -> String {
        var yaml = try StaffingCLITests.kentMedwayYAML()
        for id in ["GILL", "CHAT", "DART"] { yaml = yaml.replacingOccurrences(of: "PRU-\(id)", with: "\"-\(id)\"") }
        let path = dir.appendingPathComponent("hostile-km.yaml").path
        try yaml.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static func devFull() throws -> FileHandle { try #require(FileHandle(forWritingAtPath: "/dev/full")) }

    /// Every entry of a folder (hidden ones too) with its bytes, or the link it holds.
    static func snapshot(_ dir: URL) -> [String: Data] {
        var out: [String: Data] = [:]
        let fm = FileManager.default
        for name in (try? fm.contentsOfDirectory(atPath: dir.path)) ?? [] {
            let path = dir.appendingPathComponent(name).path
            if let target = try? fm.destinationOfSymbolicLink(atPath: path) { out[name] = Data("-> \(target)".utf8) } else { out[name] = fm.contents(atPath: path) ?? Data() }
        }
        return out
    }

    /// Ended by exit status 1, not by a signal or a Swift runtime trap (132 SIGILL, 134 SIGABRT).
    static func failedCleanly(_ r: CLI.Outcome, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(!r.signalled, "ended by signal \(r.status)", sourceLocation: sourceLocation)
        #expect(r.status == 1, "exit \(r.status): \(r.err)", sourceLocation: sourceLocation)
        #expect(!r.err.contains("Fatal error"), sourceLocation: sourceLocation)
    }

    static let fullDisk = "cannot write to standard output: No space left on device"
    static let quickSimulation = ["--replications", "2", "--weeks", "8", "--seed", "3"]

    // MARK: - Class 3: a failed write to standard output or error

    @Test(arguments: ["table", "csv", "json", "html"])
    func rotaToAFullDiskExits1(format: String) throws {
        let r = try CLI.run(["rota", "teaching", "--format", format], stdin: nil, stdout: try Self.devFull(), stderr: nil)
        Self.failedCleanly(r)
        #expect(r.err == "hubspoke: error: \(Self.fullDisk)\n")
    }

    @Test func simulateToAFullDiskExits1() throws {
        let r = try CLI.run(["simulate", "--policy", "greedy"] + Self.quickSimulation, stdin: nil, stdout: try Self.devFull(), stderr: nil)
        Self.failedCleanly(r)
        #expect(r.err.contains(Self.fullDisk))
    }

    @Test(arguments: [["sweep", "--vary", "EP=1"], ["least-cost", "--vary", "EP=0.5,1", "--target", "seen_within_4_weeks>=1"],
                      ["business-case", "--years", "1"]])
    func staffingToAFullDiskExits1(command: [String]) throws {
        let r = try CLI.run(["staffing"] + command + Self.quickSimulation, stdin: nil, stdout: try Self.devFull(), stderr: nil)
        Self.failedCleanly(r)
        #expect(r.err.contains(Self.fullDisk))
    }

    @Test func validateToAFullDiskExits1() throws {
        let r = try CLI.run(["validate", "teaching"], stdin: nil, stdout: try Self.devFull(), stderr: nil)
        Self.failedCleanly(r)
        #expect(r.err == "hubspoke: error: \(Self.fullDisk)\n")
    }

    /// ArgumentParser's own output (help) goes through the same path.
    @Test func helpToAFullDiskExits1() throws {
        let r = try CLI.run(["rota", "--help"], stdin: nil, stdout: try Self.devFull(), stderr: nil)
        Self.failedCleanly(r)
        #expect(r.err.contains(Self.fullDisk))
    }

    /// A workspace command's report (`print` before) goes through the same path.
    @Test func historyToAFullDiskExits1() throws {
        let ws = WorkspaceCLI()
        try ws.ok(["init", "teaching"])
        let r = try CLI.run(["history", "--workspace", ws.path], stdin: nil, stdout: try Self.devFull(), stderr: nil)
        Self.failedCleanly(r)
        #expect(r.err == "hubspoke: error: \(Self.fullDisk)\n")
    }

    /// Every workspace command that reports on standard output, to a full disk.
    @Test func everyWorkspaceReportToAFullDiskExits1() throws {
        let ws = WorkspaceCLI()
        let week = "2026-11-30"
        try ws.ok(["init", "teaching"])
        try ws.ok(["demand", "import", try ws.write("d.csv", "site,role,sessions,priority\nPRU-A,PSY,2,urgent\n"), "--week", week])
        try ws.ok(["plan", "--week", week])
        try ws.ok(["plan", "--week", week])
        try ws.ok(["publish", "--week", week])
        for args in [["show", "--week", week], ["show", "--week", week, "--format", "csv"], ["diff", "--week", week, "1", "2"],
                     ["demand", "show", "--week", week], ["absence", "list"], ["pin", "list"], ["history"],
                     ["plan", "--week", week], ["absence", "add", "PSY-1", "2026-12-03"]] {
            let r = try CLI.run(args + ["--workspace", ws.path], stdin: nil, stdout: try Self.devFull(), stderr: nil)
            #expect(!r.signalled && r.status == 1, "\(args): exit \(r.status) \(r.err)")
            #expect(r.err.contains(Self.fullDisk), "\(args): \(r.err)")
        }
    }

    @Test func anErrorMessageToAFullStandardErrorExits1Quietly() throws {
        let dir = CLI.temp()
        let r = try CLI.run(["rota", dir.appendingPathComponent("missing.yaml").path], stdin: nil, stdout: nil, stderr: try Self.devFull())
        Self.failedCleanly(r)
        #expect(r.out.isEmpty)
    }

    @Test func aUsageErrorToAFullStandardErrorExits1Quietly() throws {
        let r = try CLI.run(["rota", "--no-such-option"], stdin: nil, stdout: nil, stderr: try Self.devFull())
        Self.failedCleanly(r)
        // With a working standard error, the same mistake is a usage error (64).
        let usual = try CLI.run(["rota", "--no-such-option"])
        #expect(usual.status == 64)
        #expect(usual.err.contains("Unknown option '--no-such-option'"))
    }

    /// The rota is written; only the closing note fails: exit 1, the file whole.
    @Test func aNoteToAFullStandardErrorExits1() throws {
        let dir = CLI.temp()
        let out = dir.appendingPathComponent("r.csv")
        let r = try CLI.run(["rota", "teaching", "--format", "csv", "-o", out.path], stdin: nil, stdout: nil, stderr: try Self.devFull())
        Self.failedCleanly(r)
        let reference = try CLI.run(["rota", "teaching", "--format", "csv"])
        #expect(FileManager.default.contents(atPath: out.path) == Data(reference.out.utf8))
    }

    /// SIGPIPE is ignored: a reader that went away is a failed write (EPIPE), exit 1.
    @Test func aClosedPipeIsAFailedWrite() throws {
        let pipe = Pipe()
        try pipe.fileHandleForReading.close()
        let r = try CLI.run(["rota", "teaching"], stdin: nil, stdout: pipe.fileHandleForWriting, stderr: nil)
        Self.failedCleanly(r)
        #expect(r.err == "hubspoke: error: cannot write to standard output: Broken pipe\n")
    }

    /// More than 64 KiB on standard error (a pipe's buffer): the runner (ProcessRunner) collects
    /// both streams in files, so this finishes. The validator lists at most 100 problems, each
    /// quoting its value whole: 150 demand rows naming unknown sites of 1,000 characters make
    /// about 106 KB.
    @Test func aLongErrorReportIsReadWhole() throws {
        let dir = CLI.temp()
        let long = String(repeating: "X", count: 1_000)
        let rows = (1...150).map { "NO-SUCH-SITE-\($0)-\(long),PSY,1,routine" }
        let csv = dir.appendingPathComponent("demand.csv")
        try (["site,role,sessions,priority"] + rows).joined(separator: "\n").write(to: csv, atomically: true, encoding: .utf8)
        let r = try CLI.run(["rota", "teaching", "--demand", csv.path])
        #expect(r.status == 1)
        #expect(r.err.utf8.count > 65_536, "\(r.err.utf8.count) bytes")
        #expect(r.err.contains("demand.csv:101: site: unknown site \"NO-SUCH-SITE-100-\(long)\""))
        #expect(r.err.hasSuffix("demand.csv: and 50 more problem(s), not listed: fix the first 100 and check again\n"), "\(r.err.suffix(200))")
    }

    /// A disk that fills up while the files are written (a 64 KiB tmpfs; needs root, skipped
    /// otherwise): exit 1 naming the file, the previous files whole, no temporary file left.
    @Test func aFullFileSystemLeavesThePreviousFilesWhole() throws {
        let dir = CLI.temp()
        let mountPoint = dir.appendingPathComponent("small")
        try FileManager.default.createDirectory(at: mountPoint, withIntermediateDirectories: false)
        guard getuid() == 0, try Self.system("/usr/bin/mount", ["-t", "tmpfs", "-o", "size=64k", "tmpfs", mountPoint.path]) == 0 else {
            print("skipped: mounting a small tmpfs needs root"); return
        }
        defer { _ = try? Self.system("/usr/bin/umount", [mountPoint.path]) }
        for name in ["r.csv", "q.csv", "o.html"] {
            try "old \(name)".write(to: mountPoint.appendingPathComponent(name), atomically: false, encoding: .utf8)
        }
        let before = Self.snapshot(mountPoint)
        let r = try CLI.run(["simulate", "--format", "html"] + Self.quickSimulation
                            + ["-o", "o.html", "--replications-csv", "r.csv", "--quarterly-csv", "q.csv"],
                            stdin: nil, stdout: nil, stderr: nil, directory: mountPoint)
        #expect(r.status == 1)
        #expect(r.err.contains(": cannot write: No space left on device"), "\(r.err)")
        #expect(Self.snapshot(mountPoint) == before)
    }

    static func system(_ tool: String, _ args: [String]) throws -> Int32 {
        try ProcessRunner.run(URL(fileURLWithPath: tool), args, stderr: .nullDevice, timeout: CLI.timeout).status
    }

    // MARK: - Class 2: temporary files that cannot be hijacked

    /// Links at the old temporary names (`.x.csv.PID.tmp`) for thousands of process ids, pointing
    /// at a file outside the folder: the file is untouched, the links stay as they were.
    @Test func plantedLinksAtPredictableTemporaryNamesAreNotFollowed() throws {
        let dir = CLI.temp()
        let folder = dir.appendingPathComponent("folder"), victim = dir.appendingPathComponent("victim.txt")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: false)
        try "precious".write(to: victim, atomically: true, encoding: .utf8)
        // The next process ids: from the last one the kernel gave out (else this process's own).
        let last = (try? String(contentsOfFile: "/proc/sys/kernel/ns_last_pid", encoding: .utf8))
            .flatMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) } ?? Int(ProcessInfo.processInfo.processIdentifier)
        for pid in Set(Array(1...400) + Array(last...(last + 4000))) {
            try FileManager.default.createSymbolicLink(atPath: folder.appendingPathComponent(".x.csv.\(pid).tmp").path, withDestinationPath: victim.path)
        }
        let links = Self.snapshot(folder)
        let r = try CLI.run(["rota", "--format", "csv", "-o", folder.appendingPathComponent("x.csv").path])
        #expect(r.status == 0, "\(r.err)")
        #expect(try String(contentsOf: victim, encoding: .utf8) == "precious")
        var after = Self.snapshot(folder)
        let removed = after.removeValue(forKey: "x.csv")
        let written = try #require(removed)
        #expect(after == links, "only x.csv is new; no temporary file is left")
        #expect(String(decoding: written, as: UTF8.self).hasPrefix("week,date,day,half,start,end,post,role,site,site_name,note\n"))
    }

    /// The same for a folder of calendars, and for the model files (GLPK writes them).
    @Test func plantedLinksInACalendarFolderAreNotFollowed() throws {
        let dir = CLI.temp()
        let folder = dir.appendingPathComponent("calendars"), victim = dir.appendingPathComponent("victim.txt")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: false)
        try "precious".write(to: victim, atomically: true, encoding: .utf8)
        for pid in 1...2000 {
            for name in ["post-PSY-1.ics", "site-HUB.ics", "m.lp"] {
                try FileManager.default.createSymbolicLink(atPath: folder.appendingPathComponent(".\(name).\(pid).tmp").path, withDestinationPath: victim.path)
            }
        }
        let r = try CLI.run(["rota", "teaching", "--format", "ics", "-o", folder.path, "--export-lp", folder.appendingPathComponent("m.lp").path])
        #expect(r.status == 0, "\(r.err)")
        #expect(try String(contentsOf: victim, encoding: .utf8) == "precious")
        let names = Set(try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { !$0.hasPrefix(".") })
        #expect(names.contains("post-PSY-1.ics") && names.contains("site-HUB.ics") && names.contains("m.lp"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasPrefix(".") }.count == 3 * 2000)
    }

    /// An output that is itself a link to a file elsewhere: the link is replaced, its target untouched.
    @Test func anOutputThatIsALinkReplacesTheLinkNotItsTarget() throws {
        let dir = CLI.temp()
        let victim = dir.appendingPathComponent("victim.txt"), out = dir.appendingPathComponent("r.json")
        try "precious".write(to: victim, atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: out.path, withDestinationPath: victim.path)
        let r = try CLI.run(["rota", "teaching", "--format", "json", "-o", out.path])
        #expect(r.status == 0, "\(r.err)")
        #expect(try String(contentsOf: victim, encoding: .utf8) == "precious")
        #expect((try? FileManager.default.destinationOfSymbolicLink(atPath: out.path)) == nil)
        #expect(try String(contentsOf: out, encoding: .utf8).hasPrefix("{"))
    }

    // MARK: - Class 8: commands with several outputs write all or none

    @Test func simulateWithAMissingFolderWritesNoneOfItsFiles() throws {
        let dir = CLI.temp()
        let r = try CLI.run(["simulate", "--policy", "greedy"] + Self.quickSimulation
                            + ["-o", "nodir/o.txt", "--replications-csv", "r.csv", "--quarterly-csv", "q.csv"],
                            stdin: nil, stdout: nil, stderr: nil, directory: dir)
        #expect(r.status == 1)
        #expect(r.err.contains("nodir/o.txt: cannot write: folder"), "\(r.err)")
        #expect(r.err.contains("does not exist"))
        #expect(Self.snapshot(dir).isEmpty)
        // Refused before simulating: no timing note.
        #expect(!r.err.contains("replication(s)"))
    }

    /// Existing files are left as they were when one destination is bad.
    @Test func simulateKeepsPreviousFilesWhenOneOutputIsAFolder() throws {
        let dir = CLI.temp()
        try "old r".write(to: dir.appendingPathComponent("r.csv"), atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("q.csv"), withIntermediateDirectories: false)
        let before = Self.snapshot(dir)
        let r = try CLI.run(["simulate", "--policy", "greedy"] + Self.quickSimulation + ["--replications-csv", "r.csv", "--quarterly-csv", "q.csv"],
                            stdin: nil, stdout: nil, stderr: nil, directory: dir)
        #expect(r.status == 1)
        #expect(r.err.contains("q.csv: cannot write: it is a folder"), "\(r.err)")
        #expect(r.out.isEmpty)
        #expect(Self.snapshot(dir) == before)
    }

    @Test func theSameFileForTwoOutputsIsRefused() throws {
        let dir = CLI.temp()
        let r = try CLI.run(["simulate", "--policy", "greedy"] + Self.quickSimulation + ["-o", "x.csv", "--replications-csv", "./x.csv"],
                            stdin: nil, stdout: nil, stderr: nil, directory: dir)
        #expect(r.status == 1)
        #expect(r.err.contains("x.csv: cannot write: the same file is given for two outputs"), "\(r.err)")
        #expect(Self.snapshot(dir).isEmpty)
    }

    /// A sweep checks its output before simulating anything.
    @Test func staffingSweepWithAMissingFolderIsRefusedBeforeSimulating() throws {
        let dir = CLI.temp()
        let out = dir.appendingPathComponent("nodir/sweep.csv").path
        let r = try CLI.run(["staffing", "sweep", "--vary", "EP=0.5..3:0.5", "--format", "csv", "-o", out] + Self.quickSimulation)
        #expect(r.status == 1)
        #expect(r.err == "hubspoke: error: \(out): cannot write: folder \(dir.appendingPathComponent("nodir").path) does not exist\n")
        #expect(Self.snapshot(dir).isEmpty)
    }

    @Test func businessCaseIntoAFolderIsRefused() throws {
        let dir = CLI.temp()
        let r = try CLI.run(["staffing", "business-case", "--years", "2", "-o", dir.path] + Self.quickSimulation)
        #expect(r.status == 1)
        #expect(r.err.contains("\(dir.path): cannot write: it is a folder"), "\(r.err)")
        #expect(Self.snapshot(dir).isEmpty)
    }

    /// rota's model files and the rota are written together: a bad rota path writes no model.
    @Test func rotaWithABadOutputWritesNoModelFile() throws {
        let dir = CLI.temp()
        let lp = dir.appendingPathComponent("m.lp").path
        let r = try CLI.run(["rota", "teaching", "--export-lp", lp, "-o", dir.appendingPathComponent("nodir/r.txt").path])
        #expect(r.status == 1)
        #expect(r.err.contains("nodir/r.txt: cannot write: folder"), "\(r.err)")
        #expect(Self.snapshot(dir).isEmpty)
    }

    /// When the rules conflict (exit 3) there is no rota, but the model files, which show why, are written.
    @Test func aConflictStillWritesTheModelButNoRota() throws {
        let dir = CLI.temp()
        let yaml = try Self.teachingYAML()
            .replacingOccurrences(of: "  lunch_travel_minutes: 40", with: "  lunch_travel_minutes: 40\n  minimum_presence: {sessions: 3, weeks: 1}")
        let scenario = dir.appendingPathComponent("conflict.yaml")
        try yaml.write(to: scenario, atomically: true, encoding: .utf8)
        let lp = dir.appendingPathComponent("m.lp"), out = dir.appendingPathComponent("r.csv")
        let r = try CLI.run(["rota", scenario.path, "--export-lp", lp.path, "--format", "csv", "-o", out.path])
        #expect(r.status == 3, "\(r.err)")
        #expect(r.err.contains("wrote the model") && r.err.contains("hard rules conflict"), "\(r.err)")
        #expect(try String(contentsOf: lp, encoding: .utf8).contains("Subject To"))
        #expect(Set(try FileManager.default.contentsOfDirectory(atPath: dir.path)) == ["conflict.yaml", "m.lp"])
    }

    /// A folder of calendars is not created when a model file cannot be written.
    @Test func rotaCalendarsWithABadModelPathCreateNoFolder() throws {
        let dir = CLI.temp()
        let r = try CLI.run(["rota", "teaching", "--format", "ics", "-o", dir.appendingPathComponent("calendars").path,
                             "--export-mps", dir.appendingPathComponent("nodir/m.mps").path])
        #expect(r.status == 1)
        #expect(r.err.contains("nodir/m.mps: cannot write: folder"), "\(r.err)")
        #expect(Self.snapshot(dir).isEmpty)
    }

    /// merge checks its output before reading the shards, and writes nothing when it is bad;
    /// to a full disk it exits 1.
    @Test func mergeWithABadOutputWritesNothing() throws {
        let dir = CLI.temp()
        let shard = dir.appendingPathComponent("shard-0.json").path
        let made = try CLI.run(["staffing", "sweep", "--vary", "EP=0.5,1", "--shard", "0/1", "-o", shard] + Self.quickSimulation)
        #expect(made.status == 0, "\(made.err)")
        let before = Self.snapshot(dir)
        let out = dir.appendingPathComponent("nodir/sweep.csv").path
        let r = try CLI.run(["merge", shard, "--format", "csv", "-o", out])
        #expect(r.status == 1)
        #expect(r.err == "hubspoke: error: \(out): cannot write: folder \(dir.appendingPathComponent("nodir").path) does not exist\n")
        #expect(Self.snapshot(dir) == before)
        let full = try CLI.run(["merge", shard, "--format", "csv"], stdin: nil, stdout: try Self.devFull(), stderr: nil)
        Self.failedCleanly(full)
        #expect(full.err.contains(Self.fullDisk))
    }

    // MARK: - Class 4: cells and names are not trusted

    @Test(arguments: [false, true])
    func formulasInNamesAreNeutralisedInTheRotaCSV(bom: Bool) throws {
        let dir = CLI.temp()
        let scenario = try Self.hostileScenario(in: dir)
        let r = try CLI.run(["rota", scenario, "--format", "csv"] + (bom ? ["--bom"] : []))
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out.hasPrefix(bom ? "\u{FEFF}week," : "week,"))
        let lines = r.out.split(separator: "\n")
        #expect(lines.contains { $0.contains(#",PRU-C,"'=HYPERLINK(""http://x"",""click"")","#) })
        #expect(lines.contains { $0.contains(#","'-x",Unit A"#) })
        // No cell starts a formula: every cell after a comma that begins with = + - @ is quoted and led by '.
        for line in lines.dropFirst() {
            #expect(!line.contains(",=") && !line.contains(",-") && !line.contains(",+") && !line.contains(",@"), "\(line)")
        }
    }

    /// --previous reads the neutralised file back exactly: nothing changes against it.
    @Test(arguments: [false, true])
    func aNeutralisedCSVReadsBackWithPrevious(bom: Bool) throws {
        let dir = CLI.temp()
        let scenario = try Self.hostileScenario(in: dir)
        let csv = dir.appendingPathComponent("previous.csv").path
        #expect(try CLI.run(["rota", scenario, "--format", "csv", "-o", csv] + (bom ? ["--bom"] : [])).status == 0)
        let r = try CLI.run(["rota", scenario, "--previous", csv, "--format", "json"])
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out.contains("\"name\" : \"continuity: previous sessions changed\",\n        \"penalty\" : 0,\n        \"quantity\" : 0"))
        #expect(r.out.contains("\"site\" : \"-x\""))
    }

    /// The workspace's CSV export (what publish writes and show prints) is neutralised the same way.
    @Test func theWorkspaceCSVExportIsNeutralised() throws {
        let ws = WorkspaceCLI()
        let scenario = try Self.hostileScenario(in: ws.dir)
        try ws.ok(["init", scenario])
        let demand = try ws.write("demand.csv", "site,role,sessions,priority\n-x,PSY,2,urgent\nPRU-C,FSW,3,urgent\nPRU-C,PSY,1,high\n")
        try ws.ok(["demand", "import", demand, "--week", "2026-11-30"])
        try ws.ok(["plan", "--week", "2026-11-30"])
        try ws.ok(["publish", "--week", "2026-11-30"])
        let csv = try ws.ok(["show", "--week", "2026-11-30", "--format", "csv"])
        let lines = csv.split(separator: "\n")
        #expect(lines.contains { $0.contains(#",PSY-1,PSY,"'-x",Unit A"#) }, "\(csv)")
        #expect(lines.contains { $0.contains(#",PRU-C,"'=HYPERLINK(""http://x"",""click"")","#) }, "\(csv)")
    }

    /// The simulation's CSVs: site ids neutralised, negative numbers (paired differences) kept as numbers.
    @Test func simulationCSVsNeutraliseNamesButKeepNegativeNumbers() throws {
        let dir = CLI.temp()
        let scenario = try Self.hostileSimulationScenario(in: dir)
        let q = dir.appendingPathComponent("q.csv")
        let r = try CLI.run(["simulate", scenario, "--policy", "greedy,fixed", "--format", "csv", "--quarterly-csv", q.path] + Self.quickSimulation)
        #expect(r.status == 0, "\(r.err)")
        let quarterly = try String(contentsOf: q, encoding: .utf8)
        #expect(quarterly.contains(#"greedy,2026/27 Q3,"'-GILL","#))
        #expect(!quarterly.contains(",-GILL"))
        let negatives = r.out.split(separator: "\n").filter { $0.hasPrefix("difference,") && $0.contains(",-") }
        #expect(!negatives.isEmpty, "a paired difference below zero, written as a plain number")
        #expect(!r.out.contains(",\"'-"), "no number is neutralised")
    }

    /// The staffing CSV: the worst PRU (a site id) is neutralised, the intervals' negative
    /// lower bounds stay numbers.
    @Test func staffingCSVNeutralisesSiteIdsButKeepsNegativeNumbers() throws {
        let dir = CLI.temp()
        let scenario = try Self.hostileSimulationScenario(in: dir)
        let r = try CLI.run(["staffing", "sweep", scenario, "--vary", "EP=0.5,3", "--format", "csv"] + Self.quickSimulation)
        #expect(r.status == 0, "\(r.err)")
        let rows = r.out.split(separator: "\n").dropFirst()
        #expect(rows.count == 2)
        for row in rows {
            #expect(row.hasSuffix(#","'-CHAT",yes,,"#) || row.hasSuffix(#","'-DART",yes,,"#) || !row.contains("'"), "\(row)")
            #expect(!row.contains(",-C") && !row.contains(",-D") && !row.contains(",-G"), "\(row)")
        }
        #expect(rows.contains { $0.contains(#""'-"#) }, "a worst PRU is one of the renamed ones")
        #expect(rows.contains { $0.range(of: #",-[0-9]+\.[0-9]{4},"#, options: .regularExpression) != nil }, "negative numbers stay numbers")
    }

    /// The table on a terminal: a name's escape sequences are shown, never acted on.
    @Test func controlCharactersInNamesAreEscapedInTheTable() throws {
        let dir = CLI.temp()
        let scenario = try Self.hostileScenario(in: dir)
        let r = try CLI.run(["rota", scenario])
        let controls = { (s: String) in s.unicodeScalars.contains { ($0.value < 0x20 && $0 != "\n") || (0x7F...0x9F).contains($0.value) } }
        #expect(!controls(r.out) && !controls(r.err))
        if r.status == 0 {
            #expect(r.out.contains(#"PRU-B  B\x1B]0;title\x07\x1B[2J, pru"#))
        } else {
            // A scenario reader that refuses control characters says so on one escaped line.
            #expect(r.status == 1 && r.err.contains("hostile.yaml"), "\(r.err)")
        }
    }

    /// CSV keeps names exactly in a file or a pipe, but on a terminal (a pty, through script(1))
    /// its control characters are escaped too.
    @Test func csvOnATerminalIsEscapedButExactInAFile() throws {
        let script = "/usr/bin/script"
        guard FileManager.default.isExecutableFile(atPath: script) else { print("skipped: no script(1) to make a terminal"); return }
        let dir = CLI.temp()
        let scenario = try Self.hostileScenario(in: dir)
        let piped = try CLI.run(["rota", scenario, "--format", "csv"])
        #expect(piped.out.contains(Self.hostileName), "a pipe gets the exact bytes")
        // --quiet: script(1) makes standard error a terminal too, where the live progress line
        // would draw its own escape sequences; only standard output is looked at here.
        let command = [CLI.binary.path, "rota", scenario, "--format", "csv", "--quiet"].map { "'\($0)'" }.joined(separator: " ")
        let r = try ProcessRunner.run(URL(fileURLWithPath: script), ["-qec", command, "/dev/null"], timeout: CLI.timeout)
        let text = r.out
        #expect(r.status == 0 && !r.signalled)
        #expect(text.contains(#"PRU-B,B\x1B]0;title\x07\x1B[2J"#), "\(text.prefix(300))")
        #expect(!text.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 })
    }

    /// An error message quoting input escapes it too. The readers refuse raw control characters
    /// (`control character U+001B at column 1 ... is not allowed`), but YAML's double-quoted escapes
    /// (`"\e[2J"`) are decoded after that check and reach ids, and a file's own name can hold them.
    @Test func controlCharactersQuotedInAnErrorAreEscaped() throws {
        let dir = CLI.temp()
        let payload = "\u{1B}[2J\u{1B}]0;title\u{07}", shown = #"\x1B[2J\x1B]0;title\x07"#
        let hasControls = { (s: String) in s.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 } }
        // A site id and a demand entry's site, written as YAML escapes.
        var yaml = try Self.teachingYAML()
        yaml = yaml.replacingOccurrences(of: "{id: PRU-B,", with: #"{id: "PRU-B\e[2J\e]0;title\a","#)
        yaml = yaml.replacingOccurrences(of: "{site: PRU-A, role: PSY,", with: #"{site: "\e[2J\e]0;title\a", role: PSY,"#)
        let lines = yaml.split(separator: "\n", omittingEmptySubsequences: false)
        let siteLine = try #require(lines.firstIndex { $0.contains(#"{id: "PRU-B\e"#) }) + 1
        let demandLine = try #require(lines.firstIndex { $0.contains(#"{site: "\e"#) }) + 1
        let scenario = dir.appendingPathComponent("escapes.yaml")
        try yaml.write(to: scenario, atomically: true, encoding: .utf8)
        let r = try CLI.run(["rota", scenario.path])
        #expect(r.status == 1 && r.out.isEmpty)
        #expect(!hasControls(r.err))
        #expect(r.err.contains("escapes.yaml:\(siteLine): sites[3].id: \"PRU-B\(shown)\" is not a valid id"), "\(r.err)")
        #expect(r.err.contains("escapes.yaml:\(demandLine): demand[0].site: \"\(shown)\" is not a valid id"), "\(r.err)")
        // A demand file whose name holds the sequences, with a row the reader refuses.
        let csv = dir.appendingPathComponent("demand\(payload).csv")
        try "site,role,sessions,priority\nNOWHERE,PSY,1,routine\n".write(to: csv, atomically: true, encoding: .utf8)
        let d = try CLI.run(["rota", "teaching", "--demand", csv.path])
        #expect(d.status == 1 && d.out.isEmpty)
        #expect(!hasControls(d.err))
        #expect(d.err.contains("demand\(shown).csv:2: site: unknown site \"NOWHERE\""), "\(d.err)")
    }

    // MARK: - Sources

    @Test func noTryBangInSources() throws {
        let sources = Self.repositoryRoot.appendingPathComponent("Sources")
        let files = try #require(FileManager.default.enumerator(atPath: sources.path)).compactMap { $0 as? String }.filter { $0.hasSuffix(".swift") }
        #expect(files.count > 50)
        for file in files {
            let text = try String(contentsOf: sources.appendingPathComponent(file), encoding: .utf8)
            #expect(!text.contains("try!"), "\(file) uses try!")
        }
    }
}
