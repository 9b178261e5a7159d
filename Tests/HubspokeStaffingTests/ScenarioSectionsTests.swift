import HubspokeModel
import HubspokeScenarioIO
import HubspokeSimulation
import HubspokeStaffing
import Testing

/// The `simulation:` and `costs:` sections are read by their own layers' section readers, in the same
/// pass as the rest of the file.
@Suite struct ScenarioSectionsTests {
    static let base = """
    name: sections
    start: 2026-11-30
    roles: [{id: EP, name: Educational Psychologist}]
    sites: [{id: HUB, kind: hub, rooms: 2, location: [51.0, 0.0]}]
    posts: [{id: EP-1, role: EP, sessions: 10, base: HUB}]
    """

    func problems(_ yaml: String, _ sections: [ScenarioSectionReader]) -> [String] {
        do { _ = try Scenario.parse(yaml: yaml, file: "s.yaml", sections: sections); return [] } catch { return error.problems.map(\.description) }
    }

    @Test func aSectionIsReadOnlyWhenItsReaderIsPassed() throws {
        let plain = try Scenario.embedded()
        #expect(plain.simulation == nil && plain.costs == nil)
        let simulated = try Scenario.embedded(sections: [.simulation])
        #expect(simulated.simulation != nil && simulated.costs == nil)
        let all = try Scenario.embedded(sections: .all)
        #expect(all.simulation == simulated.simulation)
        #expect(all.costs?.pay.count == all.roles.count)
    }

    @Test func aSectionCanBeSetAndCleared() throws {
        var s = try Scenario.embedded(sections: .all)
        let costs = try #require(s.costs)
        s.costs = nil
        #expect(s.costs == nil && s.simulation != nil)
        s.costs = costs
        #expect(s.costs == costs)
    }

    @Test func aSectionsProblemsAreListedWithTheRestInFileOrder() {
        let yaml = Self.base + """

        weeks: 99
        simulation:
          referrals_per_week: {HUB: 1}
          needs: [{assessment: EP}]
          weeks: 0
        costs:
          years: 99
        """
        #expect(problems(yaml, .all) == ["s.yaml:6: weeks: 99 is out of range (1 to 52)",
                                         "s.yaml:10: simulation.weeks: 0 is out of range (1 to 520)",
                                         "s.yaml:12: costs.years: 99 is out of range (1 to 30)"])
        // Without their readers the sections are skipped: only the scenario's own problems remain.
        #expect(problems(yaml, []) == ["s.yaml:6: weeks: 99 is out of range (1 to 52)"])
    }

    @Test func aMisspeltSectionIsAnUnknownFieldWithOrWithoutReaders() {
        let yaml = Self.base + "\nsimulaton: {weeks: 4}\n"
        for sections in [[], [ScenarioSectionReader].all] {
            let found = problems(yaml, sections)
            #expect(found.count == 1 && found[0].hasPrefix("s.yaml:6: simulaton: unknown field"), "\(found)")
            #expect(found.first?.contains("simulation, costs") == true)
        }
    }

    @Test func aBadNumberKeepsItsDefaultAndIsReported() throws {
        let yaml = Self.base + """

        costs:
          pension: 2
          years: 5
        """
        #expect(problems(yaml, .all) == ["s.yaml:7: costs.pension: 2 is out of range (0.0 to 1.0)"])
        let good = try Scenario.parse(yaml: Self.base + "\ncosts: {years: 5}\n", file: "s.yaml", sections: .all)
        #expect(good.costs?.years == 5)
        #expect(good.costs?.pension == CostSettings(pay: [nil]).pension)
    }
}
