import JSON
import Testing

@Suite struct AccessorAndLiteralTests {
    @Test func stringValue() {
        #expect(JSONValue.string("s").stringValue == "s")
        #expect(JSONValue.int(1).stringValue == nil)
    }

    @Test func intValueAcceptsIntegralDoublesInRange() {
        #expect(JSONValue.int(5).intValue == 5)
        #expect(JSONValue.double(3.0).intValue == 3)
        #expect(JSONValue.double(-0.0).intValue == 0)
        #expect(JSONValue.double(3.5).intValue == nil)
        #expect(JSONValue.double(1e300).intValue == nil)
        #expect(JSONValue.double(9223372036854775808).intValue == nil)
        #expect(JSONValue.string("5").intValue == nil)
        #expect(JSONValue.bool(true).intValue == nil)
    }

    @Test func doubleValueWidensIntegers() {
        #expect(JSONValue.int(2).doubleValue == 2.0)
        #expect(JSONValue.double(2.5).doubleValue == 2.5)
        #expect(JSONValue.string("2.5").doubleValue == nil)
    }

    @Test func boolValueHasNoTruthiness() {
        #expect(JSONValue.bool(false).boolValue == false)
        #expect(JSONValue.int(1).boolValue == nil)
        #expect(JSONValue.string("true").boolValue == nil)
    }

    @Test func containerValues() {
        #expect(JSONValue.array([1]).arrayValue == [1])
        #expect(JSONValue.object(["a": 1]).objectValue == ["a": 1])
        #expect(JSONValue.array([]).objectValue == nil)
        #expect(JSONValue.object([:]).arrayValue == nil)
    }

    @Test func isNull() {
        #expect(JSONValue.null.isNull)
        #expect(!JSONValue.int(0).isNull)
        #expect(!JSONValue.string("").isNull)
    }

    @Test func keySubscriptChains() throws {
        let value = try JSONValue(parsing: #"{"a":{"b":[1]},"n":null}"#)
        #expect(value["a"]?["b"] == [1])
        #expect(value["n"] == .null)
        #expect(value["missing"] == nil)
        #expect(value["a"]?["b"]?["c"] == nil)  // not an object
        #expect(JSONValue.string("a")["a"] == nil)
    }

    @Test func literalsBuildTheMatchingCases() {
        let value: JSONValue = ["n": nil, "b": true, "i": 7, "d": 2.5, "s": "x", "a": [1, [:]], "o": ["k": "v"]]
        let expected = JSONValue.object(JSONObject([
            (key: "n", value: .null), (key: "b", value: .bool(true)), (key: "i", value: .int(7)),
            (key: "d", value: .double(2.5)), (key: "s", value: .string("x")),
            (key: "a", value: .array([.int(1), .object(JSONObject())])),
            (key: "o", value: .object(JSONObject([(key: "k", value: .string("v"))]))),
        ]))
        #expect(value == expected)
        #expect(value.objectValue?.keys == ["n", "b", "i", "d", "s", "a", "o"])
    }

    @Test func intAndDoubleAreDistinctCases() {
        #expect(JSONValue.int(1) != JSONValue.double(1))
    }
}
