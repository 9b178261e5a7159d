import Foundation
import Testing
import HubspokeSupport
@testable import HubspokeModel
@testable import HubspokeScenarioIO
@testable import HubspokePlanner
import HubspokeTestSupport

/// Staff preferences: each matching session counts its weight, against the objective (avoid) or
/// for it (prefer); the rota reports each preference satisfied or broken.
@Suite struct StaffPreferenceTests {
    func matching(_ rota: Rota, _ pref: StaffPreference) -> Int {
        rota.assignments.filter { $0.post == pref.post && pref.matches(site: $0.site, weekday: $0.day, half: $0.half) }.count
    }

    @Test func theReportAndTheTermMatchARecount() throws {
        var sc = try Scenario.embedded()
        sc.preferences = [StaffPreference(post: "EP-1", kind: .avoid, weekday: .mon, weight: 20),
                          StaffPreference(post: "MHT-1", kind: .prefer, site: "PRU-TW", weight: 3)]
        let rota = try RotaPlanner.plan(sc)
        let outcomes = try #require(rota.preferences)
        #expect(outcomes.map(\.sessions) == sc.preferences.map { matching(rota, $0) })
        let term = try #require(rota.objective.terms.first { $0.term == .preferences })
        let expected = Double(matching(rota, sc.preferences[0])) * 20 - Double(matching(rota, sc.preferences[1])) * 3
        #expect(abs(term.penalty - expected) < 1e-9)
        #expect(abs(rota.objective.total - (rota.solver.objective ?? .nan)) < 1e-6, "the report counts what the model weighed")
        #expect(sc.breaches(of: rota.assignments).isEmpty)
    }

    /// A larger weight never gives more of the sessions an avoid names, nor fewer of those a prefer names.
    @Test func aLargerWeightMovesTheRotaTheRightWay() throws {
        var sc = try Scenario.embedded()
        var lastAvoided = Int.max, lastPreferred = -1
        for weight in [0.0, 5, 30, 200] {
            sc.preferences = [StaffPreference(post: "FSW-1", kind: .avoid, half: .pm, weight: weight),
                              StaffPreference(post: "MHT-1", kind: .prefer, site: "PRU-CANT", weight: weight)]
            let rota = try RotaPlanner.plan(sc)
            #expect(rota.solver.status == .optimal)
            let avoided = matching(rota, sc.preferences[0]), preferred = matching(rota, sc.preferences[1])
            #expect(avoided <= lastAvoided && preferred >= lastPreferred, "weight \(weight): \(avoided) avoided, \(preferred) preferred")
            lastAvoided = avoided; lastPreferred = preferred
        }
    }

    @Test(arguments: [
        ("{post: EP-9, avoid: {day: fri}}", "unknown post \"EP-9\""),
        ("{post: MHT-W, prefer: {site: PRU-DOV}}", "may not serve PRU-DOV"),
        ("{post: EP-1, prefer: {site: PRU-XX}}", "unknown site \"PRU-XX\""),
        ("{post: EP-1, avoid: {day: sun}}", "not a weekday"),
        ("{post: EP-1, avoid: {}}", "name a site, a day and/or a half"),
        ("{post: EP-1, prefer: {day: mon}, avoid: {day: fri}}", "either prefer: or avoid:"),
        ("{post: EP-1, avoid: {half: pm}, weight: -1}", "out of range"),
    ])
    func aBadPreferenceIsRefusedAtItsLine(entry: String, message: String) throws {
        // The default scenario without its own preferences (a section is given once).
        let base = try #require(ScenarioText.embedded(without: ["preferences"]))
        #expect {
            _ = try Scenario.parse(yaml: base + "\npreferences:\n  - \(entry)\n", file: "p.yaml")
        } throws: { error in
            (error as? InputError)?.problems.contains { $0.message.contains(message) && $0.line != nil && $0.file == "p.yaml" } == true
        }
    }
}
