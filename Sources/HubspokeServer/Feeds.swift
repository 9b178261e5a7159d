import Foundation
import Hummingbird
import HubspokeModel
import HubspokeReports
import HubspokeSupport
import HubspokeWorkspace

/// Calendar feeds: `/feeds/TOKEN/post-EP-1.ics` (or `site-ID.ics`), the published versions of every
/// week of the calendar in one VCALENDAR, with the ICS writer's stable UIDs and each week's version
/// as SEQUENCE, so a subscribed calendar updates its events in place. An unknown or revoked token,
/// or a file the token does not open, gets 404.
extension WebApp {
    var feedRoutes: [Route] {
        [
            Route(.get, "/feeds/:token/:file", .anyone, "a calendar feed by its token (post-ID.ics or site-ID.ics); 404 for an unknown or revoked token") { call in
                let token = try call.parameter("token"), file = try call.parameter("file")
                // While the workspace is unchanged, a live token's feed is kept by the token's hash.
                let key = "feed/\(SecretToken.hash(token))/\(file)"
                if let text: String = call.app.fresh.lookup(key, at: call.stamp) { return Responses.text(text, type: "text/calendar; charset=utf-8", cache: "no-cache") }
                guard let target = try call.ws.feedTarget(token: token), target.fileName == file else {
                    throw WebError(.notFound, "there is no such feed")
                }
                let published = try call.ws.versions().filter(\.isCurrent).map(RenderCache.key).joined(separator: ",")
                let text = try call.app.cache.text("feed/\(target.fileName)/\(published)") { try call.app.feed(target) }
                call.app.fresh.keep(text, key, at: call.stamp)
                return Responses.text(text, type: "text/calendar; charset=utf-8", cache: "no-cache")
            },
        ]
    }

    /// The feed's calendar: the first published week's header and time zone, then the events of every published week.
    func feed(_ target: FeedTarget) throws -> String {
        var calendars: [String] = []
        for version in try ws.versions().filter(\.isCurrent).sorted(by: { $0.week < $1.week }) {
            let p = try ws.storedRota(week: version.week)
            let options = RotaCalendarOptions(sequence: p.version.version)
            switch target {
            case .post(let id):
                if let post = p.scenario.posts.first(where: { $0.id == id }) { calendars.append(p.rota.postCalendar(post, scenario: p.scenario, options: options)) }
            case .site(let id):
                if let site = p.scenario.sites.first(where: { $0.id == id }) { calendars.append(p.rota.siteCalendar(site, scenario: p.scenario, options: options)) }
            }
        }
        return Self.merged(calendars, name: target.fileName)
    }

    /// One VCALENDAR of several: the first one's head (up to its first event), every one's events, the end.
    static func merged(_ calendars: [String], name: String) -> String {
        guard let first = calendars.first else {
            return ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//hubspoke//rota//EN", "X-WR-CALNAME:\(name)", "END:VCALENDAR", ""].joined(separator: "\r\n")
        }
        let head = first.range(of: "BEGIN:VEVENT").map { String(first[..<$0.lowerBound]) } ?? first.replacingOccurrences(of: "END:VCALENDAR\r\n", with: "")
        let events = calendars.map { c -> String in
            guard let start = c.range(of: "BEGIN:VEVENT"), let end = c.range(of: "END:VCALENDAR", options: .backwards) else { return "" }
            return String(c[start.lowerBound..<end.lowerBound])
        }
        return head + events.joined() + "END:VCALENDAR\r\n"
    }
}
