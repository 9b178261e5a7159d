import Foundation
import HubspokeReports
import HubspokeWorkspace

/// The page a service manager prints: `rota-2026-11-30-v2.html`.
public struct HTMLRotaExporter: RotaExporter {
    public init() {}
    public var format: String { "html" }
    public func files(for p: PublishedRota) throws -> [(path: String, data: Data)] {
        [(fileName(for: p), Data(p.rota.html(scenario: p.scenario).utf8))]
    }
}

/// One calendar per post and per site for the week, in `calendars-2026-11-30/`. A later version of
/// the same week replaces these files; its sessions keep their UIDs, and SEQUENCE is the version
/// number, so calendar programs that import the files update events instead of duplicating them.
public struct ICSRotaExporter: RotaExporter {
    public init() {}
    public var format: String { "ics" }
    public func files(for p: PublishedRota) throws -> [(path: String, data: Data)] {
        let folder = "calendars-\(p.version.week.iso)"
        return p.rota.calendars(scenario: p.scenario, options: RotaCalendarOptions(sequence: p.version.version))
            .map { ("\(folder)/\($0.name)", Data($0.contents.utf8)) }
    }
}

/// What every publication writes, from the command line or the web service: CSV, JSON and the
/// table, the HTML page, and the week's calendars.
public enum PublishExporters {
    public static let all: [any RotaExporter] = RotaExporters.standard + [HTMLRotaExporter(), ICSRotaExporter()]
}
