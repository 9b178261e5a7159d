import HubspokeModel
import HubspokeScenarioIO
import HubspokeSimulation
@testable import HubspokeStaffing
import Testing

/// A one-role scenario with a 1.0 FTE and a 0.5 FTE post, for costs worked out by hand.
func twoPostScenario(costs: String) throws -> Scenario {
    try Scenario.parse(yaml: """
    name: costs by hand
    start: 2026-11-30
    roles: [{id: A, name: Role A}]
    sites:
      - {id: H, kind: hub, rooms: 2, location: [51.0, 0.0]}
      - {id: S, kind: spoke, rooms: 1, location: [51.1, 0.0]}
    posts:
      - {id: A-1, role: A, fte: 1.0, base: H}
      - {id: A-2, role: A, fte: 0.5, base: H, pattern: [mon, tue, wed-am]}
    demand: [{site: S, role: A, sessions: 1}]
    costs:
    \(costs)
    """, file: "costs.yaml", sections: .all)
}

@Suite struct CostModelTests {
    @Test func payScalesGiveThePublishedFigures() throws {
        #expect(try PayScale.afc.salary(band: "6", point: "mid").get().salary == 41_150)
        #expect(try PayScale.afc.salary(band: "7", point: "entry").get().salary == 46_148)
        #expect(try PayScale.afc.salary(band: "4", point: "top").get().salary == 29_114)
        // Soulbury A: 2021 rates plus 2.5%; point 1 is £38,865 x 1.025 = £39,836.63, point 11 £57,544 x 1.025 = £58,982.60.
        #expect(try PayScale.soulburyA.salary(band: nil, point: "1").get().salary == 39_837)
        #expect(try PayScale.soulburyA.salary(band: nil, point: "11").get().salary == 58_983)
        // Point 6 sits halfway: (38,865 + 57,544) / 2 = 48,204.50, x 1.025 = 49,409.61.
        #expect(try PayScale.soulburyA.salary(band: nil, point: "6").get().salary == 49_410)
        if case .failure(let e) = PayScale.afc.salary(band: "8a", point: "mid") { #expect(e.message.contains("give a salary")) } else { Issue.record("band 8a has no built-in pay") }
        if case .success = PayScale.soulburyA.salary(band: nil, point: "12") { Issue.record("Soulbury A has 11 points") }
    }

    @Test func costArithmeticMatchesHandComputedFigures() throws {
        let sc = try twoPostScenario(costs: """
          pay: {A: {salary: 30000}}
          non_pay: {per_fte: 2500, fixed: 1000}
          set_up: {per_new_post: 3000}
          pay_uplift: 0.03
          non_pay_uplift: 0.02
        """)
        let model = try CostModel(sc, roles: [0])
        // pay 30,000; pension 20.68% = 6,204; NI 15% of (30,000 - 5,000) = 3,750; non-pay 2,500; 5,000 miles = 3,500 x 56p + 1,500 x 20p = 2,260.
        // pay 15,000; pension 3,102; NI 15% of 10,000 = 1,500; non-pay 1,250; 1,000 miles x 56p = 560. Fixed non-pay 1,000.
        let c = model.cost(of: sc, milesPerPost: [5_000, 1_000], addedPosts: 1)
        #expect(c.pay == 45_000)
        #expect(c.pension == 9_306)
        #expect(c.nationalInsurance == 5_250)
        #expect(c.nonPay == 4_750)
        #expect(c.mileage == 2_820)
        #expect(c.staff == 64_306)
        #expect(c.annual == 67_126)
        #expect(c.setUp == 3_000)
        // Year 2: pay up 3% (salary 30,900), non-pay up 2%; the NI threshold and mileage rates stay.
        let y2 = try CostModel(sc, roles: [0], year: 2).cost(of: sc, milesPerPost: [], addedPosts: 0)
        #expect(y2.pay == 46_350)
        #expect(y2.pension == 9_585.18)                 // 20.68% of 46,350
        #expect(y2.nationalInsurance == 5_452.5)       // 15% of 25,900 + 15% of 10,450
        #expect(y2.nonPay == 4_845)                    // (2,500 + 1,250 + 1,000) x 1.02
        #expect(y2.setUp == 0)
    }

    @Test func missingPayAndMissingSectionAreNamed() throws {
        let noPay = try twoPostScenario(costs: "  pension: 0.2")
        #expect(throws: StaffingError.self) { try CostModel(noPay, roles: [0]) }
        do { _ = try CostModel(noPay, roles: [0]) } catch { #expect(error.description.contains("costs.pay: no pay for role A (Role A)")) }
        var none = noPay
        none.costs = nil
        do { _ = try CostModel(none, roles: [0]); Issue.record("no costs section") } catch { #expect(error.description.contains("has no costs: section")) }
        // Bad pay data is refused when the scenario is read, with the field.
        do { _ = try twoPostScenario(costs: "  pay: {A: {scale: afc, band: 9}}"); Issue.record("band 9 has no pay") } catch {
            #expect("\(error)".contains("costs.pay.A: no built-in pay for Agenda for Change band 9"))
        }
        do { _ = try twoPostScenario(costs: "  pay: {B: {salary: 1000}}"); Issue.record("unknown role") } catch {
            #expect("\(error)".contains("costs.pay.B: unknown role \"B\""))
        }
    }

    @Test func theDefaultScenarioCarriesItsCosts() throws {
        let km = try Scenario.embedded(sections: .all)
        let costs = try #require(km.costs)
        #expect(costs.pay.allSatisfy { $0 != nil })
        #expect(costs.pension == 0.2068 && costs.nationalInsurance == 0.15 && costs.nationalInsuranceThreshold == 5_000)
        #expect(costs.mileageRate == 0.56 && costs.mileageReducedRate == 0.20 && costs.mileageThresholdMiles == 3_500)
        #expect(costs.pay[km.roleIndex("EP")!]?.scale == .soulburyA)
    }
}

@Suite struct StaffingLevelTests {
    @Test func levelsBecomePosts() throws {
        let km = try Scenario.embedded(sections: .all)
        let ep = km.roleIndex("EP")!, mht = km.roleIndex("MHT")!
        var level = StaffingLevel(km)
        #expect(level.sessions[ep] == 8 && level.sessions[mht] == 30)
        // Unchanged: the scenario's own posts.
        #expect(try Staffing.apply(level, to: km).scenario.posts == km.posts)
        // Down: the hub post is cut.
        level.sessions[ep] = 5
        var s = try Staffing.apply(level, to: km)
        #expect(s.scenario.posts.first { $0.id == "EP-1" }?.sessionsPerWeek == 5)
        #expect(s.reduced == ["EP-1 0.8 -> 0.5"] && s.added.isEmpty)
        // Up: EP-1 kept, a full-time clone, then a part-time one on the days EP covers least.
        level.sessions[ep] = 23
        s = try Staffing.apply(level, to: km)
        #expect(s.added == ["EP-N1", "EP-N2"])
        let n1 = try #require(s.scenario.posts.first { $0.id == "EP-N1" }), n2 = try #require(s.scenario.posts.first { $0.id == "EP-N2" })
        #expect(n1.sessionsPerWeek == 10 && n1.pattern == Array(repeating: true, count: 10) && n1.base == "HUB" && n1.serves == km.sites.map(\.id))
        // EP-1 works Monday to Thursday, so Friday is covered least: Monday, Tuesday and Friday morning.
        #expect(n2.sessionsPerWeek == 5 && n2.pattern == [true, true, true, true, false, false, false, false, true, false])
        #expect(StaffingLevel(s.scenario).sessions[ep] == 23)
        // MHT's spoke posts (2 FTE) stay: less than that is refused.
        level = StaffingLevel(km)
        level.sessions[mht] = 15
        #expect(throws: StaffingError.self) { try Staffing.apply(level, to: km) }
        level.sessions[mht] = 20
        s = try Staffing.apply(level, to: km)
        #expect(s.removed == ["MHT-1"] && !s.scenario.posts.contains { $0.id == "MHT-1" })
    }

    @Test func rangesAreReadAndAbsurdOnesRefused() throws {
        let km = try Scenario.embedded(sections: .all)
        #expect(try RoleRange.parse("EP=0.5..3:0.5", scenario: km).sessions == [5, 10, 15, 20, 25, 30])
        #expect(try RoleRange.parse("SLT=0.6..2:0.2", scenario: km).sessions.count == 8)
        #expect(try RoleRange.parse("EP=1..2", scenario: km).sessions == [10, 15, 20])
        #expect(try RoleRange.parse("EP=2,0.5,1", scenario: km).sessions == [5, 10, 20])
        let cases: [(String, String)] = [
            ("EP=3..1", "the range is empty (3 is above 1)"),
            ("EP=0.5..1:0", "the step must be above 0"),
            ("EP=0.55", "not a whole number of sessions"),
            ("EPX=1", "unknown role \"EPX\""),
            ("EP=-1", "negative"),
            ("EP=500", "absurd"),
            ("EP", "expected ROLE=LOW..HIGH:STEP"),
            ("EP=1,1", "listed twice"),
            ("MHT=1..3", "already have 2 FTE"),
        ]
        for (text, needle) in cases {
            do { _ = try RoleRange.parse(text, scenario: km); Issue.record("\(text) accepted") } catch {
                #expect(error.description.contains(needle), "\(text): \(error)")
            }
        }
        #expect(throws: StaffingError.self) { try RoleRange.parseAll(["EP=1", "EP=2"], scenario: km) }
        #expect(try Sweep.levels(base: km, ranges: RoleRange.parseAll(["SLT=0.6,1", "EP=0.5..1:0.5"], scenario: km)).count == 4)
        #expect(throws: StaffingError.self) {
            try Sweep.levels(base: km, ranges: RoleRange.parseAll(["EP=0..100:0.1", "SLT=0..100:0.1"], scenario: km))
        }
    }

    @Test func targetsAreRead() throws {
        #expect(try Target.parse("seen_within_4_weeks>=90") == Target(key: "seen_within_4_weeks", atLeast: true, value: 90))
        #expect(try Target.parse("utilisation <= 85%") == Target(key: "utilisation", atLeast: false, value: 85))
        #expect(try Target.parse("annual_cost<=500000").description == "annual_cost<=500000")
        #expect(throws: StaffingError.self) { try Target.parse("seen_within_4_weeks") }
        #expect(throws: StaffingError.self) { try Target.parse("happiness>=3") }
        #expect(throws: StaffingError.self) { try Target.parse("utilisation<=lots") }
    }

    @Test func frontierKeepsOptionsNoOtherBeats() {
        func option(_ i: Int, cost: Double, seen: Double) -> OptionResult {
            var measures = [Estimate?](repeating: nil, count: Measure.simulated.count)
            measures[Measure.simulated.firstIndex(of: "seen_within_4_weeks")!] = Estimate(mean: seen, halfWidth: 1, n: 5)
            return OptionResult(index: i, sessions: [], posts: 0, added: [], removed: [], reduced: [],
                                cost: CostBreakdown(pay: cost, pension: 0, nationalInsurance: 0, nonPay: 0, mileage: 0, setUp: 0),
                                annualMiles: 0, measures: measures, pruSeenWithin4Weeks: [], worstPRU: nil, roleUtilisation: [])
        }
        let options = [option(0, cost: 100, seen: 80), option(1, cost: 120, seen: 79), option(2, cost: 120, seen: 85),
                       option(3, cost: 150, seen: 85), option(4, cost: 90, seen: 70), option(5, cost: 200, seen: 90), option(6, cost: 200, seen: 90)]
        // 1 is beaten by 0 (dearer, worse); 3 by 2 (dearer, no better); 5 and 6 tie and neither beats the other.
        #expect(Frontier.indices(options, kpi: "seen_within_4_weeks") == [4, 0, 2, 5, 6])
    }
}

/// Two roles, one post each: A employed by the NHS (the default), B by the council.
func twoEmployerScenario(_ costs: String) throws -> Scenario {
    try Scenario.parse(yaml: """
    name: costs by employer
    start: 2026-11-30
    roles: [{id: A, name: Role A}, {id: B, name: Role B}]
    sites:
      - {id: H, kind: hub, rooms: 2, location: [51.0, 0.0]}
      - {id: S, kind: spoke, rooms: 1, location: [51.1, 0.0]}
    posts:
      - {id: A-1, role: A, fte: 1.0, base: H}
      - {id: B-1, role: B, fte: 1.0, base: H}
    demand: [{site: S, role: A, sessions: 1}]
    costs:
    \(costs)
    """, file: "employers.yaml", sections: .all)
}

@Suite struct EmployerCostTests {
    @Test func eachEmployerHasItsOwnPensionAndMileage() throws {
        let sc = try twoEmployerScenario("""
          pay: {A: {salary: 30000}, B: {salary: 40000, employer: council}}
          council: {pension: 0.19}
        """)
        let costs = try #require(sc.costs)
        #expect(costs.employer(role: 0) == .nhs && costs.employer(role: 1) == .council)
        // The council's National Insurance defaults to the national rates, its mileage to HMRC's.
        #expect(costs.council == EmployerTerms(pension: 0.19, nationalInsurance: 0.15, nationalInsuranceThreshold: 5_000,
                                               mileageRate: 0.45, mileageReducedRate: 0.25, mileageThresholdMiles: 10_000))
        let model = try CostModel(sc, roles: [0, 1])
        // A-1 (NHS): pension 20.68% of 30,000 = 6,204; NI 15% of 25,000 = 3,750; 5,000 miles = 3,500 x 56p + 1,500 x 20p = 2,260.
        // B-1 (council): pension 19% of 40,000 = 7,600; NI 15% of 35,000 = 5,250; 12,000 miles = 10,000 x 45p + 2,000 x 25p = 5,000.
        let split = model.costByEmployer(of: sc, milesPerPost: [5_000, 12_000])
        #expect(split == [EmployerCost(employer: .nhs, posts: 1, pay: 30_000, pension: 6_204, nationalInsurance: 3_750, nonPay: 0, mileage: 2_260),
                          EmployerCost(employer: .council, posts: 1, pay: 40_000, pension: 7_600, nationalInsurance: 5_250, nonPay: 0, mileage: 5_000)])
        #expect(split.map(\.total) == [42_214, 57_850])
        let c = model.cost(of: sc, milesPerPost: [5_000, 12_000], addedPosts: 0)
        #expect(c.pension == 13_804 && c.mileage == 7_260 && c.annual == 100_064)
        // The cost basis names the council's roles and terms; an NHS-only scenario's has none.
        let basis = CostBasis(sc, model)
        #expect(basis.council?.pension == 0.19 && basis.roles.map(\.employer) == [nil, .council])
        #expect(StaffingFormat.costLines(basis).contains { $0.contains("Council-employed roles (B): employer pension (LGPS) 19% of pay") })
        let km = try Scenario.embedded(sections: .all)
        #expect(CostBasis(km, try CostModel(km, roles: [])).council == nil)
        // Shards of an NHS-only sweep keep their fingerprint (the employer fields at their defaults
        // are left out of it); a council employer changes it.
        let nhsOnly = try twoEmployerScenario("  pay: {A: {salary: 30000}, B: {salary: 40000}}")
        #expect(!Fingerprint.costsAsBefore(String(describing: nhsOnly.costs)).contains("employer"))
        #expect(!Fingerprint.costsAsBefore(String(describing: nhsOnly.costs)).contains("council"))
        var councilB = nhsOnly
        councilB.costs?.pay[1]?.employer = .council
        councilB.costs?.council = EmployerTerms(pension: 0.19)
        #expect(Fingerprint.scenario(councilB) != Fingerprint.scenario(nhsOnly))
    }

    @Test func councilTermsAreCheckedWhereTheyAreWritten() {
        for (costs, needle) in [
            ("  pay: {A: {salary: 30000}, B: {salary: 40000, employer: council}}", "employers.yaml:12: costs.pay.B: employer: council needs the council's terms"),
            ("  pay: {A: {salary: 30000}}\n  council: {mileage: {rate: 0.45}}", "costs.council: pension: the council's LGPS employer rate is required"),
            ("  pay: {A: {salary: 30000, employer: trust}}", "costs.pay.A.employer"),
            ("  pay: {A: {salary: 30000}}\n  council: {pension: 1.5}", "costs.council.pension"),
        ] {
            do { _ = try twoEmployerScenario(costs); Issue.record("accepted: \(costs)") } catch {
                #expect("\(error)".contains(needle), "\(error)")
            }
        }
    }
}

@Suite struct BusinessCaseByEmployerTests {
    /// With the EPs council-employed, each year splits into NHS and council costs that add up to the
    /// running cost, the council's on its own pension; the table, CSV and HTML show the split.
    @Test func theBusinessCaseShowsCostsByEmployerAndYear() throws {
        var km = try Scenario.embedded(sections: .all)
        var costs = try #require(km.costs)
        let ep = try #require(km.roleIndex("EP"))
        costs.pay[ep]?.employer = .council
        costs.council = EmployerTerms(pension: 0.19)
        km.costs = costs
        let report = try BusinessCase.run(base: km, plan: SimulationPlan(policy: "greedy", weeks: 6, replications: 2, seed: 3), threads: 2, years: 2,
                                          growth: 0.05, payUplift: 0.03, nonPayUplift: 0.02, staffing: StaffingLevel(km), ranges: [], targets: [])
        #expect(report.employers == [.nhs, .council])
        let epPosts = km.posts.filter { $0.role == "EP" }.count
        for y in report.years {
            let split = try #require(y.option.employerCosts)
            #expect(split.map(\.employer) == [.nhs, .council])
            #expect(split[1].posts == epPosts && split[0].posts == km.posts.count - epPosts)
            #expect(abs(split[1].pension - 0.19 * split[1].pay) <= 0.01)
            #expect(abs(split[0].pension - 0.2068 * split[0].pay) <= 0.01)
            let fixedNonPay = try CostModel(km, roles: [], year: y.year).fixedNonPay
            #expect(abs(split.reduce(0) { $0 + $1.total } + fixedNonPay - y.option.cost.annual) <= 0.05)
        }
        let council = report.employerTotal(.council)
        #expect(abs(council.total - report.years.reduce(0) { $0 + ($1.option.employerCosts?[1].total ?? 0) }) <= 0.01)
        #expect(report.table().contains("Cost by employer and year") && report.table().contains("council"))
        let header = try #require(report.csv().split(separator: "\n").first)
        #expect(header.hasSuffix(",nhs_total,council_posts,council_pay,council_pension,council_national_insurance,council_non_pay,council_mileage,council_total"))
        #expect(report.table().contains("Council-employed roles (EP): employer pension (LGPS) 19% of pay"))
    }
}
