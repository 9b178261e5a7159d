import Foundation
import HubspokeModel
import HubspokeSimulation
import HubspokeStaffing
import HubspokeWorkspace

/// What a commissioner asks for, from the form or the JSON body (the same names), before checking.
/// A simulation takes `policies`; a sweep `vary` (`ROLE=LOW..HIGH:STEP`, `ROLE=A,B,C` or `ROLE=FTE`),
/// `targets`, `policy` and `frontierKpi`; both the run's `weeks`, `replications` or `precision`
/// (with `precisionKpi`, `maxReplications`) and `seed`, as the command line's options of those names.
struct CommissionParameters: Codable, Sendable, Equatable {
    var policies: [String]?
    var vary: [String]?
    var targets: [String]?
    var policy: String?
    var frontierKpi: String?
    var weeks: Int?
    var replications: Int?
    var precision: Double?
    var precisionKpi: String?
    var maxReplications: Int?
    var seed: UInt64?

    /// As stored with the job and shown on its page: keys sorted, nothing left out but what is unset.
    var json: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(self)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }

    /// One line for the change log: what was asked.
    func summary(_ kind: CommissionJobKind) -> String {
        let what = kind == .simulate ? "policies \((policies ?? []).joined(separator: ", "))"
            : "vary \((vary ?? []).joined(separator: "; "))" + ((targets ?? []).isEmpty ? "" : ", targets \((targets ?? []).joined(separator: "; "))")
        let reps = precision.map { "precision \($0) on \(precisionKpi ?? "wait_mean") (at most \(maxReplications ?? 0))" } ?? "\(replications ?? 0) replication(s)"
        return "\(kind == .simulate ? "simulation" : "staffing sweep"): \(what), \(weeks ?? 0) weeks, \(reps), seed \(seed ?? 1)"
    }

    /// The parameters of the form's fields: policies as one checkbox each (`policy-NAME`), the
    /// varied roles as one field each (`vary-ROLE`), targets one a line; empty fields are unset.
    init(form: Form, kind: CommissionJobKind, scenario: Scenario) throws(WebError) {
        func text(_ name: String) -> String? { form[name].map { $0.trimmingCharacters(in: .whitespaces) }.flatMap { $0.isEmpty ? nil : $0 } }
        func number<T: LosslessStringConvertible>(_ name: String, _: T.Type) throws(WebError) -> T? {
            guard let t = text(name) else { return nil }
            guard let n = T(t) else { throw WebError(.badRequest, "\(name): \(t) is not a number") }
            return n
        }
        if kind == .simulate {
            policies = PolicyCatalog.names.filter { form["policy-\($0)"] != nil }
        } else {
            vary = scenario.roles.compactMap { r in text("vary-\(r.id)").map { "\(r.id)=\($0)" } }
            targets = (form["targets"] ?? "").split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            policy = text("policy"); frontierKpi = text("frontierKpi")
        }
        weeks = try number("weeks", Int.self); replications = try number("replications", Int.self)
        precision = try number("precision", Double.self); precisionKpi = text("precisionKpi")
        maxReplications = try number("maxReplications", Int.self); seed = try number("seed", UInt64.self)
    }

    init() {}

    /// Checked against the command line's rules and the web's caps (`CommissionLimits`); a 400
    /// names the field. The defaults are filled in: the scenario's weeks, 20 replications, seed 1.
    func checked(_ kind: CommissionJobKind, scenario: Scenario) throws(WebError) -> CommissionSpec {
        guard let settings = scenario.simulation else { throw WebError(.unprocessableContent, "the workspace's scenario has no simulation: section") }
        var p = self
        p.weeks = weeks ?? settings.weeks
        let weeks = p.weeks ?? settings.weeks
        guard (1...CommissionLimits.maxWeeks).contains(weeks) else {
            throw WebError(.badRequest, "weeks: from 1 to \(CommissionLimits.maxWeeks) on the web (the command line allows up to 520), got \(weeks)")
        }
        guard settings.warmUpWeeks < weeks else {
            throw WebError(.badRequest, "weeks: must be more than the scenario's warm-up (\(settings.warmUpWeeks) weeks), got \(weeks)")
        }
        let precisionRule = try p.checkReplications()
        let limit = precisionRule?.maxReplications ?? p.replications ?? 20
        if p.seed == nil { p.seed = 1 }
        var spec = CommissionSpec(kind: kind, parameters: p, policies: [], ranges: [], targets: [],
                                  options: SimulationOptions(weeks: weeks, replications: limit, seed: p.seed ?? 1,
                                                             threads: CommissionLimits.threads, precision: precisionRule))
        let units: Int
        if kind == .simulate {
            spec.policies = try p.checkedPolicies()
            units = spec.policies.count
        } else {
            try p.checkSweep(into: &spec, scenario: scenario)
            units = spec.ranges.reduce(1) { $0 * $1.sessions.count }
        }
        spec.parameters = p
        let weight = spec.policies.reduce(0) { $0 + ($1 == "optimal" ? CommissionLimits.optimalWeight : 1) } * (kind == .simulate ? 1 : units)
        let work = weight * limit * weeks
        guard work <= CommissionLimits.maxWork else {
            let what = kind == .simulate ? "\(units) polic\(units == 1 ? "y" : "ies")" : "\(units) option(s)"
            throw WebError(.badRequest, "\(precisionRule == nil ? "replications" : "maxReplications"): \(what) × \(limit) replications × \(weeks) weeks is \(work) replication-weeks (the optimal policy counting \(CommissionLimits.optimalWeight)), more than the \(CommissionLimits.maxWork) a web job may run: ask for fewer, or run hubspoke \(kind == .simulate ? "simulate" : "staffing sweep") on the command line")
        }
        return spec
    }

    /// `replications`, or `precision` with its KPI and cap: one or the other, in the web's range. Fills in the defaults.
    mutating func checkReplications() throws(WebError) -> PrecisionRule? {
        let cap = CommissionLimits.maxReplications
        guard let share = precision else {
            if precisionKpi != nil { throw WebError(.badRequest, "precisionKpi: needs precision (e.g. 0.05)") }
            if maxReplications != nil { throw WebError(.badRequest, "maxReplications: needs precision (e.g. 0.05)") }
            let n = replications ?? 20
            guard (1...cap).contains(n) else { throw WebError(.badRequest, "replications: from 1 to \(cap) on the web, got \(n)") }
            replications = n
            return nil
        }
        guard replications == nil else {
            throw WebError(.badRequest, "replications: fixes the number of replications, precision chooses it: give one or the other")
        }
        guard share.isFinite, share > 0, share < 1 else { throw WebError(.badRequest, "precision: above 0 and below 1 (0.05 is within 5% of the mean), got \(share)") }
        let kpi = precisionKpi ?? KPI.Key.waitMean.rawValue
        guard KPI.all.contains(where: { $0.key.rawValue == kpi }) else {
            throw WebError(.badRequest, "precisionKpi: unknown KPI \(kpi) (expected one of: \(KPI.all.map(\.key.rawValue).joined(separator: ", ")))")
        }
        let most = maxReplications ?? cap
        guard (2...cap).contains(most) else { throw WebError(.badRequest, "maxReplications: from 2 to \(cap) on the web, got \(most)") }
        precisionKpi = kpi; maxReplications = most
        do { return try PrecisionRule.checked(precision: share, kpi: kpi, maxReplications: most) } catch {
            throw WebError(.badRequest, "precision: \(error.description)")
        }
    }

    /// The simulation's policies: known ones, each once, at least one.
    func checkedPolicies() throws(WebError) -> [String] {
        let names = (policies ?? []).map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        guard !names.isEmpty else { throw WebError(.badRequest, "policies: choose at least one of \(PolicyCatalog.names.joined(separator: ", "))") }
        for n in names where !PolicyCatalog.names.contains(n) {
            throw WebError(.badRequest, "policies: unknown policy \"\(n)\" (expected \(PolicyCatalog.names.joined(separator: ", ")))")
        }
        guard Set(names).count == names.count else { throw WebError(.badRequest, "policies: each policy once") }
        return names
    }

    /// The sweep's ranges (at most `CommissionLimits.maxOptions` options), targets, policy and frontier KPI.
    mutating func checkSweep(into spec: inout CommissionSpec, scenario: Scenario) throws(WebError) {
        let vary = self.vary ?? []
        guard !vary.isEmpty else { throw WebError(.badRequest, "vary: give at least one role's FTE to try (e.g. EP=0.5..3:0.5)") }
        do {
            spec.ranges = try RoleRange.parseAll(vary, scenario: scenario)
            spec.targets = try (targets ?? []).map { t throws(StaffingError) in try Target.parse(t) }
        } catch {
            throw WebError(.badRequest, "\(spec.ranges.isEmpty ? "vary" : "targets"): \(error.description)")
        }
        let options = spec.ranges.reduce(1) { $0 * $1.sessions.count }
        guard options <= CommissionLimits.maxOptions else {
            throw WebError(.badRequest, "vary: \(options) staffing options, more than the \(CommissionLimits.maxOptions) a web sweep may run: use larger steps or fewer roles")
        }
        let policy = self.policy ?? "greedy"
        guard PolicyCatalog.names.contains(policy) else {
            throw WebError(.badRequest, "policy: unknown policy \"\(policy)\" (expected one of: \(PolicyCatalog.names.joined(separator: ", ")))")
        }
        let kpi = frontierKpi ?? KPI.Key.seenWithin4Weeks.rawValue
        guard Measure.named(kpi) != nil, !kpi.hasSuffix("cost") else {
            throw WebError(.badRequest, "frontierKpi: \(kpi) is not a service measure (expected one of: \(Measure.all.map(\.key).filter { !$0.hasSuffix("cost") }.joined(separator: ", ")))")
        }
        self.policy = policy; frontierKpi = kpi
        spec.policies = [policy]
        do { _ = try Evaluator(base: scenario, plan: SimulationPlan(policy: policy, weeks: spec.options.weeks, replications: 1, seed: 1),
                               threads: 1, ranges: spec.ranges) } catch {
            throw WebError(.unprocessableContent, "vary: \(error.description)")
        }
    }
}
