/// A measure reported for each policy: its key (for CSV and JSON), label, unit, and how to read it
/// from one replication (nil when undefined there, e.g. a mean wait when nobody was seen).
public struct KPI: Sendable {
    public var key: String
    public var label: String
    public var unit: String
    /// Whether a lower value is better (for the frontier and for reading differences).
    public var lowerIsBetter: Bool
    let value: @Sendable (ReplicationResult) -> Double?

    /// Every KPI, in report order.
    public static let all: [KPI] = [
        KPI(key: "referrals", label: "Referrals", unit: "children", lowerIsBetter: false) { Double($0.referrals) },
        KPI(key: "seen", label: "Children seen (first session)", unit: "children", lowerIsBetter: false) { Double($0.seen) },
        KPI(key: "wait_mean", label: "Wait to first session, mean", unit: "days", lowerIsBetter: true) { r in
            r.waits.isEmpty ? nil : r.waits.reduce(0, +) / Double(r.waits.count)
        },
        KPI(key: "wait_median", label: "Wait to first session, median", unit: "days", lowerIsBetter: true) { Statistics.quantile(sorted: $0.sortedWaits, 0.5) },
        KPI(key: "wait_p90", label: "Wait to first session, 90th percentile", unit: "days", lowerIsBetter: true) { Statistics.quantile(sorted: $0.sortedWaits, 0.9) },
        KPI(key: "wait_p95", label: "Wait to first session, 95th percentile", unit: "days", lowerIsBetter: true) { Statistics.quantile(sorted: $0.sortedWaits, 0.95) },
        KPI(key: "seen_within_4_weeks", label: "Seen within 4 weeks of referral", unit: "%", lowerIsBetter: false) { r in
            r.eligibleFor4Weeks == 0 ? nil : 100 * Double(r.seenWithin4Weeks) / Double(r.eligibleFor4Weeks)
        },
        KPI(key: "sessions_allocated", label: "Sessions allocated", unit: "sessions", lowerIsBetter: false) { Double($0.sessionsAllocated) },
        KPI(key: "sessions_delivered", label: "Sessions delivered", unit: "sessions", lowerIsBetter: false) { Double($0.sessionsAllocated - $0.sessionsLostToSickness) },
        KPI(key: "sessions_lost_sickness", label: "Sessions lost to sickness", unit: "sessions", lowerIsBetter: true) { Double($0.sessionsLostToSickness) },
        KPI(key: "sessions_unmet", label: "Sessions needed but not allocated", unit: "sessions", lowerIsBetter: true) { Double($0.unmetSessions) },
        KPI(key: "appointments_attended", label: "Appointments attended", unit: "appointments", lowerIsBetter: false) { Double($0.appointmentsAttended) },
        KPI(key: "appointments_missed", label: "Appointments missed (did not attend)", unit: "appointments", lowerIsBetter: true) { Double($0.appointmentsMissed) },
        KPI(key: "appointments_unused", label: "Appointment slots with nobody to see", unit: "appointments", lowerIsBetter: true) { Double($0.appointmentsUnused) },
        KPI(key: "utilisation", label: "Utilisation of posts (booked / could work)", unit: "%", lowerIsBetter: false) { r in
            let cap = r.postCapacity.reduce(0, +)
            return cap == 0 ? nil : 100 * Double(r.postBooked.reduce(0, +)) / Double(cap)
        },
        KPI(key: "waiting_mean", label: "Waiting list, time-average", unit: "children", lowerIsBetter: true) { $0.waitingTimeAverage },
        KPI(key: "waiting_end", label: "Waiting list at the end", unit: "children", lowerIsBetter: true) { Double($0.waitingAtEnd) },
        KPI(key: "in_treatment_end", label: "In treatment at the end", unit: "children", lowerIsBetter: false) { Double($0.inTreatmentAtEnd) },
        KPI(key: "completed", label: "Completed (whole run)", unit: "children", lowerIsBetter: false) { Double($0.completed) },
        KPI(key: "dropped_out", label: "Dropped out (whole run)", unit: "children", lowerIsBetter: true) { Double($0.droppedOut) },
        KPI(key: "travel_minutes", label: "Travel", unit: "minutes", lowerIsBetter: true) { Double($0.travelMinutes) },
        KPI(key: "travel_miles", label: "Travel", unit: "miles", lowerIsBetter: true) { $0.travelKilometres / 1.609344 },
        KPI(key: "equity_ratio", label: "Equity: worst / best PRU mean wait", unit: "ratio", lowerIsBetter: true) { $0.pruWaitRatio },
        KPI(key: "equity_spread", label: "Equity: worst - best PRU mean wait", unit: "days", lowerIsBetter: true) { $0.pruWaitSpread },
    ]

    public static func named(_ key: String) -> KPI? { all.first { $0.key == key } }
}

extension ReplicationResult {

    /// Mean wait per site (nil where nobody was seen).
    public var siteMeanWait: [Double?] {
        siteWaits.indices.map { siteWaits[$0] == 0 ? nil : siteWaitSum[$0] / Double(siteWaits[$0]) }
    }

    /// Worst over best mean wait among PRUs where someone was seen.
    public var pruWaitRatio: Double? {
        let w = pruMeanWaits
        guard w.count >= 2, let lo = w.min(), let hi = w.max(), lo > 0 else { return nil }
        return hi / lo
    }
    public var pruWaitSpread: Double? {
        let w = pruMeanWaits
        guard w.count >= 2, let lo = w.min(), let hi = w.max() else { return nil }
        return hi - lo
    }
}
