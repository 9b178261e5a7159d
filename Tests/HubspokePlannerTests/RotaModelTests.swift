import Foundation
import LinearModel
import Testing
@testable import HubspokeModel
@testable import HubspokeScenarioIO
@testable import HubspokePlanner
@testable import HubspokeTestSupport

@Suite struct RotaModelTests {
    /// The keys' dense numbers (for the rounding heuristic's arrays) are 0..<count, one per key,
    /// and the room keys come in the room rows' order: session by session, site by site.
    @Test func keyNumbersAreDenseAndRoomKeysOrdered() throws {
        let sc = try ScenarioGenerator(sites: 6, posts: 6, weeks: 2, seed: 3).scenario()
        let inst = PlanningInstance(sc, previous: nil)
        let rooms = inst.roomKeys
        #expect(rooms == rooms.sorted())
        #expect(rooms.map(inst.number) == Array(0..<inst.roomKeyCount))
        let covers = (0..<inst.siteCount).flatMap { s in sc.roles.indices.flatMap { r in (0..<inst.weeks).map { CoverKey(site: s, role: r, week: $0) } } }
        #expect(covers.map(inst.number) == Array(0..<inst.coverKeyCount))
        let contracts = sc.posts.indices.flatMap { p in (0..<inst.weeks).map { ContractKey(post: p, week: $0) } }
        #expect(contracts.map(inst.number) == Array(0..<inst.contractKeyCount))
    }

    /// The model's variables come family by family (day plans, then served sessions, then fairness
    /// segments), each in its keys' order, with the names and bounds of its keys; room rows follow
    /// the room keys' order.
    @Test func familiesAndRowsFollowTheirKeys() throws {
        let sc = try Scenario.embedded()
        let inst = PlanningInstance(sc, previous: nil)
        let rota = RotaModel(inst, roles: inst.rolesWithPosts)
        let names = rota.model.variables.map(\.name)
        #expect(rota.plans.variables.map(\.index) == Array(0..<rota.plans.count))
        // Protected time (the default's EP time at base) comes between the plans and the served sessions.
        let p = rota.plans.count, t = rota.protectedTime.count
        #expect(rota.protectedTime.variables.map(\.index) == Array(p..<(p + t)))
        #expect(names[p...].prefix(t).allSatisfy { $0.hasPrefix("protected[") })
        #expect(rota.served.variables.map(\.index) == Array((p + t)..<(p + t + rota.served.count)))
        #expect(names[(p + t)...].prefix(rota.served.count).allSatisfy { $0.hasPrefix("served[") })
        #expect(names.last?.hasPrefix("shortfall[") == true)
        for (key, y) in rota.served {
            #expect(rota.model.variables[y.index].upper == Double(inst.demand(key)))
            #expect(names[y.index] == "served[\(sc.sites[key.cover.site].id),\(sc.roles[key.cover.role].id),\(key.cover.week + 1),\(key.priority.rawValue)]")
        }
        let days = rota.plans.keys.map { [$0.post, $0.day] }
        #expect(days == days.sorted { $0.lexicographicallyPrecedes($1) })
        #expect(!rota.roomRows.isEmpty)
        #expect(rota.roomRows.map(\.key) == rota.roomRows.map(\.key).sorted())
        #expect(rota.roomRows.allSatisfy { rota.model.constraints[$0.row.index].name == "rooms[\(sc.sites[$0.key.site].id),\($0.key.slot.tag)]" })
    }

    /// Each objective term has a typed identifier, printed under its own name, and a rota read back
    /// from its JSON knows its terms.
    @Test func objectiveTermsAreTyped() throws {
        #expect(Set(ObjectiveTerm.allCases.map(\.name)).count == ObjectiveTerm.allCases.count)
        #expect(ObjectiveTerm.allCases.allSatisfy { ObjectiveTerm(name: $0.name) == $0 })
        #expect(ObjectiveTerm(name: "continuity") == nil)
        let rota = try RotaPlanner.plan(Scenario.embedded())
        let expected: [ObjectiveTerm] = [.unmet(.urgent), .unmet(.high), .unmet(.routine), .fairness, .continuity, .link, .preferences, .travel]
        #expect(rota.objective.terms.map(\.term) == expected)
        let read = try JSONDecoder().decode(Rota.self, from: Data(rota.json().utf8))
        #expect(read.objective.terms.map(\.term) == expected)
        #expect(read.objective.terms.first { $0.term == .travel }?.name == "travel")
    }
}
