import HubspokeSupport

extension Rota {
    /// One row per planned session, then one per protected session (the commitment's name in
    /// `note`), then one per closed day at each site (no post; the closure in
    /// `note`); the same file is read back by `--previous` and `check`, which skip the closed days. Cells are
    /// neutralised for spreadsheets (`CSV.spreadsheetCell`), and read back exactly.
    public func csv(scenario sc: Scenario) -> String {
        var lines = ["week,date,day,half,start,end,post,role,site,site_name,note"]
        for a in assignments {
            let site = sc.sites.first { $0.id == a.site }
            let (start, end) = a.half == .am ? (sc.sessionTimes.amStart, sc.sessionTimes.amEnd) : (sc.sessionTimes.pmStart, sc.sessionTimes.pmEnd)
            lines.append([String(a.week), a.date.iso, a.day.key, a.half.label, start.description, end.description, a.post, a.role, a.site, site?.name ?? "", ""]
                .map(CSV.spreadsheetCell).joined(separator: ","))
        }
        // Protected time after the sessions: the post at the commitment's site, its name as the note.
        for s in protected ?? [] {
            let (start, end) = s.half == .am ? (sc.sessionTimes.amStart, sc.sessionTimes.amEnd) : (sc.sessionTimes.pmStart, sc.sessionTimes.pmEnd)
            lines.append([String(s.week), s.date.iso, s.day.key, s.half.label, start.description, end.description, s.post, s.role, s.site,
                          sc.sites.first { $0.id == s.site }?.name ?? "", s.commitment].map(CSV.spreadsheetCell).joined(separator: ","))
        }
        // Closed days after the sessions: a row per site and day with no post, and the closure as the note.
        for c in closures ?? [] {
            let week = (c.date.dayNumber - startDate.dayNumber) / 7 + 1
            let day = Weekday.allCases[c.date.weekdayIndex]
            lines.append([String(week), c.date.iso, day.key, "", "", "", "", "", c.site, sc.sites.first { $0.id == c.site }?.name ?? "", c.label]
                .map(CSV.spreadsheetCell).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

extension CSV {
    /// Whether a row of a rota CSV is one of its closed days (no post, no half, the closure as the
    /// note), which readers of the sessions skip; a row that only lacks its post is a mistake to report.
    package static func isClosedDay(_ fields: [String], _ header: [String]) -> Bool {
        func cell(_ name: String) -> String {
            guard let i = header.firstIndex(of: name), i < fields.count else { return "" }
            return fields[i].trimmingCharacters(in: .whitespaces)
        }
        return cell("post").isEmpty && cell("half").isEmpty && !cell("note").isEmpty
    }

    /// Whether a row of a rota CSV is protected time: a post and a note (the commitment's name);
    /// a session at a site has no note.
    package static func isProtected(_ fields: [String], _ header: [String]) -> Bool {
        guard let p = header.firstIndex(of: "post"), let n = header.firstIndex(of: "note"), p < fields.count, n < fields.count else { return false }
        return !fields[p].trimmingCharacters(in: .whitespaces).isEmpty && !fields[n].trimmingCharacters(in: .whitespaces).isEmpty
    }
}
