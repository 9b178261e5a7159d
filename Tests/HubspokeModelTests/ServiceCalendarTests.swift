import Foundation
import Testing
@testable import HubspokeModel
@testable import HubspokeSupport

private func d(_ s: String) -> CalendarDate {
    guard let date = CalendarDate(iso: s) else { preconditionFailure("bad test date \(s)") }
    return date
}
private func span(_ a: String, _ b: String) -> DateSpan { DateSpan(d(a), d(b)) }

/// Kent's 2026-27 terms as ../shared/reference/kent-medway.md gives them.
private let kent = TermPattern(
    id: "kent", source: "Kent County Council's 2026-27 pattern",
    terms: [NamedSpan("Term 1", span("2026-09-01", "2026-10-16")), NamedSpan("Term 2", span("2026-11-02", "2026-12-18")),
            NamedSpan("Term 3", span("2027-01-04", "2027-02-12")), NamedSpan("Term 4", span("2027-02-22", "2027-03-25")),
            NamedSpan("Term 5", span("2027-04-12", "2027-05-28")), NamedSpan("Term 6", span("2027-06-07", "2027-07-22"))],
    holidays: [NamedSpan("October half term", span("2026-10-19", "2026-10-30")),
               NamedSpan("Christmas holiday", span("2026-12-21", "2027-01-01")),
               NamedSpan("February half term", span("2027-02-15", "2027-02-19")),
               NamedSpan("Easter holiday", span("2027-03-26", "2027-04-09")),
               NamedSpan("May half term", span("2027-05-31", "2027-06-04"))])

@Suite struct BankHolidayFeedTests {
    @Test func theShippedFeedHasEightHolidaysAYearFrom2025To2030() throws {
        let shipped = BankHolidays.shipped
        #expect(shipped.years == 2025...2030)
        for year in 2025...2030 { #expect(shipped.holidays.filter { $0.date.year == year }.count == 8) }
        #expect(shipped.holiday(on: d("2026-12-25"))?.title == "Christmas Day")
        #expect(shipped.holiday(on: d("2026-12-28"))?.label == "Boxing Day (substitute day)")
        #expect(shipped.holiday(on: d("2027-03-26"))?.title == "Good Friday")
        #expect(shipped.holiday(on: d("2027-05-03"))?.title == "Early May bank holiday")
        #expect(shipped.holiday(on: d("2028-01-03"))?.notes == "Substitute day")
        #expect(shipped.holiday(on: d("2026-12-24")) == nil)
    }

    @Test func theShippedFileAndTheEmbeddedCopyAgree() throws {
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Scenarios/calendar/bank-holidays.json")
        let text = try String(contentsOf: file, encoding: .utf8)
        #expect(text.trimmingCharacters(in: .newlines) == EmbeddedCalendar.bankHolidaysJSON.trimmingCharacters(in: .newlines),
                "run Tools/embed-scenarios.sh after editing Scenarios/calendar/bank-holidays.json")
    }

    @Test func aFeedReadsBackWhatItWrites() throws {
        let again = try BankHolidays(feed: BankHolidays.shipped.feedJSON(), file: "x.json")
        #expect(again == BankHolidays.shipped)
    }

    @Test func aNewerFeedReplacesTheYearsItCovers() throws {
        let json = #"{"england-and-wales":{"division":"england-and-wales","events":[{"title":"Coronation","date":"2027-06-14","notes":"","bunting":true}]}}"#
        let newer = try BankHolidays(feed: Data(json.utf8), file: "new.json")
        let merged = BankHolidays.shipped.updated(with: newer)
        #expect(merged.holidays.filter { $0.date.year == 2027 }.map(\.title) == ["Coronation"])
        #expect(merged.holidays.filter { $0.date.year == 2026 }.count == 8)
    }

    @Test(arguments: [
        (#"{"england-and-wales":{"division":"england-and-wales","events":[{"title":"A","date":"2027-13-01"}]}}"#, "england-and-wales.events[0].date"),
        (#"{"scotland":{"division":"scotland","events":[]}}"#, "england-and-wales"),
        (#"{"england-and-wales":{"division":"england-and-wales","events":[{"date":"2027-01-01"}]}}"#, "england-and-wales.events[0].title"),
        (#"{"england-and-wales":{"division":"england-and-wales","events":[{"title":"A","date":"2027-01-01"},{"title":"B","date":"2027-01-01"}]}}"#, "england-and-wales.events[1].date"),
        ("not json", ""),
    ])
    func aBadFeedIsRefusedNamingTheField(json: String, field: String) {
        #expect {
            _ = try BankHolidays(feed: Data(json.utf8), file: "feed.json")
        } throws: { error in
            guard let e = error as? InputError, let first = e.problems.first else { return false }
            return first.file == "feed.json" && first.field == field && !first.message.isEmpty
        }
    }
}

@Suite struct ServiceCalendarTests {
    let calendar = ServiceCalendar(groups: [kent, TermPattern(id: "medway", source: "Kent's pattern", terms: kent.terms, holidays: kent.holidays,
                                                             assumption: "Medway's own dates were not found; Kent's are used")],
                                   siteGroups: ["PRU-GILL": "medway"], inset: ["PRU-DOV": [d("2027-01-04")]],
                                   closures: [SiteClosure(site: "SP-E", span: span("2027-02-01", "2027-02-03"), reason: "building work")])

    @Test func noSiteIsOpenOnABankHoliday() {
        for (site, kind) in [("HUB", SiteKind.hub), ("SP-W", .spoke), ("PRU-DOV", .pru)] {
            #expect(calendar.status(of: site, kind: kind, on: d("2026-12-25")).closure?.label == "bank holiday: Christmas Day")
        }
    }

    @Test func aPRUIsClosedInTheHolidaysAndTheHubIsNot() {
        #expect(calendar.status(of: "PRU-DOV", kind: .pru, on: d("2026-12-18")).isOpen)
        #expect(calendar.status(of: "PRU-DOV", kind: .pru, on: d("2026-12-21")).closure?.label == "PRU closed: Christmas holiday")
        #expect(calendar.status(of: "PRU-DOV", kind: .pru, on: d("2026-10-19")).closure?.label == "PRU closed: October half term")
        #expect(calendar.status(of: "HUB", kind: .hub, on: d("2026-12-21")).isOpen)
        var shut = calendar
        shut.hubsOpenInHolidays = false
        #expect(shut.status(of: "HUB", kind: .hub, on: d("2026-12-21")).closure?.kind == .schoolHoliday)
    }

    @Test func insetDaysAndClosuresCloseTheirSiteOnly() {
        #expect(calendar.status(of: "PRU-DOV", kind: .pru, on: d("2027-01-04")).closure?.label == "PRU closed: INSET day")
        #expect(calendar.status(of: "PRU-FOLK", kind: .pru, on: d("2027-01-04")).isOpen)
        #expect(calendar.status(of: "SP-E", kind: .spoke, on: d("2027-02-02")).closure?.label == "closed: building work")
        #expect(calendar.status(of: "SP-W", kind: .spoke, on: d("2027-02-02")).isOpen)
    }

    @Test func anotherGroupsDatesAreLabelledAssumed() {
        #expect(calendar.status(of: "PRU-GILL", kind: .pru, on: d("2026-12-01")).assumption?.contains("Medway's own dates were not found") == true)
        #expect(calendar.status(of: "PRU-DOV", kind: .pru, on: d("2026-12-01")).assumption == nil)
    }

    @Test func beyondThePublishedYearTheDatesAreMovedOnWholeWeeksAndSaidToBeAssumed() {
        // 52 weeks after Mon 21 Dec 2026 (Christmas holiday) is Mon 20 Dec 2027.
        let later = calendar.status(of: "PRU-DOV", kind: .pru, on: d("2027-12-20"))
        #expect(later.closure?.reason == "Christmas holiday")
        #expect(later.assumption?.contains("moved on 52 weeks") == true)
        #expect(calendar.status(of: "PRU-DOV", kind: .pru, on: d("2027-12-13")).isOpen)
        // Before the first published year: moved back.
        #expect(calendar.status(of: "PRU-DOV", kind: .pru, on: d("2025-12-22")).closure?.reason == "Christmas holiday")
        // Inside the published year, no assumption.
        #expect(calendar.status(of: "PRU-DOV", kind: .pru, on: d("2027-07-26")).assumption == nil)
        #expect(calendar.status(of: "PRU-DOV", kind: .pru, on: d("2027-07-26")).closure?.reason == "school holiday")
    }

    @Test func aTeachingYearHasAbout39Weeks() {
        var open = 0
        var day = d("2026-09-01")
        while day <= d("2027-08-31") {
            if day.weekdayIndex < 5, calendar.status(of: "PRU-FOLK", kind: .pru, on: day).isOpen { open += 1 }
            day = day.adding(days: 1)
        }
        // 190 teaching days plus the INSET days the pattern leaves in term (Kent's schools set their own).
        #expect((185...200).contains(open), "\(open) open days")
    }
}
