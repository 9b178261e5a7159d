import Foundation
import Testing
import HubspokeModel
import HubspokePlanner
@testable import HubspokeReports

@Suite struct ICalendarEncodingTests {
    @Test func textValuesEscapeBackslashSemicolonCommaAndLineBreaks() {
        #expect(ICalendar.escapeText("a\\b;c,d\ne\r\nf\rg") == "a\\\\b\\;c\\,d\\ne\\nf\\ng")
        #expect(ICalendar.escapeText("tab\tkept, bell\u{07} dropped") == "tab\tkept\\, bell dropped")
        #expect(ICalendarProperty.text("SUMMARY", "EP-1 at A, B; C").line == "SUMMARY:EP-1 at A\\, B\\; C")
    }

    @Test func parameterValuesAreQuotedWhenNeeded() {
        #expect(ICalendarProperty("DTSTART", "20261130T090000", parameters: ["TZID": "Europe/London"]).line
                == "DTSTART;TZID=Europe/London:20261130T090000")
        #expect(ICalendarProperty("X", "1", parameters: ["CN": "Smith, \"J\": PRU"]).line == "X;CN=\"Smith, J: PRU\":1")
    }

    @Test func linesFoldAt75OctetsWithoutSplittingACharacter() {
        let ascii = "DESCRIPTION:" + String(repeating: "x", count: 200)
        let folded = ICalendar.fold(ascii)
        let lines = folded.components(separatedBy: "\r\n")
        #expect(lines.count == 3)
        #expect(lines.allSatisfy { $0.utf8.count <= 75 })
        #expect(lines[0].utf8.count == 75 && lines[1].utf8.count == 75 && lines[1].hasPrefix(" "))
        #expect(folded.replacingOccurrences(of: "\r\n ", with: "") == ascii)

        // Two-, three- and four-octet characters straddling the fold stay whole.
        for filler in ["é", "–", "😀"] {
            for shift in 0..<4 {
                let line = "SUMMARY:" + String(repeating: "a", count: 60 + shift) + String(repeating: filler, count: 40)
                let f = ICalendar.fold(line)
                let parts = f.components(separatedBy: "\r\n")
                #expect(parts.allSatisfy { $0.utf8.count <= 75 } && parts.dropFirst().allSatisfy { $0.hasPrefix(" ") })
                #expect(f.replacingOccurrences(of: "\r\n ", with: "") == line)
            }
        }
        #expect(ICalendar.fold("SHORT:1") == "SHORT:1")
    }

    @Test func dateTimesAreCompactLocalOrUTC() throws {
        let d = try #require(CalendarDate(iso: "2026-03-02"))
        #expect(ICalendar.localDateTime(d, TimeOfDay(minutes: 9 * 60 + 5)) == "20260302T090500")
        #expect(ICalendar.utcDateTime(d, TimeOfDay(minutes: 0)) == "20260302T000000Z")
    }
}

@Suite struct RotaCalendarTests {
    let sc: Scenario, rota: Rota
    init() throws { sc = try KentMedway.scenario; rota = try KentMedway.rota }

    @Test func onePerPostAndPerSiteWithEverySessionOnce() throws {
        let files = rota.calendars(scenario: sc)
        #expect(files.map(\.name) == sc.posts.map { "post-\($0.id).ics" } + sc.sites.map { "site-\($0.id).ics" })
        var postEvents = 0, siteEvents = 0
        var uids = Set<String>()
        for f in files {
            // RFC 5545: CRLF line ends, no line over 75 octets, one VCALENDAR, a VTIMEZONE.
            #expect(f.contents.hasSuffix("END:VCALENDAR\r\n"))
            #expect(!f.contents.replacingOccurrences(of: "\r\n", with: "").contains("\n"), "bare LF in \(f.name)")
            #expect(f.contents.components(separatedBy: "\r\n").allSatisfy { $0.utf8.count <= 75 }, "\(f.name)")
            let lines = contentLines(f.contents)
            #expect(Array(lines.prefix(5)) == ["BEGIN:VCALENDAR", "PRODID:-//hubspoke//hubspoke rota//EN", "VERSION:2.0", "CALSCALE:GREGORIAN", "METHOD:PUBLISH"])
            #expect(lines.contains("BEGIN:VTIMEZONE") && lines.contains("TZID:Europe/London"))
            let evs = events(f.contents)
            #expect(lines.filter { $0 == "BEGIN:VEVENT" }.count == evs.count, "UIDs repeat in \(f.name)")
            for uid in evs.keys { #expect(uids.insert(uid).inserted, "\(uid) appears in two calendars") }
            if f.name.hasPrefix("post-") { postEvents += evs.count } else { siteEvents += evs.count }
        }
        // Post calendars also carry protected time (team meetings, time at base).
        #expect(postEvents == rota.assignments.count + (rota.protected?.count ?? 0) && siteEvents == rota.assignments.count)
    }

    @Test func eventsCarryTheSiteTheSessionTimesAndAStableUID() throws {
        let a = try #require(rota.assignments.first { $0.site == "PRU-GILL" })
        let site = try #require(sc.sites.first { $0.id == "PRU-GILL" })
        let post = try #require(sc.posts.first { $0.id == a.post })
        let uid = "\(a.post)-\(a.date.iso)-\(a.half.key)@hubspoke"
        let ev = try #require(events(rota.postCalendar(post, scenario: sc))[uid])
        let compact = a.date.iso.replacingOccurrences(of: "-", with: "")
        let (start, end) = a.half == .am ? ("090000", "123000") : ("133000", "163000")
        #expect(ev.contains("SUMMARY:\(a.post) at Will Adams Centre"))
        #expect(ev.contains("LOCATION:Will Adams Centre\\, Gillingham"))
        #expect(ev.contains("DTSTART;TZID=Europe/London:\(compact)T\(start)"))
        #expect(ev.contains("DTEND;TZID=Europe/London:\(compact)T\(end)"))
        #expect(ev.contains("DTSTAMP:20261130T000000Z") && ev.contains("SEQUENCE:0"))
        #expect(ev.contains("GEO:51.385000;0.550000"))
        // The site's calendar has the same session under its own UID.
        let siteUID = "\(a.post)-\(a.date.iso)-\(a.half.key)+PRU-GILL@hubspoke"
        #expect(events(rota.siteCalendar(site, scenario: sc))[siteUID] != nil)
        #expect(events(rota.postCalendar(post, scenario: sc, options: RotaCalendarOptions(sequence: 3)))[uid]?.contains("SEQUENCE:3") == true)
    }

    @Test func sameRotaGivesSameBytes() throws {
        let again = try RotaPlanner.plan(sc, options: PlanOptions(threads: 1))
        #expect(again.calendars(scenario: sc).map(\.contents) == rota.calendars(scenario: sc).map(\.contents))
    }

    /// Publishing a changed rota: every session that stays (same post, date and half) keeps its
    /// UID; one that moves to another site keeps its UID with the new place, so calendars update
    /// it; an unchanged session's event is byte for byte the same.
    @Test func republishingAChangedRotaKeepsEachSessionsUID() throws {
        var changed = sc
        let ep = try #require(changed.postIndex("EP-1"))
        changed.posts[ep].absences.append(Absence(date: sc.startDate.adding(days: 1)))   // EP-1 on leave on Tuesday
        let after = try RotaPlanner.plan(changed)
        let before = rota
        #expect(Set(before.assignments) != Set(after.assignments))

        func byUID(_ r: Rota, _ s: Scenario) -> [String: [String]] {
            r.calendars(scenario: s).filter { $0.name.hasPrefix("post-") }.reduce(into: [:]) { $0.merge(events($1.contents)) { a, _ in a } }
        }
        let old = byUID(before, sc), new = byUID(after, changed)
        var kept = 0, moved = 0
        for a in before.assignments {
            let uid = Rota.sessionUID(post: a.post, date: a.date, half: a.half)
            #expect(old[uid] != nil)
            guard let b = after.assignments.first(where: { $0.post == a.post && $0.date == a.date && $0.half == a.half }) else {
                let protected = after.protected?.contains { $0.post == a.post && $0.date == a.date && $0.half == a.half } ?? false
                #expect(new[uid] == nil || protected, "\(uid) was dropped but is still published")
                continue
            }
            let event = try #require(new[uid], "\(uid) lost its UID")
            if b.site == a.site {
                #expect(event == old[uid], "\(uid) is unchanged but its event changed")
                kept += 1
            } else {
                #expect(event.contains("LOCATION:" + ICalendar.escapeText(changed.sites.first { $0.id == b.site }!.place)))
                moved += 1
            }
        }
        #expect(kept > 0 && moved > 0, "the change should keep some sessions and move others (kept \(kept), moved \(moved))")
        #expect(new.count == after.assignments.count + (after.protected?.count ?? 0))
    }
}

/// The calendars read back with Python's icalendar package (Tools/check-ics.py).
@Suite(.serialized) struct ICalendarParserTests {
    @Test func kentMedwayCalendarsParseWithIcalendar() throws {
        let sc = try KentMedway.scenario, rota = try KentMedway.rota
        let dir = temporaryFolder()
        try Publication.write(rota.calendars(scenario: sc), into: dir.path)
        let parsed = try #require(try parseCalendars(in: dir))
        #expect(parsed.problems == [])
        #expect(parsed.files.count == sc.posts.count + sc.sites.count)
        for post in sc.posts {
            let file = try #require(parsed.files["post-\(post.id).ics"])
            // Sessions, then protected time (published as events of the post at the commitment's site).
            let mine = rota.assignments.filter { $0.post == post.id } + (rota.protected ?? []).filter { $0.post == post.id }.map(\.asAssignment)
            #expect(file.events.map(\.uid) == mine.map { Rota.sessionUID(post: $0.post, date: $0.date, half: $0.half) })
            for (e, a) in zip(file.events, mine) {
                // Winter: GMT, so UTC equals the scenario's local session times.
                #expect(e.start == "\(a.date.iso)T\(a.half == .am ? "09:00" : "13:30"):00Z")
                #expect(e.end == "\(a.date.iso)T\(a.half == .am ? "12:30" : "16:30"):00Z")
                #expect(e.tzid == "Europe/London" && e.sequence == 0 && e.stamp == "2026-11-30T00:00:00Z")
                let name = sc.sites.first { $0.id == a.site }!.name
                let commitment = rota.protected?.first { $0.post == a.post && $0.date == a.date && $0.half == a.half }?.commitment
                #expect(e.summary == (commitment.map { "\(post.id): \($0) at \(name)" } ?? "\(post.id) at \(name)"))
            }
        }
        for site in sc.sites {
            let file = try #require(parsed.files["site-\(site.id).ics"])
            #expect(file.events.count == rota.assignments.filter { $0.site == site.id }.count)
            #expect(file.events.allSatisfy { $0.uid.hasSuffix("+\(site.id)@hubspoke") && $0.location == site.place })
        }
    }

    /// A horizon across the end of British Summer Time (Sunday 25 October 2026): sessions in
    /// the first week are an hour earlier in UTC than those in the second.
    @Test func summerTimeSessionsAreAnHourEarlierInUTC() throws {
        var sc = try KentMedway.scenario
        sc.startDate = try #require(CalendarDate(iso: "2026-10-19"))
        sc.weeks = 2
        for i in sc.posts.indices { sc.posts[i].absences = [] }
        let rota = try RotaPlanner.plan(sc)
        let dir = temporaryFolder()
        try Publication.write(rota.calendars(scenario: sc), into: dir.path)
        let parsed = try #require(try parseCalendars(in: dir))
        #expect(parsed.problems == [])
        let all = parsed.files.filter { $0.key.hasPrefix("post-") }.flatMap(\.value.events)
        #expect(all.count == rota.assignments.count + (rota.protected?.count ?? 0), "sessions and protected time")
        var weeks = Set<Int>()
        for a in rota.assignments {
            let e = try #require(all.first { $0.uid == Rota.sessionUID(post: a.post, date: a.date, half: a.half) })
            let summer = a.date < CalendarDate(iso: "2026-10-25")!
            let hour = (a.half == .am ? 9 : 13) - (summer ? 1 : 0)
            #expect(e.start == "\(a.date.iso)T\(hour < 10 ? "0" : "")\(hour):\(a.half == .am ? "00" : "30"):00Z", "\(a.date) \(a.half)")
            weeks.insert(a.week)
        }
        #expect(weeks == [1, 2])
    }
}
