import HubspokeModel
import HubspokeSupport

/// The national return and the equity figures of a report, from the records' series (`ReturnShape`).
extension Simulator {
    static func returnQuarters(_ shape: ReturnShape) -> [ReturnQuarter] {
        let quarters = shape.quarters
        return quarters.labels.indices.map { q in
            ReturnQuarter(label: quarters.labels[q], measuredDays: quarters.measuredDays[q], days: quarters.days[q],
                          nationalPerVanguard: NationalDataset.perVanguard(quarterOfYear: quarters.quarterOfYear[q]).map(round4))
        }
    }

    static func mixNotes(_ shape: ReturnShape) -> [MixNote] {
        zip(ReferralAttribute.all, shape.mix.attributes).map { attribute, share in
            MixNote(attribute: attribute.key, label: attribute.label, note: share.note, assumed: share.assumed,
                    shares: zip(attribute.categories, share.shares).map { CategoryShare(category: $0.id, label: $0.label, share: round4($1)) })
        }
    }

    /// Every slot: ("all", "all"), then each attribute's categories with a share above 0.
    static func returnSlots(_ shape: ReturnShape) -> [(slot: Int, attribute: String, category: String)] {
        var out = [(0, "all", "all")]
        for (a, attribute) in ReferralAttribute.all.enumerated() {
            for (k, category) in attribute.categories.enumerated() where shape.mix.attributes[a].shares[k] > 0 {
                out.append((shape.slotOffset[a] + k, attribute.key, category.id))
            }
        }
        return out
    }

    /// Policy `p`'s return: one row per quarter and slot. Counts and waits are never below 0 and
    /// shares (%) run from 0 to 100: their intervals are cut there (`Estimate.bounded`).
    static func returnRows(policy p: Int, moments: SeriesMoments, layout: RecordLayout) -> [ReturnRow] {
        guard let shape = layout.returns else { return [] }
        let slots = returnSlots(shape)
        return shape.quarters.labels.indices.flatMap { q in
            slots.map { slot in
                let e = { (m: Int) in moments.estimate(layout.returnSeries(p, shape.returnValue(q, slot.slot, m)))?.rounded() }
                return ReturnRow(quarter: shape.quarters.labels[q], attribute: slot.attribute, category: slot.category,
                                 referrals: e(0)?.bounded(floor: 0), seen: e(1)?.bounded(floor: 0),
                                 meanWait: e(2)?.bounded(floor: 0), seenWithin4Weeks: e(3)?.bounded(floor: 0, ceiling: 100))
            }
        }
    }

    /// Policy `p`'s waits by group, each flagged where its interval (cut at 0, and shares at 100%)
    /// excludes the service-wide figure; an interval of zero width is never flagged (`Estimate.excludes`).
    static func equityRows(policy p: Int, moments: SeriesMoments, layout: RecordLayout, model: ServiceModel,
                           serviceWait: Double?, serviceShare: Double?) -> [EquityRow] {
        guard let shape = layout.returns else { return [] }
        return shape.equityGroupNames(model.scenario).enumerated().compactMap { g, name in
            let wait = moments.estimate(layout.returnSeries(p, shape.equityValue(g, 0)))?.rounded().bounded(floor: 0)
            let share = moments.estimate(layout.returnSeries(p, shape.equityValue(g, 1)))?.rounded().bounded(floor: 0, ceiling: 100)
            guard wait != nil || share != nil else { return nil }
            return EquityRow(dimension: name.dimension, group: name.id, label: name.label, meanWait: wait, seenWithin4Weeks: share,
                             waitDiffers: wait?.excludes(serviceWait) ?? false, shareDiffers: share?.excludes(serviceShare) ?? false)
        }
    }

    /// Every pair of policies' paired differences, group by group.
    static func equityDifferences(_ policies: [any AllocationPolicy], moments: SeriesMoments, layout: RecordLayout,
                                  model: ServiceModel) -> [EquityDifference] {
        guard let shape = layout.returns else { return [] }
        let names = shape.equityGroupNames(model.scenario)
        return layout.pairs.enumerated().flatMap { pair, ab in
            names.enumerated().compactMap { g, name -> EquityDifference? in
                let wait = moments.estimate(layout.equityDifference(pair, g, 0))?.rounded()
                let share = moments.estimate(layout.equityDifference(pair, g, 1))?.rounded()
                guard wait != nil || share != nil else { return nil }
                return EquityDifference(first: policies[ab.0].name, second: policies[ab.1].name, dimension: name.dimension, group: name.id,
                                        meanWait: wait, seenWithin4Weeks: share,
                                        waitSignificant: wait?.excludesZero ?? false, shareSignificant: share?.excludesZero ?? false)
            }
        }
    }
}
