import ArgumentParser
import HubspokeKit
import HubspokeWorkspace

struct PublishCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "publish",
        abstract: "Publish a version of a week's rota and write its exports (CSV, JSON, table).",
        discussion: """
        The published version becomes the week's rota: the next week keeps close to it, and repair starts \
        from it. Exports go to the folder `exports` beside the workspace unless --exports says otherwise.
        """
    )

    /// What every publication writes: CSV, JSON and the table, the HTML page, and the week's calendars.
    static let exporters: [any RotaExporter] = RotaExporters.standard + [HTMLRotaExporter(), ICSRotaExporter()]

    @Option(name: .long, help: ArgumentHelp("Monday of the week.", valueName: "date"))
    var week: DateArgument

    @Option(name: .long, help: "The version to publish (default: the latest).")
    var version: Int?

    @Option(name: .long, help: ArgumentHelp("Folder for the exports (default: exports beside the workspace).", valueName: "folder"))
    var exports: String?

    @OptionGroup var workspaceOptions: WorkspaceOptions

    func run() throws {
        let ws = try workspaceOptions.open()
        let folder = exports ?? workspaceOptions.defaultExportsFolder
        let outcome = try Fail.workspace { () throws(WorkspaceError) in
            try ws.publish(week: week.date, version: version, exportsTo: folder, exporters: Self.exporters)
        }
        Fail.notes(outcome.notes)
        try Console.line("Published \(outcome.version.label)" + (outcome.replaced.map { ", replacing version \($0.version)" } ?? ""))
        for f in outcome.files { try Console.line("  wrote \(f)") }
    }
}
