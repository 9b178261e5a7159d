import LinearModel

/// Deterministic pseudo-random numbers (64-bit LCG) so test models are reproducible.
struct LCG {
    var state: UInt64

    init(seed: UInt64) { state = seed &* 6364136223846793005 &+ 1442695040888963407 }

    mutating func next(_ range: ClosedRange<Int>) -> Int {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        let span = UInt64(range.upperBound - range.lowerBound + 1)
        return range.lowerBound + Int((state >> 33) % span)
    }
}

/// A 0-1 knapsack instance.
struct Knapsack {
    var weights: [Double]
    var values: [Double]
    var capacity: Double

    static func random(items: Int, seed: UInt64) -> Knapsack {
        var rng = LCG(seed: seed)
        let weights = (0..<items).map { _ in Double(rng.next(5...40)) }
        let values = (0..<items).map { _ in Double(rng.next(10...60)) }
        return Knapsack(weights: weights, values: values, capacity: (weights.reduce(0, +) / 2).rounded(.down))
    }

    func model() -> (Model, VariableFamily<Int>) {
        var m = Model(name: "knapsack")
        let take = m.addVariables("take", keys: Array(weights.indices), kind: .binary) { "\($0)" }
        m.addConstraint("capacity", take.sum { weights[$0] } <= capacity)
        m.maximize(take.sum { values[$0] })
        return (m, take)
    }

    /// Optimum by enumerating all subsets.
    func bruteForce() -> Double {
        let n = weights.count
        var best = 0.0
        for mask in 0..<(1 << n) {
            var w = 0.0, v = 0.0
            for i in 0..<n where mask & (1 << i) != 0 {
                w += weights[i]
                v += values[i]
            }
            if w <= capacity { best = max(best, v) }
        }
        return best
    }
}

/// GLPK's examples/transp.mod (Dantzig's transportation problem); optimum 153.675.
func transportationModel(presolveName: String = "transp") -> (Model, VariableFamily<[String]>) {
    let plants = ["Seattle": 350.0, "San-Diego": 600.0]
    let markets = ["New-York": 325.0, "Chicago": 300.0, "Topeka": 275.0]
    let distance: [String: [String: Double]] = [
        "Seattle": ["New-York": 2.5, "Chicago": 1.7, "Topeka": 1.8],
        "San-Diego": ["New-York": 2.5, "Chicago": 1.8, "Topeka": 1.4],
    ]
    let freight = 90.0
    let plantNames = ["Seattle", "San-Diego"]
    let marketNames = ["New-York", "Chicago", "Topeka"]
    var m = Model(name: presolveName)
    let keys = plantNames.flatMap { p in marketNames.map { [p, $0] } }
    let ship = m.addVariables("x", keys: keys) { $0.joined(separator: ",") }
    for p in plantNames {
        m.addConstraint("supply", p, LinearExpression.sum(marketNames.map { ship[[p, $0]]! }) <= plants[p]!)
    }
    for q in marketNames {
        m.addConstraint("demand", q, LinearExpression.sum(plantNames.map { ship[[$0, q]]! }) >= markets[q]!)
    }
    m.minimize(ship.sum { freight * distance[$0[0]]![$0[1]]! / 1000 })
    return (m, ship)
}

/// A market split instance (Cornuéjols & Dawande): `Σ_j a_ij x_j = d_i`, x binary.
/// Notoriously hard for branch and bound. With `slack`, each row gets
/// `s⁺ - s⁻` and the objective minimises the total deviation (plus `offset`),
/// so feasible solutions are trivial but optimality is hard to prove.
func marketSplit(rows: Int, columns: Int, seed: UInt64, slack: Bool, offset: Double = 0) -> Model {
    var rng = LCG(seed: seed)
    var m = Model(name: "market-split")
    let x = m.addVariables("x", keys: Array(0..<columns), kind: .binary) { "\($0)" }
    var deviation = LinearExpression(constant: offset)
    for i in 0..<rows {
        let a = (0..<columns).map { _ in Double(rng.next(0...99)) }
        var row = LinearExpression()
        for j in 0..<columns { row.add(x[j]!, a[j]) }
        if slack {
            let plus = m.addVariable("plus[\(i)]")
            let minus = m.addVariable("minus[\(i)]")
            row += plus - minus
            deviation += plus + minus
        }
        m.addConstraint("split", "\(i)", row == (a.reduce(0, +) / 2).rounded(.down))
    }
    m.minimize(deviation)
    return m
}

/// Largest violation of the model's constraints and bounds at `values`.
func maxViolation(_ m: Model, _ values: [Double]) -> Double {
    var worst = 0.0
    for c in m.constraints {
        let v = c.expression.value(values)
        switch c.relation {
        case .lessOrEqual(let b): worst = max(worst, v - b)
        case .greaterOrEqual(let b): worst = max(worst, b - v)
        case .equal(let b): worst = max(worst, abs(v - b))
        case .range(let lo, let hi): worst = max(worst, lo - v, v - hi)
        }
    }
    for (j, info) in m.variables.enumerated() {
        if let lo = info.lower { worst = max(worst, lo - values[j]) }
        if let up = info.upper { worst = max(worst, values[j] - up) }
        if info.kind != .continuous { worst = max(worst, abs(values[j] - values[j].rounded())) }
    }
    return worst
}
