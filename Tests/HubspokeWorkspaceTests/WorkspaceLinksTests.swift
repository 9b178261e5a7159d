import Foundation
import Testing
import HubspokeModel
import HubspokeScenarioIO
@testable import HubspokeWorkspace

@Suite struct WorkspaceLinksTests {
    /// The links live in the scenario stored at `init`, so every week planned in the workspace, before
    /// and after publishing and from a new connection, carries the scenario's link posts and reports
    /// their shares.
    @Test func linksAreKeptAcrossWeeks() throws {
        let (ws, dir) = try makeWorkspace()
        let expected = try Scenario.embedded().links.map { [$0.site, $0.role, $0.post] }
        #expect(!expected.isEmpty)
        #expect(try ws.scenario().links.map { [$0.site, $0.role, $0.post] } == expected)
        let first = try ws.plan(week: week1)
        _ = try ws.publish(week: week1, version: first.version.version, exportsTo: dir.path)
        let second = try Workspace.open(at: ws.path).plan(week: week2)
        for rota in [first.rota, second.rota] {
            let links = try #require(rota.links)
            #expect(links.map { [$0.site, $0.role, $0.post] } == expected)
            #expect(links.allSatisfy { $0.byLink <= $0.sessions && ($0.sessions == 0 || $0.posts >= 1) })
        }
    }
}
