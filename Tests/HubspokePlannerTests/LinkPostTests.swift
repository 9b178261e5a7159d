import Foundation
import Testing
@testable import HubspokeModel
@testable import HubspokeScenarioIO
@testable import HubspokePlanner
@testable import HubspokeTestSupport
import HubspokeSupport

/// Named link posts: a soft rule, reported per PRU and role, never in the way of cover.
@Suite struct LinkPostTests {
    static let kmLinks = [LinkPost(site: "PRU-DART", role: "MHT", post: "MHT-W"), LinkPost(site: "PRU-GILL", role: "MHT", post: "MHT-1"),
                          LinkPost(site: "PRU-MARG", role: "MHT", post: "MHT-E"), LinkPost(site: "PRU-CANT", role: "FSW", post: "FSW-E")]

    /// The embedded scenario without its own `links:` section, for tests that give theirs.
    static func withoutLinks() -> String? { ScenarioText.embedded(without: ["links"]) }

    /// The share and the distinct posts, counted again from the assignments.
    func recount(_ rota: Rota, _ sc: Scenario) -> [LinkShare] {
        sc.links.map { l in
            let here = rota.assignments.filter { $0.site == l.site && $0.role == l.role }
            return LinkShare(site: l.site, role: l.role, post: l.post, sessions: here.count,
                             byLink: here.filter { $0.post == l.post }.count, posts: Set(here.map(\.post)).count)
        }
    }

    func share(_ rota: Rota) -> Double {
        let l = rota.links ?? []
        let n = l.reduce(0) { $0 + $1.sessions }
        return n == 0 ? 1 : Double(l.reduce(0) { $0 + $1.byLink }) / Double(n)
    }

    @Test func theReportMatchesARecountAndTheTermItsQuantity() throws {
        var sc = try Scenario.embedded()
        sc.links = Self.kmLinks
        let rota = try RotaPlanner.plan(sc)
        #expect(rota.links == recount(rota, sc))
        let term = try #require(rota.objective.terms.first { $0.term == .link })
        let off = recount(rota, sc).reduce(0) { $0 + $1.sessions - $1.byLink }
        #expect(term.quantity == Double(off) && term.penalty == Double(off) * sc.rules.weights.link)
        #expect(sc.breaches(of: rota.assignments).isEmpty)
    }

    @Test func withoutLinksTheRotaHasNoLinkTerm() throws {
        var sc = try Scenario.embedded()
        sc.links = []
        let rota = try RotaPlanner.plan(sc)
        #expect(rota.links == nil && !rota.objective.terms.contains { $0.term == .link })
    }

    /// A larger link weight never lowers the share the link posts give.
    @Test(arguments: ["kent-medway", "region"])
    func aLargerWeightNeverLowersTheLinkShare(_ which: String) throws {
        var sc: Scenario
        if which == "region" {
            sc = try ScenarioGenerator(sites: 10, posts: 12, weeks: 1, seed: 2).scenario()
            // Each PRU's link for each role: the first post of the role that may serve it.
            sc.links = sc.sites.filter { $0.kind == .pru }.flatMap { site in
                sc.roles.compactMap { role in
                    sc.posts.first { $0.role == role.id && $0.serves.contains(site.id) }.map { LinkPost(site: site.id, role: role.id, post: $0.id) }
                }
            }
        } else {
            sc = try Scenario.embedded()
            sc.links = Self.kmLinks + [LinkPost(site: "PRU-TW", role: "FSW", post: "FSW-1"), LinkPost(site: "PRU-DOV", role: "MHT", post: "MHT-1")]
        }
        var last = -1.0
        for weight in [0.0, 2, 10, 50] {
            sc.rules.weights.link = weight
            let rota = try RotaPlanner.plan(sc)
            // Monotone only between proven optima: each of these ends proven (within the default tolerance).
            #expect(rota.solver.status == .optimal, "weight \(weight): \(rota.solver.statusWords)")
            #expect(rota.links == recount(rota, sc))
            let s = share(rota)
            #expect(s >= last - 1e-9, "weight \(weight): share \(s) after \(last)")
            last = s
        }
    }

    @Test func coverStaysPossibleWhenTheLinkPostIsAway() throws {
        var sc = try Scenario.embedded()
        sc.links = [LinkPost(site: "PRU-MARG", role: "MHT", post: "MHT-E")]
        if let e = sc.postIndex("MHT-E") {
            sc.posts[e].absences = (0..<5).map { Absence(date: sc.startDate.adding(days: $0)) }
        }
        let rota = try RotaPlanner.plan(sc)
        let link = try #require(rota.links?.first)
        #expect(link.byLink == 0 && link.sessions > 0, "another post covered \(link.sessions) session(s)")
    }

    @Test(arguments: [
        ("{site: HUB, role: MHT, post: MHT-1}", "links are for PRUs"),
        ("{site: PRU-DOV, role: MHT, post: MHT-W}", "may not serve PRU-DOV"),
        ("{site: PRU-DOV, role: EP, post: MHT-1}", "MHT-1 is a MHT post, not EP"),
        ("{site: PRU-XX, role: MHT, post: MHT-1}", "unknown site \"PRU-XX\""),
        ("{site: PRU-DOV, role: MHT, post: MHT-9}", "unknown post \"MHT-9\""),
    ])
    func aBadLinkIsRefusedAtItsLine(entry: String, message: String) throws {
        let base = try #require(Self.withoutLinks())
        #expect {
            _ = try Scenario.parse(yaml: base + "\nlinks:\n  - \(entry)\n", file: "l.yaml")
        } throws: { error in
            (error as? InputError)?.problems.contains { $0.message.contains(message) && $0.line != nil && $0.field.hasPrefix("links[0]") } == true
        }
    }

    @Test func twoLinksForOnePRUAndRoleAreRefused() throws {
        let base = try #require(Self.withoutLinks())
        let yaml = base + "\nlinks:\n  - {site: PRU-DOV, role: MHT, post: MHT-1}\n  - {site: PRU-DOV, role: MHT, post: MHT-E}\n"
        #expect {
            _ = try Scenario.parse(yaml: yaml, file: "l.yaml")
        } throws: { error in
            (error as? InputError)?.problems.contains { $0.message.contains("one link post per PRU and role") } == true
        }
    }
}
