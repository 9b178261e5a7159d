import HubspokeScenarioIO

/// An embedded scenario's YAML with some of its top-level sections taken out, for tests that append
/// their own version of a section (a section is given once).
package enum ScenarioText {
    /// The text of `name` without the top-level keys in `sections`: each from its `key:` line to the
    /// next line that starts another top-level key (blank and comment lines between go with it).
    /// Lines `alsoDropping` names are taken out wherever they stand. Nil when no such scenario is embedded.
    package static func embedded(_ name: String = "kent-medway", without sections: Set<String>,
                                 alsoDropping drop: (Substring) -> Bool = { _ in false }) -> String? {
        guard let text = EmbeddedScenarios.yaml(named: name) else { return nil }
        var lines: [Substring] = []
        var inSection = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if let first = line.first, first != " ", first != "#" {
                inSection = sections.contains { line.hasPrefix("\($0):") }
            }
            if inSection || drop(line) { continue }
            lines.append(line)
        }
        return lines.joined(separator: "\n")
    }
}
