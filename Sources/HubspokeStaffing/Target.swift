import Foundation
import HubspokeSimulation

/// Something an option is judged on: a simulator KPI, the worst PRU's share seen within 4 weeks,
/// or a cost.
public struct Measure: Sendable {
    /// What adding staff does to a measure, all else equal.
    public enum StaffEffect: Sendable { case raises, lowers }

    public var key: String
    public var label: String
    public var unit: String
    public var higherIsBetter: Bool
    /// nil when more staff can move it either way; the least-cost search only takes targets that
    /// more staff helps to meet.
    public var moreStaff: StaffEffect?

    public static let worstPRU = "worst_pru_seen_within_4_weeks"
    public static let annualCost = "annual_cost"
    public static let staffCost = "staff_cost"

    /// The KPIs more staff lowers, and those it raises (the worst PRU and the costs are below).
    static let lowered: Set<KPI.Key> = [.waitMean, .waitMedian, .waitP90, .waitP95, .sessionsUnmet, .utilisation,
                                        .waitingMean, .waitingEnd, .droppedOut, .equityRatio, .equitySpread]
    static let raised: Set<KPI.Key> = [.seen, .seenWithin4Weeks, .completed, .appointmentsAttended, .sessionsAllocated, .sessionsDelivered]

    /// Every measure: the simulator's KPIs in their order, then the worst PRU and the costs.
    public static let all: [Measure] = KPI.all.map { k in
        Measure(key: k.key.rawValue, label: k.label, unit: k.unit, higherIsBetter: !k.lowerIsBetter,
                moreStaff: lowered.contains(k.key) ? .lowers : raised.contains(k.key) ? .raises : nil)
    } + [
        Measure(key: worstPRU, label: "Seen within 4 weeks at the worst PRU", unit: "%", higherIsBetter: true, moreStaff: .raises),
        Measure(key: annualCost, label: "Annual cost (staff and mileage)", unit: "£", higherIsBetter: false, moreStaff: .raises),
        Measure(key: staffCost, label: "Staff cost (pay, on-costs, non-pay)", unit: "£", higherIsBetter: false, moreStaff: .raises),
    ]

    public static func named(_ key: String) -> Measure? { all.first { $0.key == key } }

    /// Whether the measure is a cost (annual or staff cost), read from an option's breakdown.
    public static func isCost(_ key: String) -> Bool { key == annualCost || key == staffCost }

    /// The measures a simulated option stores (costs are read from its breakdown).
    static let simulated: [String] = KPI.all.map(\.key.rawValue) + [worstPRU]
}

/// A target a staffing option must meet, such as `seen_within_4_weeks>=90` or `utilisation<=85`.
/// It is judged on the mean over replications.
public struct Target: Sendable, Codable, Equatable, CustomStringConvertible {
    public var key: String
    /// `>=` (true) or `<=` (false).
    public var atLeast: Bool
    public var value: Double

    public init(key: String, atLeast: Bool, value: Double) { self.key = key; self.atLeast = atLeast; self.value = value }

    public var description: String { "\(key)\(atLeast ? ">=" : "<=")\(compact(value))" }

    /// Reads `KEY>=X` or `KEY<=X` (X may end in %).
    public static func parse(_ text: String) throws(StaffingError) -> Target {
        let t = text.replacingOccurrences(of: " ", with: "")
        let op: String
        if t.contains(">=") { op = ">=" } else if t.contains("<=") { op = "<=" } else {
            throw StaffingError("--target \(text): expected KEY>=VALUE or KEY<=VALUE, e.g. 'seen_within_4_weeks>=90' or 'utilisation<=85' "
                + "(in quotes: unquoted, the shell reads > and < as redirections)")
        }
        let parts = t.components(separatedBy: op)
        guard parts.count == 2, !parts[0].isEmpty else { throw StaffingError("--target \(text): expected KEY\(op)VALUE") }
        let key = parts[0]
        guard Measure.named(key) != nil else {
            throw StaffingError("--target \(text): unknown measure \"\(key)\" (expected one of: \(Measure.all.map(\.key).joined(separator: ", ")))")
        }
        let number = parts[1].hasSuffix("%") ? String(parts[1].dropLast()) : parts[1]
        guard let v = Double(number), v.isFinite else { throw StaffingError("--target \(text): \"\(parts[1])\" is not a number") }
        return Target(key: key, atLeast: op == ">=", value: v)
    }

    public func met(by x: Double) -> Bool { atLeast ? x >= value - 1e-9 : x <= value + 1e-9 }

    /// How far `x` falls short, relative to the target value (0 when met).
    func shortfall(_ x: Double) -> Double {
        let gap = atLeast ? value - x : x - value
        return max(0, gap) / max(abs(value), 1)
    }

    /// Whether more staff helps to meet the target (needed by the least-cost search).
    var moreStaffHelps: Bool {
        guard let effect = Measure.named(key)?.moreStaff else { return false }
        return atLeast ? effect == .raises : effect == .lowers
    }

    /// Whether the target is on a cost (annual or staff cost).
    public var isCost: Bool { Measure.isCost(key) }
}

/// A number without a trailing ".0": 90, 0.85.
func compact(_ x: Double) -> String {
    x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : String(x)
}
