import HubspokeModel

/// A year's cost of a staffing option, £, each part rounded to the penny.
public struct CostBreakdown: Sendable, Codable, Equatable {
    public var pay: Double
    public var pension: Double
    public var nationalInsurance: Double
    public var nonPay: Double
    /// Business mileage from the simulated travel.
    public var mileage: Double
    /// Pay, pension, National Insurance and non-pay: known without simulating.
    public var staff: Double
    /// Staff cost plus mileage: the year's running cost.
    public var annual: Double
    /// One-off set-up: the posts added, and the fixed set-up when there are any.
    public var setUp: Double

    public init(pay: Double, pension: Double, nationalInsurance: Double, nonPay: Double, mileage: Double, setUp: Double) {
        self.pay = pennies(pay); self.pension = pennies(pension); self.nationalInsurance = pennies(nationalInsurance)
        self.nonPay = pennies(nonPay); self.mileage = pennies(mileage); self.setUp = pennies(setUp)
        staff = pennies(self.pay + self.pension + self.nationalInsurance + self.nonPay)
        annual = pennies(staff + self.mileage)
    }
}

func pennies(_ x: Double) -> Double { (x * 100).rounded() / 100 }

/// The cost of posts: pay × FTE, employer pension on pay, employer National Insurance on each
/// person's pay above the threshold, non-pay per FTE plus a fixed amount, and mileage per post at
/// the full rate up to the yearly threshold and the reduced rate after. Year `n` of a business case
/// raises pay by the pay uplift and non-pay by the non-pay uplift, `n - 1` times (the National
/// Insurance threshold and mileage rates stay as they are).
public struct CostModel: Sendable {
    public var costs: CostSettings
    public var year: Int

    /// Checks that the scenario has a `costs:` section with pay for every role in `roles` (role indices).
    public init(_ scenario: Scenario, roles: [Int], year: Int = 1) throws(StaffingError) {
        guard let costs = scenario.costs else { throw Self.noCostsSection(scenario) }
        for r in roles where costs.pay[r] == nil {
            let role = scenario.roles[r]
            let line = scenario.fieldLines["costs.pay"] ?? scenario.fieldLines["costs"]
            throw StaffingError("\(scenario.source)\(line.map { ":\($0)" } ?? ""): costs.pay: no pay for role \(role.id) (\(role.name)): "
                + "give a scale and point ({scale: afc, band: 6, point: mid}) or a salary ({salary: 40000})")
        }
        self.costs = costs
        self.year = year
    }

    public init(costs: CostSettings, year: Int = 1) { self.costs = costs; self.year = year }

    static func noCostsSection(_ scenario: Scenario) -> StaffingError {
        StaffingError("\(scenario.source): the scenario has no costs: section (pay per role, on-costs, mileage); see the README")
    }

    var payFactor: Double { growth(costs.payUplift, year) }
    var nonPayFactor: Double { growth(costs.nonPayUplift, year) }

    /// Full-time salary of a role this year.
    public func salary(role r: Int) -> Double { (costs.pay[r]?.salary ?? 0) * payFactor }

    /// Mileage of one post driving `miles` business miles in a year.
    public func mileage(miles: Double) -> Double {
        let m = max(0, miles)
        return costs.mileageRate * min(m, costs.mileageThresholdMiles) + costs.mileageReducedRate * max(0, m - costs.mileageThresholdMiles)
    }

    /// The year's cost of the scenario's posts, given each post's yearly miles (in post order) and the
    /// number of posts added to the scenario's own staffing.
    public func cost(of scenario: Scenario, milesPerPost: [Double], addedPosts: Int) -> CostBreakdown {
        var pay = 0.0, pension = 0.0, ni = 0.0, nonPay = 0.0, mileage = 0.0
        for (i, post) in scenario.posts.enumerated() {
            guard let r = scenario.roleIndex(post.role) else { continue }
            let c = parts(post, role: r)
            pay += c.pay; pension += c.pension; ni += c.ni; nonPay += c.nonPay
            if i < milesPerPost.count { mileage += self.mileage(miles: milesPerPost[i]) }
        }
        nonPay += costs.nonPayFixed * nonPayFactor
        let setUp = addedPosts > 0 ? (Double(addedPosts) * costs.setUpPerNewPost + costs.setUpFixed) * nonPayFactor : 0
        return CostBreakdown(pay: pay, pension: pension, nationalInsurance: ni, nonPay: nonPay, mileage: mileage, setUp: setUp)
    }

    /// A post's pay, pension, National Insurance (on its own pay: the threshold is per person) and non-pay.
    func parts(_ post: Post, role r: Int) -> (pay: Double, pension: Double, ni: Double, nonPay: Double) {
        let fte = Double(post.sessionsPerWeek) / 10
        let pay = salary(role: r) * fte
        return (pay, costs.pension * pay, costs.nationalInsurance * max(0, pay - costs.nationalInsuranceThreshold),
                costs.nonPayPerFTE * nonPayFactor * fte)
    }

    /// Staff cost of one post a year: pay, pension, National Insurance and non-pay.
    public func staffCost(of post: Post, role r: Int) -> Double {
        let c = parts(post, role: r)
        return c.pay + c.pension + c.ni + c.nonPay
    }

    /// The fixed non-pay of the year.
    public var fixedNonPay: Double { costs.nonPayFixed * nonPayFactor }

    /// Staff cost (no mileage) of the scenario's posts.
    public func staffCost(of scenario: Scenario) -> Double {
        cost(of: scenario, milesPerPost: [], addedPosts: 0).staff
    }
}

/// (1 + rate)^(year - 1).
func growth(_ rate: Double, _ year: Int) -> Double {
    var f = 1.0
    for _ in 1..<max(1, year) { f *= 1 + rate }
    return f
}
