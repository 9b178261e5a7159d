import Foundation

/// A sharded sweep as two Slurm batch scripts: a job array with one task per shard, each running
/// `hubspoke staffing sweep ... --shard $SLURM_ARRAY_TASK_ID/N` into the shared folder, and a merge
/// job that runs after the whole array (`afterany`, so it also runs when a shard failed, and says
/// which one is missing) and writes the sweep as JSON, CSV and HTML.
///
/// The folder holds everything: `shards.sbatch`, `merge.sbatch`, `shards/shard-I-of-N.json`,
/// `logs/shard-I.out`, `logs/merge.out`, and at the end `sweep.json`, `sweep.csv`, `sweep.html`.
public struct SlurmSubmission: Sendable, Equatable {
    /// The `hubspoke` binary, by absolute path: every node must have it there.
    public var binary: String
    /// The sweep's arguments as the user gave them, without the Slurm options.
    public var arguments: [String]
    /// Where relative paths in `arguments` are resolved (the shards `cd` there first).
    public var workingDirectory: String
    /// The shared folder, absolute.
    public var folder: String
    public var shards: Int
    /// Threads of each shard, and the CPUs it asks Slurm for.
    public var threads: Int
    /// Whether `arguments` already give `--threads`.
    public var threadsGiven: Bool
    public var partition: String?
    public var account: String?
    /// sbatch's `--time` for each job (e.g. `30`, `2:00:00`, `1-00:00:00`).
    public var time: String?
    public var jobName: String

    public init(binary: String, arguments: [String], workingDirectory: String, folder: String, shards: Int,
                threads: Int, threadsGiven: Bool, partition: String? = nil, account: String? = nil, time: String? = nil,
                jobName: String = "hubspoke-sweep") {
        self.binary = binary; self.arguments = arguments; self.workingDirectory = workingDirectory; self.folder = folder
        self.shards = shards; self.threads = threads; self.threadsGiven = threadsGiven
        self.partition = partition; self.account = account; self.time = time; self.jobName = jobName
    }

    public static let shardScriptName = "shards.sbatch"
    public static let mergeScriptName = "merge.sbatch"
    public static let resultNames = ["sweep.json", "sweep.csv", "sweep.html"]

    /// Shard `index`'s file: `FOLDER/shards/shard-I-of-N.json`.
    public func shardFile(_ index: Int) -> String { "\(folder)/shards/shard-\(index)-of-\(shards).json" }

    public var shardScriptPath: String { "\(folder)/\(Self.shardScriptName)" }
    public var mergeScriptPath: String { "\(folder)/\(Self.mergeScriptName)" }
    public var mergeLog: String { "\(folder)/logs/merge.out" }
    public var results: [String] { Self.resultNames.map { "\(folder)/\($0)" } }

    /// The job array: one task per shard.
    public func shardScript() -> String {
        let command = [binary] + arguments + (threadsGiven ? [] : ["--threads", String(threads)])
        return """
        #!/bin/bash
        # hubspoke staffing sweep in \(shards) shard(s) on Slurm: task I writes shard I (sbatch \(Self.shardScriptName)).
        #SBATCH --job-name=\(jobName)
        #SBATCH --array=0-\(shards - 1)
        #SBATCH --cpus-per-task=\(threads)
        #SBATCH --output=\(folder)/logs/shard-%a.out
        \(commonDirectives())set -eu
        cd \(Self.quoted(workingDirectory))
        exec \(command.map(Self.quoted).joined(separator: " ")) \\
            --shard "$SLURM_ARRAY_TASK_ID/\(shards)" --format json \\
            --output \(Self.quoted("\(folder)/shards/shard-"))"$SLURM_ARRAY_TASK_ID"\(Self.quoted("-of-\(shards).json"))

        """
    }

    /// The merge job: after the array (`sbatch --dependency=afterany:ARRAY_JOB_ID`), the shards in
    /// order into JSON, CSV and HTML; a missing shard fails it with a message naming the shard.
    public func mergeScript() -> String {
        let files = (0..<shards).map { "    " + Self.quoted(shardFile($0)) }.joined(separator: "\n")
        let formats = zip(["json", "csv", "html"], results).map { format, path in
            "\(Self.quoted(binary)) merge \"${shards[@]}\" --format \(format) --output \(Self.quoted(path))"
        }
        return """
        #!/bin/bash
        # Merges the \(shards) shard(s) of \(Self.shardScriptName) into \(Self.resultNames.joined(separator: ", ")) \
        (sbatch --dependency=afterany:ARRAY_JOB_ID \(Self.mergeScriptName)).
        # afterany, not afterok: after a failed or cancelled shard an afterok job would stay pending for ever
        # (DependencyNeverSatisfied); this one runs once every shard has ended, and a missing shard fails it, named.
        #SBATCH --job-name=\(jobName)-merge
        #SBATCH --output=\(mergeLog)
        \(commonDirectives())set -eu
        shards=(
        \(files)
        )
        \(formats.joined(separator: "\n"))
        echo \(Self.quoted("hubspoke: the sweep is in \(folder): \(Self.resultNames.joined(separator: ", "))"))

        """
    }

    /// `#SBATCH` lines both jobs share.
    private func commonDirectives() -> String {
        [partition.map { "--partition=\($0)" }, account.map { "--account=\($0)" }, time.map { "--time=\($0)" }]
            .compactMap { $0.map { "#SBATCH \($0)\n" } }.joined()
    }

    /// The arguments of `sbatch` for the array, and for the merge job after array job `arrayJob`.
    public func shardSubmission() -> [String] { ["--parsable", shardScriptPath] }
    public func mergeSubmission(after arrayJob: String) -> [String] { ["--parsable", "--dependency=afterany:\(arrayJob)", mergeScriptPath] }

    /// A word for the shell: as it is when it is made of characters the shell never reads
    /// specially, otherwise in single quotes (a single quote inside written as '\'').
    public static func quoted(_ word: String) -> String {
        let plain = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./=:,+@%")
        if !word.isEmpty && word.unicodeScalars.allSatisfy(plain.contains) { return word }
        return "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    /// Checks a partition or account name: letters, digits, `-`, `_` and `.`, as sbatch and the
    /// `#SBATCH` lines take them.
    public static func checkName(_ name: String, option: String) throws(StaffingError) {
        let allowed = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.")
        guard !name.isEmpty, name.count <= 64, name.unicodeScalars.allSatisfy(allowed.contains) else {
            throw StaffingError("\(option) \(name): a Slurm name is 1 to 64 letters, digits, '-', '_' or '.'")
        }
    }

    /// Checks a time limit in one of sbatch's forms: M, M:S, H:M:S, D-H, D-H:M, D-H:M:S.
    public static func checkTime(_ time: String) throws(StaffingError) {
        let pattern = #"^([0-9]+-)?[0-9]+(:[0-9]+){0,2}$"#
        guard time.range(of: pattern, options: .regularExpression) != nil else {
            throw StaffingError("--slurm-time \(time): expected minutes, H:MM:SS or D-HH:MM:SS, as sbatch --time takes them")
        }
    }

    /// Checks the shared folder's path: absolute, and free of what an `#SBATCH --output` line
    /// cannot carry (white space, quotes, backslashes, `%`, control characters).
    public static func checkFolder(_ path: String) throws(StaffingError) {
        let refused = CharacterSet.whitespacesAndNewlines.union(.controlCharacters).union(CharacterSet(charactersIn: "\"'\\%"))
        guard path.hasPrefix("/"), !path.unicodeScalars.contains(where: refused.contains) else {
            throw StaffingError("--shared-dir \(path): the path of the shared folder cannot hold white space, quotes, backslashes or '%' (sbatch reads it in an #SBATCH line)")
        }
    }
}
