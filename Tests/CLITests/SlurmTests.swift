import Foundation
import HubspokeTestSupport
import Testing
import Yams
#if canImport(Glibc)
import Glibc
#endif

/// What the Slurm tests share: the repository, runs with SLURM_CONF or PATH changed, and the small
/// sweep they submit.
enum SlurmTesting {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let clusterScript = root.appendingPathComponent("Tools/slurm-single-node.sh")
    /// Six options (EP 1, 1.5, 2 x SLT 0.8, 1), 4 replications of 8 weeks: a second or so per shard.
    static let sweep = ["staffing", "sweep", "--vary", "EP=1..2:0.5", "--vary", "SLT=0.8,1", "--weeks", "8", "--replications", "4"]

    /// Runs `program` (the hubspoke binary unless given) with `env` changed in its environment,
    /// through /usr/bin/env, as ProcessRunner passes this process's environment on unchanged.
    static func run(_ args: [String], program: URL = CLI.binary, env: [String: String] = [:], directory: URL? = nil,
                    sourceLocation: SourceLocation = #_sourceLocation) throws -> ProcessOutcome {
        let assignments = env.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        let r = try ProcessRunner.run(URL(fileURLWithPath: "/usr/bin/env"), assignments + [program.path] + args, directory: directory, timeout: 120)
        if r.timedOut { Issue.record("\(program.lastPathComponent) \(args.joined(separator: " ")) did not finish within 120 s", sourceLocation: sourceLocation) }
        return r
    }

    /// A folder of fake Slurm commands: each prints `output` and exits with `status`, recording its arguments in CALLS.
    static func fakeSlurm(_ dir: URL, _ commands: [String: String]) throws -> [String: String] {
        for (name, body) in commands {
            let path = dir.appendingPathComponent(name).path
            try ("#!/bin/sh\necho \"\(name) $*\" >> \(dir.path)/CALLS\n" + body + "\n").write(toFile: path, atomically: true, encoding: .utf8)
            chmod(path, 0o755)
        }
        return ["PATH": dir.path]
    }
}

@Suite(.serialized) struct SlurmSubmissionCLITests {
    @Test func dryRunPrintsBothScriptsAndWritesNothing() throws {
        let dir = CLI.temp(), shared = dir.appendingPathComponent("sweep").path
        let r = try SlurmTesting.run(SlurmTesting.sweep + ["--slurm", "--shared-dir", shared, "--shards", "3", "--partition", "short",
                                                  "--account=cs-123", "--slurm-time", "0:30:00", "--dry-run"],
                                    env: ["PATH": dir.path])
        #expect(r.status == 0, "\(r.err)")
        for line in ["#SBATCH --array=0-2", "#SBATCH --partition=short", "#SBATCH --account=cs-123", "#SBATCH --time=0:30:00",
                     "#SBATCH --output=\(shared)/logs/shard-%a.out", "#SBATCH --output=\(shared)/logs/merge.out",
                     "--shard \"$SLURM_ARRAY_TASK_ID/3\" --format json", "\(shared)/shards/shard-2-of-3.json",
                     "merge \"${shards[@]}\" --format html --output \(shared)/sweep.html",
                     "sbatch --parsable --dependency=afterany:ARRAY_JOB_ID \(shared)/merge.sbatch"] {
            #expect(r.out.contains(line), "\(line)")
        }
        // The shards run this binary, by its absolute path, with the sweep's own arguments and no Slurm option.
        let exec = try #require(r.out.split(separator: "\n").first { $0.hasPrefix("exec ") })
        #expect(exec.hasPrefix("exec \(CLI.binary.resolvingSymlinksInPath().path) staffing sweep --vary EP=1..2:0.5 --vary SLT=0.8,1 --weeks 8 --replications 4 --threads 1"))
        #expect(!exec.contains("--dry-run") && !exec.contains("--shared-dir") && !exec.contains("cs-123") && !exec.contains("short"))
        #expect(!FileManager.default.fileExists(atPath: shared))
    }

    @Test func withoutSbatchTheSubmissionFailsAndLeavesNoFolder() throws {
        let dir = CLI.temp(), shared = dir.appendingPathComponent("sweep").path
        let r = try SlurmTesting.run(SlurmTesting.sweep + ["--slurm", "--shared-dir", shared], env: ["PATH": dir.path])
        #expect(r.status == 1)
        #expect(r.err.contains("sbatch not found on PATH"), "\(r.err)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty)
    }

    @Test func aRejectedSubmissionGivesSbatchsErrorAndLeavesNothing() throws {
        let refusal = "sbatch: error: Batch job submission failed: Invalid account or account/partition combination specified"
        // sbatch refuses the array: nothing queued, no folder.
        let dir = CLI.temp(), shared = dir.appendingPathComponent("sweep").path
        let env = try SlurmTesting.fakeSlurm(dir, ["sbatch": "echo '\(refusal)' >&2; exit 1"])
        let r = try SlurmTesting.run(SlurmTesting.sweep + ["--slurm", "--shared-dir", shared], env: env)
        #expect(r.status == 1)
        #expect(r.err.contains("sbatch refused the job array of 6 shard(s) (exit status 1): \(refusal)"), "\(r.err)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == ["CALLS", "sbatch"])
        // sbatch takes the array (job 41) and refuses the merge job: the array is cancelled, the folder removed.
        let other = CLI.temp(), shared2 = other.appendingPathComponent("sweep").path
        let env2 = try SlurmTesting.fakeSlurm(other, [
            "sbatch": "case \"$*\" in *dependency*) echo '\(refusal)' >&2; exit 1;; esac; echo 41",
            "scancel": "exit 0",
        ])
        let r2 = try SlurmTesting.run(SlurmTesting.sweep + ["--slurm", "--shared-dir", shared2, "--shards", "2"], env: env2)
        #expect(r2.status == 1)
        #expect(r2.err.contains("sbatch refused the merge job (exit status 1): \(refusal)"), "\(r2.err)")
        let calls = try String(contentsOfFile: other.appendingPathComponent("CALLS").path, encoding: .utf8)
        #expect(calls == "sbatch --parsable \(shared2)/shards.sbatch\nsbatch --parsable --dependency=afterany:41 \(shared2)/merge.sbatch\nscancel 41\n")
        #expect(!FileManager.default.fileExists(atPath: shared2))
    }

    @Test func badSlurmRequestsAreRefusedAndWriteNothing() throws {
        let dir = CLI.temp(), shared = dir.appendingPathComponent("sweep").path
        let existing = CLI.temp().path
        for (args, status, needle) in [
            (["--slurm", "--shared-dir", shared, "--shard", "0/2"], 64, "--slurm runs every shard itself"),
            (["--slurm", "--shared-dir", shared, "--shards", "0"], 1, "--shards 0: from 1 to the number of options (6)"),
            (["--slurm", "--shared-dir", shared, "--shards", "7"], 1, "--shards 7: from 1 to the number of options (6)"),
            (["--slurm", "--shared-dir", shared, "--partition", "short;rm -rf /"], 1, "--partition short;rm -rf /: a Slurm name is 1 to 64 letters"),
            (["--slurm", "--shared-dir", shared, "--account", "a b"], 1, "--account a b: a Slurm name"),
            (["--slurm", "--shared-dir", shared, "--slurm-time", "soon"], 1, "--slurm-time soon: expected minutes"),
            (["--slurm", "--shared-dir", dir.appendingPathComponent("my sweep").path], 1, "cannot hold white space"),
            (["--slurm", "--shared-dir", existing], 1, "already exists; give a new folder"),
            (["--slurm", "--shared-dir", "/nonexistent/sweep"], 1, "folder /nonexistent does not exist"),
            (["--slurm", "--shared-dir", shared, "-o", "x.json"], 64, "leave out --output"),
            (["--slurm"], 64, "--slurm needs --shared-dir DIR"),
            (["--partition", "short"], 64, "--partition applies only with --slurm"),
        ] as [([String], Int32, String)] {
            let r = try CLI.run(SlurmTesting.sweep + args + ["--dry-run"])
            #expect(r.status == status, "\(args): \(r.err)")
            #expect(r.err.contains(needle), "\(needle): \(r.err)")
            #expect(r.out.isEmpty, "\(args)")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty)
    }

    /// Given in shard order, a missing file is named with its shard; out of order, by its name only.
    @Test func mergeNamesTheMissingShard() throws {
        let dir = CLI.temp()
        let files = (0..<3).map { dir.appendingPathComponent("shard-\($0)-of-3.json").path }
        for i in [0, 2] {
            #expect(try CLI.run(SlurmTesting.sweep + ["--shard", "\(i)/3", "-o", files[i]]).status == 0)
        }
        let out = dir.appendingPathComponent("sweep.json").path
        let r = try CLI.run(["merge"] + files + ["--format", "json", "-o", out])
        #expect(r.status == 1)
        #expect(r.err.contains("shard 1 of 3 is missing: \(files[1]) (file not found"), "\(r.err)")
        let shuffled = try CLI.run(["merge", files[2], files[1], files[0], "-o", out])
        #expect(shuffled.status == 1)
        #expect(shuffled.err.contains("\(files[1]): file not found"), "\(shuffled.err)")
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    /// The README's Kubernetes Indexed Job: completions and the shard count agree, and its command
    /// is a sweep this binary runs (shard 0, cut to one replication of one week).
    @Test func theReadmesKubernetesJobIsAConsistentShardedSweep() throws {
        let readme = try String(contentsOf: SlurmTesting.root.appendingPathComponent("README.md"), encoding: .utf8)
        let lines = readme.components(separatedBy: "\n")
        let start = try #require(lines.firstIndex(of: "    apiVersion: batch/v1"))
        let block = lines[start...].prefix { $0.hasPrefix("    ") || $0.isEmpty }.map { String($0.dropFirst(4)) }.joined(separator: "\n")
        let job = try #require(try Yams.load(yaml: block) as? [String: Any])
        #expect(job["kind"] as? String == "Job")
        let spec = try #require(job["spec"] as? [String: Any])
        let completions = try #require(spec["completions"] as? Int)
        #expect(spec["completionMode"] as? String == "Indexed")
        #expect((spec["parallelism"] as? Int).map { $0 >= 1 && $0 <= completions } == true)
        let pod = try #require((spec["template"] as? [String: Any])?["spec"] as? [String: Any])
        let container = try #require((pod["containers"] as? [[String: Any]])?.first)
        let command = try #require(container["command"] as? [String])
        #expect(command.count == 3 && command[0] == "sh" && command[1] == "-c")
        let line = command[2]
        #expect(line.hasPrefix("hubspoke staffing "))
        #expect(line.contains("--shard $JOB_COMPLETION_INDEX/\(completions) "), "\(line)")
        let mount = try #require((container["volumeMounts"] as? [[String: Any]])?.first?["mountPath"] as? String)
        #expect(line.contains("-o \(mount)/shard-$JOB_COMPLETION_INDEX.json"))
        // Run it as the pod would, for index 0, writing into a temporary folder instead of the volume.
        let out = CLI.temp()
        let runnable = line.replacingOccurrences(of: "\(mount)/", with: out.path + "/") + " --replications 1 --weeks 1"
        let r = try SlurmTesting.run(["-c", runnable], program: URL(fileURLWithPath: "/bin/sh"),
                                     env: ["JOB_COMPLETION_INDEX": "0", "PATH": CLI.binary.deletingLastPathComponent().path + ":/usr/bin:/bin"])
        #expect(r.status == 0, "\(r.err)")
        let shard = try #require(FileManager.default.contents(atPath: out.appendingPathComponent("shard-0.json").path))
        let decoded = try #require(try JSONSerialization.jsonObject(with: shard) as? [String: Any])
        #expect(decoded["kind"] as? String == "hubspoke-staffing-shard")
        #expect(decoded["shard"] as? Int == 0 && decoded["shards"] as? Int == completions)
    }
}

/// A single-node Slurm cluster (Tools/slurm-single-node.sh) around the whole suite: started once
/// before its first test, stopped after its last, also when a test fails.
struct SingleNodeSlurm: SuiteTrait, TestScoping {
    /// The cluster's slurm.conf while the suite runs.
    @TaskLocal static var conf: String?

    /// Why Slurm cannot start here, or nil: slurmd needs root, and the packages must be installed.
    static let unavailable: String? = {
        if getuid() != 0 { return "Slurm cannot start here: slurmd must run as root to start jobs (CI runs as root)" }
        let path = (ProcessInfo.processInfo.environment["PATH"] ?? "") + ":/usr/sbin:/sbin"
        for tool in ["munged", "slurmctld", "slurmd", "sbatch", "scontrol"]
        where !path.split(separator: ":").contains(where: { FileManager.default.isExecutableFile(atPath: "\($0)/\(tool)") }) {
            return "Slurm cannot start here: \(tool) is not installed (Tools/setup.sh --test installs slurm-wlm and munge)"
        }
        return nil
    }()

    var isRecursive: Bool { false }

    func provideScope(for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void) async throws {
        let dir = CLI.temp().appendingPathComponent("cluster")
        defer { _ = Self.script("stop", dir) }
        let (status, log) = Self.script("start", dir)
        try #require(status == 0, "the single-node cluster did not start: \(log)")
        try await Self.$conf.withValue(dir.appendingPathComponent("slurm.conf").path) { try await function() }
    }

    /// Runs Tools/slurm-single-node.sh ACTION DIR, its output into a file beside DIR; returns its
    /// exit status and output. posix_spawn and waitpid, not Process: from this async scope,
    /// Foundation's Process missed the script's exit and waitUntilExit never returned.
    static func script(_ action: String, _ dir: URL) -> (status: Int32, output: String) {
        let log = dir.deletingLastPathComponent().appendingPathComponent("\(action).log").path
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, log, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let args = [SlurmTesting.clusterScript.path, action, dir.path]
        var argv: [UnsafeMutablePointer<CChar>?] = args.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        // No signal blocked or ignored: the daemons inherit this, and slurmd with SIGTERM blocked (as
        // this thread may have it) outlives `stop` until its SIGKILL.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t(), all = sigset_t()
        sigemptyset(&none)
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var pid: pid_t = 0
        guard posix_spawn(&pid, args[0], &actions, &attributes, &argv, environ) == 0 else { return (-1, "cannot run \(args[0])") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let output = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        return ((status & 0x7f) == 0 ? (status >> 8) & 0xff : -1, output)
    }
}

@Suite(.serialized, .disabled(if: SingleNodeSlurm.unavailable != nil, Comment(rawValue: SingleNodeSlurm.unavailable ?? "")), SingleNodeSlurm())
struct SlurmClusterTests {
    let env: [String: String]

    init() throws { env = ["SLURM_CONF": try #require(SingleNodeSlurm.conf)] }

    /// Runs a Slurm command against the test cluster.
    func slurm(_ tool: String, _ args: [String]) throws -> ProcessOutcome {
        try SlurmTesting.run(args, program: URL(fileURLWithPath: "/usr/bin/\(tool)"), env: env)
    }

    /// Submits the sweep into `shared`; returns the array's and the merge job's ids.
    func submit(_ shared: String, in dir: URL) throws -> (array: String, merge: String) {
        let r = try SlurmTesting.run(SlurmTesting.sweep + ["--slurm", "--shared-dir", shared, "--shards", "4"], env: env, directory: dir)
        try #require(r.status == 0, "\(r.err)")
        let ids = r.out.split(whereSeparator: { !$0.isNumber }).map(String.init)
        try #require(r.out.hasPrefix("Submitted to Slurm: job array \(ids[0]) (4 shard(s)), merge job \(ids[2]) after it."), "\(r.out)")
        #expect(r.out.contains("Result, when job \(ids[2]) has finished: \(shared)/sweep.json, \(shared)/sweep.csv, \(shared)/sweep.html"))
        return (ids[0], ids[2])
    }

    /// Waits until the job has ended (at most 60 s); returns its final state.
    func finalState(_ job: String) throws -> String {
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            let r = try slurm("scontrol", ["show", "job", "-o", job])
            let state = r.out.split(separator: " ").first { $0.hasPrefix("JobState=") }.map { String($0.dropFirst("JobState=".count)) } ?? "?"
            if !["PENDING", "RUNNING", "CONFIGURING", "COMPLETING", "?"].contains(state) { return state }
            Thread.sleep(forTimeInterval: 0.25)
        }
        Issue.record("job \(job) did not end within 60 s")
        return "TIMEOUT"
    }

    @Test func aFourShardSweepOnSlurmEqualsOneProcessRunByteForByte() throws {
        let dir = CLI.temp(), shared = dir.appendingPathComponent("sweep").path
        let (array, merge) = try submit(shared, in: dir)
        #expect(try finalState(merge) == "COMPLETED")
        #expect(try finalState(array) == "COMPLETED")
        for (i, format) in ["json", "csv", "html"].enumerated() {
            let single = dir.appendingPathComponent("single.\(format)").path
            #expect(try CLI.run(SlurmTesting.sweep + ["--format", format, "-o", single]).status == 0)
            let expected = try #require(FileManager.default.contents(atPath: single))
            #expect(FileManager.default.contents(atPath: "\(shared)/\(["sweep.json", "sweep.csv", "sweep.html"][i])") == expected, "\(format)")
        }
        let shards = try FileManager.default.contentsOfDirectory(atPath: "\(shared)/shards").sorted()
        #expect(shards == (0..<4).map { "shard-\($0)-of-4.json" })
    }

    @Test func aCancelledShardFailsTheMergeJobNamingIt() throws {
        let node = try slurm("sinfo", ["-h", "-o", "%N"]).out.trimmingCharacters(in: .whitespacesAndNewlines)
        // Drained, the node starts nothing: shard 2 is cancelled before it can run.
        try #require(try slurm("scontrol", ["update", "nodename=\(node)", "state=drain", "reason=hubspoke-test"]).status == 0)
        var resumed = false
        defer { if !resumed { _ = try? slurm("scontrol", ["update", "nodename=\(node)", "state=resume"]) } }
        let dir = CLI.temp(), shared = dir.appendingPathComponent("sweep").path
        let (array, merge) = try submit(shared, in: dir)
        #expect(try slurm("scancel", ["\(array)_2"]).status == 0)
        #expect(try slurm("scontrol", ["update", "nodename=\(node)", "state=resume"]).status == 0)
        resumed = true
        #expect(try finalState(merge) == "FAILED")
        let log = try String(contentsOfFile: "\(shared)/logs/merge.out", encoding: .utf8)
        #expect(log.contains("hubspoke: error: shard 2 of 4 is missing: \(shared)/shards/shard-2-of-4.json (file not found"), "\(log)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: "\(shared)/shards").sorted() == ["shard-0-of-4.json", "shard-1-of-4.json", "shard-3-of-4.json"])
        for name in ["sweep.json", "sweep.csv", "sweep.html"] { #expect(!FileManager.default.fileExists(atPath: "\(shared)/\(name)")) }
    }

    /// Why the merge job depends on the array with afterany: on this Slurm, after a cancelled task an
    /// afterok job never runs (it stays pending, DependencyNeverSatisfied), so it could not say which
    /// shard is missing. A two-task array of `true` and a job after it, with afterok.
    @Test func withAfterokACancelledShardWouldLeaveTheMergeJobPendingForEver() throws {
        let node = try slurm("sinfo", ["-h", "-o", "%N"]).out.trimmingCharacters(in: .whitespacesAndNewlines)
        try #require(try slurm("scontrol", ["update", "nodename=\(node)", "state=drain", "reason=hubspoke-test"]).status == 0)
        var resumed = false
        defer { if !resumed { _ = try? slurm("scontrol", ["update", "nodename=\(node)", "state=resume"]) } }
        let dir = CLI.temp().path
        try "#!/bin/bash\n#SBATCH --array=0-1\n#SBATCH --output=\(dir)/task-%a.out\ntrue\n".write(toFile: "\(dir)/array.sbatch", atomically: true, encoding: .utf8)
        try "#!/bin/bash\n#SBATCH --output=\(dir)/after.out\necho ran\n".write(toFile: "\(dir)/after.sbatch", atomically: true, encoding: .utf8)
        let array = try slurm("sbatch", ["--parsable", "\(dir)/array.sbatch"]).out.trimmingCharacters(in: .whitespacesAndNewlines)
        let after = try slurm("sbatch", ["--parsable", "--dependency=afterok:\(array)", "\(dir)/after.sbatch"]).out.trimmingCharacters(in: .whitespacesAndNewlines)
        try #require(!array.isEmpty && !after.isEmpty)
        defer { _ = try? slurm("scancel", [after]) }
        #expect(try slurm("scancel", ["\(array)_1"]).status == 0)
        #expect(try slurm("scontrol", ["update", "nodename=\(node)", "state=resume"]).status == 0)
        resumed = true
        #expect(try finalState("\(array)_0") == "COMPLETED")
        // The scheduler runs every second: give it a few passes to see the dependency can never be met.
        var job = ""
        for _ in 0..<40 where !job.contains("DependencyNeverSatisfied") {
            Thread.sleep(forTimeInterval: 0.25)
            job = try slurm("scontrol", ["show", "job", "-o", after]).out
        }
        #expect(job.contains("JobState=PENDING") && job.contains("Reason=DependencyNeverSatisfied"), "\(job)")
        #expect(!FileManager.default.fileExists(atPath: "\(dir)/after.out"))
    }

    @Test func aPartitionSlurmDoesNotHaveIsRefusedWithSbatchsError() throws {
        let dir = CLI.temp(), shared = dir.appendingPathComponent("sweep").path
        let r = try SlurmTesting.run(SlurmTesting.sweep + ["--slurm", "--shared-dir", shared, "--partition", "nosuchpartition"], env: env)
        #expect(r.status == 1)
        #expect(r.err.contains("sbatch refused the job array of 6 shard(s) (exit status 1): sbatch: error:"), "\(r.err)")
        #expect(r.err.lowercased().contains("invalid partition"), "\(r.err)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty)
        #expect(try slurm("squeue", ["-h"]).out.isEmpty)
    }
}
