import ArgumentParser
import Foundation
import HubspokeSupport
import HubspokeStaffing

struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Combine the shards of a staffing sweep into exactly what one run gives.",
        discussion: """
        Example: hubspoke merge shard-*.json --format csv -o sweep.csv. Every shard 0 to N-1 of one sweep is \
        needed, once each; shards of different sweeps (scenario, ranges, targets, policy, weeks, replications or \
        seed) are refused, and nothing is written. Given in shard order (as the merge job of staffing \
        sweep --slurm gives them), a file that is not there is named with its shard: "shard 2 of 4 is missing: FILE".
        """
    )

    @Argument(help: "Shard files written by hubspoke staffing sweep --shard I/N.")
    var shards: [String] = []

    @OptionGroup var outputOptions: OutputOptions

    func run() throws {
        if outputOptions.format == .ics { throw Fail.message("--format ics is for rotas; merge writes table, csv, json or html", .usage) }
        guard !shards.isEmpty else { throw Fail.message("give the shard files to merge (hubspoke merge shard-*.json)", .badInput) }
        try outputOptions.checkDestinations()
        // A file that does not exist is left to Shards.merge, which names the shard it should hold.
        var files: [(name: String, data: Data?)] = []
        for path in shards {
            let exists = FileManager.default.fileExists(atPath: path)
            files.append((path, exists ? try Fail.input { try InputFile.data(path, kind: "shard file") } : nil))
        }
        let report = try Fail.staffing { () throws(StaffingError) in try Shards.merge(files) }
        try outputOptions.emit(report)
        Fail.note("merged \(shards.count) shard(s): \(report.options.count) option(s)")
    }
}
