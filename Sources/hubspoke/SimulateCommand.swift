import ArgumentParser
import Foundation
import HubspokeSupport
import HubspokeReports
import HubspokeSimulation

struct SimulateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Simulate referrals, waiting lists and allocation policies over many weeks.",
        discussion: """
        Every policy meets the same referrals, needs, drop-outs and absences in each replication (common random \
        numbers), so differences between policies are paired. The same seed gives the same output, byte for byte, \
        whatever the number of threads. The scenario needs a simulation: section (see the README).
        """
    )

    @OptionGroup var scenarioOptions: ScenarioOptions

    @Option(name: .long, help: "optimal, fixed, proportional, greedy, or all (several: comma-separated).")
    var policy: String = "all"

    @OptionGroup var runs: SimulationRunOptions

    @Option(name: .long, help: "Also write one row per policy and replication (CSV) to this file.")
    var replicationsCsv: String?

    @Option(name: .long, help: "Also write the quarterly return (referrals and children seen by financial quarter, site and role, CSV) to this file.")
    var quarterlyCsv: String?

    @Option(name: .customLong("return"), help: "Also write the national return (by financial quarter and category: referrals, children seen, mean wait, share seen within 4 weeks, with 95% intervals; CSV) to this file.")
    var returnCsv: String?

    @OptionGroup var outputOptions: OutputOptions

    func validate() throws {
        if outputOptions.format == .ics { throw ValidationError("--format ics is for rotas; simulate writes table, csv, json or html") }
        _ = try policyNames()
    }

    func policyNames() throws -> [String] {
        let names = policy.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        if names == ["all"] { return PolicyCatalog.names }
        for n in names where !PolicyCatalog.names.contains(n) {
            throw ValidationError("unknown policy \"\(n)\" (expected \(PolicyCatalog.names.joined(separator: ", ")) or all)")
        }
        if names.isEmpty || Set(names).count != names.count { throw ValidationError("--policy lists each policy once") }
        return names
    }

    func run() throws {
        let scenario = try scenarioOptions.load()
        try outputOptions.checkDestinations([replicationsCsv, quarterlyCsv, returnCsv])
        guard let settings = scenario.simulation else {
            throw Fail.message("\(scenario.source): the scenario has no simulation: section (referral rates, need profiles); see the README", .badInput)
        }
        let weeks = runs.weeks ?? settings.weeks
        if settings.warmUpWeeks >= weeks {
            throw Fail.message("\(scenario.source): simulation.warm_up_weeks (\(settings.warmUpWeeks)) must be fewer than the \(weeks) weeks simulated", .badInput)
        }
        let model = ServiceModel(scenario, settings: settings, weeks: weeks)
        let policies: [any AllocationPolicy]
        do { policies = try policyNames().map { try PolicyCatalog.make($0, model: model) } } catch {
            throw Fail.message("\(error)", .badInput)
        }
        // The national return and equity by group are in the table, the JSON, the HTML and --return's CSV; not in the KPIs' CSV.
        let options = SimulationOptions(weeks: weeks, replications: runs.replicationCount, seed: runs.seed, threads: runs.threadCount,
                                        precision: try runs.precisionRule(), nationalReturn: outputOptions.format != .csv || returnCsv != nil)
        let bar = runs.progressBar("simulating")
        let started = Date()
        let report: SimulationReport
        do {
            report = try Simulator.run(model, policies: policies, options: options, progress: Fail.progress(bar))
        } catch {
            bar?.finish()
            throw Fail.message("simulation failed: \(error)", .noResult)
        }
        bar?.finish()
        let text: String
        switch outputOptions.format {
        case .table: text = report.table()
        case .csv: text = report.csv()
        case .json: text = report.json()
        case .html: text = report.html(scenario: scenario)
        case .ics: throw Fail.message("--format ics is not available for simulate", .usage)
        }
        // Every file or none: the CSVs and the main output are written together.
        var others: [OutputFile] = []
        if let replicationsCsv { others.append(OutputFile(path: replicationsCsv, text: try report.replicationsCSV())) }
        if let quarterlyCsv { others.append(OutputFile(path: quarterlyCsv, text: report.quarterlyCSV())) }
        if let returnCsv { others.append(OutputFile(path: returnCsv, text: report.returnCSV())) }
        try outputOptions.emit(text, alongWith: others)
        if let p = report.precision { Fail.note("replications by precision, \(p.summary)") }
        Fail.note("\(report.replications) replication(s) x \(policies.count) polic\(policies.count == 1 ? "y" : "ies") x \(weeks) weeks in \(String(format: "%.2f", Date().timeIntervalSince(started))) s")
    }
}
