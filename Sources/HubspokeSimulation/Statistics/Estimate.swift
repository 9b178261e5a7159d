import Foundation
import HubspokeModel
import HubspokeSupport

/// A mean over replications with its 95% confidence interval (Student's t).
public struct Estimate: Sendable, Codable, Hashable {
    public var mean: Double
    /// Half-width of the 95% interval; nil with fewer than two values.
    public var halfWidth: Double?
    /// Replications that gave a value (a mean wait needs at least one child seen).
    public var n: Int
    /// Where the quantity cannot go (a wait below 0 days, a share outside 0 to 100%): the interval is
    /// cut there (`bounded(floor:ceiling:)`). nil (and absent from the JSON) where nothing bounds it.
    public var floor: Double?
    public var ceiling: Double?

    public var low: Double? { halfWidth.map { w in floor.map { Swift.max($0, mean - w) } ?? mean - w } }
    public var high: Double? { halfWidth.map { w in ceiling.map { Swift.min($0, mean + w) } ?? mean + w } }

    /// The estimate with its interval cut at `floor` and `ceiling` (none: not cut above): Student's
    /// t interval is symmetric, and for a share near 100% or a short wait it would run past what the
    /// quantity can be.
    public func bounded(floor: Double, ceiling: Double? = nil) -> Estimate {
        var e = self
        e.floor = floor; e.ceiling = ceiling
        return e
    }

    /// Whether the replications differed at all: an interval of zero width (every replication gave
    /// the same figure, as a group of one or two children seen in time every run does) is no evidence
    /// of a difference.
    public var varies: Bool { (halfWidth ?? 0) > 0 }

    /// "12.3 ± 0.4": the mean and the half-width of its 95% interval (the mean alone without one),
    /// as the text reports print an estimate.
    public func text(decimals: Int = 1) -> String { fixed(mean, decimals) + (halfWidth.map { " ± " + fixed($0, decimals) } ?? "") }

    public init(mean: Double, halfWidth: Double?, n: Int) { self.mean = mean; self.halfWidth = halfWidth; self.n = n }

    /// The mean and 95% interval of the values that are present.
    public init?(_ values: [Double?]) {
        let xs = values.compactMap { $0 }
        guard !xs.isEmpty else { return nil }
        // Two-pass for accuracy.
        let mean = xs.reduce(0, +) / Double(xs.count)
        self.init(count: xs.count, mean: mean, squaredDeviations: xs.reduce(0) { Estimate.addSquaredDeviation($0, $1, mean: mean) })
    }

    /// From the two passes' results: the count, the mean, and the sum of squared deviations from it.
    init(count: Int, mean: Double, squaredDeviations: Double) {
        self.mean = mean
        n = count
        if count >= 2 {
            let variance = squaredDeviations / Double(count - 1)
            halfWidth = Statistics.t975(degreesOfFreedom: count - 1) * (variance / Double(count)).squareRoot()
        } else {
            halfWidth = nil
        }
    }

    /// The second pass's step, shared by the direct and the streaming estimates so both round alike.
    @inline(__always)
    static func addSquaredDeviation(_ total: Double, _ x: Double, mean: Double) -> Double { total + (x - mean) * (x - mean) }

    /// Whether the interval excludes zero (for a paired difference: the policies differ).
    public var excludesZero: Bool {
        guard let lo = low, let hi = high else { return false }
        return lo > 0 || hi < 0
    }
}

public enum Statistics {
    /// The 97.5% quantile of Student's t distribution: exact table values up to 30 degrees of freedom,
    /// then the Cornish-Fisher expansion around the normal quantile (error below 1e-4 beyond 30).
    public static func t975(degreesOfFreedom df: Int) -> Double {
        precondition(df >= 1)
        let table: [Double] = [12.706205, 4.302653, 3.182446, 2.776445, 2.570582, 2.446912, 2.364624, 2.306004, 2.262157, 2.228139,
                               2.200985, 2.178813, 2.160369, 2.144787, 2.131450, 2.119905, 2.109816, 2.100922, 2.093024, 2.085963,
                               2.079614, 2.073873, 2.068658, 2.063899, 2.059539, 2.055529, 2.051831, 2.048407, 2.045230, 2.042272]
        if df <= table.count { return table[df - 1] }
        let z = 1.959963984540054, v = Double(df)
        let z3 = z * z * z, z5 = z3 * z * z, z7 = z5 * z * z, z9 = z7 * z * z
        return z + (z3 + z) / (4 * v) + (5 * z5 + 16 * z3 + 3 * z) / (96 * v * v)
            + (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / (384 * v * v * v)
            + (79 * z9 + 776 * z7 + 1482 * z5 - 1920 * z3 - 945 * z) / (92160 * v * v * v * v)
    }

    /// The p-quantile of sorted values, interpolating between order statistics (Hyndman and Fan type 7,
    /// as R and NumPy by default).
    public static func quantile(sorted xs: [Double], _ p: Double) -> Double? {
        guard !xs.isEmpty else { return nil }
        let h = Double(xs.count - 1) * p
        let lo = Int(h.rounded(.down))
        let hi = min(lo + 1, xs.count - 1)
        return xs[lo] + (h - Double(lo)) * (xs[hi] - xs[lo])
    }

    /// Erlang C: the mean wait in queue of an M/M/c queue with arrival rate `lambda`, service rate `mu`
    /// per server and `c` servers (nil when the queue is unstable).
    public static func erlangCMeanWait(lambda: Double, mu: Double, servers c: Int) -> Double? {
        let a = lambda / mu
        let rho = a / Double(c)
        guard rho < 1 else { return nil }
        // Sum of a^k / k! for k < c, and a^c / c!, computed by recurrence.
        var term = 1.0, sum = 0.0
        for k in 0..<c {
            sum += term
            term *= a / Double(k + 1)
        }
        let top = term / (1 - rho)
        let probabilityOfWaiting = top / (sum + top)
        return probabilityOfWaiting / (Double(c) * mu - lambda)
    }
}
