import ArgumentParser
import Foundation
import GLPKSolver
import HubspokeSupport
import HubspokeModel
import HubspokePlanner
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
        try outputOptions.checkDestinations([exportLp, exportMps])
        let models = try modelFiles(scenario, previous: previousRota)
        let line = solverOptions.progressLine()
        defer { line?.finish() }
        var options = solverOptions.planOptions(progress: line)
        options.captureLog = solverLog
        let rota: Rota
        do {
            rota = try RotaPlanner.plan(scenario, previous: previousRota, options: options)
            line?.finish()
        } catch {
            line?.finish()
            // The model files help to see why no rota was found: they are written all the same.
            try write(models)
            if let conflict = error as? PlanConflict { throw Fail.message(conflict.description, .conflict) }
            throw Fail.message("\(error)", .noResult)
        }
        if solverLog { Console.error(rota.solverLog) }
        // The rota and the model files: all written, or none.
        let others = models.map(\.file)
        switch outputOptions.format {
        case .table: try outputOptions.emit(rota.table(scenario: scenario), alongWith: others)
        case .csv: try outputOptions.emit(rota.spreadsheetCSV(scenario: scenario, byteOrderMark: outputOptions.bom), alongWith: others)
        case .json: try outputOptions.emit(rota.json(), alongWith: others)
        case .html: try outputOptions.emit(rota.html(scenario: scenario), alongWith: others)
        case .ics:
            let files = rota.calendars(scenario: scenario, options: RotaCalendarOptions(sequence: sequence))
            let folder = outputOptions.output ?? "."
            do { try Publication.write(files, into: folder, alongWith: others) } catch { throw Fail.message("\(error)", .badInput) }
            Fail.note("wrote \(files.count) calendars (\(scenario.posts.count) posts, \(scenario.sites.count) sites) to \(folder)")
        }
        noteWritten(models)
        Fail.notes(scenario.calendarNotes())
        Fail.note("\(rota.solver.statusWords) in \(String(format: "%.3f", rota.solver.seconds)) s")
    }

    /// A model file of --export-lp or --export-mps, and what to say once it is written.
    struct ModelFile { var file: OutputFile; var note: String }

    /// The text of each model file asked for (the model is the same whichever format).
    func modelFiles(_ scenario: Scenario, previous: PreviousRota?) throws -> [ModelFile] {
        let wanted = [(exportLp, ExportFormat.lp), (exportMps, ExportFormat.mps)].compactMap { p, f in p.map { ($0, f) } }
        guard !wanted.isEmpty else { return [] }
        let model = RotaPlanner.combinedModel(scenario, previous: previous)
        return try wanted.map { path, format in
            let text: String
            do { text = try GLPKSolver.export(model, format: format) } catch { throw Fail.message("\(path): \(error)", .badInput) }
            return ModelFile(file: OutputFile(path: path, text: text),
                             note: "wrote the model (\(model.variables.count) variables, \(model.constraints.count) constraints) to \(path)")
        }
    }

    /// Writes the model files alone (all or none), when no rota is written with them.
    func write(_ models: [ModelFile]) throws {
        do { try AtomicFile.writeAll(models.map(\.file)) } catch { throw Fail.message(error.description, .badInput) }
        noteWritten(models)
    }

    func noteWritten(_ models: [ModelFile]) {
        for m in models { Fail.note(m.note) }
    }
}
