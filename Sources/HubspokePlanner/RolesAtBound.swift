import LinearModel
import Foundation

extension PlanSearch {
    /// The overflowing roles as one model, rooms included, improved by large-neighbourhood search
    /// (`NeighbourhoodSearch`) from their rotas made to fit the rooms (`jointStart`), until it
    /// reaches `target`: tried where the roles sharing the rooms one after another
    /// (`sharedRooms`) does not reach the first round's bound, before they are merged. Only a
    /// rota at `target` is kept: with the bound, it is proven (within the plan's gap), and the
    /// merged model is not solved. On generated Kent and Medway weeks GLPK's search on the merged
    /// model found no rota at that bound in 5,000 nodes, nor on the merged model with each role's
    /// objective held at its optimum in 1,000 nodes (its rotas at the bound are rare among its
    /// LP's vertices), where a few neighbourhoods of this search reach it.
    ///
    /// Its model has the rooms the other parts leave (`roomsLeft`), so that no room overflows with
    /// them afterwards. With no time limit, at most `PlannerTuning.atBoundSteps` neighbourhoods and
    /// `atBoundPatience` in a row without improvement, so the rota is the same on every run.
    ///
    /// `from`: the parts whose members' rotas start the search (the same parts, with the members'
    /// rotas made to fit the rooms another way); nil: `parts`.
    func rolesAtBound(_ parts: [SolvedPart], involved members: [Int], target: Double, from: [SolvedPart]? = nil) -> SolvedPart? {
        let started = monotonicSeconds()
        let left = roomsLeft(parts, except: Set(members))
        guard let (model, start) = from.flatMap({ jointStart($0, involved: members, roomsLeft: left) }) ?? jointStart(parts, involved: members, roomsLeft: left) else { return nil }
        var settings = tuning.neighbourhoods
        settings.posts = min(settings.posts, tuning.atBoundPosts)
        let search = NeighbourhoodSearch(model, inst: inst, settings: settings, solver: tuning.solver)
        let found = search.run(from: start, seed: 1, steps: tuning.atBoundSteps, patience: tuning.atBoundPatience, deadline: deadline,
                               target: { target }, improved: { [board] in board?.search(best: $0) })
        guard found.objective <= target else { return nil }
        var result = SolveResult(status: .feasible, stopReason: .gapLimit, objectiveValue: found.objective, values: found.values,
                                 seconds: monotonicSeconds() - started)
        if options.captureLog {
            result.log = "neighbourhood search to the bound: \(found.steps) neighbourhoods, objective \(String(format: "%.3f", model.model.objectiveValue(start))) -> \(String(format: "%.3f", found.objective))\n"
        }
        return SolvedPart(model: model, result: result, round: rounds + 1, restricted: !left.isEmpty)
    }
}
