import Foundation
import HubspokeModel

extension Rota {
    /// The rota CSV (`csv(scenario:)`: a header row, ISO dates, one row per session) as UTF-8
    /// bytes, optionally led by a byte-order mark. Excel on Windows reads a CSV without the
    /// mark in the local code page, which garbles names with accents or dashes; with it, Excel
    /// reads UTF-8. `--previous` accepts either. Cells that could start a formula are
    /// neutralised either way (`CSV.spreadsheetCell`).
    public func spreadsheetCSV(scenario: Scenario, byteOrderMark: Bool) -> Data {
        Data(((byteOrderMark ? "\u{FEFF}" : "") + csv(scenario: scenario)).utf8)
    }
}
