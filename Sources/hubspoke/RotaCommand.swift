import ArgumentParser
import Foundation
import GLPKSolver
import HubspokeKit
import HubspokeReports

struct RotaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rota",
        abstract: "Plan the rota: which post works at which site, session by session.",
        discussion: "Timings go to standard error, so the rota itself is the same, byte for byte, for the same input."
    )

    @OptionGroup var scenarioOptions: ScenarioOptions

    @Option(name: .long, help: "A previous rota (CSV or JSON from hubspoke rota) to stay close to.")
    var previous: String?

    @OptionGroup var solverOptions: SolverOptions

    @Flag(name: .long, help: "Print GLPK's log of each part on standard error.")
    var solverLog = false

    @OptionGroup var outputOptions: OutputOptions

    @Option(name: .long, help: "With --format ics: the SEQUENCE of every event. Raise it by one each time a changed rota is published to people who import the files rather than subscribe.")
    var sequence: Int = 0

    @Option(name: .long, help: "Write the model in CPLEX LP format to this file, for debugging.")
    var exportLp: String?

    @Option(name: .long, help: "Write the model in free MPS format to this file.")
    var exportMps: String?

    func validate() throws {
        if !(0...1_000_000).contains(sequence) { throw ValidationError("--sequence must be from 0 to 1000000, got \(sequence)") }
        if sequence != 0 && outputOptions.format != .ics { throw ValidationError("--sequence applies only to --format ics") }
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
        var options = solverOptions.planOptions
        options.captureLog = solverLog
        let rota: Rota
        do {
            rota = try RotaPlanner.plan(scenario, previous: previousRota, options: options)
        } catch let conflict as PlanConflict {
            throw Fail.message(conflict.description, code: 3)
        } catch {
            throw Fail.message("\(error)", code: 4)
        }
        if solverLog { FileHandle.standardError.write(Data(rota.solverLog.utf8)) }
        switch outputOptions.format {
        case .table: try outputOptions.emit(rota.table(scenario: scenario))
        case .csv: try outputOptions.emit(rota.spreadsheetCSV(scenario: scenario, byteOrderMark: outputOptions.bom))
        case .json: try outputOptions.emit(rota.json())
        case .html: try outputOptions.emit(rota.html(scenario: scenario))
        case .ics:
            let files = rota.calendars(scenario: scenario, options: RotaCalendarOptions(sequence: sequence))
            let folder = outputOptions.output ?? "."
            do { try Publication.write(files, into: folder) } catch { throw Fail.message("\(error)", code: 1) }
            Fail.note("wrote \(files.count) calendars (\(scenario.posts.count) posts, \(scenario.sites.count) sites) to \(folder)")
        }
        Fail.note("\(rota.solver.status.rawValue) in \(String(format: "%.3f", rota.solver.seconds)) s")
    }
}
