import ArgumentParser
import HubspokeScenarioIO
import HubspokeWorkspace

struct DemandImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Replace a week's demand with a CSV file (columns site,role,sessions,priority).",
        discussion: "Every column is required in the header and in each row; a row repeating the site, role and priority of another is refused, naming both lines. Any problem, and nothing is imported."
    )

    @Argument(help: "The week's demand as CSV: site,role,sessions,priority (aggregated counts, no child data).")
    var csv: String

    @OptionGroup var week: WeekOption

    @OptionGroup var workspaceOptions: WorkspaceOptions

    func run() throws {
        // The file first: a bad one is refused before the workspace is opened at all.
        let items = try Fail.input { try DemandCSV.load(path: csv) }
        let ws = try workspaceOptions.open()
        let d = try Fail.workspace { () throws(WorkspaceError) in try ws.importDemand(week: week.monday, items: items, source: csv) }
        try Console.line("Week \(d.week.iso): \(d.sessions) sessions requested in \(d.rows.count) rows, from \(d.source)")
        Fail.notes(d.notes)
    }
}
