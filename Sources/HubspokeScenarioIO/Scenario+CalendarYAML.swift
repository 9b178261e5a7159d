import Foundation
import HubspokeModel
import HubspokeSupport

/// The most entries each list of the `calendar:` section may hold.
extension ScenarioLimits {
    public static let termGroups = 20, termsPerGroup = 60, calendarClosures = 1_000, insetDays = 100
}

/// The `calendar:` section: term dates per group of PRUs, INSET days, closures, bank holidays.
///
///     calendar:
///       holidays_staffed: true          # posts may work at the hub and spokes in school holidays
///       bank_holidays: bank-holidays.json   # optional: a newer copy of the UK government feed
///       terms:
///         kent:
///           source: Kent County Council's 2026-27 pattern
///           terms: [{name: Term 1, from: 2026-09-01, to: 2026-10-16}, ...]
///           holidays: [{name: October half term, from: 2026-10-19, to: 2026-10-30}, ...]
///         medway: {same_as: kent, assumed: "Medway's own dates were not found"}
///       inset: {PRU-DOV: [2027-01-04]}
///       closures: [{site: SP-E, from: 2027-02-01, to: 2027-02-03, reason: building work}]
///
/// A PRU names its group with `terms:` in its site entry; one that does not follows the first group.
extension ScenarioParser {
    static let calendarFields = ["holidays_staffed", "bank_holidays", "terms", "inset", "closures"]

    mutating func parseCalendar(_ v: YAMLValue, sites: [Site]) -> ServiceCalendar? {
        guard let m = reader.mapping(v, allowed: Self.calendarFields) else { return nil }
        var calendar = ServiceCalendar()
        if let x = m["holidays_staffed"], let b = reader.bool(x) { calendar.hubsOpenInHolidays = b }
        if let x = m["bank_holidays"], let rel = reader.string(x) {
            let path = rel.hasPrefix("/") ? rel : (folder as NSString).appendingPathComponent(rel)
            do {
                let data = try InputFile.data(path, kind: "bank-holiday feed")
                calendar.bankHolidays = calendar.bankHolidays.updated(with: try BankHolidays(feed: data, file: path))
            } catch {
                for p in error.problems { reader.problem(x, "\(p.file): \(p.field.isEmpty ? "" : "\(p.field): ")\(p.message)") }
            }
        }
        if let x = m["terms"] { calendar.groups = parseTermGroups(x) }
        calendar.defaultGroup = calendar.groups.first?.id
        if let x = m["inset"] { calendar.inset = parseInset(x, sites: sites) }
        if let x = m["closures"] { calendar.closures = parseClosures(x, sites: sites) }
        return calendar
    }

    /// The groups in file order; `same_as` copies another group's dates (listed before it).
    mutating func parseTermGroups(_ v: YAMLValue) -> [TermPattern] {
        let entries = reader.idEntries(v, notMapping: "expected a mapping of term groups (kent: {...})")
        if entries.count > ScenarioLimits.termGroups { reader.problem(v, "\(entries.count) term groups: at most \(ScenarioLimits.termGroups)"); return [] }
        var groups: [TermPattern] = []
        for (key, keyValue, value) in entries {
            guard reader.identifier(keyValue) != nil,
                  let m = reader.mapping(value, allowed: ["source", "terms", "holidays", "same_as", "assumed"]) else { continue }
            let assumed = m["assumed"].flatMap { reader.string($0) }
            if let sv = m["same_as"] {
                for extra in ["terms", "holidays"] where m[extra] != nil { reader.problem(m[extra], "give either same_as or \(extra), not both") }
                guard let other = reader.identifier(sv) else { continue }
                guard let base = groups.first(where: { $0.id == other }) else { reader.problem(sv, "unknown term group \"\(other)\" (a group listed above this one)"); continue }
                let source = m["source"].flatMap { reader.string($0) } ?? base.source
                groups.append(TermPattern(id: key, source: source, terms: base.terms, holidays: base.holidays, assumption: assumed ?? "the dates of \(other)"))
                continue
            }
            guard let tv = reader.require(m, "terms", in: value) else { continue }
            let terms = parseSpans(tv, what: "term")
            let holidays = m["holidays"].map { parseSpans($0, what: "holiday") } ?? []
            if terms.isEmpty { reader.problem(tv, "the group has no terms"); continue }
            checkOverlaps(terms, in: tv)
            for h in holidays where terms.contains(where: { $0.span.contains(h.span.first) || $0.span.contains(h.span.last) }) {
                reader.problem(m["holidays"], "\(h.name) (\(h.span)) overlaps a term")
            }
            groups.append(TermPattern(id: key, source: m["source"].flatMap { reader.string($0) } ?? key, terms: terms, holidays: holidays, assumption: assumed))
        }
        return groups
    }

    /// `[{name, from, to}]`, each `to` on or after its `from`.
    mutating func parseSpans(_ v: YAMLValue, what: String) -> [NamedSpan] {
        guard let items = reader.list(v, limit: ScenarioLimits.termsPerGroup) else { return [] }
        var spans: [NamedSpan] = []
        for item in items {
            guard let m = reader.mapping(item, allowed: ["name", "from", "to"]),
                  let nv = reader.require(m, "name", in: item), let name = reader.string(nv),
                  let span = dateSpan(m, in: item) else { continue }
            spans.append(NamedSpan(name, span))
        }
        return spans
    }

    /// `from` and `to` of a mapping, `to` defaulting to `from`.
    mutating func dateSpan(_ m: [String: YAMLValue], in item: YAMLValue) -> DateSpan? {
        guard let fv = reader.require(m, "from", in: item), let from = reader.date(fv) else { return nil }
        let to = m["to"].flatMap { reader.date($0) } ?? from
        if to < from { reader.problem(m["to"], "\(to.iso) is before \(from.iso)"); return nil }
        return DateSpan(from, to)
    }

    mutating func checkOverlaps(_ spans: [NamedSpan], in v: YAMLValue) {
        let sorted = spans.sorted { $0.span < $1.span }
        for (a, b) in zip(sorted, sorted.dropFirst()) where b.span.first <= a.span.last {
            reader.problem(v, "\(a.name) (\(a.span)) and \(b.name) (\(b.span)) overlap")
        }
    }

    mutating func parseInset(_ v: YAMLValue, sites: [Site]) -> [String: [CalendarDate]] {
        var out: [String: [CalendarDate]] = [:]
        for (id, keyValue, value) in reader.idEntries(v, notMapping: "expected a mapping of sites to INSET days (PRU-DOV: [2027-01-04])") {
            guard let site = sites.first(where: { $0.id == id }) else { unknownSite(keyValue, id); continue }
            if site.kind != .pru { reader.problem(keyValue, "\(id) is a \(site.kind.rawValue): INSET days are for PRUs (close a hub or spoke with closures:)"); continue }
            guard let items = reader.list(value, limit: ScenarioLimits.insetDays) else { continue }
            out[id] = items.compactMap { reader.date($0) }.sorted()
        }
        return out
    }

    mutating func parseClosures(_ v: YAMLValue, sites: [Site]) -> [SiteClosure] {
        guard let items = reader.list(v, limit: ScenarioLimits.calendarClosures) else { return [] }
        var closures: [SiteClosure] = []
        for item in items {
            guard let m = reader.mapping(item, allowed: ["site", "from", "to", "reason"]),
                  let sv = reader.require(m, "site", in: item), let site = reader.identifier(sv),
                  let span = dateSpan(m, in: item) else { continue }
            guard sites.contains(where: { $0.id == site }) else { unknownSite(sv, site); continue }
            guard let rv = reader.require(m, "reason", in: item), let reason = reader.string(rv) else { continue }
            if reason.trimmingCharacters(in: .whitespaces).isEmpty || reason.count > 80 {
                reader.problem(rv, "a reason of 1 to 80 characters is needed (no personal details)"); continue
            }
            closures.append(SiteClosure(site: site, span: span, reason: reason))
        }
        return closures
    }
}

extension ScenarioParser {
    /// Each PRU's term group, checked against the calendar's groups.
    mutating func termGroups(_ sites: [Site], calendar: ServiceCalendar) -> [String: String] {
        var out: [String: String] = [:]
        for (site, value) in termRefs {
            guard let group = sites.first(where: { $0.id == site })?.termGroup else { continue }
            if calendar.groups.contains(where: { $0.id == group }) { out[site] = group; continue }
            let known = calendar.groups.map(\.id)
            reader.problem(value, known.isEmpty ? "unknown term group \"\(group)\": the scenario has no calendar.terms"
                                                : "unknown term group \"\(group)\" (calendar.terms has: \(known.joined(separator: ", ")))")
        }
        return out
    }
}
