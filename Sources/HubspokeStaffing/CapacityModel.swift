import HubspokeModel
import HubspokeSimulation

/// The expected demand on each role and the capacity a staffing level gives, a week on average,
/// from the scenario's simulation settings: what the least-cost search solves before simulating.
///
/// - Demand: referrals a week (each site's rate, scaled by the weekly factors and by the closed-week
///   factor in school holidays, averaged over the weeks simulated; the starting waiting list spread
///   over them) × appointments of the role a referral needs (need profiles weighted, the assessment
///   included), booked ÷ (1 - did-not-attend rate), so missed appointments count. Drop-out is ignored.
/// - Capacity: sessions a week × appointments a session × availability, the share of contracted
///   sessions delivered: weeks the PRUs are open and the post is not on leave (leave taken in
///   holidays first), less sickness.
/// - A role is covered when capacity × utilisation cap ≥ demand.
public struct CapacityModel: Sendable, Codable, Equatable {
    /// Appointments booked a week, by role.
    public var demand: [Double]
    public var appointmentsPerSession: [Int]
    /// Share of contracted sessions delivered.
    public var availability: Double
    /// Highest planned utilisation (from a `utilisation<=` target, else 0.85).
    public var utilisationCap: Double
    /// Sessions a week each role needs: demand ÷ (appointments a session × availability × cap).
    public var sessionsNeeded: [Double]
    /// Room sessions a week across all sites (rooms × 10).
    public var roomSessions: Int

    public static let defaultCap = 0.85

    public init(scenario: Scenario, settings: SimulationSettings, weeks: Int, utilisationCap: Double) {
        let R = scenario.roles.count
        let start = scenario.startDate
        var factors = 0.0, closed = 0
        for w in 0..<weeks {
            var f = settings.weeklyReferralFactors.isEmpty ? 1 : settings.weeklyReferralFactors[w % settings.weeklyReferralFactors.count]
            if (0..<5).allSatisfy({ settings.isClosed(start.adding(days: w * 7 + $0)) }) { f *= settings.closedWeekReferralFactor; closed += 1 }
            factors += f
        }
        let starting = settings.waitingList.reduce(0) { $0 + $1.children }
        let referrals = settings.referralsPerWeek.reduce(0, +) * factors / Double(weeks) + Double(starting) / Double(weeks)
        let totalWeight = settings.needs.reduce(0) { $0 + $1.weight }
        var perReferral = Array(repeating: 0.0, count: R)
        for n in settings.needs where totalWeight > 0 {
            let share = n.weight / totalWeight
            perReferral[n.assessment] += share
            for rc in n.sessions { perReferral[rc.role] += share * Double(rc.count) }
        }
        let booked = perReferral.map { $0 * referrals / max(0.05, 1 - settings.didNotAttend) }
        let leave = Double(settings.leaveWeeksPerYear) * Double(weeks) / 52
        let open = Double(weeks - closed)
        let available = max(0.01, (1 - settings.sicknessShare) * max(0, open - max(0, leave - Double(closed))) / Double(weeks))
        demand = booked
        appointmentsPerSession = settings.appointmentsPerSession
        availability = available
        self.utilisationCap = utilisationCap
        sessionsNeeded = (0..<R).map { r in booked[r] / (Double(settings.appointmentsPerSession[r]) * available * utilisationCap) }
        roomSessions = scenario.sites.reduce(0) { $0 + $1.rooms } * 10
    }

    /// Appointments a week a role's sessions can hold, at the cap.
    public func capacity(role r: Int, sessions: Int) -> Double {
        Double(sessions * appointmentsPerSession[r]) * availability * utilisationCap
    }
}
