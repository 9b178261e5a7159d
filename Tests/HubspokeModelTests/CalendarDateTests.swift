import Testing
@testable import HubspokeModel

@Suite struct CalendarDateTests {
    @Test func weekdaysAndRoundTrip() {
        let d = CalendarDate(iso: "2026-11-30")!
        #expect(d.weekdayIndex == 0)  // a Monday
        #expect(CalendarDate(iso: "2026-12-05")!.weekdayIndex == 5)
        #expect(CalendarDate(dayNumber: d.dayNumber) == d)
        #expect(d.adding(days: 33).iso == "2027-01-02")
        #expect(CalendarDate(iso: "2027-02-29") == nil)
        #expect(CalendarDate(iso: "2028-02-29") != nil)
        #expect(CalendarDate(iso: "2026-1-5") == nil)
    }
}
