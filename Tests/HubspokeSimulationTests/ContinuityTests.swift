import HubspokeSupport
import HubspokeModel
import HubspokeScenarioIO
import Testing
@testable import HubspokeSimulation

/// Kent and Medway with the policies' continuity weight set to `weight` (0: not weighed).
func kentAndMedway(continuityWeight weight: Double) throws -> ServiceModel {
    let scenario = try Scenario.embedded(sections: [.simulation])
    var settings = try #require(scenario.simulation)
    settings.continuityWeight = weight
    return ServiceModel(scenario, settings: settings)
}

@Suite struct ContinuityTests {
    /// Weighing continuity raises the share of follow-up sessions with the child's first
    /// practitioner, under the optimal and the greedy policy, with the same referrals (common random
    /// numbers: the referral streams do not depend on the policy or its settings).
    @Test(arguments: ["optimal", "greedy"])
    func weighingContinuityRaisesTheSamePractitionerShare(policy: String) throws {
        let on = try kentAndMedway(continuityWeight: 2), off = try kentAndMedway(continuityWeight: 0)
        let (policyOn, policyOff) = (try PolicyCatalog.make(policy, model: on), try PolicyCatalog.make(policy, model: off))
        var same = [0, 0], followUps = [0, 0]
        for rep in 0..<4 {
            let seed = SeededRandom.replicationSeed(11, rep)
            var a = Replication(model: on, policy: policyOn, weeks: 12, replication: rep + 1, seed: seed)
            var b = Replication(model: off, policy: policyOff, weeks: 12, replication: rep + 1, seed: seed)
            let (x, y) = (try a.run(), try b.run())
            #expect(x.referrals == y.referrals && x.siteReferrals == y.siteReferrals && x.arrived == y.arrived)
            #expect(x.invalidSessions == 0 && y.invalidSessions == 0)
            same[0] += x.followUpsWithSamePost; followUps[0] += x.followUpSessions
            same[1] += y.followUpsWithSamePost; followUps[1] += y.followUpSessions
        }
        #expect(followUps[0] > 0 && followUps[1] > 0)
        let share = (0..<2).map { Double(same[$0]) / Double(followUps[$0]) }
        #expect(share[0] > share[1], "with continuity \(share[0]), without \(share[1])")
    }

    /// Every attended session is either a child's first of its role (which binds the child to the
    /// post) or a follow-up: a recount from the children's bindings at the end of the run. Each
    /// binding names a post of that role that may serve the child's site.
    @Test func followUpsAreTheAttendedSessionsAfterEachFirst() throws {
        let model = try kentAndMedway()
        for policy in ["greedy", "proportional"] {
            var sim = Replication(model: model, policy: try PolicyCatalog.make(policy, model: model), weeks: 16, replication: 1, seed: 21)
            let r = try sim.run()
            let t = sim.children
            var firsts = 0
            for c in t.indices {
                for role in 0..<model.roleCount where t.boundPost[c, role] >= 0 {
                    let p = Int(t.boundPost[c, role])
                    #expect(model.postRole[p] == role && model.eligible[p][Int(t.site[c])])
                    firsts += 1
                }
            }
            #expect(r.followUpSessions > 0 && r.followUpsWithSamePost <= r.followUpSessions)
            #expect(r.appointmentsAttended == firsts + r.followUpSessions, "\(policy)")
        }
    }

    /// With one post per role, every follow-up is with the same practitioner: the KPI is 100.
    @Test func onePostPerRoleKeepsThePractitioner() throws {
        let yaml = """
        name: one post each
        start: 2026-11-30
        roles:
          - {id: EP, name: Educational Psychologist}
          - {id: MHT, name: Mental Health Therapist}
        sites:
          - {id: HUB, name: Hub, kind: hub, location: [51.27, 0.52], rooms: 2}
          - {id: SP, name: Spoke, kind: spoke, location: [51.38, 0.52], rooms: 1}
          - {id: PRU-A, name: PRU A, kind: pru, spoke: SP, location: [51.30, 0.55], rooms: 1, roll: 40}
        posts:
          - {id: EP-1, role: EP, sessions: 8, base: HUB, serves: all}
          - {id: MHT-1, role: MHT, sessions: 8, base: HUB, serves: all}
        simulation:
          referrals_per_week: {PRU-A: 2, HUB: 1}
          needs:
            - {assessment: EP, sessions: {EP: 2, MHT: 3}}
        """
        let scenario = try Scenario.parse(yaml: yaml, file: "one.yaml", sections: [.simulation])
        let model = ServiceModel(scenario, settings: try #require(scenario.simulation))
        var sim = Replication(model: model, policy: GreedyPolicy(), weeks: 12, replication: 1, seed: 4)
        let r = try sim.run()
        #expect(r.followUpSessions > 0)
        let kpi = try #require(KPI.named(.samePractitioner))
        #expect(kpi.value(r) == 100)
    }

    /// A child bound to another post is passed over while that post still has appointments at the
    /// site this week, and offered again once they have all come; its own post takes it at once.
    @Test func aBoundChildWaitsForItsOwnPost() throws {
        let scenario = try QueueingScenario.mmc(servers: 2, arrivalsPerHour: 1, meanServiceHours: 1)
        let model = ServiceModel(scenario, settings: try #require(scenario.simulation))
        var sim = Replication(model: model, policy: GreedyPolicy(), weeks: 1, replication: 1, seed: 1)
        var g = SeededRandom(seed: 3)
        let first = sim.newChild(site: 0, referred: 0, stream: &g)
        let second = sim.newChild(site: 0, referred: 1, stream: &g)
        sim.children.boundPost[first, 0] = 1
        sim.bookAhead(post: 1, halfDay: 3, site: 0, appointments: 2)
        #expect(sim.nextChild(site: 0, role: 0, oncePerWeek: false, post: 0)?.child == second)
        #expect(sim.nextChild(site: 0, role: 0, oncePerWeek: false, post: 1)?.child == first)
        #expect(sim.nextChild(site: 0, role: 0, oncePerWeek: false)?.child == first)
        sim.appointmentCame(slot: 13); sim.appointmentCame(slot: 13)
        #expect(sim.nextChild(site: 0, role: 0, oncePerWeek: false, post: 0)?.child == first)
    }

    /// The same seed gives the same bytes twice, the new KPI included, whatever the threads.
    @Test func theSameSeedGivesTheSameBytes() throws {
        let model = try kentAndMedway()
        let policies: [any AllocationPolicy] = [OptimalPolicy(), GreedyPolicy()]
        let one = try Simulator.run(model, policies: policies, options: SimulationOptions(weeks: 6, replications: 3, seed: 5, threads: 1))
        let two = try Simulator.run(model, policies: policies, options: SimulationOptions(weeks: 6, replications: 3, seed: 5, threads: 2))
        #expect(one.json() == two.json())
        #expect(try one.replicationsCSV() == two.replicationsCSV())
        #expect(one.json().contains("\"same_practitioner\""))
        let share = try #require(one.policies[0].kpi(.samePractitioner))
        #expect(share.mean > 0 && share.mean <= 100 && share.halfWidth != nil)
    }
}

@Suite struct ContinuityPolicyTests {
    /// A week's state for Kent and Medway with nobody waiting and every post available.
    func emptyWeek(_ model: ServiceModel) -> WeekState {
        let R = model.roleCount, S = model.siteCount
        return WeekState(week: 0, monday: model.scenario.startDate,
                         available: Array(repeating: Array(repeating: true, count: 10), count: model.postCount),
                         open: Array(repeating: Array(repeating: true, count: 10), count: S),
                         waiting: Array(repeating: Array(repeating: [0, 0, 0], count: R), count: S),
                         waits: Array(repeating: Array(repeating: [], count: R), count: S),
                         caseload: Array(repeating: [], count: model.postCount))
    }

    /// The optimal policy's week: where children bound to posts wait, the post most of them are bound
    /// to (the first on a tie) becomes the link post, in place of the scenario's; the other links stay;
    /// every link weighs the continuity weight. With the weight 0 nothing changes.
    @Test func theWeeksLinksFollowTheChildren() throws {
        let model = try kentAndMedway(continuityWeight: 5)
        let sc = model.scenario
        let (dart, gill) = (try #require(sc.siteIndex("PRU-DART")), try #require(sc.siteIndex("PRU-GILL")))
        let (mhtW, mht1, mhtE) = (try #require(sc.postIndex("MHT-W")), try #require(sc.postIndex("MHT-1")), try #require(sc.postIndex("MHT-E")))
        #expect(sc.linkPost(site: "PRU-DART", role: "MHT") == "MHT-W")
        var state = emptyWeek(model)
        state.caseload[mhtW] = [Caseload(site: dart, children: 1)]
        state.caseload[mht1] = [Caseload(site: dart, children: 3), Caseload(site: gill, children: 2)].sorted { $0.site < $1.site }
        state.caseload[mhtE] = [Caseload(site: gill, children: 2)]
        var week = sc
        OptimalPolicy.weighContinuity(&week, state: state, model: model)
        #expect(week.linkPost(site: "PRU-DART", role: "MHT") == "MHT-1")
        #expect(week.linkPost(site: "PRU-GILL", role: "MHT") == sc.posts[min(mht1, mhtE)].id)
        #expect(week.linkPost(site: "PRU-DART", role: "FSW") == sc.linkPost(site: "PRU-DART", role: "FSW"))
        #expect(week.links.count == sc.links.count)
        #expect(week.rules.weights.link == 5)
        var unweighed = sc
        OptimalPolicy.weighContinuity(&unweighed, state: state, model: try kentAndMedway(continuityWeight: 0))
        #expect(unweighed.links == sc.links && unweighed.rules.weights == sc.rules.weights)
    }

    /// Greedy covers the same sites with continuity weighed or not, but with it two posts of a
    /// role swap sites when each then meets the children bound to it.
    @Test func greedySwapsPostsToTheirOwnChildren() throws {
        for weight in [0.0, 2] {
            let model = try kentAndMedway(continuityWeight: weight)
            let sc = model.scenario
            let mht = sc.posts.indices.filter { sc.posts[$0].role == "MHT" }
            let (p, q) = (mht[0], mht[1]), r = model.postRole[mht[0]]
            let both = sc.sites.indices.filter { model.eligible[p][$0] && model.eligible[q][$0] }
            try #require(both.count >= 2)
            let (a, b) = (both[0], both[1])
            var state = emptyWeek(model)
            state.waiting[a][r] = [0, 0, 1]; state.waits[a][r] = [90]
            state.waiting[b][r] = [0, 0, 1]; state.waits[b][r] = [80]
            // p, first in post order, goes to the longest wait, at a; its own child waits at b, q's at a.
            state.caseload[p] = [Caseload(site: b, children: 1)]
            state.caseload[q] = [Caseload(site: a, children: 1)]
            let x = GreedyPolicy().allocate(state, model: model)
            #expect(Set([x.site[p][0], x.site[q][0]]) == Set([a, b]), "weight \(weight)")
            #expect(x.site[p][0] == (weight > 0 ? b : a), "weight \(weight)")
        }
    }
}
