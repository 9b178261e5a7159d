import Foundation
import HubspokeTestSupport
import Testing
@testable import HubspokeStaffing

@Suite struct SlurmSubmissionTests {
    static let submission = SlurmSubmission(
        binary: "/opt/hubspoke/bin/hubspoke", arguments: ["staffing", "sweep", "my scenario.yaml", "--vary", "EP=1..2:0.5", "--target", "seen_within_4_weeks>=90"],
        workingDirectory: "/home/ann/it's here", folder: "/scratch/ann/sweep-1", shards: 3, threads: 2, threadsGiven: false,
        partition: "short", account: "cs-123", time: "1:00:00")

    @Test func wordsAreQuotedForTheShellOnlyWhenTheyNeedIt() {
        #expect(SlurmSubmission.quoted("EP=1..2:0.5") == "EP=1..2:0.5")
        #expect(SlurmSubmission.quoted("/opt/hubspoke/bin/hubspoke") == "/opt/hubspoke/bin/hubspoke")
        #expect(SlurmSubmission.quoted("seen_within_4_weeks>=90") == "'seen_within_4_weeks>=90'")
        #expect(SlurmSubmission.quoted("my scenario.yaml") == "'my scenario.yaml'")
        #expect(SlurmSubmission.quoted("it's") == #"'it'\''s'"#)
        #expect(SlurmSubmission.quoted("$HOME;rm -rf `x`") == "'$HOME;rm -rf `x`'")
        #expect(SlurmSubmission.quoted("") == "''")
    }

    /// Every quoted word reads back as itself through a real shell.
    @Test func quotedWordsReadBackThroughTheShell() throws {
        let words = ["plain", "two words", "it's", "a\"b", "$HOME", "`date`", "*", "x\\y", "new\nline", "", "-n", "ünïcode"]
        let script = "for w in " + words.map(SlurmSubmission.quoted).joined(separator: " ") + "; do printf '%s\\0' \"$w\"; done"
        let r = try ProcessRunner.run(URL(fileURLWithPath: "/bin/sh"), ["-c", script], timeout: 60)
        #expect(r.status == 0 && !r.timedOut, "\(r.err)")
        let back = r.outData.split(separator: 0, omittingEmptySubsequences: false).dropLast().map { String(decoding: $0, as: UTF8.self) }
        #expect(back == words)
    }

    @Test func theShardScriptRunsOneShardPerArrayTask() {
        let script = Self.submission.shardScript()
        let lines = script.split(separator: "\n").map(String.init)
        #expect(lines.first == "#!/bin/bash")
        for directive in ["#SBATCH --job-name=hubspoke-sweep", "#SBATCH --array=0-2", "#SBATCH --cpus-per-task=2",
                          "#SBATCH --output=/scratch/ann/sweep-1/logs/shard-%a.out", "#SBATCH --partition=short",
                          "#SBATCH --account=cs-123", "#SBATCH --time=1:00:00"] {
            #expect(lines.contains(directive), "\(directive)")
        }
        #expect(lines.contains(#"cd '/home/ann/it'\''s here'"#))
        #expect(script.contains("exec /opt/hubspoke/bin/hubspoke staffing sweep 'my scenario.yaml' --vary EP=1..2:0.5 --target 'seen_within_4_weeks>=90' --threads 2 \\\n"))
        #expect(script.contains(#"--shard "$SLURM_ARRAY_TASK_ID/3" --format json"#))
        #expect(script.contains(#"--output /scratch/ann/sweep-1/shards/shard-"$SLURM_ARRAY_TASK_ID"-of-3.json"#))
        // The directives come before the first command, or sbatch ignores them.
        let firstCommand = lines.firstIndex { !$0.hasPrefix("#") } ?? lines.count
        #expect(lines.lastIndex { $0.hasPrefix("#SBATCH") }.map { $0 < firstCommand } == true)
    }

    @Test func givenThreadsAreKeptAndAskedFor() {
        var s = Self.submission
        s.threads = 4; s.threadsGiven = true; s.arguments += ["--threads", "4"]
        s.partition = nil; s.account = nil; s.time = nil
        let script = s.shardScript()
        #expect(script.contains("#SBATCH --cpus-per-task=4"))
        #expect(script.components(separatedBy: "--threads").count == 2)
        #expect(!script.contains("--partition") && !script.contains("--account") && !script.contains("--time"))
    }

    @Test func theMergeJobMergesTheShardsInOrderIntoEveryFormat() {
        let s = Self.submission
        let script = s.mergeScript()
        #expect(script.contains("#SBATCH --job-name=hubspoke-sweep-merge\n#SBATCH --output=/scratch/ann/sweep-1/logs/merge.out\n"))
        #expect(script.contains("shards=(\n    /scratch/ann/sweep-1/shards/shard-0-of-3.json\n    /scratch/ann/sweep-1/shards/shard-1-of-3.json\n    /scratch/ann/sweep-1/shards/shard-2-of-3.json\n)\n"))
        for (format, file) in [("json", "sweep.json"), ("csv", "sweep.csv"), ("html", "sweep.html")] {
            #expect(script.contains("/opt/hubspoke/bin/hubspoke merge \"${shards[@]}\" --format \(format) --output /scratch/ann/sweep-1/\(file)\n"))
        }
        #expect(script.contains("set -eu\n"))
        // The script says why its dependency is afterany, and every #SBATCH line comes before the first command.
        #expect(script.contains("# afterany, not afterok: after a failed or cancelled shard an afterok job would stay pending for ever"))
        let lines = script.split(separator: "\n")
        #expect(lines.lastIndex { $0.hasPrefix("#SBATCH") }! < lines.firstIndex { !$0.hasPrefix("#") }!)
        #expect(s.shardSubmission() == ["--parsable", "/scratch/ann/sweep-1/shards.sbatch"])
        #expect(s.mergeSubmission(after: "812") == ["--parsable", "--dependency=afterany:812", "/scratch/ann/sweep-1/merge.sbatch"])
        #expect((0..<3).map(s.shardFile) == (0..<3).map { "/scratch/ann/sweep-1/shards/shard-\($0)-of-3.json" })
    }

    @Test func namesTimesAndFoldersSbatchCannotTakeAreRefused() {
        for name in ["short", "gpu-a100", "cs_123.x"] { #expect(throws: Never.self) { try SlurmSubmission.checkName(name, option: "--partition") } }
        for name in ["", "a b", "x;y", "p\n", "é", String(repeating: "a", count: 65)] {
            #expect(throws: StaffingError.self, "\(name)") { try SlurmSubmission.checkName(name, option: "--partition") }
        }
        for time in ["30", "1:00:00", "2-12", "1-00:00:00"] { #expect(throws: Never.self) { try SlurmSubmission.checkTime(time) } }
        for time in ["", "soon", "1:00:00:00", "1h", "-1"] { #expect(throws: StaffingError.self, "\(time)") { try SlurmSubmission.checkTime(time) } }
        #expect(throws: Never.self) { try SlurmSubmission.checkFolder("/scratch/ann/sweep-1") }
        for folder in ["relative/dir", "/a b", "/a%j", "/it's", "/a\\b", "/tab\t"] {
            #expect(throws: StaffingError.self, "\(folder)") { try SlurmSubmission.checkFolder(folder) }
        }
    }
}
