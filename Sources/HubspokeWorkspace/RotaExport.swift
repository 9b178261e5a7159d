import Foundation
import HubspokeModel

/// A rota version with the week's scenario, as handed to exporters when it is published.
public struct PublishedRota: Sendable {
    public var version: RotaVersion
    public var rota: Rota
    public var scenario: Scenario
}

/// What `hubspoke publish` writes for a published rota, in one format. The standard exporters write
/// the rota's CSV, JSON and table (the outputs of `hubspoke rota`), one file each; other formats
/// (HTML, iCalendar) plug in by conforming to this protocol and being added to the list the command
/// line passes to `publish` (`PublishCommand.exporters`). A format may write several files (one
/// calendar per post, say), in subfolders of the exports folder.
public protocol RotaExporter: Sendable {
    /// The format's name, also the extension of a single file ("csv").
    var format: String { get }
    /// The files to write: paths relative to the exports folder, and their bytes. All are made
    /// before any is written, so a failing exporter writes nothing.
    func files(for published: PublishedRota) throws -> [(path: String, data: Data)]
}

extension RotaExporter {
    /// `rota-2026-11-30-v2.csv`: one name per week, version and format, never overwritten by another version.
    public func fileName(for published: PublishedRota, extension ext: String? = nil) -> String {
        "rota-\(published.version.week.iso)-v\(published.version.version).\(ext ?? format)"
    }
}

/// The rota as CSV (one row per session; readable by `hubspoke rota --previous`).
public struct CSVRotaExporter: RotaExporter {
    public init() {}
    public var format: String { "csv" }
    public func files(for p: PublishedRota) throws -> [(path: String, data: Data)] {
        [(fileName(for: p), Data(p.rota.csv(scenario: p.scenario).utf8))]
    }
}

/// The rota as JSON (everything in the table, for other programs).
public struct JSONRotaExporter: RotaExporter {
    public init() {}
    public var format: String { "json" }
    public func files(for p: PublishedRota) throws -> [(path: String, data: Data)] {
        [(fileName(for: p), Data(p.rota.json().utf8))]
    }
}

/// The rota as the plain-text table (grids per site and per post).
public struct TableRotaExporter: RotaExporter {
    public init() {}
    public var format: String { "txt" }
    public func files(for p: PublishedRota) throws -> [(path: String, data: Data)] {
        [(fileName(for: p), Data(p.rota.table(scenario: p.scenario).utf8))]
    }
}

public enum RotaExporters {
    /// CSV, JSON and the table: what every publication writes.
    public static let standard: [any RotaExporter] = [CSVRotaExporter(), JSONRotaExporter(), TableRotaExporter()]
}
