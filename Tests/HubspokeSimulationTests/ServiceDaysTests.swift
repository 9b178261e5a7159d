import HubspokeModel
import Testing
@testable import HubspokeSimulation

/// The simulator's closures come from the scenario's calendar, the same the planner uses.
@Suite struct ServiceDaysTests {
    func day(_ iso: String, from start: CalendarDate) -> (week: Int, weekday: Int) {
        let d = CalendarDate(iso: iso) ?? start
        return ((d.dayNumber - start.dayNumber) / 7, d.weekdayIndex)
    }

    @Test func bankHolidaysAndSchoolHolidaysFromTheCalendar() throws {
        let model = try kentAndMedway()
        let start = model.scenario.startDate
        let hub = try #require(model.scenario.siteIndex("HUB")), dover = try #require(model.scenario.siteIndex("PRU-DOV"))
        // Good Friday and the Early May bank holiday, which the simulation section's own list missed.
        for iso in ["2026-12-25", "2027-03-26", "2027-05-03"] {
            let (w, d) = day(iso, from: start)
            #expect(model.days.isBankHoliday(week: w, weekday: d), "\(iso)")
            #expect(!model.days.isOpen(site: hub, week: w, weekday: d), "\(iso)")
        }
        // The Easter holiday: Dover (a PRU) closed, the hub open.
        let (w, d) = day("2027-04-06", from: start)
        #expect(!model.days.isOpen(site: dover, week: w, weekday: d))
        #expect(model.days.isOpen(site: hub, week: w, weekday: d))
        #expect(!model.days.isBankHoliday(week: w, weekday: d))
        // A term day.
        let term = day("2027-03-03", from: start)
        #expect(model.days.isOpen(site: dover, week: term.week, weekday: term.weekday))
        // Beyond the precomputed weeks the calendar itself answers, the same way.
        let far = ServiceDays(model.scenario, weeks: 2)
        #expect(!far.isOpen(site: dover, week: w, weekday: d) && far.isBankHoliday(week: day("2027-03-26", from: start).week, weekday: 4))
    }

    @Test func noSessionIsDeliveredOnABankHoliday() throws {
        let model = try kentAndMedway()
        var sim = Replication(model: model, policy: GreedyPolicy(), weeks: 5, replication: 1, seed: 7)
        _ = try sim.run()
        // Week 4 from 2026-11-30 holds Christmas Day (Friday) at index 4.
        sim.week = 3
        let state = sim.weekState()
        #expect(state.available.allSatisfy { !$0[8] && !$0[9] }, "no post works on Friday 25 December")
        #expect(state.open.indices.filter { model.isPRU[$0] }.allSatisfy { s in !state.open[s].contains(true) }, "PRUs closed for Christmas")
    }
}
