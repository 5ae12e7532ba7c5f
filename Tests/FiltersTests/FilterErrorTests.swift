import JSON
import Testing
@testable import Filters

/// Every way a filter is refused, each naming the parameter exactly as given.
@Suite struct FilterErrorTests {
    @Test(arguments: [
        // Unknown fields and lookups.
        ("title", "x", "unknown filter field"),
        ("Status", "open", "unknown filter field"),
        ("metadata", "x", "needs at least one key"),
        ("metadata__gt", "1", "needs at least one key"),
        ("status__gt", "open", "does not support the gt lookup"),
        ("status__contains", "op", "does not support the contains lookup"),
        ("status__foo", "open", "unknown lookup \"foo\""),
        ("status__in__x", "open", "unknown lookup \"in__x\""),
        ("priority__contains", "1", "does not support"),
        ("priority__isnull", "true", "does not support"),
        ("is_archived__in", "true", "does not support"),
        ("is_archived__gt", "true", "does not support"),
        ("assignee_id__gt", "a", "does not support"),
        ("chat_id__isnull", "true", "does not support"),
        ("chat_id__gt", "a", "does not support"),
        ("created_at__in", "2026-11-22T10:00:00Z", "does not support"),
        ("created_at__isnull", "true", "does not support"),
        ("updated_at__contains", "2026", "does not support"),
        // Bad keys.
        ("metadata__", "x", "empty"),
        ("metadata__a____b", "x", "empty"),
        ("metadata___a", "x", "start or end with '_'"),
        ("metadata__a_", "x", "start or end with '_'"),
        ("metadata__a___b", "x", "start or end with '_'"),
        ("metadata__" + String(repeating: "k", count: 65), "x", "longer than 64"),
        ("metadata__a.b", "x", "letters, digits"),
        ("metadata__a b", "x", "letters, digits"),
        ("metadata__é", "x", "letters, digits"),
        ("metadata__a'b", "x", "letters, digits"),
        ("metadata__a\"b", "x", "letters, digits"),
        ("metadata__a;DROP TABLE chats", "x", "letters, digits"),
        ("metadata__a)--", "x", "letters, digits"),
        ("metadata__1__2__3__4__5__6__7__8__9", "x", "at most 8 keys"),
        ("metadata__1__2__3__4__5__6__7__8__9__in", "x", "at most 8 keys"),
        // Values of the wrong kind.
        ("status", "opened", "one of open, pending"),
        ("status", "", "one of open, pending"),
        ("status", "null", "one of open, pending"),
        ("status__in", "open,nope", "one of open, pending"),
        ("priority", "5", "from 0 to 4"),
        ("priority", "-1", "from 0 to 4"),
        ("priority", "1.5", "from 0 to 4"),
        ("priority", "high", "from 0 to 4"),
        ("priority__in", "1,x", "from 0 to 4"),
        ("priority__gt", "1.5", "integer"),
        ("priority__lte", "true", "integer"),
        ("is_archived", "1", "true or false"),
        ("is_archived", "yes", "true or false"),
        ("assignee_id__isnull", "1", "true or false"),
        ("metadata__a__isnull", "null", "true or false"),
        ("chat_id", "null", "cannot be null"),
        ("chat_id__in", "a,null", "cannot be null"),
        ("metadata__a__gt", "true", "number or a string"),
        ("metadata__a__lte", "null", "number or a string"),
        // Bad times.
        ("created_at", "2026-11-22", "RFC 3339"),
        ("created_at__gt", "2026-11-22 10:00:00Z", "RFC 3339"),
        ("updated_at__lt", "2026-02-30T10:00:00Z", "RFC 3339"),
        ("last_activity_at__gte", "1795341600000", "RFC 3339"),
        ("created_at__lte", "yesterday", "RFC 3339"),
        // Limits.
        ("metadata__a", String(repeating: "x", count: 1025), "longer than 1024 bytes"),
        ("metadata__a__in", "1," + String(repeating: "x", count: 1025), "longer than 1024 bytes"),
        ("metadata__a__in", Array(repeating: "1", count: 101).joined(separator: ","), "at most 100 values"),
        ("status__in", Array(repeating: "open", count: 101).joined(separator: ","), "at most 100 values"),
    ])
    func refusedNamingTheParameter(name: String, value: String, messageHint: String) throws {
        let error = try #require(filterError([(name, value)]))
        #expect(error.parameter == name)
        #expect(error.message.contains(messageHint), "\(error.message)")
    }

    @Test func limitsAtTheEdgeAreAccepted() throws {
        _ = try ChatFilter(parameters: [
            ("metadata__a", String(repeating: "x", count: 1024)),
            ("metadata__a__in", Array(repeating: "1", count: 100).joined(separator: ",")),
            ("metadata__" + String(repeating: "k", count: 64), "x"),
            ("metadata__1__2__3__4__5__6__7__8__in", "x"),
            ("metadata__a-__-b__A_1", "x"),
        ])
        _ = try ChatFilter(parameters: Array(repeating: ("status", "open"), count: 32))
    }

    @Test func theThirtyThirdConditionIsRefusedByName() throws {
        let parameters = Array(repeating: (name: "status", value: "open"), count: 32) + [("metadata__last", "x")]
        let error = try #require(filterError(parameters))
        #expect(error.parameter == "metadata__last")
        #expect(error.message.contains("at most 32 conditions"))
    }

    @Test func theFirstBadParameterIsTheOneNamed() throws {
        let error = try #require(filterError([("status", "open"), ("priority", "9"), ("nope", "1")]))
        #expect(error.parameter == "priority")
    }

    @Test func everyStandardFieldIsKnown() throws {
        for field in ChatField.allCases {
            let error = filterError([(field.rawValue + "__icontains", "x")])
            #expect(error?.message.contains("does not support the icontains lookup") == true, "\(field)")
        }
    }
}
