import HubspokeModel
import Testing
@testable import HubspokeSimulation

func mmcScenario(servers: Int, arrivalsPerHour: Double, meanServiceHours: Double) throws -> Scenario {
    try QueueingScenario.mmc(servers: servers, arrivalsPerHour: arrivalsPerHour, meanServiceHours: meanServiceHours)
}

@Suite struct QueueingTheoryTests {
    @Test func erlangCMatchesKnownValues() throws {
        // M/M/1: Wq = rho / (mu - lambda).
        #expect(abs(try #require(Statistics.erlangCMeanWait(lambda: 0.5, mu: 1, servers: 1)) - 1.0) < 1e-12)
        // M/M/2 with a = 1: P(wait) = 1/3, Wq = (1/3) / (2 - 1).
        #expect(abs(try #require(Statistics.erlangCMeanWait(lambda: 1, mu: 1, servers: 2)) - 1.0 / 3) < 1e-12)
        #expect(Statistics.erlangCMeanWait(lambda: 3, mu: 1, servers: 3) == nil)
    }

    @Test func studentTQuantiles() {
        #expect(abs(Statistics.t975(degreesOfFreedom: 1) - 12.7062) < 1e-3)
        #expect(abs(Statistics.t975(degreesOfFreedom: 10) - 2.2281) < 1e-3)
        #expect(abs(Statistics.t975(degreesOfFreedom: 40) - 2.0211) < 1e-3)
        #expect(abs(Statistics.t975(degreesOfFreedom: 120) - 1.9799) < 1e-3)
    }

    /// The simulated mean wait of an M/M/3 queue at 80% load covers Erlang C's value within its 95%
    /// interval, and Little's law holds between the measured list, arrival rate and wait.
    @Test func mmcReproducesErlangC() throws {
        let lambda = 2.4, mu = 1.0, c = 3
        let scenario = try mmcScenario(servers: c, arrivalsPerHour: lambda, meanServiceHours: 1 / mu)
        let model = ServiceModel(scenario, settings: try #require(scenario.simulation))
        let report = try Simulator.run(model, policies: [GreedyPolicy()], options: SimulationOptions(weeks: 40, replications: 20, seed: 7))
        let p = try #require(report.policies.first)
        let wait = try #require(p.kpi(.waitMean))           // days
        let theory = try #require(Statistics.erlangCMeanWait(lambda: lambda, mu: mu, servers: c)) / 24
        let half = try #require(wait.halfWidth)
        #expect(abs(wait.mean - theory) <= half, "simulated \(wait.mean) ± \(half) days, Erlang C \(theory) days")
        #expect(half < 0.1 * theory, "the interval should be tight enough to mean something: ± \(half) around \(theory)")
        // Little's law: L = lambda W, with L the time-average list and W the mean wait of those seen.
        let l = try #require(p.kpi(.waitingMean)).mean
        let arrivalsPerWeek = try #require(p.kpi(.referrals)).mean / Double(report.weeks - report.warmUpWeeks)
        let littleProduct = arrivalsPerWeek * wait.mean / 7
        #expect(abs(l - littleProduct) / l < 0.02, "L = \(l), lambda W = \(littleProduct)")
        #expect(p.accounting.balances)
    }

    /// Erlang C again at a different load and number of servers, so the match is not a coincidence.
    @Test func mm1AtHalfLoad() throws {
        let scenario = try mmcScenario(servers: 1, arrivalsPerHour: 0.5, meanServiceHours: 1)
        let model = ServiceModel(scenario, settings: try #require(scenario.simulation))
        let report = try Simulator.run(model, policies: [GreedyPolicy()], options: SimulationOptions(weeks: 40, replications: 20, seed: 11))
        let wait = try #require(report.policies[0].kpi(.waitMean))
        let theory = 1.0 / 24   // one hour
        let half = try #require(wait.halfWidth)
        #expect(abs(wait.mean - theory) <= half, "simulated \(wait.mean) ± \(half), theory \(theory)")
    }
}
