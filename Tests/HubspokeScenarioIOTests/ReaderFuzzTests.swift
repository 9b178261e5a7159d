import Foundation
import HubspokeSupport
import HubspokeModel
import HubspokeScenarioIO
import Testing

/// Seeded mutations of the embedded scenarios and of a demand CSV, read in-process the way a file
/// is read (bytes checked as text, then parsed and validated): no crash, no case slow enough to
/// look like a hang, and every refusal names its file and line in its first message.
@Suite struct ReaderFuzzTests {
    static let demandCSV = """
    site,role,sessions,priority,week
    PRU-DART,EP,2,urgent,
    PRU-GILL,MHT,3,high,1
    "PRU-CHAT",SLT,1,routine,
    PRU-TW,EP,0,high,
    PRU-MARG,OT,2,urgent,1

    """

    enum Mutation: CaseIterable { case flipByte, deleteLine, duplicateLine, truncate }

    /// One mutation of `bytes`, chosen and placed by `rng`.
    static func mutate(_ bytes: [UInt8], _ mutation: Mutation, _ rng: inout SeededRandom) -> [UInt8] {
        guard !bytes.isEmpty else { return bytes }
        var out = bytes
        switch mutation {
        case .flipByte:
            out[rng.int(0...(out.count - 1))] ^= UInt8(1 << rng.int(0...7))
        case .truncate:
            out = Array(out.prefix(rng.int(0...(out.count - 1))))
        case .deleteLine, .duplicateLine:
            var lines = out.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map(Array.init)
            let i = rng.int(0...(lines.count - 1))
            if mutation == .deleteLine { lines.remove(at: i) } else { lines.insert(lines[i], at: rng.int(0...lines.count)) }
            out = Array(lines.joined(separator: [UInt8(ascii: "\n")]))
        }
        return out
    }

    /// The first problem found reading `bytes` as the file `file`, or nil when it is accepted.
    static func firstProblem(_ bytes: [UInt8], file: String) -> InputProblem? {
        do {
            let text = try InputFile.decode(Data(bytes), file: file)
            if file.hasSuffix(".csv") { _ = try DemandCSV.parse(text, file: file) } else { _ = try Scenario.parse(yaml: text, file: file) }
            return nil
        } catch {
            return error.problems.first ?? InputProblem(file: file, line: nil, field: "", message: "refused with no problem listed")
        }
    }

    @Test func seededMutationsNeverCrashHangOrLoseTheLine() {
        let inputs = EmbeddedScenarios.all.map { ("\($0.name).yaml", Array($0.yaml.utf8)) } + [("week.csv", Array(Self.demandCSV.utf8))]
        var rng = SeededRandom(seed: 15)
        var refused = 0, slowest = Duration.zero, slowestCase = -1
        var unplaced: [String] = []
        var perMutation: [Int] = Array(repeating: 0, count: Mutation.allCases.count)
        let cases = 1_200
        for n in 0..<cases {
            let (file, original) = inputs[n % inputs.count]
            var bytes = original
            for _ in 0..<rng.int(1...3) {
                let m = rng.int(0...(Mutation.allCases.count - 1))
                perMutation[m] += 1
                bytes = Self.mutate(bytes, Mutation.allCases[m], &rng)
            }
            let clock = ContinuousClock()
            var problem: InputProblem?
            let took = clock.measure { problem = Self.firstProblem(bytes, file: file) }
            if took > slowest { slowest = took; slowestCase = n }
            guard let problem else { continue }
            refused += 1
            if problem.line == nil || problem.file != file { unplaced.append("case \(n): \(problem)") }
        }
        #expect(unplaced.isEmpty, "\(unplaced.count) refusals without file:line, e.g. \(unplaced.prefix(5))")
        #expect(slowest < .seconds(10), "case \(slowestCase) took \(slowest)")
        #expect(perMutation.allSatisfy { $0 > cases / 4 }, "every kind of mutation is tried: \(perMutation)")
        // The mutations bite: most are refused, and some (a comment, a blank line) are harmless.
        #expect(refused > cases / 2 && refused < cases, "\(refused) of \(cases) refused")
        print("fuzz: \(cases) cases, \(refused) refused, slowest \(slowest) (case \(slowestCase))")
    }
}
