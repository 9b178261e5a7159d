/// Running sums of many series at once (one entry of a record per series, one record per replication),
/// giving each series' `Estimate` without keeping its values: bit for bit the estimate `Estimate(_:)`
/// makes from the stored values. The first pass adds the values in replication order, as Estimate's
/// sum does; the second, once every mean is known, adds the squared deviations from the mean in the
/// same order. Missing values (`SeriesMoments.missing`) are skipped, as Estimate skips nil.
struct SeriesMoments {
    /// Marks a missing value in a record: a quiet NaN with a payload no arithmetic produces.
    static let missing = Double(bitPattern: 0x7FF8_0000_5EED_0001)
    static func isMissing(_ x: Double) -> Bool { x.bitPattern == missing.bitPattern }
    static func encode(_ x: Double?) -> Double { x ?? missing }
    static func decode(_ x: Double) -> Double? { isMissing(x) ? nil : x }

    private(set) var count: [Int]
    private var sum: [Double]
    private var mean: [Double]
    private var squares: [Double]
    private var deviations = false

    init(series: Int) {
        count = Array(repeating: 0, count: series)
        sum = Array(repeating: 0, count: series)
        mean = sum
        squares = sum
    }

    /// First pass: one replication's record.
    mutating func addValues(_ record: ArraySlice<Double>) {
        precondition(!deviations && record.count == count.count)
        for (i, x) in zip(count.indices, record) where !Self.isMissing(x) {
            count[i] += 1
            sum[i] += x
        }
    }

    /// Ends the first pass: the means are known from here on.
    mutating func startDeviations() {
        for i in count.indices where count[i] > 0 { mean[i] = sum[i] / Double(count[i]) }
        deviations = true
    }

    /// Second pass: the same record again, in the same order.
    mutating func addDeviations(_ record: ArraySlice<Double>) {
        precondition(deviations && record.count == count.count)
        for (i, x) in zip(count.indices, record) where !Self.isMissing(x) {
            squares[i] = Estimate.addSquaredDeviation(squares[i], x, mean: mean[i])
        }
    }

    /// Series `i`'s mean and interval (nil when it had no value), after both passes.
    func estimate(_ i: Int) -> Estimate? {
        precondition(deviations)
        guard count[i] > 0 else { return nil }
        return Estimate(count: count[i], mean: mean[i], squaredDeviations: squares[i])
    }
}
