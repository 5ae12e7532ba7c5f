import JSON
import Testing

@Suite struct JSONObjectTests {
    @Test func emptyObject() {
        let object = JSONObject()
        #expect(object.isEmpty)
        #expect(object.count == 0)
        #expect(object.keys == [])
        #expect(object["a"] == nil)
    }

    @Test func subscriptSetReplacesInPlaceAndAppendsNewMembers() {
        var object: JSONObject = ["a": 1, "b": 2]
        object["a"] = "one"
        object["c"] = 3
        #expect(object.keys == ["a", "b", "c"])
        #expect(object["a"] == "one")
        #expect(object.count == 3)
        #expect(!object.isEmpty)
    }

    @Test func subscriptSetNilRemoves() {
        var object: JSONObject = ["a": 1, "b": 2, "c": 3]
        object["b"] = nil
        #expect(object.keys == ["a", "c"])
        #expect(object["b"] == nil)
        object["missing"] = nil
        #expect(object.count == 2)
        object["b"] = .null  // a null member is still a member
        #expect(object.keys == ["a", "c", "b"])
        #expect(object["b"] == .null)
    }

    @Test func laterDuplicatesReplaceEarlierOnes() {
        let object = JSONObject([(key: "a", value: 1), (key: "b", value: 2), (key: "a", value: 3)])
        #expect(object.keys == ["a", "b"])
        #expect(object["a"] == 3)
        let literal: JSONObject = ["x": 1, "y": 2, "x": 9]
        #expect(literal.keys == ["x", "y"])
        #expect(literal["x"] == 9)
    }

    @Test func iterationYieldsMembersInOrder() {
        let object: JSONObject = ["z": 1, "a": 2, "m": 3]
        var seen: [String] = []
        var sum = 0
        for (key, value) in object {
            seen.append(key)
            sum += value.intValue ?? 0
        }
        #expect(seen == ["z", "a", "m"])
        #expect(sum == 6)
        #expect(object.map(\.key) == ["z", "a", "m"])
        #expect(object.values == [1, 2, 3])
    }

    @Test func equalityIgnoresOrderButEncodingKeepsIt() {
        let first: JSONObject = ["a": 1, "b": [1, 2]]
        let second: JSONObject = ["b": [1, 2], "a": 1]
        #expect(first == second)
        #expect(first.hashValue == second.hashValue)
        #expect(Set([JSONValue.object(first), .object(second)]).count == 1)
        #expect(JSONValue.object(first).jsonText != JSONValue.object(second).jsonText)
        #expect(first != ["a": 1, "b": [2, 1]])
        #expect(first != ["a": 1])
        #expect(first != ["a": 1, "c": [1, 2]])
    }

    @Test func keysCompareByBytesNotCanonicalEquivalence() {
        var object = JSONObject()
        object["\u{E9}"] = 1
        object["e\u{301}"] = 2
        #expect(object.count == 2)
        #expect(object["\u{E9}"] == 1)
        #expect(object["e\u{301}"] == 2)
        #expect(object != ["\u{E9}": 1, "\u{E9}": 2])
        #expect(object.contains(key: "e\u{301}"))
    }

    @Test func largeObjectsStayConsistentThroughEdits() {
        var object = JSONObject()
        for number in 0..<40 {
            object["k\(number)"] = .int(number)
        }
        #expect(object.count == 40)
        #expect((0..<40).allSatisfy { object["k\($0)"] == .int($0) })

        // Remove members from the front until the object is small again, checking every lookup.
        for number in 0..<35 {
            object["k\(number)"] = nil
            #expect(object["k\(number)"] == nil)
            #expect(((number + 1)..<40).allSatisfy { object["k\($0)"] == .int($0) })
        }
        #expect(object.keys == ["k35", "k36", "k37", "k38", "k39"])

        // Grow it again past the size where lookups switch strategy.
        for number in 100..<130 {
            object["k\(number)"] = .int(number)
        }
        object["k37"] = "replaced"
        #expect(object.count == 35)
        #expect(object.keys.prefix(3) == ["k35", "k36", "k37"])
        #expect(object["k37"] == "replaced")
        #expect(object["k129"] == 129)
        #expect(object["k0"] == nil)
    }

    @Test func largeObjectsCompareRegardlessOfOrder() {
        let members = (0..<30).map { (key: "m\($0)", value: JSONValue.int($0)) }
        let forward = JSONObject(members)
        let backward = JSONObject(members.reversed())
        #expect(forward == backward)
        #expect(forward.hashValue == backward.hashValue)
    }
}
