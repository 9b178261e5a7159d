import ArgumentParser
import Foundation
import HubspokeModel
import HubspokeScenarioIO
import HubspokeSupport
import HubspokeWorkspace

struct CalendarImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Read a newer copy of the UK government's bank-holiday feed (bank-holidays.json) into a workspace or a scenario file.",
        discussion: """
        The feed is https://www.gov.uk/bank-holidays.json (only england-and-wales is used). Every year it covers \
        replaces the list shipped with hubspoke (2025 to 2030), so a one-off holiday the government announces is \
        planned around. With --scenario FILE, the feed is checked and written beside the scenario as \
        bank-holidays.json, and the scenario's calendar: section is pointed at it (both files or neither).
        """
    )

    @Argument(help: "The feed (JSON).")
    var file: String

    @Option(name: .long, help: ArgumentHelp("Import into this scenario file instead of the workspace.", valueName: "yaml"))
    var scenario: String?

    @OptionGroup var workspaceOptions: WorkspaceOptions

    func run() throws {
        let feed = try Fail.input { () throws(InputError) in
            try BankHolidays(feed: InputFile.data(file, kind: "bank-holiday feed"), file: file)
        }
        if let scenario { return try importInto(scenario: scenario, feed: feed) }
        let ws = try workspaceOptions.open()
        let change = try Fail.workspace { () throws(WorkspaceError) in try ws.importBankHolidays(feed, source: file) }
        try Console.line(summary(feed, added: change.added, removed: change.removed))
    }

    func summary(_ feed: BankHolidays, added: [BankHoliday], removed: [BankHoliday]) -> String {
        var lines = ["Imported \(feed.holidays.count) bank holidays\(feed.years.map { " (\($0.lowerBound) to \($0.upperBound))" } ?? "") from \(file)"]
        lines += added.map { "  new: \($0.date.iso) \($0.label)" }
        lines += removed.map { "  gone: \($0.date.iso) \($0.label)" }
        if added.isEmpty && removed.isEmpty { lines.append("  no change to the dates planned around") }
        return TerminalText.escaped(lines.joined(separator: "\n"))
    }

    /// Writes the feed beside the scenario and points `calendar.bank_holidays` at it; the new scenario
    /// is read back before anything is written.
    func importInto(scenario path: String, feed: BankHolidays) throws {
        let yaml = try Fail.input { () throws(InputError) in try InputFile.text(path, kind: "scenario file") }
        let folder = (path as NSString).deletingLastPathComponent
        let feedPath = ((folder.isEmpty ? "." : folder) as NSString).appendingPathComponent("bank-holidays.json")
        let before = try Fail.input { () throws(InputError) in try Scenario.parse(yaml: yaml, file: path, folder: folder.isEmpty ? "." : folder) }
        let updated = Self.pointing(yaml, at: "bank-holidays.json")
        let staging = FileManager.default.temporaryDirectory.appendingPathComponent("hubspoke-import-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: staging) }
        let data = feed.feedJSON() + Data("\n".utf8)
        do {
            try? FileManager.default.createDirectory(at: staging, withIntermediateDirectories: true)
            try AtomicFile.write(data, to: staging.appendingPathComponent("bank-holidays.json").path)
        } catch { throw Fail.message(error.description, .badInput) }
        let after = try Fail.input { () throws(InputError) in try Scenario.parse(yaml: updated, file: path, folder: staging.path) }
        do { try AtomicFile.writeAll([OutputFile(path: feedPath, data: data), OutputFile(path: path, data: Data(updated.utf8))]) }
        catch { throw Fail.message(error.description, .badInput) }
        let old = before.calendar.bankHolidays, new = after.calendar.bankHolidays
        try Console.line(summary(feed, added: new.holidays.filter { !old.holidays.contains($0) }, removed: old.holidays.filter { !new.holidays.contains($0) }))
        try Console.line("  wrote \(feedPath)" + (updated == yaml ? "" : "\n  \(path): calendar.bank_holidays is now bank-holidays.json"))
    }

    /// The scenario text with `calendar.bank_holidays: NAME`: the line replaced where there is one,
    /// else added under `calendar:`, else a new `calendar:` section at the end.
    static func pointing(_ yaml: String, at name: String) -> String {
        var lines = yaml.components(separatedBy: "\n")
        guard let top = lines.firstIndex(where: { $0.hasPrefix("calendar:") }) else {
            return yaml + (yaml.hasSuffix("\n") ? "" : "\n") + "calendar:\n  bank_holidays: \(name)\n"
        }
        var i = top + 1
        while i < lines.count, lines[i].isEmpty || lines[i].hasPrefix(" ") || lines[i].hasPrefix("#") {
            if lines[i].trimmingCharacters(in: .whitespaces).hasPrefix("bank_holidays:") {
                let indent = lines[i].prefix { $0 == " " }
                lines[i] = "\(indent)bank_holidays: \(name)"
                return lines.joined(separator: "\n")
            }
            i += 1
        }
        lines.insert("  bank_holidays: \(name)", at: top + 1)
        return lines.joined(separator: "\n")
    }
}
