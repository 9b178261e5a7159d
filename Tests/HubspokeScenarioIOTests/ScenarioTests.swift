import Foundation
import Testing
@testable import HubspokeSupport
@testable import HubspokeModel
@testable import HubspokeScenarioIO

@Suite struct ScenarioTests {
    static var repoRoot: URL { URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent() }

    /// The embedded copy (Tools/embed-scenarios.sh) is every file of Scenarios/ and nothing else,
    /// each the same to the byte: a new, removed or edited file fails until the script is run.
    @Test func embeddedScenariosAreExactlyTheFiles() throws {
        let folder = Self.repoRoot.appendingPathComponent("Scenarios")
        let onDisk = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".yaml") }
            .map { String($0.dropLast(".yaml".count)) }.sorted()
        let embedded = EmbeddedScenarios.all.map(\.name)
        #expect(!onDisk.isEmpty)
        #expect(Set(embedded).count == embedded.count, "an embedded scenario is listed twice: \(embedded)")
        for name in onDisk where !embedded.contains(name) {
            Issue.record("Scenarios/\(name).yaml is not embedded: run Tools/embed-scenarios.sh")
        }
        for name in embedded where !onDisk.contains(name) {
            Issue.record("the embedded scenario \(name) has no file Scenarios/\(name).yaml: run Tools/embed-scenarios.sh")
        }
        for (name, yaml) in EmbeddedScenarios.all where onDisk.contains(name) {
            let text = try String(contentsOf: folder.appendingPathComponent("\(name).yaml"), encoding: .utf8)
            #expect(text == yaml, "run Tools/embed-scenarios.sh after editing Scenarios/\(name).yaml")
        }
    }

    @Test func kentMedwayHasTheModelShape() throws {
        let sc = try Scenario.embedded()
        #expect(sc.sites.filter { $0.kind == .hub }.count == 1)
        #expect(sc.sites.filter { $0.kind == .spoke }.count == 2)
        for spoke in sc.sites where spoke.kind == .spoke {
            #expect(sc.sites.filter { $0.spoke == spoke.id }.count == 4)
        }
        #expect(sc.roles.count == 6)
        // Ashford-Maidstone is about 30 minutes by road in public sources; the estimate should be close.
        let ashfordMaidstoneKm = Coordinate(latitude: 51.148, longitude: 0.875).kilometres(to: Coordinate(latitude: 51.272, longitude: 0.523))
        #expect(abs(ashfordMaidstoneKm - 28) < 1.5)
    }

    func problems(_ yaml: String) -> [InputProblem] {
        do { _ = try Scenario.parse(yaml: yaml, file: "bad.yaml"); return [] } catch { return error.problems }
    }

    static let base = """
    name: t
    start: 2026-11-30
    travel: {minutes: {A: {B: 10}}}
    roles: [{id: R, name: Role}]
    sites:
      - {id: A, name: A, kind: spoke, rooms: 1}
      - {id: B, name: B, kind: pru, spoke: A, rooms: 1}
    posts:
      - {id: P, role: R, sessions: 2, base: A, serves: all}
    demand:
      - {site: B, role: R, sessions: 1, priority: urgent}
    """

    @Test func validBaseParses() { #expect(problems(Self.base).isEmpty) }

    @Test func syntaxErrorNamesTheLine() {
        let p = problems("name: t\nsites: [\n  - {id: A\n")
        #expect(p.count == 1)
        #expect(p.first?.line != nil)
        #expect(p.first?.message.contains("YAML syntax error") == true)
    }

    @Test(arguments: [
        ("role: R, sessions: 2, base: A", "role: X, sessions: 2, base: A", "unknown role \"X\"", "posts[0].role"),
        ("{site: B, role: R, sessions: 1", "{site: Z, role: R, sessions: 1", "unknown site \"Z\"", "site"),
        ("sessions: 2, base: A", "sessions: -3, base: A", "out of range", "posts[0].sessions"),
        ("{id: B, name: B, kind: pru", "{id: A, name: B, kind: pru", "duplicate site id", "sites[1].id"),
        ("start: 2026-11-30", "start: 2026-12-01", "not a Monday", "start"),
        ("{minutes: {A: {B: 10}}}", "{minutes: {A: {B: 10}, B: {A: 12}}}", "inconsistent travel data", "travel.minutes"),
        ("{minutes: {A: {B: 10}}}", "{}", "no travel time", "travel"),
        ("serves: all}", "serves: [A]}", "no R post may serve B", "role"),
        ("name: t", "name: t\nweeks: 900", "out of range", "weeks"),
        ("name: t", "name: t\ncolour: blue", "unknown field", "colour"),
    ])
    func badInputIsNamed(_ change: (String, String, String, String)) {
        let yaml = Self.base.replacingOccurrences(of: change.0, with: change.1)
        #expect(yaml != Self.base)
        let p = problems(yaml)
        #expect(p.contains { $0.message.contains(change.2) && $0.field.contains(change.3) && $0.file == "bad.yaml" }, "\(p)")
        #expect(p.allSatisfy { $0.line != nil || $0.field == "travel" || $0.field.hasPrefix("site") || $0.field.hasPrefix("role") }, "\(p)")
    }

    @Test func pinConflictsAreNamed() {
        let leave = Self.base.replacingOccurrences(of: "serves: all}", with: "serves: all, leave: [2026-11-30]}") + "\npins: [{post: P, site: B, day: mon, half: am}]"
        #expect(problems(leave).contains { $0.message.contains("conflicts with leave") && $0.line != nil })
        let twice = Self.base + "\npins: [{post: P, site: B, day: mon, half: am}, {post: P, site: A, day: mon, half: am}]"
        #expect(problems(twice).contains { $0.message.contains("one place per post per session") })
    }

    @Test func demandCSV() throws {
        let items = try DemandCSV.parse("site,role,sessions,priority\nB,R,2,urgent\n\"B\",R,1,routine\n", file: "d.csv")
        #expect(items.count == 2)
        #expect(items[1].priority == .routine)
        // No silent default: an empty priority is refused, not read as routine.
        #expect(throws: InputError.self) { try DemandCSV.parse("site,role,sessions,priority\nB,R,1,\n", file: "d.csv") }
        do { _ = try DemandCSV.parse("site,role,sessions,priority\nB,R,x,urgent\nB,R,1,soon\n", file: "d.csv"); Issue.record("accepted bad CSV") }
        catch {
            #expect(error.problems.map(\.line) == [2, 3])
            #expect(error.problems.map(\.field) == ["sessions", "priority"])
        }
    }
}
