import Foundation
import HubspokeSupport

/// Independent random streams keyed by purpose, so that every policy sees the same referrals,
/// need profiles, drop-out times and absences in a replication (common random numbers): each
/// stream is consumed only by its own purpose, the same number of draws whatever the policy does.
enum Stream: UInt64 {
    case replication = 1, arrivals, initialList, absences, leave, child
    /// Who each referral is (`ReferralTags`): drawn after the others were keyed, so they are unchanged.
    case attributes = 101
}

extension SeededRandom {
    /// A generator for `purpose` and `index` within a run seeded by `seed`.
    static func stream(_ seed: UInt64, _ purpose: Stream, _ index: Int, _ sub: Int = 0) -> SeededRandom {
        func mix(_ v: UInt64) -> UInt64 { var g = SeededRandom(seed: v); return g.next() }
        var x = mix(seed ^ (purpose.rawValue &* 0xD6E8_FEB8_6659_FD93))
        x = mix(x ^ (UInt64(truncatingIfNeeded: index) &* 0x9E37_79B9_7F4A_7C15))
        x = mix(x ^ (UInt64(truncatingIfNeeded: sub) &* 0xBF58_476D_1CE4_E5B9))
        return SeededRandom(seed: x)
    }

    /// The seed of replication `r` of a run.
    static func replicationSeed(_ seed: UInt64, _ r: Int) -> UInt64 {
        var g = stream(seed, .replication, r)
        return g.next()
    }

    /// Exponential with the given rate (per unit time).
    mutating func exponential(rate: Double) -> Double { -Foundation.log(1 - unit()) / rate }
}
