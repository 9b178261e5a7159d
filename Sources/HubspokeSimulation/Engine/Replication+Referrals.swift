import Foundation
import HubspokeModel
import HubspokeSupport

// Referrals: a Poisson stream per site at the week's rate, the starting waiting lists, and each new
// child's priority, needs, drop-out time and own random stream.
extension Replication {
    func referralRate(site s: Int, week w: Int) -> Double {
        var rate = settings.referralsPerWeek[s]
        if !settings.weeklyReferralFactors.isEmpty { rate *= settings.weeklyReferralFactors[w % settings.weeklyReferralFactors.count] }
        if w < weeks && closedWeek[w] { rate *= settings.closedWeekReferralFactor }
        return rate
    }

    /// The next referral at a site after `t`, at this week's rate; if none falls in this week, the site
    /// waits for the next week's rate (exact for rates that change weekly, as the process is memoryless).
    mutating func scheduleArrival(site s: Int, from t: Double) {
        let w = Int(t / ServiceModel.hoursPerWeek)
        let rate = referralRate(site: s, week: w) / ServiceModel.hoursPerWeek
        arrivalIdle[s] = true
        guard rate > 0 else { return }
        let next = t + arrivalStreams[s].exponential(rate: rate)
        if next < Double(w + 1) * ServiceModel.hoursPerWeek {
            events.push(next, .arrival, Int32(s))
            arrivalIdle[s] = false
        }
    }

    mutating func arrive(site s: Int) {
        var g = arrivalStreams[s]
        let c = newChild(site: s, referred: now, stream: &g)
        arrivalStreams[s] = g
        referralTags.tag(child: c, site: s)
        arrivalCount[s] += 1
        let assessment = Int(children.assessment[c])
        if now >= measureStart {
            children.measured[c] = true
            result.referrals += 1
            result.siteReferrals[s] += 1
            let q = quarter(now)
            result.quarterReferrals[q][s][R] += 1
            result.quarterReferrals[q][s][assessment] += 1
            for r in 0..<R where r != assessment && children.remaining[c, r] > 0 { result.quarterReferrals[q][s][r] += 1 }
        }
        scheduleArrival(site: s, from: now)
        if settings.service == .continuous { dispatch(site: s, role: assessment) }
    }

    mutating func addStartingList(_ group: SimulationSettings.WaitingGroup) {
        var g = SeededRandom.stream(seed, .initialList, group.site)
        for i in 0..<group.children {
            let age = group.oldestWeeks * ServiceModel.hoursPerWeek * (Double(i) + 0.5) / Double(group.children)
            _ = newChild(site: group.site, referred: -age, stream: &g)
            result.initialList += 1
        }
    }

    /// Creates a child with a priority, need profile, drop-out time and own stream, all drawn from `g`
    /// with the same number of draws whatever happens later, and puts it on the assessment queue.
    mutating func newChild(site s: Int, referred: Double, stream g: inout SeededRandom) -> Int {
        let u = g.unit()
        let priority = u < settings.priorityMix[0] ? 0 : (u < settings.priorityMix[0] + settings.priorityMix[1] ? 1 : 2)
        let profile = pickProfile(g.unit())
        let dropU = g.unit()
        let c = children.append(site: s, priority: priority, referred: referred, profile: profile, seed: g.next())
        result.arrived += 1
        touchWaiting(); waitingCount += 1
        enqueue(c, role: profile.assessment)
        if settings.dropOutPerWeek > 0 {
            let hazard = -Foundation.log(1 - settings.dropOutPerWeek) / ServiceModel.hoursPerWeek
            let at = max(now, referred) + -Foundation.log(1 - dropU) / hazard
            if at < horizon { events.push(at, .dropOut, Int32(c)) }
        }
        return c
    }

    /// The need profile at `u` (uniform in 0..<1) of the cumulative weights. The scenario reader
    /// requires a profile with a positive weight.
    func pickProfile(_ u: Double) -> SimulationSettings.NeedProfile {
        let total = settings.needs.reduce(0) { $0 + $1.weight }
        var x = u * total
        for n in settings.needs where n.weight > 0 {
            if x < n.weight { return n }
            x -= n.weight
        }
        guard let last = settings.needs.last(where: { $0.weight > 0 }) else {
            preconditionFailure("simulation: no need profile has a positive weight (the scenario reader rejects this)")
        }
        return last
    }
}
