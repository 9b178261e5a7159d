import HubspokeSupport
import HubspokeSimulation

extension SweepReport {
    typealias F = StaffingFormat

    /// The roles varied, in order.
    public var variedRoles: [String] { sweep.varied.map(\.role) }

    /// "EP 0.5..3 by 0.5 x SLT 0.6..2 by 0.2".
    public var rangesText: String { sweep.varied.map { "\($0.role) \($0.summary)" }.joined(separator: " x ") }

    /// The other roles, as in the scenario.
    var fixedText: String {
        let fixed = sweep.roles.filter { !variedRoles.contains($0) }
        return fixed.isEmpty ? "" : "; other roles as in the scenario (\(F.staffing(sweep.baseline, roles: sweep.roles, only: fixed)))"
    }

    public func option(_ index: Int) -> OptionResult? { options.first { $0.index == index } }

    public func table() -> String {
        let h = sweep
        var out = "Staffing sweep of \(h.scenario): \(h.optionCount) option\(h.optionCount == 1 ? "" : "s"), \(rangesText)\(fixedText).\n"
        out += "Each option simulated with \(F.plan(h.simulation)): every option meets the same referrals (common random numbers).\n"
        out += "Means over replications with 95% confidence intervals; annual cost = pay, pension, National Insurance, non-pay and mileage.\n"
        if !h.targets.isEmpty {
            let meeting = options.filter { $0.missedTargets?.isEmpty ?? false }.count
            out += "Targets: \(h.targets.map(\.description).joined(separator: ", ")): met by \(meeting) of \(options.count) options.\n"
        }
        let keys = F.shownMeasures(targets: h.targets, frontier: h.frontierKPI)
        var t = TextTable()
        let byPrecision = h.simulation.precision != nil
        t.add(["#"] + variedRoles + keys.map(F.title) + (byPrecision ? ["replications"] : []) + (h.targets.isEmpty ? [] : ["targets"]) + ["frontier"])
        for o in options {
            var row = [String(o.index + 1)] + variedRoles.map { fteText(o.sessions[h.roles.firstIndex(of: $0)!]) }
            row += keys.map { F.estimate(o.estimate($0), key: $0) }
            if byPrecision { row.append((o.replications.map(String.init) ?? "-") + (o.converged == false ? " (cap)" : "")) }
            if !h.targets.isEmpty { row.append((o.missedTargets ?? []).isEmpty ? "met" : "missed \((o.missedTargets ?? []).joined(separator: ", "))") }
            row.append(o.onFrontier == true ? "*" : "")
            t.add(row)
        }
        out += "\n" + t.render(indent: "  ") + "\n"
        let label = Measure.named(h.frontierKPI)?.label.lowercased() ?? h.frontierKPI
        out += "\nEfficient frontier, cheapest first (* above): no other option costs no more and does better on \(label)\n"
        for i in frontier {
            guard let o = option(i) else { continue }
            out += "  #\(i + 1) \(F.staffing(o.sessions, roles: h.roles, only: variedRoles)): \(F.money(o.cost.annual)) a year, "
            out += "\(F.estimate(o.estimate(h.frontierKPI), key: h.frontierKPI)) \(Measure.named(h.frontierKPI)?.unit ?? "")\n"
        }
        out += "\n" + F.costLines(h.costs).joined(separator: "\n") + "\n"
        return out
    }

    public func csv() -> String {
        let h = sweep
        var lines = [F.csvRow(["option"] + F.optionHeader(roles: h.roles, plan: h.simulation) + ["on_frontier", "targets_met", "missed_targets"])]
        for o in options {
            let missed = o.missedTargets ?? []
            lines.append(F.csvRow([String(o.index + 1)] + F.optionCells(o, plan: h.simulation)
                + [o.onFrontier == true ? "yes" : "no", h.targets.isEmpty ? "" : (missed.isEmpty ? "yes" : "no"), missed.joined(separator: " ")]))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    public func json() -> String { ReportJSON.encode(self) }
}
