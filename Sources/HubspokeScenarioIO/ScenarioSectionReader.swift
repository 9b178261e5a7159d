import HubspokeModel

/// Reads one top-level section of a scenario file that a layer above the model owns (`simulation:`
/// for the simulator, `costs:` for the staffing tools). The scenario reader knows only the sections'
/// names (`ScenarioParser.sectionFields`); a layer passes its readers to `Scenario.load`,
/// `Scenario.parse` or `Scenario.embedded`, and a section whose reader is not passed is skipped unread.
///
/// A reader is handed the section's YAML node and the scenario reader itself: it reports problems
/// through `parser.reader` (so they carry the file, the line and the field path, and are listed with
/// every other problem of the file, in file order of the sections), and may check references against
/// the roles, sites and posts read so far. What it returns is kept in `Scenario.sections[key]`.
public struct ScenarioSectionReader: Sendable {
    /// The top-level key of the section.
    public let key: String
    let read: @Sendable (YAMLValue, inout ScenarioParser, ScenarioParts) -> (any Sendable)?

    package init(key: String, read: @escaping @Sendable (YAMLValue, inout ScenarioParser, ScenarioParts) -> (any Sendable)?) {
        self.key = key; self.read = read
    }
}

/// What a section reader may check its references against: the scenario's lists as read so far.
package struct ScenarioParts {
    package let roles: [Role]
    package let sites: [Site]
    package let posts: [Post]
}
