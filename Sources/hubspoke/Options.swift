import ArgumentParser
import Foundation
import HubspokeSupport
import HubspokeModel
import HubspokeScenarioIO

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
                throw Fail.message("\(s): file not found (and no embedded scenario has this name: \(names))", .badInput)
            }
            loaded = try Fail.input { exists ? try Scenario.load(path: s, sections: .all) : try Scenario.embedded(s, sections: .all) }
        } else {
            loaded = try Fail.input { try Scenario.embedded(sections: .all) }
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

    /// Before long work: every file this command will write can be written (with `others`, the
    /// command's other output files), so a mistake in a path costs nothing.
    func checkDestinations(_ others: [String?] = []) throws {
        let paths = others.compactMap { $0 } + (format == .ics ? [] : [output].compactMap { $0 })
        do { try AtomicFile.check(paths) } catch { throw Fail.message(error.description, .badInput) }
    }

    /// Writes the output (text: table output has its control characters escaped).
    func emit(_ text: String, alongWith others: [OutputFile] = []) throws {
        try emit(Data((format == .table ? TerminalText.escaped(text) : text).utf8), alongWith: others)
    }

    /// Writes the output and the command's other files, all or none: the files together through
    /// `AtomicFile.writeAll`, then standard output when there is no `--output`.
    func emit(_ data: Data, alongWith others: [OutputFile] = []) throws {
        let files = others + (output.map { [OutputFile(path: $0, data: data)] } ?? [])
        do { try AtomicFile.writeAll(files) } catch { throw Fail.message(error.description, .badInput) }
        if output == nil { try Console.out(data) }
    }
}

/// Errors shown to the user: every problem on its own line on standard error, then a non-zero exit.
enum Fail {
    /// Writes the message and returns the exit status to throw (see `ExitStatus` for every code).
    static func message(_ text: String, _ status: ExitStatus) -> ExitCode {
        Console.error("hubspoke: error: \(text)\n")
        return status.exitCode
    }

    static func input<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch let error as InputError {
            throw message(error.problems.count == 1 ? error.description : "\(error.total) problems:\n" + error.problems.map { "  \($0)" }.joined(separator: "\n"), .badInput)
        }
    }

    static func note(_ text: String) {
        Console.error("hubspoke: \(text)\n")
    }
}
