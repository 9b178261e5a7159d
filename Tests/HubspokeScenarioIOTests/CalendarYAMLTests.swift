import Foundation
import Testing
@testable import HubspokeModel
@testable import HubspokeScenarioIO
@testable import HubspokeSupport
import HubspokeTestSupport

/// The embedded Kent and Medway scenario without its `calendar:` section and its PRUs' term groups,
/// for tests that give their own.
func kentMedwayWithoutCalendar() -> String? {
    ScenarioText.embedded(without: ["calendar"], alsoDropping: { $0.hasPrefix("    terms: ") })
}

/// The `calendar:` section read from a scenario file, and its mistakes named by line and field.
@Suite struct CalendarYAMLTests {
    static let section = """
    calendar:
      holidays_staffed: false
      terms:
        kent:
          source: Kent County Council's 2026-27 pattern
          terms:
            - {name: Term 2, from: 2026-11-02, to: 2026-12-18}
            - {name: Term 3, from: 2027-01-04, to: 2027-02-12}
          holidays:
            - {name: Christmas holiday, from: 2026-12-21, to: 2027-01-01}
        medway: {same_as: kent, assumed: "Medway's own dates were not found"}
      inset: {PRU-DOV: [2027-01-04]}
      closures:
        - {site: SP-E, from: 2027-02-01, to: 2027-02-03, reason: building work}

    """

    func scenario(_ calendar: String, gill: String = "    terms: medway\n") throws -> Scenario {
        guard let base = kentMedwayWithoutCalendar() else { throw InputError(file: "test", "no embedded scenario") }
        let text = base.replacingOccurrences(of: "  - id: PRU-GILL\n", with: "  - id: PRU-GILL\n" + gill) + "\n" + calendar
        return try Scenario.parse(yaml: text, file: "c.yaml")
    }

    func problems(_ calendar: String, gill: String = "    terms: medway\n") -> [InputProblem] {
        do { _ = try scenario(calendar, gill: gill); return [] } catch let error as InputError { return error.problems } catch { return [] }
    }

    @Test func theSectionIsRead() throws {
        let s = try scenario(Self.section)
        #expect(s.calendar.groups.map(\.id) == ["kent", "medway"])
        #expect(s.calendar.pattern(for: "PRU-GILL")?.id == "medway")
        #expect(s.calendar.pattern(for: "PRU-DOV")?.id == "kent")
        #expect(s.calendar.hubsOpenInHolidays == false)
        let christmas = CalendarDate(year: 2026, month: 12, day: 21)
        #expect(christmas.map { s.calendar.status(of: "PRU-DOV", kind: .pru, on: $0).closure?.reason } == "Christmas holiday")
        #expect(christmas.map { s.calendar.status(of: "PRU-GILL", kind: .pru, on: $0).assumption?.contains("Medway's own") } == true)
        #expect(s.calendar.closures.map(\.reason) == ["building work"])
        #expect(s.calendar.inset["PRU-DOV"]?.map(\.iso) == ["2027-01-04"])
    }

    @Test func aScenarioWithoutTheSectionHasTheShippedBankHolidaysAndNoTerms() throws {
        guard let base = kentMedwayWithoutCalendar() else { Issue.record("no embedded scenario"); return }
        let s = try Scenario.parse(yaml: base, file: "k.yaml")
        #expect(s.calendar.bankHolidays == BankHolidays.shipped)
        #expect(s.calendar.groups.isEmpty)
    }

    @Test(arguments: [
        (Self.section.replacingOccurrences(of: "to: 2026-12-18}", with: "to: 2027-01-05}"), "calendar.terms.kent.terms", "overlap"),
        (Self.section.replacingOccurrences(of: "same_as: kent", with: "same_as: essex"), "calendar.terms.medway.same_as", "unknown term group \"essex\""),
        (Self.section.replacingOccurrences(of: "site: SP-E", with: "site: SP-X"), "calendar.closures[0].site", "unknown site \"SP-X\""),
        (Self.section.replacingOccurrences(of: "inset: {PRU-DOV:", with: "inset: {HUB:"), "calendar.inset.HUB", "INSET days are for PRUs"),
        (Self.section.replacingOccurrences(of: "from: 2027-02-01, to: 2027-02-03", with: "from: 2027-02-03, to: 2027-02-01"), "calendar.closures[0].to", "is before"),
        (Self.section.replacingOccurrences(of: ", reason: building work", with: ""), "calendar.closures[0].reason", "missing required field"),
        (Self.section.replacingOccurrences(of: "holidays_staffed: false", with: "holidays_staffed: maybe"), "calendar.holidays_staffed", "true or false"),
    ])
    func aMistakeIsNamedByFieldAndLine(section: String, field: String, message: String) {
        let found = problems(section)
        #expect(found.contains { $0.field == field && $0.message.contains(message) && $0.line != nil && $0.file == "c.yaml" },
                "\(found.map(\.description))")
    }

    @Test func aPRUNamingAnUnknownGroupIsRefused() {
        let found = problems(Self.section, gill: "    terms: essex\n")
        #expect(found.contains { $0.field.hasSuffix(".terms") && $0.message.contains("unknown term group \"essex\"") && $0.message.contains("kent, medway") })
    }

    @Test func aHubDoesNotFollowTermDates() {
        let found = problems(Self.section, gill: "    terms: medway\n").isEmpty
        #expect(found)
        guard let base = kentMedwayWithoutCalendar() else { return }
        let text = base.replacingOccurrences(of: "  - id: HUB\n", with: "  - id: HUB\n    terms: kent\n") + "\n" + Self.section
        #expect(throws: InputError.self) { try Scenario.parse(yaml: text, file: "c.yaml") }
    }
}

/// Pins and leave on closed days, and the notes a horizon's calendar gives.
@Suite struct CalendarValidationTests {
    func christmasWeek(_ extra: (String) -> String = { $0 }) throws -> Scenario {
        guard let base = kentMedwayWithoutCalendar() else { throw InputError(file: "test", "no embedded scenario") }
        let text = extra(base.replacingOccurrences(of: "start: 2026-11-30", with: "start: 2026-12-21")
            .replacingOccurrences(of: "  - id: PRU-GILL\n", with: "  - id: PRU-GILL\n    terms: medway\n")) + "\n" + CalendarYAMLTests.section
        return try Scenario.parse(yaml: text, file: "x.yaml")
    }

    @Test func aPinOnABankHolidayIsRefusedNamingTheHoliday() {
        #expect {
            _ = try christmasWeek { $0 + "\npins:\n  - {post: EP-1, site: HUB, day: fri, half: am}\n" }
        } throws: { error in
            (error as? InputError)?.problems.contains { $0.message.contains("2026-12-25") && $0.message.contains("bank holiday: Christmas Day") } == true
        }
    }

    @Test func aPinAtAPRUInTheHolidaysIsRefusedAndOneAtTheHubIsNot() throws {
        #expect {
            _ = try christmasWeek { $0 + "\npins:\n  - {post: EP-1, site: PRU-DOV, day: tue, half: am}\n" }
        } throws: { error in
            (error as? InputError)?.problems.contains { $0.message.contains("PRU closed: Christmas holiday") } == true
        }
    }

    @Test func demandForAClosedWeekIsNotedAndNotUnmet() throws {
        let s = try christmasWeek()
        let notes = s.calendarNotes()
        #expect(notes.contains { $0.hasPrefix("week 1 (from 2026-12-21), closed all week (PRU closed: Christmas holiday)") && $0.contains("PRU-CANT 8") })
        #expect(notes.contains { $0.contains("Medway's own dates were not found") })
    }

    @Test func withoutTermDatesTheNotesSaySo() throws {
        guard let base = kentMedwayWithoutCalendar() else { Issue.record("no embedded scenario"); return }
        let s = try Scenario.parse(yaml: base, file: "k.yaml")
        #expect(s.calendarNotes() == ["no term dates (calendar.terms): the PRUs are taken to be open on every weekday but bank holidays"])
    }
}
