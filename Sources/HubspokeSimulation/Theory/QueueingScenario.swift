import HubspokeModel
import HubspokeScenarioIO

/// Scenarios that reduce the service to a textbook queue, to check the engine against theory.
public enum QueueingScenario {
    /// An M/M/c queue: one site, one role, `servers` posts serving around the clock (continuous
    /// service), Poisson referrals at `arrivalsPerHour`, exponential appointments of mean
    /// `meanServiceHours`, one appointment per child, no drop-out, sickness or missed appointments.
    public static func mmc(servers: Int, arrivalsPerHour: Double, meanServiceHours: Double, weeks: Int = 40, warmUpWeeks: Int = 4) throws -> Scenario {
        let posts = (1...servers).map { "  - {id: Q-\($0), role: Q, sessions: 10, base: HUB, serves: all}" }.joined(separator: "\n")
        let yaml = """
        name: M/M/\(servers) queue
        start: 2026-11-30
        roles:
          - {id: Q, name: Queue server}
        sites:
          - {id: HUB, name: Hub, kind: hub, location: [51.27, 0.52], rooms: \(servers)}
        posts:
        \(posts)
        simulation:
          service: continuous
          weeks: \(weeks)
          warm_up_weeks: \(warmUpWeeks)
          referrals_per_week: {HUB: \(arrivalsPerHour * 168)}
          priorities: {routine: 1}
          needs:
            - {name: one appointment, assessment: Q}
          appointment_hours: \(meanServiceHours)
          did_not_attend: 0
          drop_out_per_week: 0
          sickness: {share: 0}
        """
        return try Scenario.parse(yaml: yaml, file: "<M/M/\(servers)>", sections: [.simulation])
    }
}
