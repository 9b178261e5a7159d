/// A measure reported for each policy: its key (for CSV and JSON), label, unit, and how to read it
/// from one replication (nil when undefined there, e.g. a mean wait when nobody was seen).
public struct KPI: Sendable {
    public var key: Key
    public var label: String
    public var unit: String
    /// Whether a lower value is better (for the frontier and for reading differences).
    public var lowerIsBetter: Bool
    let value: @Sendable (ReplicationResult) -> Double?

    /// Every KPI, in report order.
    public static let all: [KPI] = [
        KPI(key: .referrals, label: "Referrals", unit: "children", lowerIsBetter: false) { Double($0.referrals) },
        KPI(key: .seen, label: "Children seen (first session)", unit: "children", lowerIsBetter: false) { Double($0.seen) },
        KPI(key: .waitMean, label: "Wait to first session, mean", unit: "days", lowerIsBetter: true) { r in
            r.waits.isEmpty ? nil : r.waits.reduce(0, +) / Double(r.waits.count)
        },
        KPI(key: .waitMedian, label: "Wait to first session, median", unit: "days", lowerIsBetter: true) { Statistics.quantile(sorted: $0.sortedWaits, 0.5) },
        KPI(key: .waitP90, label: "Wait to first session, 90th percentile", unit: "days", lowerIsBetter: true) { Statistics.quantile(sorted: $0.sortedWaits, 0.9) },
        KPI(key: .waitP95, label: "Wait to first session, 95th percentile", unit: "days", lowerIsBetter: true) { Statistics.quantile(sorted: $0.sortedWaits, 0.95) },
        KPI(key: .seenWithin4Weeks, label: "Seen within 4 weeks of referral", unit: "%", lowerIsBetter: false) { r in
            r.eligibleFor4Weeks == 0 ? nil : 100 * Double(r.seenWithin4Weeks) / Double(r.eligibleFor4Weeks)
        },
        KPI(key: .sessionsAllocated, label: "Sessions allocated", unit: "sessions", lowerIsBetter: false) { Double($0.sessionsAllocated) },
        KPI(key: .sessionsDelivered, label: "Sessions delivered", unit: "sessions", lowerIsBetter: false) { Double($0.sessionsAllocated - $0.sessionsLostToSickness) },
        KPI(key: .sessionsLostSickness, label: "Sessions lost to sickness", unit: "sessions", lowerIsBetter: true) { Double($0.sessionsLostToSickness) },
        KPI(key: .sessionsUnmet, label: "Sessions needed but not allocated", unit: "sessions", lowerIsBetter: true) { Double($0.unmetSessions) },
        KPI(key: .appointmentsAttended, label: "Appointments attended", unit: "appointments", lowerIsBetter: false) { Double($0.appointmentsAttended) },
        KPI(key: .appointmentsMissed, label: "Appointments missed (did not attend)", unit: "appointments", lowerIsBetter: true) { Double($0.appointmentsMissed) },
        KPI(key: .appointmentsUnused, label: "Appointment slots with nobody to see", unit: "appointments", lowerIsBetter: true) { Double($0.appointmentsUnused) },
        KPI(key: .utilisation, label: "Utilisation of posts (booked / could work)", unit: "%", lowerIsBetter: false) { r in
            let cap = r.postCapacity.reduce(0, +)
            return cap == 0 ? nil : 100 * Double(r.postBooked.reduce(0, +)) / Double(cap)
        },
        KPI(key: .waitingMean, label: "Waiting list, time-average", unit: "children", lowerIsBetter: true) { $0.waitingTimeAverage },
        KPI(key: .waitingEnd, label: "Waiting list at the end", unit: "children", lowerIsBetter: true) { Double($0.waitingAtEnd) },
        KPI(key: .inTreatmentEnd, label: "In treatment at the end", unit: "children", lowerIsBetter: false) { Double($0.inTreatmentAtEnd) },
        KPI(key: .completed, label: "Completed (whole run)", unit: "children", lowerIsBetter: false) { Double($0.completed) },
        KPI(key: .droppedOut, label: "Dropped out (whole run)", unit: "children", lowerIsBetter: true) { Double($0.droppedOut) },
        KPI(key: .samePractitioner, label: "Follow-up sessions with the child's first practitioner", unit: "%", lowerIsBetter: false) { r in
            r.followUpSessions == 0 ? nil : 100 * Double(r.followUpsWithSamePost) / Double(r.followUpSessions)
        },
        KPI(key: .travelMinutes, label: "Travel", unit: "minutes", lowerIsBetter: true) { Double($0.travelMinutes) },
        KPI(key: .travelMiles, label: "Travel", unit: "miles", lowerIsBetter: true) { $0.travelKilometres / 1.609344 },
        KPI(key: .equityRatio, label: "Equity: worst / best PRU mean wait", unit: "ratio", lowerIsBetter: true) { $0.pruWaitRatio },
        KPI(key: .equitySpread, label: "Equity: worst - best PRU mean wait", unit: "days", lowerIsBetter: true) { $0.pruWaitSpread },
    ]

    public static func named(_ key: Key) -> KPI? { all.first { $0.key == key } }

    /// Decimals a figure in `unit` is shown with in reports: 2 for a ratio, 1 otherwise.
    public static func decimals(unit: String) -> Int { unit == "ratio" ? 2 : 1 }
}

extension KPI {
    /// A KPI's identifier: its name in CSV columns and JSON, and on the command line. Code names a
    /// KPI by these constants, never by the text.
    public struct Key: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        public static let referrals = Key(rawValue: "referrals")
        public static let seen = Key(rawValue: "seen")
        public static let waitMean = Key(rawValue: "wait_mean")
        public static let waitMedian = Key(rawValue: "wait_median")
        public static let waitP90 = Key(rawValue: "wait_p90")
        public static let waitP95 = Key(rawValue: "wait_p95")
        public static let seenWithin4Weeks = Key(rawValue: "seen_within_4_weeks")
        public static let sessionsAllocated = Key(rawValue: "sessions_allocated")
        public static let sessionsDelivered = Key(rawValue: "sessions_delivered")
        public static let sessionsLostSickness = Key(rawValue: "sessions_lost_sickness")
        public static let sessionsUnmet = Key(rawValue: "sessions_unmet")
        public static let appointmentsAttended = Key(rawValue: "appointments_attended")
        public static let appointmentsMissed = Key(rawValue: "appointments_missed")
        public static let appointmentsUnused = Key(rawValue: "appointments_unused")
        public static let utilisation = Key(rawValue: "utilisation")
        public static let waitingMean = Key(rawValue: "waiting_mean")
        public static let waitingEnd = Key(rawValue: "waiting_end")
        public static let inTreatmentEnd = Key(rawValue: "in_treatment_end")
        public static let completed = Key(rawValue: "completed")
        public static let droppedOut = Key(rawValue: "dropped_out")
        public static let samePractitioner = Key(rawValue: "same_practitioner")
        public static let travelMinutes = Key(rawValue: "travel_minutes")
        public static let travelMiles = Key(rawValue: "travel_miles")
        public static let equityRatio = Key(rawValue: "equity_ratio")
        public static let equitySpread = Key(rawValue: "equity_spread")
    }
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
