import ArgumentParser
import Foundation
import HubspokeModel
import HubspokeSupport
import HubspokeStaffing

/// `hubspoke staffing sweep ... --slurm --shared-dir DIR`: the sweep as a Slurm job array of
/// shards and a merge job after it (`SlurmSubmission` writes the scripts), submitted with sbatch.
struct SlurmOptions: ParsableArguments {
    @Flag(name: .long, help: "Submit the sweep to Slurm: a job array of --shards tasks and a merge job after it, in --shared-dir.")
    var slurm = false

    @Option(name: .long, help: ArgumentHelp("With --slurm: a new folder, on a file system every node sees, for the scripts, shards, logs and results.", valueName: "DIR"))
    var sharedDir: String?

    @Option(name: .long, help: ArgumentHelp("With --slurm: the number of shards (array tasks), from 1 to the number of options (default: 10, or one per option when there are fewer).", valueName: "N"))
    var shards: Int?

    @Option(name: .long, help: ArgumentHelp("With --slurm: the Slurm partition (sbatch --partition).", valueName: "P"))
    var partition: String?

    @Option(name: .long, help: ArgumentHelp("With --slurm: the account the jobs are charged to (sbatch --account).", valueName: "A"))
    var account: String?

    @Option(name: .long, help: ArgumentHelp("With --slurm: each job's time limit (sbatch --time), e.g. 30 (minutes) or 2:00:00.", valueName: "TIME"))
    var slurmTime: String?

    @Flag(name: .long, help: "With --slurm: print the two scripts and the sbatch commands; write and submit nothing.")
    var dryRun = false

    static let defaultShards = 10
    /// The options taking a value, and the flags, that the shards' own command line leaves out.
    static let valueOptions = ["--shared-dir", "--shards", "--partition", "--account", "--slurm-time", "--format"]
    static let flags = ["--slurm", "--dry-run"]

    func validate() throws {
        let given = [(sharedDir != nil, "--shared-dir"), (shards != nil, "--shards"), (partition != nil, "--partition"),
                     (account != nil, "--account"), (slurmTime != nil, "--slurm-time"), (dryRun, "--dry-run")]
        if !slurm, let name = given.first(where: \.0)?.1 { throw ValidationError("\(name) applies only with --slurm") }
        if slurm && sharedDir == nil { throw ValidationError("--slurm needs --shared-dir DIR: a new folder on a file system every node sees") }
    }

    /// Submits the sweep of `optionCount` options (or, with --dry-run, prints its scripts).
    func submit(optionCount: Int, shard: ShardSpec?, threads: Int?, output: OutputOptions) throws {
        if shard != nil { throw Fail.message("--slurm runs every shard itself (--shard $SLURM_ARRAY_TASK_ID/N): leave out --shard", .usage) }
        if output.output != nil || output.format != .table || output.bom {
            throw Fail.message("--slurm writes \(SlurmSubmission.resultNames.joined(separator: ", ")) into --shared-dir: leave out --output, --format and --bom", .usage)
        }
        let submission = try plan(optionCount: optionCount, threads: threads)
        if dryRun {
            try Console.out(text: SlurmSubmitter.dryRun(submission))
        } else {
            try Console.out(text: try SlurmSubmitter.submit(submission))
        }
    }

    /// The submission, every value checked.
    func plan(optionCount: Int, threads: Int?) throws -> SlurmSubmission {
        let count = shards ?? min(Self.defaultShards, optionCount)
        guard (1...optionCount).contains(count) else {
            throw Fail.message("--shards \(count): from 1 to the number of options (\(optionCount)); a shard with no option would do nothing", .badInput)
        }
        let folder = URL(fileURLWithPath: sharedDir ?? "").standardizedFileURL.path
        try Fail.staffing { () throws(StaffingError) in
            if let partition { try SlurmSubmission.checkName(partition, option: "--partition") }
            if let account { try SlurmSubmission.checkName(account, option: "--account") }
            if let slurmTime { try SlurmSubmission.checkTime(slurmTime) }
            try SlurmSubmission.checkFolder(folder)
        }
        try SlurmSubmitter.checkNew(folder)
        return SlurmSubmission(binary: SlurmSubmitter.executablePath(), arguments: Self.sweepArguments(Array(CommandLine.arguments.dropFirst())),
                               workingDirectory: FileManager.default.currentDirectoryPath, folder: folder, shards: count,
                               threads: threads ?? 1, threadsGiven: threads != nil, partition: partition, account: account, time: slurmTime)
    }

    /// The command line as given, without the Slurm options and --format (each shard sets its own).
    static func sweepArguments(_ arguments: [String]) -> [String] {
        var kept: [String] = [], i = 0
        while i < arguments.count {
            let a = arguments[i]
            if a == "--" { kept += arguments[i...]; break }
            if flags.contains(a) { i += 1; continue }
            if valueOptions.contains(a) { i += 2; continue }
            if valueOptions.contains(where: { a.hasPrefix($0 + "=") }) { i += 1; continue }
            kept.append(a); i += 1
        }
        return kept
    }
}

/// Puts the scripts into the shared folder and runs sbatch: all or nothing (a refused
/// submission leaves no folder behind and no job queued).
enum SlurmSubmitter {
    /// The scripts and the commands, for --dry-run.
    static func dryRun(_ s: SlurmSubmission) -> String {
        """
        # \(s.shardScriptPath)
        \(s.shardScript())
        # \(s.mergeScriptPath)
        \(s.mergeScript())
        # Submitted with: sbatch \(s.shardSubmission().joined(separator: " "))
        #           then: sbatch \(s.mergeSubmission(after: "ARRAY_JOB_ID").joined(separator: " "))
        # (dry run: nothing was written or submitted)

        """
    }

    /// Submits the array, then the merge job after it; returns what to tell the user.
    static func submit(_ s: SlurmSubmission) throws -> String {
        let sbatch = try executable("sbatch")
        try stage(s)
        let arrayJob: String, mergeJob: String
        do { arrayJob = try sbatchJob(sbatch, s.shardSubmission(), what: "the job array of \(s.shards) shard(s)") } catch {
            try? FileManager.default.removeItem(atPath: s.folder)
            throw error
        }
        do { mergeJob = try sbatchJob(sbatch, s.mergeSubmission(after: arrayJob), what: "the merge job") } catch {
            if let scancel = find("scancel") { _ = try? run(scancel, [arrayJob]) }
            try? FileManager.default.removeItem(atPath: s.folder)
            throw error
        }
        return """
        Submitted to Slurm: job array \(arrayJob) (\(s.shards) shard(s)), merge job \(mergeJob) after it.
        Shards: \(s.folder)/shards/shard-I-of-\(s.shards).json (logs: \(s.folder)/logs/shard-I.out)
        Result, when job \(mergeJob) has finished: \(s.results.joined(separator: ", ")) (its log: \(s.mergeLog))
        Follow it with: squeue -j \(arrayJob),\(mergeJob)

        """
    }

    /// The folder must be new, in a folder that exists.
    static func checkNew(_ folder: String) throws {
        if FileManager.default.fileExists(atPath: folder) {
            throw Fail.message("--shared-dir \(folder): already exists; give a new folder for this sweep (its shards and results are kept apart)", .badInput)
        }
        do { try AtomicFile.check([folder]) } catch { throw Fail.message(error.description, .badInput) }
    }

    /// Writes the scripts and the empty shards/ and logs/ folders into a temporary folder beside
    /// the shared folder, then renames it into place (sbatch reads the scripts from there, and the
    /// jobs write there, so it must exist before the first job can start).
    static func stage(_ s: SlurmSubmission) throws {
        let fm = FileManager.default
        let url = URL(fileURLWithPath: s.folder)
        let staging = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(AtomicFile.randomName()).tmp").path
        do {
            try fm.createDirectory(atPath: staging, withIntermediateDirectories: false)
            for sub in ["shards", "logs"] { try fm.createDirectory(atPath: "\(staging)/\(sub)", withIntermediateDirectories: false) }
            try AtomicFile.writeAll([OutputFile(path: "\(staging)/\(SlurmSubmission.shardScriptName)", data: Data(s.shardScript().utf8)),
                                     OutputFile(path: "\(staging)/\(SlurmSubmission.mergeScriptName)", data: Data(s.mergeScript().utf8))])
            try fm.moveItem(atPath: staging, toPath: s.folder)
        } catch {
            try? fm.removeItem(atPath: staging)
            let why = (error as? OutputError)?.description ?? error.localizedDescription
            throw Fail.message("--shared-dir \(s.folder): cannot write the scripts: \(why)", .badInput)
        }
    }

    /// Runs sbatch --parsable; returns the job id it prints ("ID" or "ID;CLUSTER").
    static func sbatchJob(_ sbatch: String, _ arguments: [String], what: String) throws -> String {
        let r = try run(sbatch, arguments)
        let id = r.out.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) } ?? ""
        guard r.status == 0, !id.isEmpty, id.allSatisfy(\.isNumber) else {
            let said = (r.err + r.out).trimmingCharacters(in: .whitespacesAndNewlines)
            throw Fail.message("sbatch refused \(what) (exit status \(r.status)): \(said.isEmpty ? "it said nothing" : said); nothing is queued and no folder was left", .badInput)
        }
        return id
    }

    /// A command's full path from PATH, or nil.
    static func find(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// A command's full path from PATH; a clear error when it is not there.
    static func executable(_ name: String) throws -> String {
        if let found = find(name) { return found }
        throw Fail.message("\(name) not found on PATH: --slurm submits with Slurm's sbatch (run it on a login node of the cluster; --dry-run prints the scripts)", .badInput)
    }

    /// This binary's absolute path: what every node runs.
    static func executablePath() -> String {
        if let exe = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") { return exe }
        return Bundle.main.executableURL?.resolvingSymlinksInPath().path ?? URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL.path
    }

    /// Runs a program; its standard error is read on another thread so neither pipe can fill up.
    static func run(_ program: String, _ arguments: [String]) throws -> (status: Int32, out: String, err: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: program)
        p.arguments = arguments
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        p.standardInput = FileHandle.nullDevice
        do { try p.run() } catch { throw Fail.message("cannot run \(program): \(error.localizedDescription)", .badInput) }
        let errData = ReadBack()
        let group = DispatchGroup()
        let reader = err.fileHandleForReading
        DispatchQueue.global().async(group: group) { errData.data = reader.readDataToEndOfFile() }
        let o = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: errData.data, as: UTF8.self))
    }

    /// Bytes read on another thread; `DispatchGroup.wait` orders the write before the read.
    private final class ReadBack: @unchecked Sendable { var data = Data() }
}
