import HubspokeSupport

/// Replications by precision (`--precision 0.05 --precision-kpi wait_mean`): replications are added
/// until the 95% interval's half-width on one KPI is within a share of its mean, by the replication
/// algorithm of Hoad, Robinson and Davies (2010), "Automated selection of the number of replications
/// for a discrete-event simulation", Journal of the Operational Research Society 61(11), 1632-1644.
///
/// After `initialReplications`, each replication n gives the relative half-width
/// d(n) = t(0.975, n - 1) s(n) / (sqrt(n) |mean(n)|). When d(n) first reaches the precision, n is a
/// candidate, Nsol; the precision must then hold over a look-ahead of kLimit(Nsol) further
/// replications, kLimit(n) = floor(5 max(n, 100) / 100) (5 up to 100 replications, growing with n
/// beyond). Should it be lost, the search goes on from there. The run stops at Nsol + kLimit(Nsol)
/// (converged) or at `maxReplications` (not converged); the estimates use every replication run.
/// With several policies, d(n) is the largest of theirs, so every policy's KPI meets the precision
/// (their replications stay paired).
public struct PrecisionRule: Sendable, Codable, Equatable {
    /// The KPI whose interval decides.
    public var kpi: KPI.Key
    /// The largest half-width allowed, as a share of the mean (0.05: within 5%).
    public var relativeHalfWidth: Double
    /// The cap: at most this many replications (of each policy or staffing option).
    public var maxReplications: Int

    public static let initialReplications = 3
    /// The paper's kLimit up to 100 replications.
    public static let lookAhead = 5
    public static let defaultMaxReplications = 1_000
    public static let maxAllowedReplications = 100_000

    public init(kpi: KPI.Key, relativeHalfWidth: Double, maxReplications: Int = PrecisionRule.defaultMaxReplications) {
        self.kpi = kpi; self.relativeHalfWidth = relativeHalfWidth; self.maxReplications = maxReplications
    }

    /// Checked: the precision in (0, 1), a known KPI, a cap of at least 2; the message names the option.
    public static func checked(precision: Double, kpi: String, maxReplications: Int) throws(PrecisionError) -> PrecisionRule {
        guard precision.isFinite, precision > 0, precision < 1 else {
            throw PrecisionError("--precision must be above 0 and below 1 (a share of the mean: 0.05 is within 5%), got \(precision)")
        }
        guard let k = KPI.all.first(where: { $0.key.rawValue == kpi }) else {
            throw PrecisionError("--precision-kpi \(kpi): unknown KPI (expected one of: \(KPI.all.map(\.key.rawValue).joined(separator: ", ")))")
        }
        guard (2...maxAllowedReplications).contains(maxReplications) else {
            throw PrecisionError("--max-replications must be from 2 to \(maxAllowedReplications), got \(maxReplications)")
        }
        return PrecisionRule(kpi: k.key, relativeHalfWidth: precision, maxReplications: maxReplications)
    }

    /// The look-ahead after a candidate of `n` replications: kLimit(n).
    public static func lookAhead(after n: Int) -> Int { lookAhead * max(n, 100) / 100 }

    /// "wait_mean within 5%".
    public var summary: String { "\(kpi.rawValue) within \(Self.percent(relativeHalfWidth))" }

    /// 0.05 as "5%", 0.025 as "2.5%", 0.001 as "0.1%" (to 2 decimals, trailing zeros dropped).
    static func percent(_ share: Double) -> String {
        var text = fixed(share * 100, 2)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text + "%"
    }
}

public struct PrecisionError: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// How a run by precision ended: the replications it took, whether the precision was reached and
/// confirmed over the look-ahead, and the relative half-width at the end.
public struct PrecisionOutcome: Sendable, Codable, Equatable {
    public var rule: PrecisionRule
    /// Replications run (and in the estimates).
    public var replications: Int
    /// Nsol: the replications at which the precision was reached and then held over the look-ahead
    /// (nil when the cap came first).
    public var solution: Int?
    public var converged: Bool
    /// The largest relative half-width over the policies after the last replication (nil when undefined).
    public var relativeHalfWidth: Double?

    /// "converged: wait_mean within 5% after 23 replications (precision reached at 18, held over 5 more)".
    public var summary: String {
        let reached = relativeHalfWidth.map { ", " + fixed($0 * 100, 2) + "% at the end" } ?? ""
        if converged, let n = solution {
            return "converged: \(rule.summary) after \(replications) replications (reached at \(n), held over \(replications - n) more\(reached))"
        }
        return "not converged: \(rule.summary) not reached and held within the cap of \(rule.maxReplications) replications\(reached)"
    }
}

/// The rule applied replication by replication, in replication order: `add` takes each policy's
/// value of the KPI in one replication and says whether to stop.
struct PrecisionTracker {
    let rule: PrecisionRule
    private var count: [Int]
    private var mean: [Double]
    private var squares: [Double]
    private(set) var replications = 0
    private var candidate: Int?
    private(set) var stopped = false
    private(set) var converged = false

    init(rule: PrecisionRule, policies: Int) {
        self.rule = rule
        count = Array(repeating: 0, count: policies)
        mean = Array(repeating: 0, count: policies)
        squares = mean
    }

    /// The largest relative half-width over the policies (nil when one has fewer than two values or a zero mean).
    var relativeHalfWidth: Double? {
        var worst = 0.0
        for p in count.indices {
            guard count[p] >= 2, mean[p] != 0 else { return nil }
            let half = Statistics.t975(degreesOfFreedom: count[p] - 1) * (squares[p] / Double(count[p] - 1) / Double(count[p])).squareRoot()
            worst = max(worst, half / abs(mean[p]))
        }
        return worst
    }

    /// One replication's values, one per policy (nil where the KPI is undefined in it). True: stop here.
    mutating func add(_ values: [Double?]) -> Bool {
        precondition(!stopped && values.count == count.count)
        replications += 1
        for (p, x) in values.enumerated() {
            guard let x else { continue }
            // Welford's update: the same order of operations whatever the threads.
            count[p] += 1
            let delta = x - mean[p]
            mean[p] += delta / Double(count[p])
            squares[p] += delta * (x - mean[p])
        }
        let n = replications
        if n >= PrecisionRule.initialReplications {
            let precise = relativeHalfWidth.map { $0 <= rule.relativeHalfWidth } ?? false
            if candidate != nil && !precise {
                candidate = nil
            } else if candidate == nil, precise {
                candidate = n
            }
            if let c = candidate, n - c >= PrecisionRule.lookAhead(after: c) {
                converged = true
                stopped = true
                return true
            }
        }
        if n >= rule.maxReplications { stopped = true }
        return stopped
    }

    var outcome: PrecisionOutcome {
        PrecisionOutcome(rule: rule, replications: replications, solution: converged ? candidate : nil, converged: converged,
                         relativeHalfWidth: relativeHalfWidth.map(round4))
    }
}
