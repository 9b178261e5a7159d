import ArgumentParser
import Foundation
import HubspokeSupport
import HubspokeWorkspace

struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show a stored rota (default: the week's published one, else its latest version).",
        discussion: "The exports written by publish, on standard output or into a file: the table, CSV or JSON of hubspoke rota."
    )

    @OptionGroup var week: WeekOption

    @Option(name: .long, help: "The version to show.")
    var version: Int?

    @Option(name: .long, help: "Output format: \(PublishCommand.exporters.map(\.format).joined(separator: ", ")) (txt is the table).")
    var format: String = "txt"

    @Option(name: [.short, .long], help: "Write to this file instead of standard output.")
    var output: String?

    @OptionGroup var workspaceOptions: WorkspaceOptions

    func validate() throws {
        guard PublishCommand.exporters.contains(where: { $0.format == format }) else {
            throw ValidationError("--format must be one of \(PublishCommand.exporters.map(\.format).joined(separator: ", ")), got \(format)")
        }
    }

    func run() throws {
        let ws = try workspaceOptions.openReadOnly()
        Fail.notes(try Fail.workspace { () throws(WorkspaceError) in try ws.pendingPublishNotes() })
        let p = try Fail.workspace { () throws(WorkspaceError) in try ws.storedRota(week: week.monday, version: version) }
        guard let exporter = PublishCommand.exporters.first(where: { $0.format == format }) else {
            throw Fail.message("--format \(format): not a format of hubspoke publish", .usage)
        }
        let files: [(path: String, data: Data)]
        do { files = try exporter.files(for: p) } catch { throw Fail.message("\(error)", .badInput) }
        guard files.count == 1, let data = files.first?.data else {
            throw Fail.message("--format \(format) writes \(files.count) files: hubspoke publish writes them into a folder", .badInput)
        }
        if let output {
            do { try AtomicFile.write(data, to: output) } catch { throw Fail.message("\(error)", .badInput) }
        } else {
            try Console.out(data)
        }
        Fail.note("\(p.version.label): \(p.version.kind.rawValue), \(p.version.status.rawValue)\(p.version.isCurrent ? " (the week's current rota)" : "")")
    }
}
