import Foundation
import Testing

@Suite(.serialized) struct SimulateContinuityCLITests {
    /// The same-practitioner KPI is in every format `simulate` writes: by label in the table and the
    /// HTML report, by key in the CSV and JSON; the CSV's estimate is a share in 0...100.
    @Test func everyFormatCarriesTheSamePractitionerKPI() throws {
        let common = ["simulate", "--policy", "greedy,proportional", "--replications", "3", "--weeks", "6", "--seed", "8", "--quiet"]
        var out: [String: String] = [:]
        for format in ["table", "html", "csv", "json"] {
            let r = try CLI.run(common + ["--format", format])
            #expect(r.status == 0, "\(format): \(r.err)")
            out[format] = r.out
        }
        #expect(out["table"]?.contains("Follow-up sessions with the child's first practitioner") == true)
        #expect(out["html"]?.contains("first practitioner") == true)
        #expect(out["json"]?.contains("\"key\" : \"same_practitioner\"") == true)
        let prefix = "estimate,greedy,,same_practitioner,%,"
        let row = try #require(out["csv"]?.split(separator: "\n").first { $0.hasPrefix(prefix) })
        let mean = try #require(Double(row.dropFirst(prefix.count).prefix { $0 != "," }))
        #expect(mean > 0 && mean <= 100, "\(row)")
    }
}
