import HubspokeSupport
import HubspokeModel
import HubspokeScenarioIO
import Testing
@testable import HubspokeSimulation

func kentAndMedway() throws -> ServiceModel {
    let scenario = try Scenario.embedded(sections: [.simulation])
    return ServiceModel(scenario, settings: try #require(scenario.simulation))
}

@Suite struct SimulatorTests {
    /// Every referral is accounted for, and the waiting list's time-average (integrated event by event)
    /// equals arrivals a week times the mean time on the list (summed child by child).
    @Test(arguments: ["greedy", "proportional", "fixed"])
    func accountingAndLittlesLaw(policy: String) throws {
        let model = try kentAndMedway()
        let p = try PolicyCatalog.make(policy, model: model)
        for rep in 0..<3 {
            var sim = Replication(model: model, policy: p, weeks: 26, replication: rep + 1, seed: UInt64(100 + rep))
            let r = try sim.run()
            #expect(r.arrived == r.completed + r.droppedOut + r.waitingAtEnd + r.inTreatmentAtEnd)
            #expect(r.arrived > r.initialList)
            #expect(r.invalidSessions == 0)
            let little = r.littleArrivalRate * r.littleMeanWait
            #expect(abs(r.waitingTimeAverage - little) <= 1e-9 * max(1, little), "L \(r.waitingTimeAverage) vs lambda W \(little)")
            #expect(r.appointmentsAttended + r.appointmentsMissed == r.postBooked.reduce(0, +))
            #expect(r.waits.allSatisfy { $0 >= 0 })
        }
    }

    /// The optimal policy's rotas keep every rule the engine checks (no session ignored).
    @Test func optimalPolicyPlacesOnlyValidSessions() throws {
        let model = try kentAndMedway()
        var sim = Replication(model: model, policy: OptimalPolicy(), weeks: 4, replication: 1, seed: 5)
        let r = try sim.run()
        #expect(r.invalidSessions == 0)
        #expect(r.sessionsAllocated > 0)
    }

    /// Common random numbers: every policy meets the same referrals in a replication.
    @Test func policiesShareReferrals() throws {
        let model = try kentAndMedway()
        let policies: [any AllocationPolicy] = [GreedyPolicy(), ProportionalPolicy()]
        let report = try Simulator.run(model, policies: policies, options: SimulationOptions(weeks: 20, replications: 4, seed: 3))
        let k = KPI.all.firstIndex { $0.key == .referrals }!
        for rep in 1...4 {
            let rows = try report.rows().filter { $0.replication == rep }
            #expect(rows.count == 2)
            #expect(rows[0].values[k] == rows[1].values[k])
            #expect(rows[0].arrived == rows[1].arrived)
        }
        // And the paired difference in referrals is exactly zero.
        let d = try #require(report.differences.first { $0.kpi == .referrals })
        #expect(d.estimate.mean == 0 && d.estimate.halfWidth == 0)
    }

    /// The same seed gives the same bytes whatever the number of threads; another seed differs.
    @Test func reproducibleAcrossThreads() throws {
        let model = try kentAndMedway()
        let policies: [any AllocationPolicy] = [GreedyPolicy(), ProportionalPolicy()]
        let one = try Simulator.run(model, policies: policies, options: SimulationOptions(weeks: 12, replications: 6, seed: 9, threads: 1))
        let two = try Simulator.run(model, policies: policies, options: SimulationOptions(weeks: 12, replications: 6, seed: 9, threads: 2))
        let other = try Simulator.run(model, policies: policies, options: SimulationOptions(weeks: 12, replications: 6, seed: 10, threads: 2))
        #expect(one.json() == two.json())
        #expect(one.table() == two.table())
        #expect(try one.replicationsCSV() == two.replicationsCSV())
        #expect(one.json() != other.json())
    }

    /// Waits sort children by priority: urgent referrals wait less than routine ones under load.
    @Test func priorityOrderShortensUrgentWaits() throws {
        let model = try kentAndMedway()
        var urgent: [Double] = [], routine: [Double] = []
        for rep in 0..<4 {
            var sim = Replication(model: model, policy: GreedyPolicy(), weeks: 26, replication: rep, seed: UInt64(rep))
            _ = try sim.run()
            let children = sim.children
            for c in children.indices where children.firstSeen[c] >= 0 && children.referred[c] >= 0 {
                let w = children.firstSeen[c] - children.referred[c]
                if children.priority[c] == 0 { urgent.append(w) } else if children.priority[c] == 2 { routine.append(w) }
            }
        }
        let mean = { (xs: [Double]) in xs.reduce(0, +) / Double(xs.count) }
        #expect(!urgent.isEmpty && !routine.isEmpty)
        #expect(mean(urgent) < mean(routine))
    }
}

@Suite struct ChildTableTests {
    /// The end-of-run counts are the children's states, and each state agrees with the child's
    /// record: only children in treatment or finished have a first session, and completed children
    /// need nothing more.
    @Test func statesMatchTheRecordsAndTheCounts() throws {
        let model = try kentAndMedway()
        var sim = Replication(model: model, policy: GreedyPolicy(), weeks: 26, replication: 1, seed: 7)
        let r = try sim.run()
        let t = sim.children
        let count = { (s: ChildState) in t.state.filter { $0 == s }.count }
        #expect(t.count == r.arrived)
        #expect(count(.waiting) == r.waitingAtEnd && count(.inTreatment) == r.inTreatmentAtEnd)
        #expect(count(.completed) == r.completed && count(.droppedOut) == r.droppedOut)
        #expect(count(.completed) > 0 && count(.droppedOut) > 0 && count(.waiting) > 0 && count(.inTreatment) > 0)
        for c in t.indices {
            switch t.state[c] {
            case .waiting: #expect(t.firstSeen[c] < 0 && t.leftWaiting[c] < 0)
            case .inTreatment: #expect(t.firstSeen[c] >= 0 && t.pending[c] > 0)
            case .completed:
                #expect(t.firstSeen[c] >= 0 && t.pending[c] == 0)
                #expect((0..<model.roleCount).allSatisfy { t.remaining[c, $0] == 0 && !t.needs(c, $0) })
            case .droppedOut: #expect(t.leftWaiting[c] >= 0)
            }
        }
    }

    /// A new child needs exactly its assessment role until it is assessed; its later sessions are
    /// stored per role.
    @Test func appendKeepsTheFieldsAligned() {
        var t = ChildTable(roles: 3)
        let profile = SimulationSettings.NeedProfile(name: "p", weight: 1, assessment: 1,
                                                     sessions: [.init(role: 0, count: 2), .init(role: 2, count: 5)])
        let a = t.append(site: 4, priority: 2, referred: 10, profile: profile, seed: 1)
        let b = t.append(site: 0, priority: 0, referred: 20, profile: profile, seed: 2)
        #expect((a, b) == (0, 1) && t.count == 2)
        #expect(t.state == [.waiting, .waiting] && t.pending == [3, 3])
        #expect((0..<3).map { t.needs(a, $0) } == [false, true, false])
        #expect((0..<3).map { t.remaining[b, $0] } == [2, 0, 5])
        #expect(t.before(b, a))
        t.state[a] = .inTreatment
        #expect((0..<3).map { t.needs(a, $0) } == [true, false, true])
    }
}

@Suite struct ChildQueueTests {
    /// Removing from the head past the compaction point keeps every remaining child, in order.
    @Test func headRemovalsCompactWithoutLosingChildren() {
        var q = ChildQueue()
        q.items = (0..<200).map(Int32.init)
        for _ in 0..<150 { q.remove(at: q.head) }
        #expect(Array(q.items[q.head...]) == (150..<200).map(Int32.init))
        q.remove(at: q.head + 10)
        #expect(Array(q.items[q.head...]) == (150..<200).filter { $0 != 160 }.map(Int32.init))
    }

    /// Children who drop out are skipped lazily; the search must not jump past anyone when the queue
    /// compacts under it.
    @Test func lazyRemovalFindsTheFirstChildStillWaiting() throws {
        let scenario = try QueueingScenario.mmc(servers: 1, arrivalsPerHour: 1, meanServiceHours: 1)
        let model = ServiceModel(scenario, settings: try #require(scenario.simulation))
        var sim = Replication(model: model, policy: GreedyPolicy(), weeks: 1, replication: 1, seed: 1)
        var g = SeededRandom(seed: 3)
        for _ in 0..<120 { _ = sim.newChild(site: 0, referred: 0, stream: &g) }
        // The first 100 leave the list; the next one waiting is child 100.
        for c in 0..<100 { sim.dropOut(c) }
        #expect(sim.children.state[..<100].allSatisfy { $0 == .droppedOut })
        #expect(sim.children.state[100...].allSatisfy { $0 == .waiting })
        let next = sim.nextChild(site: 0, role: 0, oncePerWeek: false)
        #expect(next?.child == 100)
    }
}

@Suite struct EquityTests {
    /// The equity measures use the same waits as the site means: children never seen included.
    @Test func pruWaitsMatchTheSiteMeans() throws {
        let model = try kentAndMedway()
        var sim = Replication(model: model, policy: ProportionalPolicy(), weeks: 26, replication: 1, seed: 2)
        let r = try sim.run()
        let expected = model.scenario.sites.indices.filter { model.isPRU[$0] }.compactMap { r.siteMeanWait[$0] }
        #expect(!expected.isEmpty)
        #expect(r.pruMeanWaits == expected)
    }
}
