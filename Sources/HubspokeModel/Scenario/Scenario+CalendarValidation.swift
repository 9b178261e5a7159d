import HubspokeSupport

extension Scenario {
    /// The day of `site` at `slot`'s date (open, or closed and why).
    public func dayStatus(of site: Site, _ slot: Slot) -> DayStatus {
        calendar.status(of: site.id, kind: site.kind, on: date(of: slot))
    }

    /// Why `site` is closed on `date`, if it is (nil for an unknown site).
    public func closure(of site: String, on date: CalendarDate) -> Closure? {
        guard let s = sites.first(where: { $0.id == site }) else { return nil }
        return calendar.status(of: s.id, kind: s.kind, on: date).closure
    }

    /// Whether `site` is open at `slot` (no bank holiday, closure or, for a PRU, school holiday or INSET day).
    public func isOpen(_ site: Site, _ slot: Slot) -> Bool { dayStatus(of: site, slot).isOpen }

    /// Every closed day of the horizon at every site, by date and then site order: what the outputs
    /// mark ("bank holiday: Christmas Day", "PRU closed: October half term").
    public func closedDays() -> [DayClosure] {
        var out: [DayClosure] = []
        for day in 0..<(weeks * 7) where startDate.adding(days: day).weekdayIndex < 5 {
            let date = startDate.adding(days: day)
            for site in sites {
                if let closure = calendar.status(of: site.id, kind: site.kind, on: date).closure {
                    out.append(DayClosure(site: site.id, date: date, kind: closure.kind, label: closure.label))
                }
            }
        }
        return out
    }

    /// closedWeeks()[site][week]: why the site is closed the whole week (its first closure other than a
    /// bank holiday, else the bank holiday), or nil when it is open at least one day.
    public func closedWeeks() -> [[String?]] {
        sites.map { site in
            (0..<weeks).map { w in
                let days = Weekday.allCases.map { dayStatus(of: site, Slot(week: w, weekday: $0, half: .am)).closure }
                guard days.allSatisfy({ $0 != nil }) else { return nil }
                return (days.first { $0?.kind != .bankHoliday } ?? days.first)??.label
            }
        }
    }

    /// Pins on a closed day, and leave on a bank holiday, are refused: the reason is named.
    func validateCalendar() -> [InputProblem] {
        var problems: [InputProblem] = []
        for (i, rule) in pins.enumerated() {
            guard let site = sites.first(where: { $0.id == rule.site }) else { continue }
            let r = rule.source ?? ref("pins[\(i)]")
            for w in weeksOf(rule.week) where w < weeks {
                let slot = Slot(week: w, weekday: rule.weekday, half: rule.half)
                guard let closure = dayStatus(of: site, slot).closure else { continue }
                problems.append(r.problem("pin \(rule) falls on \(date(of: slot).iso), when \(site.id) is closed (\(closure.label))"
                                          + (rule.week == nil && weeks > 1 ? ": give the pin a week" : "")))
                break
            }
        }
        for (p, post) in posts.enumerated() {
            for (a, absence) in post.absences.enumerated() {
                guard let holiday = calendar.bankHolidays.holiday(on: absence.date) else { continue }
                problems.append(ref("posts[\(p)].leave[\(a)]").problem("\(post.id)'s leave on \(absence.date.iso) falls on a bank holiday (\(holiday.label)), when no post works: leave it out"))
            }
        }
        return problems
    }

    /// What the calendar means for this horizon, for `validate` and the plans to print: demand for a
    /// PRU in a week it is closed throughout, term dates assumed, PRUs with no term dates at all.
    public func calendarNotes() -> [String] {
        var notes: [String] = []
        let prus = sites.filter { $0.kind == .pru }
        if calendar.groups.isEmpty, !prus.isEmpty {
            notes.append("no term dates (calendar.terms): the PRUs are taken to be open on every weekday but bank holidays")
        }
        let shut = closedWeeks()
        for week in 0..<weeks {
            // One line per week and reason: the sites closed all week, with the sessions set aside.
            var reasons: [String] = []
            for s in sites.indices { if let r = shut[s][week], !reasons.contains(r) { reasons.append(r) } }
            for reason in reasons {
                let closed = sites.indices.filter { shut[$0][week] == reason }.compactMap { s -> String? in
                    let asked = demand.filter { $0.site == sites[s].id && ($0.week == nil || $0.week == week + 1) }.reduce(0) { $0 + $1.sessions }
                    return asked > 0 ? "\(sites[s].id) \(asked)" : nil
                }
                guard !closed.isEmpty else { continue }
                notes.append("week \(week + 1) (from \(startDate.adding(days: 7 * week).iso)), closed all week (\(reason)): requested sessions set aside, not unmet: \(closed.joined(separator: ", "))")
            }
        }
        var assumptions: [String] = []
        for week in 0..<weeks {
            for site in prus {
                for day in Weekday.allCases {
                    if let a = dayStatus(of: site, Slot(week: week, weekday: day, half: .am)).assumption, !assumptions.contains(a) { assumptions.append(a) }
                }
            }
        }
        return notes + assumptions
    }
}
