import Foundation
import HubspokeSimulation

/// One part of a sweep, `--shard I/N`: the options whose index leaves remainder I when divided by N
/// (dealt round-robin, so dear and cheap options spread evenly). I runs from 0 to N - 1, as a Slurm
/// array index or a Kubernetes Indexed Job's completion index.
public struct ShardSpec: Sendable, Equatable, CustomStringConvertible {
    public var index: Int
    public var count: Int

    public init(index: Int, count: Int) { self.index = index; self.count = count }

    public static func parse(_ text: String) throws(StaffingError) -> ShardSpec {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let i = Int(parts[0]), let n = Int(parts[1]) else {
            throw StaffingError("--shard \(text): expected I/N, e.g. --shard 0/10 (I from 0 to N - 1)")
        }
        guard (1...100_000).contains(n) else { throw StaffingError("--shard \(text): the number of shards must be from 1 to 100000") }
        guard (0..<n).contains(i) else {
            throw StaffingError("--shard \(text): the shard index runs from 0 to \(n - 1) (as $SLURM_ARRAY_TASK_ID with --array=0-\(n - 1))")
        }
        return ShardSpec(index: i, count: n)
    }

    /// The option indices of this shard among `options`.
    public func indices(of options: Int) -> [Int] { Array(stride(from: index, to: options, by: count)) }

    public var description: String { "\(index)/\(count)" }
}

/// What `hubspoke staffing sweep --shard I/N` writes: the sweep's header, the shard's place and its
/// options' results, with a fingerprint of the header so `hubspoke merge` only combines shards of the
/// same sweep (same scenario, ranges, targets, policy, weeks, replications and seed).
public struct ShardFile: Sendable, Codable, Equatable {
    public static let kindName = "hubspoke-staffing-shard"
    public static let currentVersion = 1

    public var kind: String
    public var version: Int
    public var fingerprint: String
    public var shard: Int
    public var shards: Int
    public var sweep: SweepHeader
    public var results: [OptionResult]

    public init(shard: ShardSpec, header: SweepHeader, results: [OptionResult]) {
        kind = Self.kindName; version = Self.currentVersion
        fingerprint = Fingerprint.hex(Fingerprint.canonicalJSON(header))
        self.shard = shard.index; shards = shard.count; sweep = header; self.results = results
    }

    public func json() -> String { ReportJSON.encode(self) }
}

public enum Shards {
    /// Puts shards back together into the sweep one run would give. Refuses files that are not
    /// shards, shards of different sweeps, a shard given twice, and missing shards.
    public static func merge(_ files: [(name: String, data: Data)]) throws(StaffingError) -> SweepReport {
        guard !files.isEmpty else { throw StaffingError("give the shard files to merge") }
        var shards: [(name: String, file: ShardFile)] = []
        for f in files { shards.append((f.name, try decode(f))) }
        let first = shards[0]
        for s in shards.dropFirst() where s.file.fingerprint != first.file.fingerprint || s.file.shards != first.file.shards {
            throw StaffingError("\(s.name) does not belong with \(first.name): \(difference(first.file, s.file))")
        }
        let n = first.file.shards
        var seen: [Int: String] = [:]
        for s in shards {
            if let other = seen[s.file.shard] {
                throw StaffingError("shard \(s.file.shard)/\(n) is given twice: \(other) and \(s.name)")
            }
            seen[s.file.shard] = s.name
        }
        let missing = (0..<n).filter { seen[$0] == nil }
        if !missing.isEmpty {
            throw StaffingError("missing shard\(missing.count == 1 ? "" : "s") \(missing.prefix(20).map(String.init).joined(separator: ", "))\(missing.count > 20 ? ", ..." : "") of \(n): every shard 0 to \(n - 1) is needed")
        }
        let header = first.file.sweep
        var results: [OptionResult] = []
        for s in shards {
            let expected = ShardSpec(index: s.file.shard, count: n).indices(of: header.optionCount)
            guard s.file.results.map(\.index) == expected else {
                throw StaffingError("\(s.name): shard \(s.file.shard)/\(n) should hold options \(expected.prefix(5).map(String.init).joined(separator: ", "))\(expected.count > 5 ? ", ..." : "") but holds others")
            }
            results += s.file.results
        }
        return Sweep.assemble(header, results)
    }

    /// As `merge`, where a file that was not found has no data. When the files are given in shard
    /// order, 0 to N - 1 (the merge job of `staffing sweep --slurm` gives them so), a missing file is
    /// named with the shard it should hold: "shard 2 of 4 is missing: FILE".
    public static func merge(_ files: [(name: String, data: Data?)]) throws(StaffingError) -> SweepReport {
        let positions = files.indices.filter { files[$0].data != nil }
        let present = positions.map { (name: files[$0].name, data: files[$0].data ?? Data()) }
        let absent = files.indices.filter { files[$0].data == nil }
        guard let firstAbsent = absent.first else { return try merge(present) }
        let decoded = try present.map { f throws(StaffingError) in try decode(f) }
        let n = decoded.first?.shards ?? files.count
        let inOrder = n == files.count && zip(positions, decoded).allSatisfy { $0 == $1.shard }
        guard inOrder else { throw StaffingError("\(files[firstAbsent].name): file not found") }
        let names = absent.map { files[$0].name }.joined(separator: ", ")
        if absent.count == 1 { throw StaffingError("shard \(firstAbsent) of \(n) is missing: \(names) (file not found: that shard did not run to the end)") }
        throw StaffingError("shards \(absent.map(String.init).joined(separator: ", ")) of \(n) are missing: \(names) (files not found: those shards did not run to the end)")
    }

    /// One shard file, checked: a shard of this format version whose contents match its fingerprint.
    static func decode(_ f: (name: String, data: Data)) throws(StaffingError) -> ShardFile {
        let decoded: ShardFile
        do { decoded = try JSONDecoder().decode(ShardFile.self, from: f.data) } catch {
            throw StaffingError("\(f.name): not a hubspoke staffing shard (write shards with hubspoke staffing sweep ... --shard I/N)")
        }
        guard decoded.kind == ShardFile.kindName else { throw StaffingError("\(f.name): not a hubspoke staffing shard (kind \"\(decoded.kind)\")") }
        guard decoded.version == ShardFile.currentVersion else {
            throw StaffingError("\(f.name): shard format version \(decoded.version); this hubspoke reads version \(ShardFile.currentVersion)")
        }
        guard decoded.fingerprint == Fingerprint.hex(Fingerprint.canonicalJSON(decoded.sweep)) else {
            throw StaffingError("\(f.name): the shard's contents do not match its fingerprint (the file was changed)")
        }
        return decoded
    }

    /// Why two shards do not belong together, in words.
    static func difference(_ a: ShardFile, _ b: ShardFile) -> String {
        let x = a.sweep, y = b.sweep
        var why: [String] = []
        if a.shards != b.shards { why.append("split into \(a.shards) and \(b.shards) shards") }
        if x.scenarioFingerprint != y.scenarioFingerprint || x.scenario != y.scenario { why.append("different scenarios (\(x.scenario) and \(y.scenario), or edited)") }
        if x.varied != y.varied { why.append("different ranges (\(x.varied.map { "\($0.role)=\($0.summary)" }.joined(separator: " ")) and \(y.varied.map { "\($0.role)=\($0.summary)" }.joined(separator: " ")))") }
        let p = x.simulation, q = y.simulation
        if p.seed != q.seed { why.append("seed \(p.seed) and \(q.seed)") }
        if p.replications != q.replications { why.append("\(p.replications) and \(q.replications) replications") }
        if p.weeks != q.weeks { why.append("\(p.weeks) and \(q.weeks) weeks") }
        if p.policy != q.policy { why.append("policies \(p.policy) and \(q.policy)") }
        if p.precision != q.precision { why.append("replications \(p.precision.map { "by precision, \($0.summary)" } ?? "fixed") and \(q.precision.map { "by precision, \($0.summary)" } ?? "fixed")") }
        if x.targets != y.targets { why.append("different targets") }
        if x.frontierKPI != y.frontierKPI { why.append("frontier on \(x.frontierKPI) and \(y.frontierKPI)") }
        if why.isEmpty { why.append("different sweeps (the fingerprints \(a.fingerprint) and \(b.fingerprint) differ)") }
        return "they are from different sweeps: " + why.joined(separator: "; ")
    }
}
