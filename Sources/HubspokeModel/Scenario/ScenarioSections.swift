/// The sections of a scenario that layers above the model own, by section name (`simulation`,
/// `costs`), each as its layer's section reader made it. The model keeps them without knowing their
/// types, so it depends on no layer above it; each layer adds a typed property (`Scenario.simulation`
/// in HubspokeSimulation, `Scenario.costs` in HubspokeStaffing).
public struct ScenarioSections: Sendable {
    private var values: [String: any Sendable] = [:]

    public init() {}

    /// The section named `name`, if it was read and is a `T`.
    public subscript<T: Sendable>(_ name: String, as type: T.Type = T.self) -> T? {
        get { values[name] as? T }
        set { values[name] = newValue.map { $0 as any Sendable } }
    }
}
