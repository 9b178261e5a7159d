import HubspokeSupport
import HubspokeModel

/// How rota calendars are written.
public struct RotaCalendarOptions: Sendable {
    /// SEQUENCE of every event. 0 (the default) for a rota published once, or published as a
    /// subscribed calendar, whose clients re-read the whole file. When people import the files
    /// instead, raise it by one at each re-publication of a changed rota, so their calendar
    /// programs treat its events as newer revisions of the ones they hold (RFC 5546).
    public var sequence: Int = 0
    public var timeZone: ICalendarTimeZone = .europeLondon
    /// The right-hand side of every UID.
    public var uidDomain: String = "hubspoke"
    public init(sequence: Int = 0) { self.sequence = sequence }
}

extension Rota {
    /// One calendar per post (`post-ID.ics`) and one per site (`site-ID.ics`), in scenario order;
    /// a post or site without sessions gets a calendar without events, so subscriptions keep working.
    public func calendars(scenario: Scenario, options: RotaCalendarOptions = RotaCalendarOptions()) -> [PublishedFile] {
        scenario.posts.map { PublishedFile(name: "post-\($0.id).ics", contents: postCalendar($0, scenario: scenario, options: options)) }
            + scenario.sites.map { PublishedFile(name: "site-\($0.id).ics", contents: siteCalendar($0, scenario: scenario, options: options)) }
    }

    /// The sessions of one post. SUMMARY "EP-1 at Will Adams Centre"; LOCATION the site's name,
    /// address and town.
    public func postCalendar(_ post: Post, scenario: Scenario, options: RotaCalendarOptions = RotaCalendarOptions()) -> String {
        let events = assignments.filter { $0.post == post.id }.map { a in
            event(a, uid: Rota.sessionUID(post: a.post, date: a.date, half: a.half, domain: options.uidDomain),
                  summary: "\(a.post) at \(scenario.siteName(a.site))", scenario: scenario, options: options)
        }
        // Protected time as its own events, with the session's UID (a session that becomes protected time keeps it).
        let kept = (protected ?? []).filter { $0.post == post.id }.map { s in
            event(s.asAssignment, uid: Rota.sessionUID(post: s.post, date: s.date, half: s.half, domain: options.uidDomain),
                  summary: "\(s.post): \(s.commitment) at \(scenario.siteName(s.site))", scenario: scenario, options: options)
        }
        let holidays = (closures ?? []).filter { $0.kind == .bankHoliday && $0.site == scenario.sites.first?.id }
            .map { closedDay($0, uid: "bank-holiday-\($0.date.iso)@\(options.uidDomain)", options: options) }
        return calendar(name: "\(post.id) (\(scenario.roleName(post.role))): \(self.scenario)", events: events + kept + holidays, options: options)
    }

    /// The visits to one site. Its UIDs add the site id to the post's, so they never clash with
    /// the post calendars' when both are imported into one calendar.
    public func siteCalendar(_ site: Site, scenario: Scenario, options: RotaCalendarOptions = RotaCalendarOptions()) -> String {
        let events = assignments.filter { $0.site == site.id }.map { a in
            event(a, uid: Rota.sessionUID(post: a.post, date: a.date, half: a.half, site: site.id, domain: options.uidDomain),
                  summary: "\(a.post) (\(scenario.roleName(a.role))) at \(site.name)", scenario: scenario, options: options)
        }
        let closed = (closures ?? []).filter { $0.site == site.id }
            .map { closedDay($0, uid: "closed-\($0.date.iso)+\(site.id)@\(options.uidDomain)", options: options) }
        return calendar(name: "\(site.id) \(site.name): \(self.scenario)", events: events + closed, options: options)
    }

    /// The UID of a session: post, date and half (`EP-1-2026-11-30-am@hubspoke`), not the site,
    /// so a session that moves to another site keeps its UID and calendars update it in place.
    /// In a site's calendar the site id follows a `+`, which ids cannot contain
    /// (`EP-1-2026-11-30-am+PRU-GILL@hubspoke`).
    public static func sessionUID(post: String, date: CalendarDate, half: Half, site: String? = nil, domain: String = "hubspoke") -> String {
        "\(post)-\(date.iso)-\(half.key)\(site.map { "+\($0)" } ?? "")@\(domain)"
    }

    /// DTSTAMP of every event: midnight UTC at the start of the rota's first day. RFC 5545 asks
    /// for the time the object was created; a fixed instant derived from the rota keeps the
    /// files byte for byte the same for the same rota, and SEQUENCE, not DTSTAMP, orders revisions.
    public var calendarStamp: String { ICalendar.utcDateTime(startDate, TimeOfDay(minutes: 0)) }

    private func event(_ a: Assignment, uid: String, summary: String, scenario sc: Scenario, options: RotaCalendarOptions) -> ICalendarComponent {
        let site = sc.sites.first { $0.id == a.site }
        let (start, end) = sc.times(a.half)
        let tz = ["TZID": options.timeZone.id] as KeyValuePairs
        var properties = [
            ICalendarProperty("UID", uid),
            ICalendarProperty("DTSTAMP", calendarStamp),
            ICalendarProperty("SEQUENCE", "\(options.sequence)"),
            ICalendarProperty("DTSTART", ICalendar.localDateTime(a.date, start), parameters: tz),
            ICalendarProperty("DTEND", ICalendar.localDateTime(a.date, end), parameters: tz),
            .text("SUMMARY", summary),
            .text("LOCATION", site?.place ?? a.site),
        ]
        if let g = site?.location { properties.append(ICalendarProperty("GEO", "\(fixed(g.latitude, 6));\(fixed(g.longitude, 6))")) }
        properties += [
            .text("DESCRIPTION", [
                "Post: \(a.post), \(sc.roleName(a.role))",
                "Site: \(a.site), \(site?.place ?? a.site)",
                "Session: \(sc.sessionLabel(a.half))",
                "Rota: \(scenario), week \(a.week) from \(longDate(startDate.adding(days: (a.week - 1) * 7)))",
            ].joined(separator: "\n")),
            .text("CATEGORIES", sc.roleName(a.role)),
            ICalendarProperty("STATUS", "CONFIRMED"),
            ICalendarProperty("TRANSP", "OPAQUE"),
        ]
        return ICalendarComponent("VEVENT", properties: properties)
    }

    /// A closed day as an all-day event that does not block time (TRANSP TRANSPARENT): "bank holiday:
    /// Christmas Day", "PRU closed: Christmas holiday".
    private func closedDay(_ c: DayClosure, uid: String, options: RotaCalendarOptions) -> ICalendarComponent {
        ICalendarComponent("VEVENT", properties: [
            ICalendarProperty("UID", uid),
            ICalendarProperty("DTSTAMP", calendarStamp),
            ICalendarProperty("SEQUENCE", "\(options.sequence)"),
            ICalendarProperty("DTSTART", ICalendar.compact(c.date), parameters: ["VALUE": "DATE"]),
            ICalendarProperty("DTEND", ICalendar.compact(c.date.adding(days: 1)), parameters: ["VALUE": "DATE"]),
            .text("SUMMARY", c.kind == .bankHoliday ? c.label.prefix(1).uppercased() + c.label.dropFirst() : c.label),
            ICalendarProperty("TRANSP", "TRANSPARENT"),
        ])
    }

    private func calendar(name: String, events: [ICalendarComponent], options: RotaCalendarOptions) -> String {
        ICalendarComponent("VCALENDAR", properties: [
            ICalendarProperty("PRODID", "-//hubspoke//hubspoke rota//EN"),
            ICalendarProperty("VERSION", "2.0"),
            ICalendarProperty("CALSCALE", "GREGORIAN"),
            ICalendarProperty("METHOD", "PUBLISH"),
            .text("X-WR-CALNAME", name),
            ICalendarProperty("X-WR-TIMEZONE", options.timeZone.id),
        ], components: [options.timeZone.component] + events).render()
    }
}
