import Foundation
import HubspokeSupport
import HubspokeModel

extension Scenario {
    /// Reads a scenario file (at most `InputFile.sizeLimit` bytes of UTF-8 text). Relative paths
    /// inside it (`demand_csv`) are resolved against its folder. The `sections` of the layers above
    /// (`.simulation`, `.costs`) are read too; the others are skipped unread.
    public static func load(path: String, sections: [ScenarioSectionReader] = []) throws(InputError) -> Scenario {
        let text = try InputFile.text(path, kind: "scenario file")
        let folder = (path as NSString).deletingLastPathComponent
        return try parse(yaml: text, file: path, folder: folder.isEmpty ? "." : folder, sections: sections)
    }

    /// Parses scenario YAML; `file` names it in messages. Every problem found is reported together.
    public static func parse(yaml text: String, file: String, folder: String = ".",
                             sections: [ScenarioSectionReader] = []) throws(InputError) -> Scenario {
        var r = YAMLReader(file: file)
        let root = try YAMLReader.compose(text, file: file)
        var parser = ScenarioParser(reader: r, folder: folder, sections: sections)
        let scenario = parser.parse(root)
        r = parser.reader
        if let scenario, r.problems.isEmpty {
            let problems = scenario.validate()
            if !problems.isEmpty { throw InputError(problems) }
            return scenario
        }
        throw InputError(r.problems.isEmpty ? [InputProblem(file: file, line: 1, field: "", message: "invalid scenario")] : r.problems, unlisted: r.unlisted)
    }
}

/// The most entries each list of a scenario may hold. Within the 10 MB file limit a list could hold
/// a hundred thousand entries, and some checks grow faster than the list (travel between every two
/// sites, every post against every site it serves); these bounds keep reading a file to seconds.
public enum ScenarioLimits {
    public static let roles = 100, sites = 1_000, posts = 2_000, leavePerPost = 1_000
    /// Demand requests in the scenario, and rows in a demand CSV.
    public static let demand = 50_000
    /// Pins, and forbids, each.
    public static let sessionRules = 5_000
    /// The `simulation:` section's lists.
    public static let needProfiles = 100, closures = 1_000, weeklyFactors = 520, waitingList = 10_000
}

/// Turns the YAML tree into a `Scenario`, checking types, ranges and references as it goes.
package struct ScenarioParser {
    package var reader: YAMLReader
    let folder: String
    /// Readers of the sections that layers above own.
    let sectionReaders: [ScenarioSectionReader]
    /// Ids of sites whose entries (or locations) were refused: references to them, and travel times
    /// their locations would give, are knock-on errors, not reported again.
    var refusedSites: Set<String> = [], refusedLocations: Set<String> = []
    /// PRUs that name a term group, with the value naming it (checked once the calendar is read).
    var termRefs: [(site: String, value: YAMLValue)] = []

    init(reader: YAMLReader, folder: String, sections: [ScenarioSectionReader] = []) {
        self.reader = reader; self.folder = folder; self.sectionReaders = sections
    }

    static let topFields = ["name", "description", "start", "weeks", "sessions", "rules", "travel", "roles", "sites", "posts",
                            "demand", "demand_csv", "pins", "forbid", "calendar", "links", "preferences", "protected"] + sectionFields
    /// Sections that layers above the model own, read by their `ScenarioSectionReader`s in this order.
    static let sectionFields = ["simulation", "costs", "referral_mix"]

    package mutating func note(_ v: YAMLValue?) { if let v, let l = v.line { reader.lines[v.path] = l } }

    mutating func parse(_ root: YAMLValue) -> Scenario? {
        guard let top = reader.mapping(root, allowed: Self.topFields) else { return nil }
        let name = top["name"].flatMap { reader.string($0) } ?? "Unnamed scenario"
        let description = top["description"].flatMap { reader.string($0) } ?? ""
        let start = parseStart(top, root: root)
        let weeks = top["weeks"].flatMap { reader.int($0, 1...52) } ?? 1
        let times = top["sessions"].flatMap { parseSessionTimes($0) } ?? .standard
        let rules = top["rules"].flatMap { parseRules($0) } ?? PlanningRules()
        // Without roles or sites, everything else would only repeat that (unknown role, unknown site): stop at the cause.
        guard let roles = requiredList(top, root: root, "roles", { $0.parseRoles($1) }),
              let sites = requiredList(top, root: root, "sites", { $0.parseSites($1) }) else { return nil }
        let posts = requiredList(top, root: root, "posts") { $0.parsePosts($1, roles: roles, sites: sites) } ?? []
        let travel = parseTravel(top["travel"], sites: sites, root: root)
        var demand = top["demand"].flatMap { parseDemand($0) } ?? []
        if let v = top["demand_csv"], let rel = reader.string(v) {
            let path = rel.hasPrefix("/") ? rel : (folder as NSString).appendingPathComponent(rel)
            do { demand += try DemandCSV.load(path: path) } catch {
                // A file that cannot be read at all is named at the line that asks for it.
                for p in error.problems { if p.line == nil { reader.problem(v, "\(p.file): \(p.message)") } else { reader.problems.append(p) } }
            }
        }
        reader.problems += DemandItem.duplicates(demand, sourceFile: reader.file)
        let pins = top["pins"].flatMap { parseSessionRules($0) } ?? []
        let links = top["links"].map { parseLinks($0) } ?? []
        let preferences = top["preferences"].map { parsePreferences($0) } ?? []
        let protected = top["protected"].map { parseProtected($0) } ?? ProtectedTime()
        let forbids = top["forbid"].flatMap { parseSessionRules($0) } ?? []
        let sections = readSections(top, ScenarioParts(roles: roles, sites: sites, posts: posts))
        let calendar = top["calendar"].flatMap { parseCalendar($0, sites: sites) }
        guard let travel, let start else { return nil }
        var s = Scenario(name: name, description: description, startDate: start, weeks: weeks, sessionTimes: times, rules: rules,
                         roles: roles, sites: sites, posts: posts, travel: travel, demand: demand, pins: pins, forbids: forbids,
                         source: reader.file)
        s.fieldLines = reader.lines
        s.sections = sections
        s.links = links
        s.preferences = preferences
        s.protected = protected
        if let calendar { s.calendar = calendar }
        s.calendar.siteGroups = termGroups(sites, calendar: s.calendar)
        return s
    }

    /// The sections of the layers above that have a reader, each read by it.
    mutating func readSections(_ top: [String: YAMLValue], _ parts: ScenarioParts) -> ScenarioSections {
        var sections = ScenarioSections()
        for key in Self.sectionFields {
            guard let v = top[key], let section = sectionReaders.first(where: { $0.key == key }) else { continue }
            sections[key] = section.read(v, &self, parts)
        }
        return sections
    }

    /// `start`, required: the Monday of the first week (without it, dated leave would fall anywhere).
    mutating func parseStart(_ top: [String: YAMLValue], root: YAMLValue) -> CalendarDate? {
        guard let v = reader.require(top, "start", in: root), let d = reader.date(v) else { return nil }
        if d.weekdayIndex != 0 { reader.problem(v, "\(d.iso) is not a Monday: the horizon starts on a Monday"); return nil }
        return d
    }

    /// A required top-level list (`roles`, `sites`, `posts`): missing, or empty with nothing else
    /// wrong in it, is one problem. Nil when nothing usable was read.
    mutating func requiredList<T>(_ top: [String: YAMLValue], root: YAMLValue, _ key: String,
                                  _ parse: (inout ScenarioParser, YAMLValue) -> [T]?) -> [T]? {
        guard let v = reader.require(top, key, in: root) else { return nil }
        let before = reader.problems.count
        let items = parse(&self, v) ?? []
        if items.isEmpty && reader.problems.count == before { reader.problem(v, "the scenario has no \(key)") }
        return items.isEmpty ? nil : items
    }

    /// An unknown site, unless its own entry was refused (then the cause is already reported).
    package mutating func unknownSite(_ v: YAMLValue, _ id: String) {
        if !refusedSites.contains(id) { reader.problem(v, "unknown site \"\(id)\"") }
    }

    mutating func parseSessionTimes(_ v: YAMLValue) -> SessionTimes? {
        guard let m = reader.mapping(v, allowed: ["am", "pm"]) else { return nil }
        func range(_ key: String, _ def: (TimeOfDay, TimeOfDay)) -> (TimeOfDay, TimeOfDay) {
            guard let x = m[key], let s = reader.string(x) else { return def }
            let parts = s.split(separator: "-").map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, let a = TimeOfDay(parts[0]), let b = TimeOfDay(parts[1]), a < b else {
                reader.problem(x, "expected a time range like \"09:00-12:30\", found \"\(s)\"")
                return def
            }
            return (a, b)
        }
        let st = SessionTimes.standard
        let am = range("am", (st.amStart, st.amEnd)), pm = range("pm", (st.pmStart, st.pmEnd))
        if am.1 > pm.0 { reader.problem(v, "the morning session must end before the afternoon session starts") }
        return SessionTimes(amStart: am.0, amEnd: am.1, pmStart: pm.0, pmEnd: pm.1)
    }

    mutating func parseRules(_ v: YAMLValue) -> PlanningRules? {
        guard let m = reader.mapping(v, allowed: ["lunch_travel_minutes", "max_sites_per_day", "minimum_presence", "weights"]) else { return nil }
        var rules = PlanningRules()
        if let x = m["lunch_travel_minutes"] { rules.lunchTravelMinutes = reader.int(x, 0...240) }
        reader.assign(&rules.maxSitesPerDay, m, "max_sites_per_day", 1...2)
        if let x = m["minimum_presence"], !reader.isNull(x), let mp = reader.mapping(x, allowed: ["sessions", "weeks"]) {
            var p = MinimumPresence()
            reader.assign(&p.sessions, mp, "sessions", 1...10)
            reader.assign(&p.weeks, mp, "weeks", 1...52)
            rules.minimumPresence = p
        }
        if let x = m["weights"], let w = reader.mapping(x, allowed: ["urgent", "high", "routine", "fairness", "continuity", "travel", "link"]) {
            let range = 0.0...1_000_000
            reader.assign(&rules.weights.urgent, w, "urgent", range); reader.assign(&rules.weights.high, w, "high", range)
            reader.assign(&rules.weights.routine, w, "routine", range); reader.assign(&rules.weights.fairness, w, "fairness", range)
            reader.assign(&rules.weights.continuity, w, "continuity", range); reader.assign(&rules.weights.travel, w, "travel", range)
            reader.assign(&rules.weights.link, w, "link", range)
        }
        return rules
    }

    mutating func parseRoles(_ v: YAMLValue) -> [Role]? {
        guard let items = reader.list(v, limit: ScenarioLimits.roles) else { return nil }
        var roles: [Role] = []
        for item in items {
            guard let m = reader.mapping(item, allowed: ["id", "name"]) else { continue }
            guard let idv = reader.require(m, "id", in: item), let id = reader.identifier(idv) else { continue }
            note(item); note(idv)
            if roles.contains(where: { $0.id == id }) { reader.problem(idv, "duplicate role id \"\(id)\"") ; continue }
            roles.append(Role(id: id, name: m["name"].flatMap { reader.string($0) } ?? id))
        }
        return roles
    }

    mutating func parseSites(_ v: YAMLValue) -> [Site]? {
        guard let items = reader.list(v, limit: ScenarioLimits.sites) else { return nil }
        var sites: [Site] = []
        var spokeRefs: [(Int, YAMLValue)] = []
        for item in items {
            guard let m = reader.mapping(item, allowed: ["id", "name", "kind", "spoke", "town", "address", "location", "rooms", "roll", "terms"]) else { continue }
            guard let idv = reader.require(m, "id", in: item), let id = reader.identifier(idv) else { continue }
            note(item)
            if sites.contains(where: { $0.id == id }) { reader.problem(idv, "duplicate site id \"\(id)\""); continue }
            guard let kv = reader.require(m, "kind", in: item), let kind = reader.enumValue(kv, SiteKind.self) else { refusedSites.insert(id); continue }
            var site = Site(id: id, name: m["name"].flatMap { reader.string($0) } ?? id, kind: kind, rooms: 1)
            site.town = m["town"].flatMap { reader.string($0) }
            site.address = m["address"].flatMap { reader.string($0) }
            if let rv = reader.require(m, "rooms", in: item), let n = reader.int(rv, 0...50) { site.rooms = n }
            site.roll = m["roll"].flatMap { reader.int($0, 0...5000) }
            if let tv = m["terms"] {
                if kind != .pru { reader.problem(tv, "only a PRU follows term dates (a hub or spoke stays open in school holidays)") }
                else if let group = reader.identifier(tv) { site.termGroup = group; termRefs.append((id, tv)) }
            }
            if let lv = m["location"], let parts = reader.list(lv) {
                if parts.count == 2, let lat = reader.double(parts[0], -90...90), let lon = reader.double(parts[1], -180...180) {
                    site.location = Coordinate(latitude: lat, longitude: lon)
                } else {
                    if parts.count != 2 { reader.problem(lv, "expected [latitude, longitude]") }
                    refusedLocations.insert(id)
                }
            } else if m["location"] != nil {
                refusedLocations.insert(id)
            }
            if let sv = m["spoke"] {
                if kind != .pru { reader.problem(sv, "only a PRU belongs to a spoke") }
                else if let sid = reader.identifier(sv) { site.spoke = sid; spokeRefs.append((sites.count, sv)) }
            } else if kind == .pru {
                reader.problem(item, field: "\(item.path).spoke", "a PRU must name the spoke it belongs to")
            }
            sites.append(site)
        }
        for (i, sv) in spokeRefs {
            let sid = sites[i].spoke!
            guard let target = sites.first(where: { $0.id == sid }) else { unknownSite(sv, sid); continue }
            if target.kind != .spoke { reader.problem(sv, "\"\(sid)\" is a \(target.kind.rawValue), not a spoke") }
        }
        return sites
    }

    mutating func parsePattern(_ v: YAMLValue) -> [Bool]? {
        guard let items = reader.list(v) else { return nil }
        var pattern = Array(repeating: false, count: 10)
        for item in items {
            guard let s = reader.string(item) else { continue }
            // "mon" (whole day), "mon-am", "mon pm"
            let parts = s.lowercased().split(whereSeparator: { $0 == "-" || $0 == " " })
            guard let first = parts.first, let day = Weekday(key: String(first)), first.count >= 3, parts.count <= 2 else {
                reader.problem(item, "\"\(s)\" is not a half-day (mon, mon-am, tue-pm, ...)"); continue
            }
            if parts.count == 2 {
                guard let half = Half(key: String(parts[1])) else { reader.problem(item, "\"\(s)\" is not a half-day (mon, mon-am, tue-pm, ...)"); continue }
                pattern[HalfDay(day, half).index] = true
            } else {
                pattern[HalfDay(day, .am).index] = true; pattern[HalfDay(day, .pm).index] = true
            }
        }
        return pattern
    }

    mutating func parsePosts(_ v: YAMLValue, roles: [Role], sites: [Site]) -> [Post]? {
        guard let items = reader.list(v, limit: ScenarioLimits.posts) else { return nil }
        var posts: [Post] = []
        for item in items {
            guard let m = reader.mapping(item, allowed: ["id", "name", "role", "sessions", "fte", "base", "pattern", "leave", "serves"]) else { continue }
            guard let idv = reader.require(m, "id", in: item), let id = reader.identifier(idv) else { continue }
            note(item)
            if posts.contains(where: { $0.id == id }) { reader.problem(idv, "duplicate post id \"\(id)\""); continue }
            var ok = true
            var role = ""
            if let rv = reader.require(m, "role", in: item), let r = reader.identifier(rv) {
                if roles.contains(where: { $0.id == r }) { role = r } else { reader.problem(rv, "unknown role \"\(r)\""); ok = false }
            } else { ok = false }
            var sessions = 10
            switch (m["sessions"], m["fte"]) {
            case (let s?, nil): if let n = reader.int(s, 1...10) { sessions = n } else { ok = false }
            case (nil, let f?):
                if let x = reader.double(f, 0.1...1.0) {
                    let n = x * 10
                    if abs(n - n.rounded()) > 1e-9 { reader.problem(f, "an FTE must be a whole number of sessions (multiples of 0.1)"); ok = false }
                    sessions = Int(n.rounded())
                } else { ok = false }
            case (.some, .some): reader.problem(item, field: "\(item.path).fte", "give sessions or fte, not both"); ok = false
            case (nil, nil): reader.problem(item, field: "\(item.path).sessions", "missing contracted sessions (sessions: N or fte: X)"); ok = false
            }
            var base = ""
            if let bv = reader.require(m, "base", in: item), let b = reader.identifier(bv) {
                if sites.contains(where: { $0.id == b }) { base = b } else { unknownSite(bv, b); ok = false }
            } else { ok = false }
            let pattern = m["pattern"].flatMap { parsePattern($0) } ?? Array(repeating: true, count: 10)
            var absences: [Absence] = []
            if let lv = m["leave"], let entries = reader.list(lv, limit: ScenarioLimits.leavePerPost) {
                for e in entries {
                    guard let s = reader.string(e) else { continue }
                    let parts = s.split(separator: " ").map(String.init)
                    guard let first = parts.first, let d = CalendarDate(iso: first), parts.count <= 2 else {
                        reader.problem(e, "\"\(s)\" is not a leave date (YYYY-MM-DD, optionally followed by am or pm)"); continue
                    }
                    var half: Half?
                    if parts.count == 2 {
                        guard let h = Half(key: parts[1]) else { reader.problem(e, "\"\(parts[1])\" is not am or pm"); continue }
                        half = h
                    }
                    absences.append(Absence(date: d, half: half))
                }
            }
            var serves = sites.map(\.id)
            if let sv = m["serves"] { serves = parseServes(sv, sites: sites) ?? [] }
            if ok {
                posts.append(Post(id: id, name: m["name"].flatMap { reader.string($0) }, role: role, sessionsPerWeek: sessions,
                                  base: base, pattern: pattern, absences: absences, serves: serves))
            }
        }
        return posts
    }

    /// `all`, or a list of site ids, `spoke:ID` (the spoke and its PRUs) and `kind:pru|spoke|hub`.
    mutating func parseServes(_ v: YAMLValue, sites: [Site]) -> [String]? {
        if case .scalar(let s) = v.node, s.string == "all" { return sites.map(\.id) }
        guard let items = reader.list(v, limit: ScenarioLimits.sites) else { return nil }
        let ids = Set(sites.map(\.id))
        var chosen = Set<String>()
        for item in items {
            guard let s = reader.string(item) else { continue }
            if s == "all" { chosen.formUnion(sites.map(\.id)) }
            else if s.hasPrefix("spoke:") {
                let sid = String(s.dropFirst(6))
                guard let spoke = sites.first(where: { $0.id == sid }), spoke.kind == .spoke else { reader.problem(item, "\"\(sid)\" is not a spoke"); continue }
                chosen.insert(sid)
                chosen.formUnion(sites.filter { $0.spoke == sid }.map(\.id))
            } else if s.hasPrefix("kind:") {
                guard let k = SiteKind(rawValue: String(s.dropFirst(5))) else { reader.problem(item, "\"\(s)\": kind must be hub, spoke or pru"); continue }
                chosen.formUnion(sites.filter { $0.kind == k }.map(\.id))
            } else if ids.contains(s) {
                chosen.insert(s)
            } else if !refusedSites.contains(s) {
                reader.problem(item, "unknown site \"\(s)\" (use a site id, spoke:ID, kind:pru or all)")
            }
        }
        return sites.map(\.id).filter { chosen.contains($0) }
    }

    mutating func parseTravel(_ v: YAMLValue?, sites: [Site], root: YAMLValue) -> TravelMatrix? {
        var estimate = TravelEstimate()
        var explicit: [(Int, Int, Int, YAMLValue)] = []
        if let v, let m = reader.mapping(v, allowed: ["road_factor", "speed_kmh", "overhead_minutes", "minutes"]) {
            reader.assign(&estimate.roadFactor, m, "road_factor", 1...3)
            reader.assign(&estimate.speedKmh, m, "speed_kmh", 5...130)
            reader.assign(&estimate.overheadMinutes, m, "overhead_minutes", 0...60)
            let index = Dictionary(sites.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
            if let mv = m["minutes"], let rows = reader.mapping(mv, allowed: sites.map(\.id)) {
                for (from, row) in rows.sorted(by: { $0.key < $1.key }) {
                    guard let cols = reader.mapping(row, allowed: sites.map(\.id)) else { continue }
                    for (to, cell) in cols.sorted(by: { $0.key < $1.key }) {
                        guard let n = reader.int(cell, 0...600) else { continue }
                        guard let a = index[from], let b = index[to] else { continue }
                        if a == b && n != 0 { reader.problem(cell, "travel from a site to itself must be 0 minutes"); continue }
                        explicit.append((a, b, n, cell))
                    }
                }
            }
        }
        let n = sites.count
        var mins = Array(repeating: Array(repeating: -1, count: n), count: n)
        var kms = Array(repeating: Array(repeating: 0.0, count: n), count: n)
        var where_: [[YAMLValue?]] = Array(repeating: Array(repeating: nil, count: n), count: n)
        for i in 0..<n { mins[i][i] = 0 }
        for (a, b, m, cell) in explicit {
            for (x, y) in [(a, b), (b, a)] {
                if let prev = where_[x][y], mins[x][y] != m {
                    reader.problem(cell, "inconsistent travel data: \(sites[a].id)-\(sites[b].id) is \(m) minutes here but \(mins[x][y]) at line \(prev.line ?? 0)")
                    break   // once for the pair, not again for the other direction
                }
                mins[x][y] = m; where_[x][y] = cell
            }
        }
        var missing: [String] = []
        for i in 0..<n {
            for j in 0..<n where i != j {
                let straight = (sites[i].location != nil && sites[j].location != nil) ? sites[i].location!.kilometres(to: sites[j].location!) : nil
                if mins[i][j] < 0 {
                    if let km = straight {
                        kms[i][j] = km * estimate.roadFactor
                        mins[i][j] = estimate.minutes(roadKm: kms[i][j])
                    } else if i < j && !refusedLocations.contains(sites[i].id) && !refusedLocations.contains(sites[j].id) {
                        missing.append("\(sites[i].id)-\(sites[j].id)")
                    }
                } else {
                    kms[i][j] = straight.map { $0 * estimate.roadFactor }
                        ?? max(0, Double(mins[i][j]) - estimate.overheadMinutes) * estimate.speedKmh / 60
                }
            }
        }
        if !missing.isEmpty {
            reader.problem(v ?? root, field: "travel", "no travel time for \(missing.count) site pair(s) (\(missing.prefix(5).joined(separator: ", "))\(missing.count > 5 ? ", ..." : "")): give both sites a location or list the minutes under travel.minutes")
            return nil
        }
        if !refusedLocations.isEmpty { return nil }
        let method = explicit.isEmpty
            ? "estimated from coordinates: road km = \(estimate.roadFactor) x straight-line km, at \(estimate.speedKmh) km/h, plus \(estimate.overheadMinutes) minutes per trip"
            : "\(explicit.count) pair(s) from travel.minutes, the rest estimated from coordinates (road factor \(estimate.roadFactor), \(estimate.speedKmh) km/h, plus \(estimate.overheadMinutes) minutes)"
        return TravelMatrix(minutes: mins, kilometres: kms, method: method)
    }

    mutating func parseDemand(_ v: YAMLValue) -> [DemandItem]? {
        guard let items = reader.list(v, limit: ScenarioLimits.demand) else { return nil }
        var out: [DemandItem] = []
        for item in items {
            guard let m = reader.mapping(item, allowed: ["site", "role", "sessions", "priority", "week"]) else { continue }
            guard let site = reader.requiredIdentifier(m, "site", in: item), let role = reader.requiredIdentifier(m, "role", in: item),
                  let nv = reader.require(m, "sessions", in: item), let n = reader.int(nv, 0...100) else { continue }
            var priority = Priority.routine
            if let pv = m["priority"] { guard let p = reader.enumValue(pv, Priority.self) else { continue }; priority = p }
            out.append(DemandItem(site: site, role: role, sessions: n, priority: priority, week: week(m), source: reader.source(of: item)))
        }
        return out
    }

    mutating func parseSessionRules(_ v: YAMLValue) -> [SessionRule]? {
        guard let items = reader.list(v, limit: ScenarioLimits.sessionRules) else { return nil }
        var out: [SessionRule] = []
        for item in items {
            guard let m = reader.mapping(item, allowed: ["post", "site", "day", "half", "week"]) else { continue }
            guard let post = reader.requiredIdentifier(m, "post", in: item), let site = reader.requiredIdentifier(m, "site", in: item),
                  let dv = reader.require(m, "day", in: item), let ds = reader.string(dv),
                  let hv = reader.require(m, "half", in: item), let hs = reader.string(hv) else { continue }
            guard let day = Weekday(key: ds), ds.count >= 3 else { reader.problem(dv, "\"\(ds)\" is not a weekday (mon to fri)"); continue }
            guard let half = Half(key: hs) else { reader.problem(hv, "\"\(hs)\" is not am or pm"); continue }
            out.append(SessionRule(post: post, site: site, weekday: day, half: half, week: week(m), source: reader.source(of: item)))
        }
        return out
    }

    /// `links: [{site, role, post}]`: each PRU's link post for a role (checked by validation).
    mutating func parseLinks(_ v: YAMLValue) -> [LinkPost] {
        guard let items = reader.list(v, limit: ScenarioLimits.sessionRules) else { return [] }
        var out: [LinkPost] = []
        for item in items {
            guard let m = reader.mapping(item, allowed: ["site", "role", "post"]),
                  let site = reader.requiredIdentifier(m, "site", in: item), let role = reader.requiredIdentifier(m, "role", in: item),
                  let post = reader.requiredIdentifier(m, "post", in: item) else { continue }
            out.append(LinkPost(site: site, role: role, post: post, source: reader.source(of: item)))
        }
        return out
    }

    /// `preferences: [{post, prefer|avoid: {site, day, half}, weight}]` (checked by validation).
    mutating func parsePreferences(_ v: YAMLValue) -> [StaffPreference] {
        guard let items = reader.list(v, limit: ScenarioLimits.sessionRules) else { return [] }
        var out: [StaffPreference] = []
        for item in items {
            guard let m = reader.mapping(item, allowed: ["post", "prefer", "avoid", "weight"]),
                  let post = reader.requiredIdentifier(m, "post", in: item) else { continue }
            let kinds = StaffPreference.Kind.allCases.filter { m[$0.rawValue] != nil }
            guard kinds.count == 1, let kind = kinds.first, let wv = m[kind.rawValue] else {
                reader.problem(item, field: "\(item.path).prefer", "give either prefer: or avoid: (one of them), with a site, a day and/or a half"); continue
            }
            guard let w = reader.mapping(wv, allowed: ["site", "day", "half"]) else { continue }
            var pref = StaffPreference(post: post, kind: kind, source: reader.source(of: item))
            pref.site = w["site"].flatMap { reader.identifier($0) }
            if let dv = w["day"], let ds = reader.string(dv) {
                guard let d = Weekday(key: ds), ds.count >= 3 else { reader.problem(dv, "\"\(ds)\" is not a weekday (mon to fri)"); continue }
                pref.weekday = d
            }
            if let hv = w["half"], let hs = reader.string(hv) {
                guard let h = Half(key: hs) else { reader.problem(hv, "\"\(hs)\" is not am or pm"); continue }
                pref.half = h
            }
            if pref.site == nil && pref.weekday == nil && pref.half == nil { reader.problem(wv, "name a site, a day and/or a half"); continue }
            reader.assign(&pref.weight, m, "weight", 0...1000)
            out.append(pref)
        }
        return out
    }

    /// A request's or rule's `week`, 1-based; nil (every week of the horizon) when not given.
    mutating func week(_ m: [String: YAMLValue]) -> Int? { m["week"].flatMap { reader.int($0, 1...52) } }
}

extension Scenario {
    /// The embedded Kent and Medway scenario, planned when no scenario file is given.
    public static let defaultName = "kent-medway"

    public static func embedded(_ name: String = defaultName, sections: [ScenarioSectionReader] = []) throws(InputError) -> Scenario {
        guard let yaml = EmbeddedScenarios.yaml(named: name) else {
            throw InputError(file: "<embedded \(name)>", "no embedded scenario named \(name)")
        }
        return try parse(yaml: yaml, file: "<embedded \(name).yaml>", sections: sections)
    }
}
