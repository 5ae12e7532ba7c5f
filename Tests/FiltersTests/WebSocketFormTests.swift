import JSON
import Testing
@testable import Filters

/// The WebSocket `filters` object: the same grammar and the same meaning as query text (contract
/// §6); its strings are read like query text, its other scalars are the values they spell.
@Suite struct WebSocketFormTests {
    @Test func valuesAreTypedLikeTheSameQueryText() throws {
        let filter = try ChatFilter(json: [
            "status": "open",
            "metadata__project_id": 123,
            "metadata__code": "123",
            "metadata__ratio__gt": 0.5,
            "metadata__vip": true,
            "metadata__gone": nil,
            "metadata__tags__contains": "x",
            "assignee_id__isnull": false,
        ])
        let path = { (key: String) in MetadataPath(keys: [key])! }
        #expect(filter.conditions == [
            .field(.status, .equals(.string("open"))),
            .metadata(path("project_id"), .equals(.number(123, text: "123"))),
            .metadata(path("code"), .equals(.number(123, text: "123"))),
            .metadata(path("ratio"), .compare(.greaterThan, .number(0.5))),
            .metadata(path("vip"), .equals(.bool(true))),
            .metadata(path("gone"), .equals(.null)),
            .metadata(path("tags"), .contains(.string("x"))),
            .field(.assigneeID, .isNull(false)),
        ])
    }

    @Test func anInListIsAnArrayOrCommaSeparatedText() throws {
        let fromArray = try ChatFilter(json: ["priority__in": [1, 2], "metadata__a__in": ["x", 1, nil]])
        let fromText = try ChatFilter(json: ["priority__in": "1,2", "metadata__a__in": "x,1,null"])
        let fromQuery = try ChatFilter(parameters: [("priority__in", "1,2"), ("metadata__a__in", "x,1,null")])
        #expect(fromArray == fromText)
        #expect(fromText == fromQuery)
    }

    /// Issue 13: `"5"` was a string over the socket and a number in the query, so the same filter
    /// selected other chats in the two modes.
    @Test func aStringMeansWhatTheSameQueryTextMeans() throws {
        let pairs: [(JSONValue, String)] = [
            ("5", "5"), ("-1.5", "-1.5"), ("true", "true"), ("false", "false"), ("null", "null"), ("007", "007"), ("abc", "abc"),
            ("1234567890123456789", "1234567890123456789"),
        ]
        for (json, text) in pairs {
            for name in ["metadata__n", "metadata__n__in", "metadata__n__gte", "metadata__n__contains"] {
                let fromJSON = try? ChatFilter(json: [name: json])
                let fromQuery = try? ChatFilter(parameters: [(name, text)])
                #expect(fromJSON == fromQuery, "\(name): \(json.jsonText) and \(text)")
            }
        }
        #expect(try ChatFilter(json: ["is_archived": "true", "metadata__a__isnull": "false", "priority": "2"])
            == ChatFilter(parameters: [("is_archived", "true"), ("metadata__a__isnull", "false"), ("priority", "2")]))
        #expect(try ChatFilter(json: ["assignee_id": "null"]).conditions == [.field(.assigneeID, .equals(.null))])
    }

    /// Issue 13: `["a,b"]` was one value over the socket and two in the query. No query text can
    /// say it, so it is refused rather than given a meaning only one mode has.
    @Test func anInElementWithACommaIsRefused() throws {
        #expect(throws: FilterError(parameter: "metadata__a__in",
                                    message: "an in list value cannot hold a comma (in query text it would be two values)")) {
            _ = try ChatFilter(json: ["metadata__a__in": ["x", "a,b"]])
        }
        #expect(try ChatFilter(json: ["metadata__a__in": "a,b"]) == ChatFilter(json: ["metadata__a__in": ["a", "b"]]))
        #expect(try ChatFilter(json: ["metadata__a__in": ["5", 6, "true"]]) == ChatFilter(parameters: [("metadata__a__in", "5,6,true")]))
    }

    @Test func numbersKeepTheirJSONTextForContains() throws {
        let filter = try ChatFilter(json: ["metadata__a__contains": 1.5, "metadata__b__contains": 7])
        #expect(filter.conditions.map(\.containsText) == ["1.5", "7"])
    }

    @Test func timesAreStringsAndIdsAreText() throws {
        let filter = try ChatFilter(json: ["created_at__gte": "1970-01-01T00:00:01Z", "chat_id": "ch_1", "visitor_id": nil])
        #expect(filter.conditions == [
            .field(.createdAt, .compare(.greaterThanOrEqual, 1000)),
            .field(.chatID, .equals(.string("ch_1"))),
            .field(.visitorID, .equals(.null)),
        ])
    }

    static let refusals: [(name: String, value: JSONValue, messageHint: String)] = [
        ("metadata__a", JSONValue.array([1]), "single value"),
        ("metadata__a", ["k": 1], "single value"),
        ("metadata__a__in", [], "at least one value"),
        ("metadata__a__in", ["k": 1], "list of values"),
        ("metadata__a__in", [[1]], "only single values"),
        ("metadata__a__in", .array(Array(repeating: 1, count: 101)), "at most 100 values"),
        ("metadata__a__isnull", "yes", "true or false"),
        ("is_archived", 0, "true or false"),
        ("status", 1, "one of open"),
        ("priority", "high", "from 0 to 4"),
        ("created_at__gt", 1_795_341_600_000, "RFC 3339"),
        ("metadata__a", .string(String(repeating: "é", count: 513)), "longer than 1024 bytes"),
        ("metadata__a__in", [.string(String(repeating: "x", count: 1025))], "longer than 1024 bytes"),
        ("nope", 1, "unknown filter field"),
    ]

    @Test(arguments: refusals)
    func refusedNamingTheMember(name: String, value: JSONValue, messageHint: String) {
        #expect {
            _ = try ChatFilter(json: [name: value])
        } throws: { error in
            guard let error = error as? FilterError else { return false }
            return error.parameter == name && error.message.contains(messageHint)
        }
    }

    @Test func atMostThirtyTwoMembers() throws {
        let members = (0..<33).map { (key: "metadata__k\($0)", value: JSONValue.int($0)) }
        #expect(throws: FilterError(parameter: "metadata__k32", message: "a filter holds at most 32 conditions")) {
            _ = try ChatFilter(json: JSONObject(members))
        }
        _ = try ChatFilter(json: JSONObject(Array(members.prefix(32))))
    }
}

extension FilterCondition {
    /// The text a `contains` condition looks for, for tests.
    var containsText: String? {
        if case .metadata(_, .contains(let value)) = self { return value.text }
        return nil
    }
}
