import ArgumentParser
import Foundation
import HubspokeKit

/// The scenario argument shared by every command: a YAML file, the name of an embedded
/// scenario (kent-medway, teaching), or nothing for the Kent and Medway default.
struct ScenarioOptions: ParsableArguments {
    @Argument(help: "Scenario YAML file, or the name of an embedded scenario (kent-medway, teaching). Default: kent-medway.")
    var scenario: String?

    @Option(name: .long, help: "The week's demand as CSV (site,role,sessions,priority[,week]); replaces the scenario's demand.")
    var demand: String?

    /// The scenario, with its demand replaced by `--demand` when given, checked as a whole.
    func load() throws -> Scenario {
        var loaded: Scenario
        if let s = scenario {
            let exists = FileManager.default.fileExists(atPath: s)
            if !exists && EmbeddedScenarios.yaml(named: s) == nil {
                let names = EmbeddedScenarios.all.map(\.name).joined(separator: ", ")
                throw Fail.message("\(s): file not found (and no embedded scenario has this name: \(names))", code: 1)
            }
            loaded = try Fail.input { exists ? try Scenario.load(path: s) : try Scenario.embedded(s) }
        } else {
            loaded = try Fail.input { try Scenario.embedded() }
        }
        if let demand {
            loaded.demand = try Fail.input { try DemandCSV.load(path: demand) }
            let problems = loaded.validate()
            if !problems.isEmpty { _ = try Fail.input { throw InputError(problems) } }
        }
        return loaded
    }
}

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case table, csv, json, html, ics
}

/// Where results go: a file (written whole, via a temporary file) or standard output; for
/// `--format ics`, a folder of files written all or nothing.
struct OutputOptions: ParsableArguments {
    @Option(name: .long, help: "Output format: table, csv, json, html (one self-contained page) or ics (one calendar per post and per site; needs --output DIR).")
    var format: OutputFormat = .table

    @Option(name: [.short, .long], help: "Write to this file (for ics: into this folder) instead of standard output.")
    var output: String?

    @Flag(name: .long, help: "Start the CSV with a UTF-8 byte-order mark, so Excel reads it as UTF-8.")
    var bom = false

    func validate() throws {
        if format == .ics && output == nil {
            throw ValidationError("--format ics writes one file per post and one per site: give the folder with --output DIR")
        }
        if bom && format != .csv { throw ValidationError("--bom applies only to --format csv") }
    }

    func emit(_ text: String) throws {
        try emit(Data(text.utf8))
    }

    func emit(_ data: Data) throws {
        if let output {
            do { try AtomicFile.write(data, to: output) } catch { throw Fail.message("\(error)", code: 1) }
        } else {
            FileHandle.standardOutput.write(data)
        }
    }
}

/// Errors shown to the user: every problem on its own line on standard error, then a non-zero exit.
enum Fail {
    static func message(_ text: String, code: Int32) -> ExitCode {
        FileHandle.standardError.write(Data("hubspoke: error: \(text)\n".utf8))
        return ExitCode(code)
    }

    static func input<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch let error as InputError {
            throw message(error.problems.count == 1 ? error.description : "\(error.total) problems:\n" + error.problems.map { "  \($0)" }.joined(separator: "\n"), code: 1)
        }
    }

    static func note(_ text: String) {
        FileHandle.standardError.write(Data("hubspoke: \(text)\n".utf8))
    }
}
