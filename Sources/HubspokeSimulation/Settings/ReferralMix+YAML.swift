import HubspokeModel
import HubspokeScenarioIO

extension ScenarioSectionReader {
    /// The `referral_mix:` section, read into `Scenario.referralMix`: who the referrals of the
    /// simulation are, for the national return and the equity figures.
    ///
    ///     referral_mix:
    ///       ethnicity: {source: national dataset 2022-23, shares: {white_british: 0.65, ...}}
    ///       age_band: {assumed: mostly 11 to 15, shares: {"11-15": 0.6, ...}}
    ///
    /// An attribute left out keeps its standard mix (`ReferralMix.standard`).
    public static let referralMix = ScenarioSectionReader(key: "referral_mix") { v, parser, _ in parser.parseReferralMix(v) }
}

extension Scenario {
    /// The `referral_mix:` section, if given and read (pass `.referralMix` to `Scenario.load`).
    public var referralMix: ReferralMix? {
        get { sections[ScenarioSectionReader.referralMix.key] }
        set { sections[ScenarioSectionReader.referralMix.key] = newValue }
    }
}

extension ScenarioParser {
    /// Reads `referral_mix:`: for each attribute given, its shares by category (every category known,
    /// shares from 0 to 1 summing to 1 within `ReferralMix.tolerance`) and where they come from.
    mutating func parseReferralMix(_ v: YAMLValue) -> ReferralMix? {
        guard let m = reader.mapping(v, allowed: ReferralAttribute.all.map(\.key)) else { return nil }
        var mix = ReferralMix.standard
        var ok = true
        for (a, attribute) in ReferralAttribute.all.enumerated() {
            guard let x = m[attribute.key] else { continue }
            if let share = parseMixShares(x, attribute) { mix.attributes[a] = share } else { ok = false }
        }
        return ok ? mix : nil
    }

    mutating func parseMixShares(_ x: YAMLValue, _ attribute: ReferralAttribute) -> ReferralMix.Share? {
        guard let fields = reader.mapping(x, allowed: ["shares", "source", "assumed"]),
              let sv = reader.require(fields, "shares", in: x) else { return nil }
        let source = fields["source"].flatMap { reader.string($0) }
        let assumed = fields["assumed"].flatMap { reader.string($0) }
        if source != nil && assumed != nil { reader.problem(fields["assumed"], "give either source: or assumed:, not both"); return nil }
        var shares = Array(repeating: 0.0, count: attribute.categories.count)
        var ok = true
        for e in reader.idEntries(sv) {
            guard let c = attribute.category(e.key) else {
                reader.problem(e.keyValue, "unknown \(attribute.label.lowercased()) category \"\(e.key)\" (expected one of: "
                               + attribute.categories.map(\.id).joined(separator: ", ") + ")")
                ok = false; continue
            }
            guard let s = reader.double(e.value, 0...1) else { ok = false; continue }
            shares[c] = s
        }
        guard ok else { return nil }
        let total = shares.reduce(0, +)
        if abs(total - 1) > ReferralMix.tolerance {
            reader.problem(sv, "the shares add up to \(fixedShare(total)), not 1 (within \(ReferralMix.tolerance))"); return nil
        }
        return ReferralMix.Share(shares: shares, note: assumed ?? source ?? "the scenario's mix (no source given)", assumed: assumed != nil)
    }

    private func fixedShare(_ x: Double) -> String { String((x * 10_000).rounded() / 10_000) }
}
