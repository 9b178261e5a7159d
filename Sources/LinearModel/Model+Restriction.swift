/// A model with some variables fixed at values and substituted out: the sub-problem a
/// large-neighbourhood search solves, or the model a diving heuristic explores.
///
/// Only the free variables are kept, renumbered in their original order; every fixed variable's
/// contribution moves into the constraint bounds and the objective constant. Constraints left
/// with no free variable are dropped (``Model/fixing(_:tolerance:)`` checks that the fixed values keep them).
public struct RestrictedModel: Sendable {
    /// The model over the free variables only.
    public let model: Model
    /// For each variable of ``model``, its index in the original model.
    public let originalIndex: [Int]
    /// The fixed value of each original variable, `nil` where free.
    public let fixedValues: [Double?]

    /// A solution of ``model`` as values of every variable of the original model.
    public func expand(_ values: [Double]) -> [Double] {
        var full = fixedValues.map { $0 ?? 0 }
        for (k, j) in originalIndex.enumerated() { full[j] = values[k] }
        return full
    }
}

extension Model {
    /// This model with the variables of `fixed` (original index to value) fixed and substituted out.
    ///
    /// Returns `nil` when the fixed values alone break a bound, or a constraint all of whose
    /// variables are fixed: no completion could then be feasible.
    public func fixing(_ fixed: [Int: Double], tolerance: Double = 1e-6) -> RestrictedModel? {
        var values = [Double?](repeating: nil, count: variables.count)
        for (j, x) in fixed {
            precondition(variables.indices.contains(j), "fixing: variable index \(j) is not in model '\(name)'")
            let info = variables[j]
            if let lo = info.lower, x < lo - tolerance { return nil }
            if let up = info.upper, x > up + tolerance { return nil }
            values[j] = x
        }
        var sub = Model(name: name)
        var newIndex = [Int](repeating: -1, count: variables.count)
        var original: [Int] = []
        for (j, info) in variables.enumerated() where values[j] == nil {
            newIndex[j] = sub.addVariable(info.name, info.kind, lower: info.lower, upper: info.upper).index
            original.append(j)
        }
        func substitute(_ e: LinearExpression) -> LinearExpression {
            var out = LinearExpression(constant: e.constant)
            for (v, a) in e.terms {
                if let x = values[v.index] { out.constant += a * x } else { out.terms.append((Variable(index: newIndex[v.index]), a)) }
            }
            return out
        }
        for c in constraints {
            let e = substitute(c.expression)
            if e.terms.isEmpty {
                guard c.relation.isSatisfied(by: e.constant, tolerance: tolerance) else { return nil }
                continue
            }
            sub.append(Constraint(family: c.family, name: c.name, expression: LinearExpression(terms: e.terms, constant: 0),
                                  relation: c.relation.shifted(by: e.constant)))
        }
        let objective = substitute(objective)
        if sense == .minimize { sub.minimize(objective) } else { sub.maximize(objective) }
        return RestrictedModel(model: sub, originalIndex: original, fixedValues: values)
    }

    /// The linear relaxation: the same model with every integer and binary variable continuous
    /// (binaries keep their 0–1 bounds). Its optimum bounds the model's.
    public func relaxation() -> Model {
        var lp = self
        for j in variables.indices where variables[j].kind != .continuous { lp.setKind(Variable(index: j), .continuous) }
        return lp
    }
}
