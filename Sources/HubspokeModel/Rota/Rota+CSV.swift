import HubspokeSupport

extension Rota {
    /// One row per planned session; the same file is read back by `--previous`. Cells are
    /// neutralised for spreadsheets (`CSV.spreadsheetCell`), and read back exactly.
    public func csv(scenario sc: Scenario) -> String {
        var lines = ["week,date,day,half,start,end,post,role,site,site_name"]
        for a in assignments {
            let site = sc.sites.first { $0.id == a.site }
            let (start, end) = a.half == .am ? (sc.sessionTimes.amStart, sc.sessionTimes.amEnd) : (sc.sessionTimes.pmStart, sc.sessionTimes.pmEnd)
            lines.append([String(a.week), a.date.iso, a.day.key, a.half.label, start.description, end.description, a.post, a.role, a.site, site?.name ?? ""]
                .map(CSV.spreadsheetCell).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
