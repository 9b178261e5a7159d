import LinearModel

/// A lower bound on a rota model of several roles, by Lagrangian relaxation of its room rule.
///
/// Roles interact only through rooms. Moving each room row `Σ plans at (site, session) ≤ rooms`
/// into the objective at a price `λ ≥ 0` per session leaves one independent problem per role,
/// whose day plans at that site and session cost `λ` more. For any prices, the sum of the roles'
/// optima minus `Σ λ × rooms` is at most the joint optimum; each role solved only to a bound gives
/// a bound too. Each role keeps its own room rows (where its posts alone could overflow a site),
/// which tightens the bound and keeps it valid.
///
/// With the prices at the duals of the joint LP relaxation's room rows, the bound is at least the
/// LP bound, and higher by whatever each role's integrality adds: whole days, travel between a
/// morning and an afternoon site, contracts. Measured on the 40-site region's week: LP 2,507.9
/// (2.9 s); this bound 2,526.6 about 5 s in, with each role solved for at most 0.58 s (2,530.0 with
/// every role solved to optimality, in a one-off check with another solver); GLPK's root cuts on
/// the joint model, the bound used before, 2,522.3 at 6.6 s and 2,523.6 at 9.7 s. The optimum is
/// 2,531.2.
struct LagrangianBound {
    /// Price per session at each site and session with a priced room row.
    let prices: [RoomKey: Double]
    /// `Σ λ × rooms` over the priced rows: subtracted from the sum of the roles' bounds.
    let roomCharge: Double

    /// Prices from an optimal LP relaxation of `joint`: minus the duals of its room rows (a `<=`
    /// row's dual is at most 0 when minimising). Rows with no price are left out.
    init?(joint: RotaModel, relaxation lp: SolveResult) {
        guard lp.status == .optimal, lp.duals.count == joint.model.constraints.count else { return nil }
        var prices: [RoomKey: Double] = [:], charge = 0.0
        for (key, row, rooms) in joint.roomRows {
            let price = -lp.dual(row)
            guard price > 1e-9 else { continue }
            prices[key] = price
            charge += price * Double(rooms)
        }
        self.prices = prices
        roomCharge = charge
    }

    /// The bound: each role's model with the room prices, solved by `solve` (in `roles` order, on
    /// the calling thread); `nil` when a role's solve gives no bound. `solve` gets the role's
    /// model and how many roles are left, this one included, to share out a time limit.
    func evaluate(_ inst: PlanningInstance, roles: [Int], solve: (RotaModel, Int) -> SolveResult) -> Double? {
        var total = -roomCharge
        for (i, role) in roles.enumerated() {
            let priced = RotaModel(inst, roles: [role], roomPrices: prices)
            guard let bound = solve(priced, roles.count - i).bestBound else { return nil }
            total += bound
        }
        return total
    }
}
