import ArgumentParser
import HubspokeServer
import HubspokeWorkspace

struct PublishCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "publish",
        abstract: "Publish a version of a week's rota and write its exports (CSV, JSON, table).",
        discussion: """
        The published version becomes the week's rota: the next week keeps close to it, and repair starts \
        from it. Exports go to the folder `exports` beside the workspace unless --exports says otherwise: \
        the week's complete set is written into a new folder under `.versions/`, then the link named after \
        the week (`exports/2026-11-30`) is switched to it in one step. One publish of a workspace runs at a \
        time: another waits up to --wait seconds, then gives up with exit status \(ExitStatus.workspaceUnavailable.rawValue).
        """
    )

    /// What every publication writes: CSV, JSON and the table, the HTML page, and the week's calendars.
    static let exporters: [any RotaExporter] = PublishExporters.all

    @OptionGroup var week: WeekOption

    @Option(name: .long, help: "The version to publish (default: the latest).")
    var version: Int?

    @Option(name: .long, help: ArgumentHelp("Folder for the exports (default: exports beside the workspace).", valueName: "folder"))
    var exports: String?

    @Option(name: .long, help: ArgumentHelp("Seconds to wait for another publish of the workspace to end.", valueName: "seconds"))
    var wait: Double = Workspace.busyTimeout

    @OptionGroup var workspaceOptions: WorkspaceOptions

    func validate() throws {
        guard wait.isFinite, (0...3600).contains(wait) else { throw ValidationError("--wait must be between 0 and 3600 seconds, got \(wait)") }
    }

    func run() throws {
        let ws = try workspaceOptions.open()
        let folder = exports ?? workspaceOptions.defaultExportsFolder
        let outcome = try Fail.workspace { () throws(WorkspaceError) in
            try ws.publish(week: week.monday, version: version, exportsTo: folder, exporters: Self.exporters, wait: wait)
        }
        Fail.notes(outcome.notes)
        try Console.line("Published \(outcome.version.label)" + (outcome.replaced.map { ", replacing version \($0.version)" } ?? ""))
        for f in outcome.files { try Console.line("  wrote \(f)") }
        try Console.line("  the week's set: \(outcome.folder) -> .versions/\(outcome.versionFolder)")
    }
}
