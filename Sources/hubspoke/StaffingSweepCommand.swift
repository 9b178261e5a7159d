import ArgumentParser
import Foundation
import HubspokeSimulation
import HubspokeStaffing

struct StaffingSweepCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sweep",
        abstract: "Simulate and cost every combination of the varied roles' FTE, and mark the cost-against-service frontier.",
        discussion: """
        Example: hubspoke staffing sweep --vary EP=0.5..3:0.5 --vary SLT=0.6..2:0.2. Options are the cartesian \
        product of the ranges (the last role changing fastest), each simulated with the same seed. With \
        --shard I/N only options I, I+N, I+2N, ... are run and the output is a shard file (JSON) for \
        hubspoke merge, which gives exactly what one run gives.
        """
    )

    @OptionGroup var scenarioOptions: ScenarioOptions
    @OptionGroup var staffing: StaffingOptions

    @Option(name: .long, help: "The service measure of the frontier (any key of --target; default seen_within_4_weeks).")
    var frontierKpi: String = KPI.Key.seenWithin4Weeks.rawValue

    @Option(name: .long, help: ArgumentHelp("Run one shard of the sweep, I from 0 to N-1 (e.g. $SLURM_ARRAY_TASK_ID/10), and write a shard file for hubspoke merge.", valueName: "I/N"))
    var shard: String?

    @OptionGroup var outputOptions: OutputOptions

    @OptionGroup(title: "Slurm") var slurm: SlurmOptions

    func run() throws {
        let (scenario, ranges, targets) = try staffing.request(scenarioOptions, outputOptions)
        guard Measure.named(frontierKpi) != nil, !frontierKpi.hasSuffix("cost") else {
            throw Fail.message("--frontier-kpi \(frontierKpi): not a service measure (expected one of: \(Measure.all.map(\.key).filter { !$0.hasSuffix("cost") }.joined(separator: ", ")))", .badInput)
        }
        let spec = try shard.map { s in try Fail.staffing { () throws(StaffingError) in try ShardSpec.parse(s) } }
        if spec != nil && ![.table, .json].contains(outputOptions.format) {
            throw Fail.message("--shard writes a shard file (JSON) for hubspoke merge; give the format to hubspoke merge instead", .usage)
        }
        var evaluator = try staffing.evaluator(scenario, ranges: ranges)
        let levels = try Fail.staffing { () throws(StaffingError) in try Sweep.levels(base: scenario, ranges: ranges) }
        if slurm.slurm { return try slurm.submit(optionCount: levels.count, shard: spec, threads: staffing.runs.threads, output: outputOptions) }
        let header = Sweep.header(base: scenario, ranges: ranges, evaluator: evaluator, targets: targets, frontierKPI: frontierKpi,
                                  optionCount: levels.count)
        let indices = spec?.indices(of: levels.count)
        let bar = staffing.runs.progressBar("staffing sweep")
        let started = Date()
        let results: [OptionResult]
        do {
            results = try Fail.staffing { () throws(StaffingError) in
                try Sweep.run(levels, indices: indices, evaluator: &evaluator, progress: Fail.progress(bar))
            }
        } catch {
            bar?.finish()
            throw error
        }
        bar?.finish()
        if let spec {
            try outputOptions.emit(ShardFile(shard: spec, header: header, results: results).json())
        } else {
            try outputOptions.emit(Sweep.assemble(header, results))
        }
        let reps = header.simulation.precision == nil ? "\(header.simulation.replications) replication(s)"
            : "\(results.reduce(0) { $0 + ($1.replications ?? 0) }) replication(s) in all (by precision)"
        Fail.note("\(results.count) option(s) x \(reps) x \(header.simulation.weeks) weeks"
                  + (spec.map { " (shard \($0) of \(levels.count) options)" } ?? "")
                  + " in \(String(format: "%.2f", Date().timeIntervalSince(started))) s")
    }
}
