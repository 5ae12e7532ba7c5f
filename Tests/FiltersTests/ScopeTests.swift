import JSON
import Testing
@testable import Filters

/// A token's scope: equalities on metadata that a client's filter can only narrow further.
@Suite struct ScopeTests {
    @Test func everyLeafBecomesAnEquality() throws {
        let scope = try ChatFilter(scope: ["metadata": ["project_id": 123, "owner": ["team": "core", "site": ["id": "s1"]], "flag": nil]])
        #expect(scope.conditions == [
            .metadata(MetadataPath(keys: ["project_id"])!, .equals(.number(123, text: "123"))),
            .metadata(MetadataPath(keys: ["owner", "team"])!, .equals(.string("core"))),
            .metadata(MetadataPath(keys: ["owner", "site", "id"])!, .equals(.string("s1"))),
            .metadata(MetadataPath(keys: ["flag"])!, .equals(.null)),
        ])
    }

    @Test func aClientFilterCannotWidenTheScope() async throws {
        let chats = [
            chat("mine", ["project_id": 1, "team": "a"]),
            chat("mine-too", ["project_id": "1", "team": "b"]),
            chat("theirs", ["project_id": 2, "team": "a"]),
        ]
        try await withChats(chats) { database in
            let scope = try ChatFilter(scope: ["metadata": ["project_id": 1]])
            try await database.expect(scope, selects: ["mine", "mine-too"])
            let widening = try ChatFilter(parameters: [("metadata__project_id__in", "1,2")])
            try await database.expect(widening.and(scope), selects: ["mine", "mine-too"])
            try await database.expect(scope.and(try ChatFilter(parameters: [("metadata__team", "a")])), selects: ["mine"])
            try await database.expect(try ChatFilter(parameters: [("metadata__project_id", "2")]).and(scope), selects: [])
        }
    }

    /// Each bad scope, with a word its message holds.
    static let refusals: [(messageHint: String, scope: JSONObject)] = [
        ("is an array", ["metadata": ["tags": ["a"]]]),
        ("is an array", ["metadata": ["owner": ["teams": []]]]),
        ("empty", [:]),
        ("empty object", ["metadata": [:]]),
        ("empty object", ["metadata": ["owner": [:]]]),
        ("must be an object", ["metadata": 1]),
        ("unknown scope member", ["project_id": 1]),
        ("letters, digits", ["metadata": ["a.b": 1]]),
        ("start or end", ["metadata": ["_a": 1]]),
        ("deeper than 8", ["metadata": ["a": ["b": ["c": ["d": ["e": ["f": ["g": ["h": ["i": 1]]]]]]]]]]),
        ("longer than 1024", ["metadata": ["a": .string(String(repeating: "x", count: 1025))]]),
    ]

    @Test(arguments: refusals)
    func refusedAsScope(messageHint: String, scope: JSONObject) {
        #expect {
            _ = try ChatFilter(scope: scope)
        } throws: { error in
            guard let error = error as? FilterError else { return false }
            return error.parameter == "scope" && error.message.contains(messageHint)
        }
    }

    @Test func eightKeysDeepIsAccepted() throws {
        let scope = try ChatFilter(scope: ["metadata": ["a": ["b": ["c": ["d": ["e": ["f": ["g": ["h": 1]]]]]]]]])
        #expect(scope.conditions.count == 1)
    }

    @Test func atMostThirtyTwoValues() throws {
        let members = (0..<33).map { (key: "k\($0)", value: JSONValue.int($0)) }
        #expect(throws: FilterError.self) { _ = try ChatFilter(scope: ["metadata": .object(JSONObject(members))]) }
        _ = try ChatFilter(scope: ["metadata": .object(JSONObject(Array(members.prefix(32))))])
    }
}
