import ArgumentParser
import HubspokeKit
import HubspokeWorkspace

struct DemandImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Replace a week's demand with a CSV file (columns site,role,sessions,priority).",
        discussion: "Rows for the same site, role and priority are added up. Any problem, and nothing is imported."
    )

    @Argument(help: "The week's demand as CSV: site,role,sessions,priority (aggregated counts, no child data).")
    var csv: String

    @Option(name: .long, help: ArgumentHelp("Monday of the week.", valueName: "date"))
    var week: DateArgument

    @OptionGroup var workspaceOptions: WorkspaceOptions

    func run() throws {
        let ws = try workspaceOptions.open()
        let items = try Fail.input { try DemandCSV.load(path: csv) }
        let d = try Fail.workspace { () throws(WorkspaceError) in try ws.importDemand(week: week.date, items: items, source: csv) }
        try Console.line("Week \(d.week.iso): \(d.sessions) sessions requested in \(d.rows.count) rows, from \(d.source)")
        Fail.notes(d.notes)
    }
}
