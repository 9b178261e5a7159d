import HubspokeModel
import HubspokeScenarioIO
import HubspokeSimulation
import Testing

@Suite struct SimulationSettingsTests {
    func problems(_ simulation: String) -> [String] {
        let yaml = tinyScenarioYAML("simulation", simulation)
        do { _ = try Scenario.parse(yaml: yaml, file: "s.yaml", sections: [.simulation]); return [] } catch { return error.problems.map(\.description) }
    }

    @Test func readsTheKentAndMedwaySection() throws {
        let s = try #require(try Scenario.embedded(sections: [.simulation]).simulation)
        #expect(s.needs.count == 5)
        // Its closures come from the scenario's calendar: section now, not a list of its own.
        #expect(s.closures.isEmpty)
        #expect(abs(s.priorityMix.reduce(0, +) - 1) < 1e-12)
        #expect(s.referralsPerWeek.reduce(0, +) > 5)
    }

    @Test func reportsBadFieldsByName() {
        let good = "referrals_per_week: {HUB: 1}\nneeds:\n  - {assessment: EP}"
        #expect(problems(good).isEmpty)
        #expect(problems("referrals_per_week: {HUB: 1}\nneeds:\n  - {assessment: OT}").contains { $0.contains("needs[0].assessment") && $0.contains("no post has the role OT") })
        #expect(problems("referrals_per_week: {HUB: -1}\nneeds:\n  - {assessment: EP}").contains { $0.contains("referrals_per_week.HUB") && $0.contains("out of range") })
        #expect(problems("referrals_per_week: {XX: 1}\nneeds:\n  - {assessment: EP}").contains { $0.contains("unknown site \"XX\"") })
        #expect(problems(good + "\ndid_not_attend: 1.5").contains { $0.contains("did_not_attend") })
        #expect(problems(good + "\npriorities: {urgent: 0.5, routine: 0.2}").contains { $0.contains("add up to 0.7") })
        #expect(problems(good + "\nweeks: 100000").contains { $0.contains("simulation.weeks") })
        #expect(problems(good + "\nclosures: [2027-01-05..2027-01-01]").contains { $0.contains("ends before it starts") })
        #expect(problems("needs:\n  - {assessment: EP}").contains { $0.contains("referrals_per_week") && $0.contains("missing") })
    }

    /// `continuity_weight`: 2 unless given, 0 turns continuity off, and a negative weight is refused at its line.
    @Test func readsTheContinuityWeight() throws {
        #expect(try #require(try Scenario.embedded(sections: [.simulation]).simulation).continuityWeight == 2)
        let good = "referrals_per_week: {HUB: 1}\nneeds:\n  - {assessment: EP}"
        #expect(problems(good + "\ncontinuity_weight: 0").isEmpty)
        let bad = problems(good + "\ncontinuity_weight: -1")
        #expect(bad.contains { $0.hasPrefix("s.yaml:") && $0.contains("simulation.continuity_weight") && $0.contains("out of range") }, "\(bad)")
    }
}
