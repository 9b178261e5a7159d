import ArgumentParser
import Foundation
import GLPKSolver
import HubspokeKit

struct RotaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rota",
        abstract: "Plan the rota: which post works at which site, session by session.",
        discussion: "Timings go to standard error, so the rota itself is the same, byte for byte, for the same input."
    )

    @OptionGroup var scenarioOptions: ScenarioOptions

    @Option(name: .long, help: "A previous rota (CSV or JSON from hubspoke rota) to stay close to.")
    var previous: String?

    @Option(name: .long, help: "Stop after this many seconds with the best rota found.")
    var timeLimit: Double?

    @Option(name: .long, help: "Stop when the relative gap to the best bound is at most this (e.g. 0.01).")
    var gap: Double?

    @Option(name: .long, help: "Independent parts solved at once (default: the number of cores).")
    var threads: Int?

    @Flag(name: .long, help: "Print GLPK's log of each part on standard error.")
    var solverLog = false

    @OptionGroup var outputOptions: OutputOptions

    @Option(name: .long, help: "Write the model in CPLEX LP format to this file, for debugging.")
    var exportLp: String?

    @Option(name: .long, help: "Write the model in free MPS format to this file.")
    var exportMps: String?

    func validate() throws {
        if let t = timeLimit, !(t > 0 && t <= 86_400) { throw ValidationError("--time-limit must be more than 0 and at most 86400 seconds, got \(t)") }
        if let g = gap, !(g >= 0 && g < 1) { throw ValidationError("--gap must be at least 0 and less than 1, got \(g)") }
        if let n = threads, !(1...256).contains(n) { throw ValidationError("--threads must be from 1 to 256, got \(n)") }
    }

    func run() throws {
        let scenario = try scenarioOptions.load()
        let previousRota = try previous.map { path in try Fail.input { try PreviousRota.load(path: path, scenario: scenario) } }
        for (path, format) in [(exportLp, ExportFormat.lp), (exportMps, ExportFormat.mps)] {
            guard let path else { continue }
            let model = RotaPlanner.combinedModel(scenario, previous: previousRota)
            do { try GLPKSolver.write(model, format: format, to: path) } catch { throw Fail.message("\(error)", code: 1) }
            Fail.note("wrote the model (\(model.variables.count) variables, \(model.constraints.count) constraints) to \(path)")
        }
        var options = PlanOptions(timeLimit: timeLimit, gap: gap)
        if let threads { options.threads = threads }
        options.captureLog = solverLog
        let rota: Rota
        do {
            rota = try RotaPlanner.plan(scenario, previous: previousRota, options: options)
        } catch let conflict as PlanConflict {
            throw Fail.message(conflict.description, code: 3)
        } catch {
            throw Fail.message("\(error)", code: 4)
        }
        let text: String
        switch outputOptions.format {
        case .table: text = rota.table(scenario: scenario)
        case .csv: text = rota.csv(scenario: scenario)
        case .json: text = rota.json()
        }
        if solverLog { FileHandle.standardError.write(Data(rota.solverLog.utf8)) }
        try outputOptions.emit(text)
        Fail.note("\(rota.solver.status.rawValue) in \(String(format: "%.3f", rota.solver.seconds)) s")
    }
}
