@testable import HubspokeModel
import Testing

/// Checks every hard rule on a planned rota, independently of the model that produced it.
/// Returns the list of violations (empty when the rota is valid).
func hardRuleViolations(_ rota: Rota, _ sc: Scenario) -> [String] {
    var v: [String] = []
    var place: [String: String] = [:]           // post|week|day|half -> site
    var perSiteSlot: [String: Int] = [:]
    var perPostWeek: [String: Int] = [:]
    for a in rota.assignments {
        guard let p = sc.posts.first(where: { $0.id == a.post }) else { v.append("unknown post \(a.post)"); continue }
        guard let site = sc.sites.first(where: { $0.id == a.site }) else { v.append("unknown site \(a.site)"); continue }
        let slot = Slot(week: a.week - 1, weekday: a.day, half: a.half)
        if a.role != p.role { v.append("role mismatch \(a)") }
        if !p.serves.contains(site.id) { v.append("eligibility: \(p.id) at \(site.id)") }
        if !p.works(slot.halfDay) { v.append("pattern: \(p.id) \(slot)") }
        if p.isAbsent(on: sc.date(of: slot), slot.half) { v.append("leave: \(p.id) \(slot)") }
        if sc.date(of: slot) != a.date { v.append("date mismatch \(a)") }
        let key = "\(p.id)|\(a.week)|\(a.day.rawValue)|\(a.half.rawValue)"
        if place[key] != nil { v.append("two places: \(key)") }
        place[key] = site.id
        perSiteSlot["\(site.id)|\(a.week)|\(a.day.rawValue)|\(a.half.rawValue)", default: 0] += 1
        perPostWeek["\(p.id)|\(a.week)", default: 0] += 1
        if sc.forbids.contains(where: { $0.post == p.id && $0.site == site.id && $0.weekday == a.day && $0.half == a.half && ($0.week == nil || $0.week == a.week) }) {
            v.append("forbidden: \(a)")
        }
    }
    for (k, n) in perSiteSlot {
        let site = sc.sites.first { $0.id == k.split(separator: "|")[0].description }!
        if n > site.rooms { v.append("rooms: \(k) has \(n) posts, \(site.rooms) rooms") }
    }
    for (k, n) in perPostWeek {
        let post = sc.posts.first { $0.id == k.split(separator: "|")[0].description }!
        if n > post.sessionsPerWeek { v.append("contract: \(k) has \(n) sessions, contract \(post.sessionsPerWeek)") }
    }
    // Travel between a morning and a different afternoon site, and sites per day.
    for (key, am) in place where key.hasSuffix("|0") {
        let pmKey = String(key.dropLast()) + "1"
        guard let pm = place[pmKey], pm != am else { continue }
        let a = sc.siteIndex(am)!, b = sc.siteIndex(pm)!
        if sc.rules.maxSitesPerDay < 2 { v.append("sites per day: \(key)") }
        if sc.travel[a, b] > sc.lunchTravelMinutes { v.append("travel: \(key) \(am)->\(pm) \(sc.travel[a, b]) min") }
    }
    for pin in sc.pins {
        for w in sc.weeksOf(pin.week) where place["\(pin.post)|\(w + 1)|\(pin.weekday.rawValue)|\(pin.half.rawValue)"] != pin.site {
            v.append("pin not honoured: \(pin)")
        }
    }
    if let mp = sc.rules.minimumPresence, sc.weeks >= mp.weeks {
        for start in 0...(sc.weeks - mp.weeks) {
            let weeks = Set((start + 1)...(start + mp.weeks))
            for s in sc.sites where s.kind == .pru {
                for r in sc.roles {
                    let open = sc.demand.contains { $0.site == s.id && $0.role == r.id && $0.sessions > 0 && ($0.week.map { weeks.contains($0) } ?? true) }
                    guard open else { continue }
                    let n = rota.assignments.filter { $0.site == s.id && $0.role == r.id && weeks.contains($0.week) }.count
                    if n < mp.sessions { v.append("minimum presence: \(r.id) at \(s.id) weeks \(weeks.sorted())") }
                }
            }
        }
    }
    return v
}

/// A rota proven optimal (no tolerance), at its bound, keeping every hard rule of `sc`.
func expectProvenOptimal(_ rota: Rota, _ sc: Scenario, sourceLocation: SourceLocation = #_sourceLocation) throws {
    #expect(rota.solver.status == .optimal && rota.solver.tolerance == nil, "\(rota.solver.statusWords)", sourceLocation: sourceLocation)
    let objective = try #require(rota.solver.objective, sourceLocation: sourceLocation)
    let bound = try #require(rota.solver.bestBound, sourceLocation: sourceLocation)
    #expect(abs(objective - bound) <= 1e-6 * objective, sourceLocation: sourceLocation)
    #expect(hardRuleViolations(rota, sc) == [], sourceLocation: sourceLocation)
}
