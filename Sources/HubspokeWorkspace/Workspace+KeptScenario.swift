import HubspokeModel

extension Workspace {
    /// The workspace's scenario, read and parsed at the first call, then kept: it is written once,
    /// when the workspace is created, and never changes. For what reads it again and again (each
    /// rota version the web service shows; parsing its YAML was most of that).
    func keptScenario() throws(WorkspaceError) -> Scenario {
        if let kept = parsedScenario.withLock({ $0 }) { return kept }
        let parsed = try scenario()
        parsedScenario.withLock { $0 = parsed }
        return parsed
    }
}
