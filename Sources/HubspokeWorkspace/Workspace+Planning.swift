import GRDB
import HubspokeSupport
import HubspokeModel
import HubspokePlanner

/// A rota planned or repaired and saved as a new draft version.
public struct PlanOutcome: Sendable {
    public var version: RotaVersion
    public var rota: Rota
    /// The week's scenario it was planned from (demand, absences, pins and forbids applied).
    public var scenario: Scenario
    /// Where the week's demand came from.
    public var demandSource: String
    /// The published rota of the week before, kept close to (continuity), if any.
    public var previous: RotaVersion?
    /// For a repair: the version repaired, and what changed from it.
    public var repaired: RotaVersion?
    public var changes: RotaDiff?
    /// Things the user should know (scenario pins left out for absences, sessions dropped, retries).
    public var notes: [String]
}

extension Workspace {
    /// Plans `week` from what is recorded (its demand, absences, pins and forbids), keeping close to the
    /// published rota of the week before, and saves the rota as the week's next version (a draft).
    /// `holdingTheLock` says what a third attempt does after the inputs changed during two solves (see
    /// `planAndSave`); a server, whose users write all the time, passes false.
    public func plan(week: CalendarDate, options: PlanOptions = PlanOptions(), holdingTheLock: Bool = true) throws(WorkspaceError) -> PlanOutcome {
        try planAndSave(week: week, kind: .plan, options: options, holdingTheLock: holdingTheLock) { _ in nil }
    }

    /// Re-plans the rest of `week` from `from` with as few changed sessions as possible from a version
    /// of it (by default its current published rota). Sessions before `from` are kept as they were.
    public func repair(week: CalendarDate, from: DatedHalf, version: Int? = nil,
                       changeWeight: Double = RepairPlan.defaultChangeWeight, options: PlanOptions = PlanOptions(),
                       holdingTheLock: Bool = true) throws(WorkspaceError) -> PlanOutcome {
        _ = try calendar.index(ofWeek: week)
        guard from.date >= week, from.date <= week.adding(days: 4) else {
            throw .bad("--from \(from.long) is not in the week of \(week.iso) (Monday \(week.iso) to Friday \(week.adding(days: 4).iso))")
        }
        guard changeWeight >= 0, changeWeight.isFinite else { throw .bad("the change weight must be 0 or more, got \(changeWeight)") }
        return try planAndSave(week: week, kind: .repair, options: options, holdingTheLock: holdingTheLock) { db in
            let v: RotaVersion
            if let version {
                v = try RotaVersion.find(db, week: week, version: version)
            } else if let current = try RotaVersion.current(db, week: week) {
                v = current
            } else {
                let versions = try RotaVersion.fetch(db, sql: "WHERE r.week = ?", arguments: [week.iso])
                throw WorkspaceError.bad("week \(week.iso) has no published rota to repair"
                                         + (versions.isEmpty ? ": plan and publish it first" : ": publish one first, or name the version to repair with --version (versions: \(versions.map { String($0.version) }.joined(separator: ", ")))"))
            }
            return (v, RepairPlan(reference: try v.assignments(db), frozenBefore: from, changeWeight: changeWeight))
        }
    }

    /// Reads the inputs in one short read transaction, solves outside any transaction (no lock held,
    /// so other commands, and a server's requests, go on while the solver works), then saves in one
    /// transaction if the inputs are unchanged. If other commands changed them meanwhile, plans again.
    /// On the third attempt, `holdingTheLock` holds the write lock from reading to saving (other writers
    /// wait), so a busy workspace cannot starve a command; without it, a third change ends the attempt
    /// with a clear error and nothing saved.
    private func planAndSave(week: CalendarDate, kind: RotaVersion.Kind, options: PlanOptions, holdingTheLock: Bool,
                             reference: (Database) throws -> (RotaVersion, RepairPlan)?) throws(WorkspaceError) -> PlanOutcome {
        _ = try calendar.index(ofWeek: week)
        let base = try scenario()
        var retries: [String] = []
        for attempt in 1...3 {
            let outcome: PlanOutcome?
            if attempt < 3 || !holdingTheLock {
                let inputs = try read { db in try prepare(db, week: week, base: base, reference: reference) }
                let planned = try solve(inputs, options: options)
                outcome = try write { db in
                    // Saved only if nothing it was planned from changed while it was solved.
                    guard try WeekInputs.load(db, week: week, calendar: calendar) == planned.inputs,
                          try reference(db)?.0.id == planned.reference?.0.id else { return nil }
                    return try save(db, planned, kind: kind)
                }
            } else {
                outcome = try write { db in
                    try save(db, try solve(try prepare(db, week: week, base: base, reference: reference), options: options), kind: kind)
                }
            }
            if var outcome {
                outcome.notes = retries + outcome.notes
                return outcome
            }
            retries.append("the week's inputs changed while it was being planned; planned again")
        }
        throw WorkspaceError(.storage, "week \(week.iso) kept changing while it was being planned; nothing was saved, try again")
    }

    /// A rota solved from the inputs read in `db`, not yet saved.
    private struct Planned {
        var scenario: Scenario
        var inputs: WeekInputs
        var reference: (RotaVersion, RepairPlan)?
        var rota: Rota
        var notes: [String]
    }

    /// What a plan is made from, read in `db`: the week's scenario, its inputs, the previous rota, and
    /// for a repair the version repaired.
    private struct Prepared {
        var scenario: Scenario
        var inputs: WeekInputs
        var previous: PreviousRota?
        var reference: (RotaVersion, RepairPlan)?
        var notes: [String]
    }

    private func prepare(_ db: Database, week: CalendarDate, base: Scenario,
                         reference: (Database) throws -> (RotaVersion, RepairPlan)?) throws -> Prepared {
        var notes: [String] = []
        let (sc, inputs) = try weekScenario(db, week: week, base: base, notes: &notes)
        notes += sc.calendarNotes()
        let previous = (try inputs.previous?.rota(db)).map { PreviousRota(rota: $0, scenario: sc) }
        return Prepared(scenario: sc, inputs: inputs, previous: previous, reference: try reference(db), notes: notes)
    }

    /// Solves what `prepare` read; touches no database.
    private func solve(_ p: Prepared, options: PlanOptions) throws(WorkspaceError) -> Planned {
        do {
            let rota = try RotaPlanner.plan(p.scenario, previous: p.previous, repair: p.reference?.1, options: options)
            return Planned(scenario: p.scenario, inputs: p.inputs, reference: p.reference, rota: rota, notes: p.notes)
        } catch {
            throw WorkspaceError.from(error, path: path)
        }
    }

    /// Saves a solved rota as the week's next version, with its log entry, in `db`'s transaction.
    private func save(_ db: Database, _ p: Planned, kind: RotaVersion.Kind) throws -> PlanOutcome {
        let rota = p.rota, sc = p.scenario, week = p.inputs.week
        let v = try RotaVersion.save(db, rota: rota, week: week, kind: kind, scenarioID: scenarioID, previous: p.inputs.previous,
                                     repaired: p.reference?.0, repairFrom: p.reference?.1.frozenBefore)
        let unmet = rota.unmet.reduce(0) { $0 + $1.sessions }
        var summary = "\(v.label) planned: "
        var details = ["version": String(v.version), "kind": kind.rawValue, "sessions": String(rota.assignments.count), "unmet": String(unmet),
                       "objective": fixed(rota.objective.total, 3), "status": rota.solver.status.rawValue,
                       "demand": p.inputs.demandSource ?? "scenario", "previous": p.inputs.previous?.label ?? ""]
        var changes: RotaDiff?
        var notes = p.notes
        if let repaired = p.reference?.0, let plan = p.reference?.1, let from = plan.frozenBefore {
            let diff = RotaDiff(plan.reference, rota.assignments, postOrder: sc.posts.map(\.id))
            changes = diff
            summary = "\(v.label) repaired from version \(repaired.version), re-planned from \(from.long): "
            details["repaired_version"] = String(repaired.version)
            details["from"] = "\(from.date.iso) \(from.half.key)"
            details["changed_sessions"] = String(diff.changedSessions)
            for a in plan.reference where DatedHalf(a.date, a.half) < from && sc.posts.first(where: { $0.id == a.post })?.isAbsent(on: a.date, a.half) == true {
                notes.append("\(a.post)'s session at \(a.site) on \(DatedHalf(a.date, a.half).long), before --from, is dropped: \(a.post) is recorded as absent then")
            }
        }
        summary += "\(rota.assignments.count) sessions, \(unmet) unmet, objective \(fixed(rota.objective.total, 2)), \(rota.solver.statusWords)"
            + (changes.map { "; \($0.changedSessions) sessions changed from version \(p.reference!.0.version)" } ?? "")
        try writeLog(db, command: kind.rawValue, week: week, summary: summary, details: details)
        return PlanOutcome(version: v, rota: rota, scenario: sc, demandSource: p.inputs.demandSource ?? "the scenario's demand (none imported for this week)",
                           previous: p.inputs.previous, repaired: p.reference?.0, changes: changes, notes: notes)
    }
}
