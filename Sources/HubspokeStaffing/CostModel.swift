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

/// A year's cost of one employer's posts, £, each part rounded to the penny.
public struct EmployerCost: Sendable, Codable, Equatable {
    public var employer: Employer
    public var posts: Int
    public var pay: Double
    public var pension: Double
    public var nationalInsurance: Double
    /// Non-pay per FTE of these posts (the fixed non-pay is the service's, not in any employer's).
    public var nonPay: Double
    public var mileage: Double
    public var total: Double

    public init(employer: Employer, posts: Int, pay: Double, pension: Double, nationalInsurance: Double, nonPay: Double, mileage: Double) {
        self.employer = employer; self.posts = posts
        self.pay = pennies(pay); self.pension = pennies(pension); self.nationalInsurance = pennies(nationalInsurance)
        self.nonPay = pennies(nonPay); self.mileage = pennies(mileage)
        total = pennies(self.pay + self.pension + self.nationalInsurance + self.nonPay + self.mileage)
    }
}

/// The cost of posts: pay × FTE, employer pension on pay, employer National Insurance on each
/// person's pay above the threshold, non-pay per FTE plus a fixed amount, and mileage per post at
/// the full rate up to the yearly threshold and the reduced rate after; pension, National Insurance
/// and mileage on the terms of the post's employer (the NHS, or the council). Year `n` of a business case
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

    /// Mileage of one NHS post driving `miles` business miles in a year.
    public func mileage(miles: Double) -> Double { costs.nhs.mileage(miles: miles) }

    /// The year's cost of the scenario's posts, given each post's yearly miles (in post order) and the
    /// number of posts added to the scenario's own staffing.
    public func cost(of scenario: Scenario, milesPerPost: [Double], addedPosts: Int) -> CostBreakdown {
        var pay = 0.0, pension = 0.0, ni = 0.0, nonPay = 0.0, mileage = 0.0
        for (i, post) in scenario.posts.enumerated() {
            guard let c = parts(post, in: scenario, milesPerPost: milesPerPost, index: i) else { continue }
            pay += c.pay; pension += c.pension; ni += c.ni; nonPay += c.nonPay; mileage += c.mileage
        }
        nonPay += costs.nonPayFixed * nonPayFactor
        let setUp = addedPosts > 0 ? (Double(addedPosts) * costs.setUpPerNewPost + costs.setUpFixed) * nonPayFactor : 0
        return CostBreakdown(pay: pay, pension: pension, nationalInsurance: ni, nonPay: nonPay, mileage: mileage, setUp: setUp)
    }

    /// The year's cost of each employer's posts (employers with posts, NHS first): pay, on-costs,
    /// non-pay per FTE and mileage on that employer's terms. The fixed non-pay and set-up are the
    /// service's, not an employer's, and are left out.
    public func costByEmployer(of scenario: Scenario, milesPerPost: [Double]) -> [EmployerCost] {
        var totals: [Employer: (pay: Double, pension: Double, ni: Double, nonPay: Double, mileage: Double, posts: Int)] = [:]
        for (i, post) in scenario.posts.enumerated() {
            guard let r = scenario.roleIndex(post.role), let c = parts(post, in: scenario, milesPerPost: milesPerPost, index: i) else { continue }
            var t = totals[costs.employer(role: r)] ?? (0, 0, 0, 0, 0, 0)
            t.pay += c.pay; t.pension += c.pension; t.ni += c.ni; t.nonPay += c.nonPay; t.mileage += c.mileage; t.posts += 1
            totals[costs.employer(role: r)] = t
        }
        return Employer.allCases.compactMap { e in
            totals[e].map { EmployerCost(employer: e, posts: $0.posts, pay: $0.pay, pension: $0.pension, nationalInsurance: $0.ni, nonPay: $0.nonPay, mileage: $0.mileage) }
        }
    }

    /// Post `i`'s year, mileage included (0 without its miles); nil for a post of an unknown role.
    func parts(_ post: Post, in scenario: Scenario, milesPerPost: [Double], index i: Int)
        -> (pay: Double, pension: Double, ni: Double, nonPay: Double, mileage: Double)? {
        guard let r = scenario.roleIndex(post.role) else { return nil }
        let c = parts(post, role: r)
        let miles = i < milesPerPost.count ? costs.terms(costs.employer(role: r)).mileage(miles: milesPerPost[i]) : 0
        return (c.pay, c.pension, c.ni, c.nonPay, miles)
    }

    /// A post's pay, pension, National Insurance (on its own pay: the threshold is per person) and
    /// non-pay, on its employer's terms.
    func parts(_ post: Post, role r: Int) -> (pay: Double, pension: Double, ni: Double, nonPay: Double) {
        let fte = Double(post.sessionsPerWeek) / 10
        let pay = salary(role: r) * fte
        let t = costs.terms(costs.employer(role: r))
        return (pay, t.pension * pay, t.nationalInsurance * max(0, pay - t.nationalInsuranceThreshold),
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
