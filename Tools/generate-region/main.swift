// Writes a synthetic region scenario (YAML) for benchmarks and tests.
// Usage: swift run generate-region [--sites N] [--posts N] [--weeks N] [--seed N] [--output FILE]
import Foundation
import HubspokeSupport
import HubspokeTestSupport

var generator = ScenarioGenerator()
var output: String?
var args = CommandLine.arguments.dropFirst()
func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("generate-region: error: \(message)\n".utf8))
    exit(1)
}
while let flag = args.popFirst() {
    guard let value = args.popFirst() else { fail("\(flag) needs a value") }
    func number(_ range: ClosedRange<Int>) -> Int {
        guard let n = Int(value), range.contains(n) else { fail("\(flag) must be a whole number from \(range.lowerBound) to \(range.upperBound), got \(value)") }
        return n
    }
    switch flag {
    case "--sites": generator.sites = number(4...500)
    case "--posts": generator.posts = number(1...1000)
    case "--weeks": generator.weeks = number(1...52)
    case "--seed": generator.seed = UInt64(number(0...Int.max))
    case "--output", "-o": output = value
    default: fail("unknown option \(flag) (expected --sites, --posts, --weeks, --seed, --output)")
    }
}
let yaml = generator.yaml()
if let output {
    do { try AtomicFile.write(yaml, to: output) } catch { fail("\(error)") }
} else {
    print(yaml, terminator: "")
}
