import Testing
import LinearModel

@Suite("VariableFamily")
struct VariableFamilyTests {
    /// Bounds per key: each variable gets its key's bounds, in key order, with the same names and
    /// indices as one `addVariable` per key would give.
    @Test func boundsPerKeyMatchOneVariableAtATime() {
        let demand = ["north": 3.0, "south": 0.5, "east": 7.0]
        let keys = ["south", "north", "east", "north"]
        var m = Model(name: "keyed")
        _ = m.addVariable("before")
        let served = m.addVariables("served", keys: keys, kind: .continuous, bounds: { (0, demand[$0]) }) { $0 }
        var one = Model(name: "keyed")
        _ = one.addVariable("before")
        for key in ["south", "north", "east"] { one.addVariable("served[\(key)]", .continuous, lower: 0, upper: demand[key]) }
        #expect(served.keys == ["south", "north", "east"])
        #expect(served.variables.map(\.index) == [1, 2, 3])
        #expect(m.variables.map(\.name) == one.variables.map(\.name))
        #expect(m.variables.map(\.upper) == [nil, 0.5, 3, 7])
        #expect(m.variables.map(\.upper) == one.variables.map(\.upper))
    }

    /// A family is a sequence of its (key, variable) pairs in key order, and its sum weighs each key.
    @Test func iteratesPairsInKeyOrder() {
        var m = Model()
        let x = m.addVariables("x", keys: [30, 10, 20], kind: .binary) { "\($0)" }
        #expect(x.map(\.0) == [30, 10, 20])
        #expect(x.map(\.1.index) == [0, 1, 2])
        #expect(x.count == 3 && x.underestimatedCount == 3)
        let e = x.sum { Double($0) / 10 }
        #expect(e.terms.map(\.1) == [3, 1, 2])
        #expect(VariableFamily<Int>(name: "empty").count == 0)
    }
}
