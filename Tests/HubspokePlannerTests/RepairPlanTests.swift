import Testing
@testable import HubspokeModel
@testable import HubspokeScenarioIO
@testable import HubspokePlanner

@Suite struct RepairPlanTests {
    static let wednesday = CalendarDate(iso: "2026-12-02")!
    static let monday = CalendarDate(iso: "2026-11-30")!

    func sessions(_ r: Rota, before from: DatedHalf) -> [Assignment] { r.assignments.filter { DatedHalf($0.date, $0.half) < from } }

    /// Sessions removed plus sessions added between two rotas.
    func changes(_ a: Rota, _ b: Rota) -> Int {
        let x = Set(a.assignments.map { "\($0.post)|\($0.date)|\($0.half)|\($0.site)" })
        let y = Set(b.assignments.map { "\($0.post)|\($0.date)|\($0.half)|\($0.site)" })
        return x.subtracting(y).count + y.subtracting(x).count
    }

    @Test func nothingChangedMeansTheSameRota() throws {
        let sc = try Scenario.embedded()
        let reference = try RotaPlanner.plan(sc)
        let repaired = try RotaPlanner.plan(sc, repair: RepairPlan(reference: reference.assignments, frozenBefore: DatedHalf(Self.wednesday, .am)))
        #expect(repaired.assignments == reference.assignments)
        let term = repaired.objective.terms.last!
        #expect(term.term == .repair && term.quantity == 0)
        #expect(abs(repaired.objective.total - (repaired.solver.objective ?? .nan)) < 1e-6)
    }

    @Test func anAbsenceIsRepairedWithFewChangesAndThePastKept() throws {
        var sc = try Scenario.embedded()
        // Without the Wednesday team meeting more posts work at sites that day. The first of them
        // (by name: the week has several optimal rotas, so which posts work is not fixed) is absent.
        sc.protected = ProtectedTime()
        let reference = try RotaPlanner.plan(sc)
        let absent = try #require(reference.assignments.filter { $0.date == Self.wednesday }.map(\.post).sorted().first)
        sc.posts[try #require(sc.postIndex(absent))].absences.append(Absence(date: Self.wednesday))
        let from = DatedHalf(Self.wednesday, .am)
        let repaired = try RotaPlanner.plan(sc, repair: RepairPlan(reference: reference.assignments, frozenBefore: from))
        let scratch = try RotaPlanner.plan(sc)
        #expect(hardRuleViolations(repaired, sc) == [])
        #expect(sessions(repaired, before: from) == sessions(reference, before: from))
        #expect(!repaired.assignments.contains { $0.post == absent && $0.date == Self.wednesday })
        let n = changes(reference, repaired)
        #expect(repaired.objective.terms.last?.quantity == Double(n))
        #expect(n < changes(reference, scratch), "repair \(n), from scratch \(changes(reference, scratch))")
        #expect(abs(repaired.objective.total - (repaired.solver.objective ?? .nan)) < 1e-6)
    }

    @Test func aDeliveredSessionOfAnAbsentPostIsDropped() throws {
        var sc = try Scenario.embedded()
        let reference = try RotaPlanner.plan(sc)
        let monday = reference.assignments.first { $0.date == Self.monday && $0.half == .am }!
        sc.posts[sc.postIndex(monday.post)!].absences.append(Absence(date: Self.monday, half: .am))
        let from = DatedHalf(Self.wednesday, .am)
        let repaired = try RotaPlanner.plan(sc, repair: RepairPlan(reference: reference.assignments, frozenBefore: from))
        #expect(hardRuleViolations(repaired, sc) == [])
        #expect(sessions(repaired, before: from) == sessions(reference, before: from).filter { $0 != monday })
    }

    @Test func datedHalvesRead() {
        #expect(DatedHalf("2026-12-02") == DatedHalf(Self.wednesday, .am))
        #expect(DatedHalf("2026-12-02pm") == DatedHalf(Self.wednesday, .pm))
        #expect(DatedHalf("2026-12-02 PM") == DatedHalf(Self.wednesday, .pm))
        #expect(DatedHalf("2026-12-02-am") == DatedHalf(Self.wednesday, .am))
        #expect(DatedHalf("2026-12-02x") == nil)
        #expect(DatedHalf("2026-13-02") == nil)
    }
}
