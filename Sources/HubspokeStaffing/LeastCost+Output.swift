import HubspokeSupport
import HubspokeSimulation

extension LeastCostReport {
    typealias F = StaffingFormat

    var variedRoles: [String] { varied.map(\.role) }

    /// "EP 1.5, SLT 1.2".
    func staffing(_ o: OptionResult) -> String { F.staffing(o.sessions, roles: roles, only: variedRoles) }

    public func table() -> String {
        var out = "Least-cost staffing for \(scenario)\n"
        out += "Targets: \(targets.map(\.description).joined(separator: ", ")) (judged on the mean over replications).\n"
        let fixed = roles.filter { !variedRoles.contains($0) }
        out += "Searched: \(varied.map { "\($0.role) \($0.summary)" }.joined(separator: " x "))"
        out += fixed.isEmpty ? ".\n" : "; other roles as in the scenario (\(F.staffing(baseline, roles: roles, only: fixed))).\n"
        out += "Each option simulated with \(F.plan(simulation)): every option meets the same referrals (common random numbers).\n\n"
        if let c = chosen {
            out += "Chosen: \(staffing(c))\n"
            out += "  Posts: \(F.postChanges(c))\n"
            out += "  Cost: \(F.costSentence(c.cost))\n"
            var t = TextTable()
            t.add(["measure", "target", "value", ""])
            for row in F.targetRows(c, targets) { t.add(row) }
            for key in F.shownMeasures(targets: []) where !targets.contains(where: { $0.key == key }) {
                t.add([key, "", F.estimate(c.estimate(key), key: key), ""])
            }
            out += t.render(indent: "  ") + "\n\n"
            if let n = nextCheaper {
                out += "Next cheaper option: \(staffing(n)), \(F.money(n.cost.annual)) a year (\(F.money(c.cost.annual - n.cost.annual)) less), "
                out += "misses " + nextCheaperMisses.map { key -> String in
                    let t = targets.first { $0.description == key }
                    return key + (t.map { " (\(F.estimate(n.estimate($0.key), key: $0.key)))" } ?? "")
                }.joined(separator: ", ") + "\n"
            } else {
                out += "No option in the ranges is cheaper.\n"
            }
        } else {
            out += "No staffing in the ranges meets every target. Best reached among the options simulated:\n"
            for b in bestReached {
                let at = b.sessions.map { "at " + F.staffing($0, roles: roles, only: variedRoles) + (b.step.map { " (step \($0))" } ?? "") } ?? ""
                out += "  \(b.target): \(F.estimate(b.estimate, key: targets.first { $0.description == b.target }?.key ?? "")) \(at)\n"
            }
            let close = steps.first.map { top in targets.filter { t in
                guard let e = top.option.estimate(t.key), let lo = e.low, let hi = e.high else { return false }
                return !t.met(by: e.mean) && t.met(by: t.atLeast ? hi : lo)
            } } ?? []
            if !close.isEmpty {
                out += "At the top of the ranges, \(close.map(\.description).joined(separator: ", ")) is within the 95% interval: more replications may settle it.\n"
            }
            out += "Widen the ranges (--vary) or relax the targets.\n"
        }
        out += "Search: \(steps.count) option\(steps.count == 1 ? "" : "s") simulated; "
        if chosen == nil {
            out += "the top of every range misses, and more staff is assumed never to make the service worse.\n"
        } else if proven {
            out += "every cheaper option was simulated or ruled out (an option with no more of any role than one that missed a target is assumed to miss too).\n"
        } else {
            out += "stopped at the limit of simulations: cheaper options may remain untried (raise --max-simulations).\n"
        }

        out += "\nCapacity model (GLPK): expected demand a week, and the sessions that cover it at \(F.rate(capacity.utilisationCap)) utilisation; "
        out += "\(F.rate(capacity.availability)) of contracted sessions are delivered (school holidays, leave, sickness)\n"
        var cap = TextTable()
        cap.add(["role", "appointments booked a week", "sessions needed", "FTE needed", "proposed FTE"])
        for (i, r) in roles.enumerated() where variedRoles.contains(r) {
            cap.add([r, fixed2(capacity.demand[i]), fixed2(capacity.sessionsNeeded[i]), fixed2(capacity.sessionsNeeded[i] / 10),
                     capacityProposal.map { fteText($0[i]) } ?? "none covers it"])
        }
        out += cap.render(indent: "  ") + "\n"

        out += "\nOptions simulated, in order\n"
        var s = TextTable()
        s.add(["step"] + variedRoles + ["staff cost", "annual cost"] + targets.map { F.title($0.key) } + ["verdict", "why tried"])
        for step in steps {
            let o = step.option
            var row = [String(step.step)] + variedRoles.map { fteText(o.sessions[roles.firstIndex(of: $0)!]) }
            row += [F.money(o.cost.staff), F.money(o.cost.annual)] + targets.map { F.estimate(o.estimate($0.key), key: $0.key) }
            row += [step.missed.isEmpty ? "meets" : "misses", step.reason]
            s.add(row)
        }
        out += s.render(indent: "  ") + "\n\n" + F.costLines(costs).joined(separator: "\n") + "\n"
        return out
    }

    func fixed2(_ x: Double) -> String { HubspokeSupport.fixed(x, 2) }

    /// One row per option simulated, marked chosen or next cheaper.
    public func csv() -> String {
        var lines = [F.csvRow(["step", "reason"] + F.optionHeader(roles: roles, plan: simulation) + ["meets_targets", "missed_targets", "role_in_answer"])]
        for step in steps {
            let o = step.option
            let part = o.sessions == chosen?.sessions ? "chosen" : o.sessions == nextCheaper?.sessions ? "next cheaper" : ""
            lines.append(F.csvRow([String(step.step), step.reason] + F.optionCells(o, plan: simulation)
                + [step.missed.isEmpty ? "yes" : "no", step.missed.joined(separator: " "), part]))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    public func json() -> String { ReportJSON.encode(self) }
}

extension BusinessCaseReport {
    typealias F = StaffingFormat

    public func table() -> String {
        var out = "Business case for \(scenario): \(years.count) year\(years.count == 1 ? "" : "s")\n"
        out += "Referrals grow \(F.rate(demandGrowth)) a year; pay rises \(F.rate(payUplift)) a year and non-pay \(F.rate(nonPayUplift)).\n"
        out += method == "fixed"
            ? "Staffing: the same every year.\n"
            : "Staffing: each year the cheapest in \(varied.map { "\($0.role) \($0.summary)" }.joined(separator: " x ")) that meets \(targets.map(\.description).joined(separator: ", ")), never fewer staff than the year before.\n"
        out += "Each year simulated with \(F.plan(simulation)); costs a year at that year's pay.\n\n"
        var s = TextTable()
        s.add(["year", "referrals"] + roles + ["pay", "pension", "NI", "non-pay", "mileage", "running cost", "set-up", "total"])
        for y in years {
            let c = y.option.cost
            s.add([String(y.year), "x " + fixed(y.referralFactor, 3)] + y.option.sessions.map(fteText)
                  + [c.pay, c.pension, c.nationalInsurance, c.nonPay, c.mileage, c.annual, y.setUp, y.total].map(F.money))
        }
        s.add(["total", ""] + roles.map { _ in "" } + ["", "", "", "", "", F.money(totalRunning), F.money(totalSetUp), F.money(total)])
        out += "Staffing (FTE) and cost\n" + s.render(indent: "  ") + "\n"
        var e = TextTable()
        e.add(["year", "employer", "posts", "pay", "pension", "NI", "non-pay", "mileage", "total"])
        for row in employerRows { e.add([row.year.map(String.init) ?? "total", row.cost.employer.label] + F.employerCells(row.cost, F.money)) }
        out += "\nCost by employer and year (each on its own pension, National Insurance and mileage; the fixed non-pay and set-up are the service's)\n"
        out += e.render(indent: "  ") + "\n"
        let keys = F.shownMeasures(targets: targets).filter { $0 != Measure.annualCost }
        var k = TextTable()
        k.add(["year"] + keys.map(F.title) + (targets.isEmpty ? [] : ["targets"]))
        for y in years {
            k.add([String(y.year)] + keys.map { F.estimate(y.option.estimate($0), key: $0) }
                  + (targets.isEmpty ? [] : [y.missed.isEmpty ? "met" : "missed " + y.missed.joined(separator: ", ")]))
        }
        out += "\nExpected KPIs (means with 95% confidence intervals)\n" + k.render(indent: "  ") + "\n"
        for y in years where !y.postsAdded.isEmpty { out += "  Year \(y.year) adds \(y.postsAdded.joined(separator: ", ")).\n" }
        out += "\n" + F.costLines(costs).joined(separator: "\n") + "\n"
        return out
    }

    public func csv() -> String {
        let employers = self.employers
        let byEmployer = employers.flatMap { e in ["posts", "pay", "pension", "national_insurance", "non_pay", "mileage", "total"].map { "\(e.rawValue)_\($0)" } }
        var lines = [F.csvRow(["year", "referral_factor"] + F.optionHeader(roles: roles, plan: simulation) + ["set_up_this_year", "total", "posts_added", "missed_targets"]
            + byEmployer)]
        for y in years {
            let split = employers.flatMap { e in
                y.option.employerCosts?.first { $0.employer == e }.map { F.employerCells($0) { fixed($0, 2) } } ?? Array(repeating: "", count: 7)
            }
            lines.append(F.csvRow([String(y.year), fixed(y.referralFactor, 4)] + F.optionCells(y.option, plan: simulation)
                + [fixed(y.setUp, 2), fixed(y.total, 2), y.postsAdded.joined(separator: " "), y.missed.joined(separator: " ")] + split))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    public func json() -> String { ReportJSON.encode(self) }
}
